// Seeded faults for bench:check: one real project tree at a time with one fault
// laid over it in memory (no copy, nothing written): an input removed, Cargo.lock
// untracked, a git dependency without a hash, a rust-version no pinned rustc has,
// the wasm target dropped from the toolchain. Each must be found, at its place.
import { readCalls } from '../server/src/check/nixValues';
import { nixFilePaths } from '../server/src/check/run';
import { OWN_TOOLCHAIN } from '../server/src/check/toolchain';
import type { Finding } from '../server/src/check/types';
import { infer } from '../server/src/infer/infer';
import { readGitInfo } from '../server/src/model/git';
import { parseNixFile } from '../server/src/model/nix';
import type { GitInfo } from '../server/src/model/types';
import { nodeFs, type WorkspaceFs } from '../server/src/model/workspace';
import { checkCrate } from '../server/src/pipeline/check';
import { loadCrate } from '../server/src/pipeline/load';

export interface SeedResult {
  kind: string;
  label: string;
  detail: string;
  found: boolean;
}

interface Seed {
  kind: string;
  detail: string;
  files?: Record<string, string>;
  git?: (g: GitInfo) => GitInfo;
  /** The finding that proves it found. */
  expect: (f: Finding) => boolean;
}

const lines = (t: string) => t.split('\n');

/** Cuts a range out of a text. */
function cut(text: string, r: { start: { line: number; character: number }; end: { line: number; character: number } }): string {
  const ls = lines(text);
  const before = ls.slice(0, r.start.line).join('\n') + (r.start.line ? '\n' : '') + ls[r.start.line]!.slice(0, r.start.character);
  const after = ls[r.end.line]!.slice(r.end.character) + (r.end.line + 1 < ls.length ? '\n' : '') + ls.slice(r.end.line + 1).join('\n');
  return before + after;
}

