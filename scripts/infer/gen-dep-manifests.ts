// Generates server/src/data/crateManifests.json: for registry crates from which a native crate can be
// reached, the facts of their own Cargo.toml that decide which of their Cargo.lock edges are built —
// optional dependencies, the `[features]` that switch them on, default features, `[target.'cfg(..)']`
// tables, build-dependencies, and the features each dependency is asked for. Cargo.lock records none
// of these (resolve.ts reads the table when no cargo cache has the real manifest).
//
// Source: the Cargo.toml files of Debian's librust-*-dev packages, downloaded and unpacked by
// scripts/infer/fetch-debian-crates.sh (which picks the packages by debian-native-closure.ts).
// Rule, applied to every crate read, never to chosen ones: a crate is kept when one of its
// non-dev dependencies is native (a `links` key, a `*-sys` name, recorded build-script facts in
// sysCrates.json, or a row of infer/table.ts: what inference can turn into an input) or leads to one; only those dependencies, and the features that reach them, are
// kept. Run by hand when the data should grow; CI does not run it (a unit test checks the shape):
//
//   scripts/infer/fetch-debian-crates.sh .cache/debian-crates trixie
//   scripts/infer/fetch-debian-crates.sh .cache/debian-crates-sid sid
//   node --import tsx scripts/infer/gen-dep-manifests.ts .cache/debian-crates:trixie .cache/debian-crates-sid:sid
//
// Each semver-compatible line of a crate (0.30.x, 1.x) gets its own entry, from its newest version
// among the releases read: a stable release and unstable together cover older and newer locks.
//
// Debian repackages crates: its patches drop dependencies for other platforms and features whose
// crates Debian does not ship, relax requirements, and sometimes make an optional dependency plain
// (wayland-backend's wayland-sys). The packages ship those patches (debian/patches): the hunks that
// touch Cargo.toml are reversed here to get the published manifest back; a crate whose reversal fails
// is left out. resolve.ts still walks any lock edge an entry does not name as before.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { upstreamManifest } from './debianPatches';
import { manifestFacts } from './manifestFacts';
import { parseCargoManifest } from '../../server/src/model/cargoToml';
import { initParsers } from '../../server/src/parse/treeSitter';
import { rowFor } from '../../server/src/infer/table';
import type { ManifestFacts } from '../../server/src/infer/depManifests';

