// A derivation that builds for a target (CARGO_BUILD_TARGET, `--target`) with a
// toolchain made from rust-toolchain.toml (rust-overlay's fromRustupToolchainFile,
// fenix' fromToolchainFile) needs that target in the file's `targets`: without
// it rustc has no standard library for it ("can't find crate for `core`").
import type { Range } from '../model/types';
import { readCalls } from './nixValues';
import type { Check, Finding } from './types';
import { startOfFile } from '../model/ranges';

const FROM_FILE = /fromRustupToolchainFile|fromToolchainFile/;
const TOP: Range = startOfFile();

/** Targets every rustup toolchain has: the host's. */
const isHost = (t: string) => /^(x86_64|aarch64)-unknown-linux-gnu$/.test(t);

export const toolchainTargetMissing: Check = ({ ws, nixFiles, fs }) => {
  const tc = ws.toolchain;
  if (!tc || !tc.file.endsWith('.toml')) return [];
  const text = fs.readFile(tc.file);
  if (text === undefined) return [];
  const findings: Finding[] = [];
  const seen = new Set<string>();
  for (const file of nixFiles) {
    // The file's toolchain builds this file's derivations only when it is made here.
    if (!FROM_FILE.test(file.text) || !file.text.includes(tc.file.split('/').at(-1)!)) continue;
    // `(fromRustupToolchainFile ./rust-toolchain.toml).override { targets = …; }` adds targets in Nix.
    if (/(?:fromRustupToolchainFile|fromToolchainFile)[^;]*?\.override\s*\{[^}]*\btargets\b/s.test(file.text)) continue;
    for (const r of readCalls(file.text, file.model.calls)) {
      const t = r.target;
      if (!t || isHost(t) || tc.targets.includes(t) || seen.has(t) || !/^[\w.-]+$/.test(t)) continue;
      seen.add(t);
      findings.push({
        code: 'toolchain-target-missing',
        severity: 'error',
        file: tc.file,
        range: targetsRange(text) ?? TOP,
        message:
          `${file.path} builds for ${t} with the toolchain from ${tc.file}, whose targets (${tc.targets.join(', ') || 'none'}) lack it: ` +
          `rustc has no standard library for ${t} and the build fails. Add "${t}" to targets.`,
        related: [{ file: file.path, range: r.ranges.get('CARGO_BUILD_TARGET') ?? r.ranges.get('cargoExtraArgs') ?? r.call.range, message: `builds for ${t}` }],
        fixes: [{ title: `Add "${t}" to the targets of ${tc.file}`, edits: [{ path: tc.file, edits: [addTarget(text, t)] }], preferred: true }],
      });
    }
  }
  return findings;
};

function targetsRange(text: string): Range | undefined {
  const lines = text.split('\n');
  const i = lines.findIndex((l) => /^\s*targets\s*=/.test(l));
  return i < 0 ? undefined : { start: { line: i, character: 0 }, end: { line: i, character: lines[i]!.length } };
}

/** `targets = [ … ]` gets the target first; without a targets key one is added under [toolchain]. */
function addTarget(text: string, t: string) {
  const lines = text.split('\n');
  const i = lines.findIndex((l) => /^\s*targets\s*=\s*\[/.test(l));
  if (i >= 0) {
    const open = lines[i]!.indexOf('[') + 1;
    const c = open + /^\s*/.exec(lines[i]!.slice(open))![0].length;
    const empty = lines[i]![c] === ']';
    return { range: { start: { line: i, character: c }, end: { line: i, character: c } }, newText: empty ? `"${t}"` : `"${t}", ` };
  }
  const h = lines.findIndex((l) => /^\s*\[toolchain\]/.test(l));
  const at = h >= 0 ? h + 1 : lines.length;
  return { range: { start: { line: at, character: 0 }, end: { line: at, character: 0 } }, newText: `targets = ["${t}"]\n` };
}