function seedsFor(root: string): Seed[] {
  const fs = nodeFs(root);
  const { ws } = loadCrate(root, { git: readGitInfo });
  const seeds: Seed[] = [];
  const nixPaths = nixFilePaths((rel) => fs.readDir(rel));
  const nix = nixPaths.map((path) => ({ path, text: fs.readFile(path) ?? '' })).map((f) => ({ ...f, model: parseNixFile(f.text, f.path) }));

  // 1. An input the build cannot do without, removed from a literal list.
  const needed = infer(ws, { members: ws.focus ? [ws.focus] : undefined, vendored: 'bundled' });
  const required = new Set([...needed.buildInputs, ...needed.nativeBuildInputs].map((i) => i.attr));
  removal: for (const f of nix) {
    for (const call of f.model.calls) {
      for (const item of [...(call.buildInputs?.items ?? []), ...(call.nativeBuildInputs?.items ?? [])]) {
        const attr = item.text.replace(/^pkgs\./, '');
        // Only an input written once in the file: removing it really removes it.
        if (!required.has(attr) || f.text.split(new RegExp(`(?<![\\w.-])(?:pkgs\\.)?${attr.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?![\\w-])`)).length !== 2) continue;
        seeds.push({
          kind: 'input removed',
          detail: `${attr} out of ${f.path}:${item.range.start.line + 1}`,
          files: { [f.path]: cut(f.text, item.range) },
          expect: (x) => x.code === 'missing-native-input' && x.file === f.path && x.severity !== 'hint' && x.message.includes(attr),
        });
        break removal;
      }
    }
  }

  // 2. Cargo.lock untracked in a flake.
  if (fs.readFile('flake.nix') && ws.git.tracked?.has('Cargo.lock') && nix.some((f) => f.model.calls.length)) {
    seeds.push({
      kind: 'Cargo.lock untracked',
      detail: 'git rm --cached Cargo.lock',
      git: (g) => ({ ...g, tracked: new Set([...g.tracked!].filter((p) => p !== 'Cargo.lock')), untracked: new Set([...(g.untracked ?? []), 'Cargo.lock']) }),
      expect: (x) => x.code === 'untracked-file' && x.file === 'Cargo.lock' && x.severity === 'error',
    });
  }

  // 3. A git dependency without its hash, where importCargoLock needs one.
  const lock = fs.readFile('Cargo.lock');
  for (const f of nix) {
    const call = f.model.calls.find((c) => c.kind === 'buildRustPackage' && c.cargoLock?.lockFile && !c.bindings.some((b) => b.name === 'cargoLock.allowBuiltinFetchGit'));
    if (!call || !lock) continue;
    const dep = '\n[[package]]\nname = "seeded-git-dep"\nversion = "0.1.0"\nsource = "git+https://example.org/seeded/seeded-git-dep?branch=main#0123456789abcdef0123456789abcdef01234567"\n';
    seeds.push({
      kind: 'git dependency, no hash',
      detail: `seeded-git-dep in Cargo.lock, built by ${f.path}:${call.range.start.line + 1}`,
      files: { 'Cargo.lock': lock.trimEnd() + '\n' + dep },
      expect: (x) => x.code === 'git-dep-no-hash' && x.file === f.path && x.severity === 'error' && x.message.includes('seeded-git-dep'),
    });
    break;
  }

  // 4. A rust-version newer than any rustc, where the build uses nixpkgs' rustc.
  const manifest = fs.readFile('Cargo.toml');
  if (manifest && /^\[package\]/m.test(manifest) && fs.readFile('flake.lock') && nix.some((f) => f.model.calls.length) && !nix.some((f) => OWN_TOOLCHAIN.test(f.text))) {
    const broken = /^rust-version\s*=.*$/m.test(manifest)
      ? manifest.replace(/^rust-version\s*=.*$/m, 'rust-version = "1.999"')
      : manifest.replace(/^\[package\]\n/m, '[package]\nrust-version = "1.999"\n');
    seeds.push({
      kind: 'version broken',
      detail: 'rust-version = "1.999" in Cargo.toml',
      files: { 'Cargo.toml': broken },
      expect: (x) => x.code === 'rustc-too-old' && x.file === 'Cargo.toml' && x.severity !== 'hint',
    });
  }

  // 5. The wasm target dropped from the toolchain a wasm32 derivation is built with.
  for (const f of nix) {
    const m = /((?:fromRustupToolchainFile|fromToolchainFile)[^;]*?\.override\s*\{)([^}]*)\}/s.exec(f.text);
    if (!m || !/\btargets\b/.test(m[2]!) || !ws.toolchain) continue;
    if (!readCalls(f.text, f.model.calls).some((r) => r.target?.startsWith('wasm32-'))) continue;
    const body = m[2]!
      .split('\n')
      .filter((l) => !/\btargets\b/.test(l))
      .join('\n');
    seeds.push({
      kind: 'wasm target out of toolchain',
      detail: `targets dropped from the toolchain override in ${f.path}`,
      files: { [f.path]: f.text.replace(m[0], `${m[1]}${body}}`) },
      expect: (x) => x.code === 'toolchain-target-missing' && x.file === ws.toolchain!.file && x.severity === 'error',
    });
  }
  return seeds;
}

export function seededFaults(roots: { root: string; label: string }[]): { results: SeedResult[] } {
  const results: SeedResult[] = [];
  for (const { root, label } of roots) {
    let seeds: Seed[];
    try {
      seeds = seedsFor(root);
    } catch {
      continue;
    }
    for (const seed of seeds) {
      const base = nodeFs(root);
      const fs: WorkspaceFs = { ...base, readFile: (p) => (seed.files && p in seed.files ? seed.files[p] : base.readFile(p)) };
      const { ws } = loadCrate(root, { fs: () => fs, git: (r) => (seed.git ? seed.git(readGitInfo(r)) : readGitInfo(r)) });
      const found = checkCrate(ws, fs).some(seed.expect);
      results.push({ kind: seed.kind, label, detail: seed.detail, found });
    }
  }
  return { results };
}