const out = join(__dirname, '..', '..', 'server', 'src', 'data', 'crateManifests.json');
const sources = (process.argv.length > 2 ? process.argv.slice(2) : [`${join(__dirname, '..', '..', '.cache', 'debian-crates')}:trixie`]).map((a) => {
  const i = a.lastIndexOf(':');
  return { dir: a.slice(0, i), release: a.slice(i + 1) };
});
const sys = (JSON.parse(readFileSync(join(__dirname, '..', '..', 'server', 'src', 'data', 'sysCrates.json'), 'utf8')) as { crates: Record<string, unknown> }).crates;
const debianOf = (dir: string) =>
  new Map(
    readFileSync(join(dir, 'versions.tsv'), 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((l) => l.split('\t') as [string, string, string])
      .map(([d, pkg, v]) => [d, `${pkg} ${v}`]),
  );
/** The semver-compatible line of a version: `1` for 1.4.2, `0.30` for 0.30.5, `0.0.7` for 0.0.7. */
const line = (v: string) => {
  const [a = 0, b = 0, c = 0] = v
    .replace(/[+-].*$/, '')
    .split('.')
    .map((x) => parseInt(x, 10) || 0);
  return a ? `${a}` : b ? `0.${b}` : `0.0.${c}`;
};

(async () => {
  await initParsers();
  let unreversed = 0;
  type Read = { name: string; version: string; links: boolean; src: number; deb: string; reversed: boolean; man: ReturnType<typeof parseCargoManifest> };
  const lines = new Map<string, Read>(); // name@line → newest read
  const newer = (a: string, b: string) => a.localeCompare(b, undefined, { numeric: true }) > 0;
  for (const [src, { dir }] of sources.entries()) {
    const debian = debianOf(dir);
    for (const d of readdirSync(join(dir, 'registry')).sort()) {
      const up = upstreamManifest(join(dir, 'registry', d));
      if (!up) {
        unreversed++;
        console.error(`skip ${d}: a Debian patch to Cargo.toml does not reverse`);
        continue;
      }
      const text = up.text;
      let man: ReturnType<typeof parseCargoManifest>;
      try {
        man = parseCargoManifest(text, `${d}/Cargo.toml`);
      } catch (e) {
        console.error(`skip ${d}: ${(e as Error).message.split('\n')[0]}`);
        continue;
      }
      const name = man.package?.name;
      const version = man.package?.version;
      if (!name || !version) continue;
      const k = `${name}@${line(version)}`;
      if (lines.has(k) && !newer(version, lines.get(k)!.version)) continue;
      lines.set(k, { name, version, links: /^\s*links\s*=/m.test(text), src, deb: debian.get(d) ?? d, reversed: up.reversed.length > 0, man });
    }
  }
  const byName = new Map<string, Read[]>();
  for (const r of lines.values()) byName.set(r.name, [...(byName.get(r.name) ?? []), r]);
  const native = (n: string) => /[-_]sys$/.test(n) || n in sys || rowFor(n) !== undefined || (byName.get(n) ?? []).some((r) => r.links);
  const kids = (r: Read) => r.man.dependencies.filter((x) => x.kind !== 'dev');
  const reaches = new Set<string>();
  for (let changed = true; changed;) {
    changed = false;
    for (const r of lines.values()) {
      if (reaches.has(r.name)) continue;
      if (kids(r).some((x) => native(x.package) || reaches.has(x.package))) {
        reaches.add(r.name);
        changed = true;
      }
    }
  }
  const entries: Record<string, ManifestFacts[]> = {};
  const reads = [...lines.values()].filter((r) => reaches.has(r.name)).sort((a, b) => a.name.localeCompare(b.name) || a.version.localeCompare(b.version, undefined, { numeric: true }));
  for (const r of reads) {
    const name = r.name;
    const deps = kids(r).filter((x) => native(x.package) || reaches.has(x.package));
    const facts = manifestFacts(r.man.features, kids(r), deps);
    if (!facts) continue;
    (entries[name] ??= []).push({
      v: r.version,
      s: r.src,
      deb: r.deb,
      ...(r.reversed ? { rp: 1 as const } : {}),
      ...facts,
    });
  }
  // One crate a line: diffs of a regenerated table stay readable.
  const comment =
    'Generated by scripts/infer/gen-dep-manifests.ts from the Cargo.toml of Debian librust-*-dev packages, with the Debian patches to Cargo.toml reversed (rp: there were some): per crate that leads to a native crate and per semver-compatible line of it, its version (v), the release it was read from (s, an index into sources), the Debian package it was read from (deb), the non-dev dependencies that lead to native crates and carry a fact (n key, p package, r requirement, o optional, b build-dependency, t target, nd default-features = false, f features) the [features] that reach them (f), and the names of its other features (fa). Facts only.';
  const rows = Object.entries(entries).map(([k, e]) => `  ${JSON.stringify(k)}: ${JSON.stringify(e)}`);
  writeFileSync(out, `{\n "$comment": ${JSON.stringify(comment)},\n "sources": ${JSON.stringify(sources.map((x) => `Debian ${x.release}`))},\n "crates": {\n${rows.join(',\n')}\n }\n}\n`);
  console.log(
    `${Object.keys(entries).length} crates (${Object.values(entries).flat().length} versions) of ${byName.size} read → ${out} (${unreversed} left out: Debian's Cargo.toml patches did not reverse)`,
  );
})();
