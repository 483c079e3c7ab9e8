// How build.mjs bundles a data table (server/src/data/*.json): the module esbuild is given in its place.
//
// A table is JSON.parse of one string, not an object literal: V8 scans a string literal and parses
// JSON faster than it compiles and runs an object literal of the same data (bench/coldStart.ts).
//
// A table of crates (`crates`: name → entries, the published-manifest facts) keeps its entries out of
// the JavaScript: each crate's entries are one line of JSON in a file beside the chunks
// (`<table>.entries`, read as bytes on the first look-up), and the module keeps `crates`: name → the
// byte where its line starts; depManifests.ts parses a crate's line when it is looked up. A run looks
// up a few dozen of the 1,100 crates: building them all was most of the table's load, and V8 scanning
// the 0.5 MB of text as a string literal (each quote escaped twice inside the table's JSON string)
// cost more than reading the file. Chosen by file name (crateManifests*.json, the tables
// depManifests.ts reads that way), not by shape.
const CRATE_TABLE = /[\\/](crateManifests[^\\/]*)\.json$/;

const parsed = (v) => `JSON.parse(${JSON.stringify(JSON.stringify(v))})`;

/** The module's text for the table at `path`; `write(file, text)` puts a file beside the chunks. */
export function dataModule(path, data, write) {
  const table = CRATE_TABLE.exec(path)?.[1];
  if (!table) return `export default ${parsed(data)};`;
  const { crates, ...rest } = data;
  const at = {};
  const lines = [];
  let bytes = 0;
  for (const [name, entries] of Object.entries(crates)) {
    at[name] = bytes;
    // JSON.stringify writes no raw newline: a line is one crate.
    const line = `${JSON.stringify(entries)}\n`;
    lines.push(line);
    bytes += Buffer.byteLength(line);
  }
  const file = `${table}.entries`;
  write(file, lines.join(''));
  return `import { readFileSync } from 'node:fs';
let bytes;
export default { ...${parsed(rest)}, crates: ${parsed(at)}, entry(at) {
  bytes ??= readFileSync(new URL(${JSON.stringify(`./${file}`)}, import.meta.url));
  return bytes.toString('utf8', at, bytes.indexOf(10, at));
} };`;
}
