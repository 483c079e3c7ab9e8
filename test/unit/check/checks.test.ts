// Checks that read the crate model and the Nix model's bindings; the Nix models
// here are written by hand so each case shows exactly what a check looks at.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import { derivationChecks } from '../../../server/src/check/derivation';
import { untrackedFiles } from '../../../server/src/check/gitTracked';
import { rustcTooOld, toolchainIgnored } from '../../../server/src/check/toolchain';
import type { CheckContext, NixFile } from '../../../server/src/check/types';
import type { BuilderCall, NixBinding } from '../../../server/src/model/nixTypes';
import type { Range } from '../../../server/src/model/types';
import { readGitInfo } from '../../../server/src/model/git';
import { loadWorkspace, nodeFs } from '../../../server/src/model/workspace';
import { initParsers } from '../../../server/src/parse/treeSitter';

const root = join(__dirname, '..', '..', 'fixtures', 'check', 'drift');
const r = (line: number, a: number, b: number): Range => ({ start: { line, character: a }, end: { line, character: b } });
const binding = (name: string, line: number, text: string): NixBinding => ({
  name,
  range: r(line, 2, 2 + name.length + text.length + 4),
  nameRange: r(line, 2, 2 + name.length),
  valueRange: r(line, 5 + name.length, 5 + name.length + text.length),
  text,
  stringValue: text.startsWith('"') ? JSON.parse(text) : undefined,
});

function call(kind: BuilderCall['kind'], bindings: NixBinding[]): BuilderCall {
  const by = (n: string) => bindings.find((b) => b.name === n);
  return {
    kind,
    callee: kind === 'buildRustPackage' ? 'rustPlatform.buildRustPackage' : 'craneLib.buildPackage',
    range: r(2, 0, 30),
    argsRange: r(2, 10, 30),
    insertAt: { position: { line: 9, character: 0 }, indent: '  ' },
    usesFinalAttrs: true,
    mergedFrom: [],
    env: [],
    bindings,
    pname: by('pname'),
    version: by('version'),
    src: by('src'),
    mainProgram: by('meta.mainProgram'),
    cargoExtraArgs: by('cargoExtraArgs'),
  };
}

function ctx(calls: BuilderCall[], extra: Partial<CheckContext> = {}, text = ''): CheckContext {
  const ws = loadWorkspace(root);
  const file: NixFile = { path: 'flake.nix', text, model: { path: 'flake.nix', syntaxErrors: [], calls, letBindings: [], isFlake: true } };
  return { ws, inferred: { nativeBuildInputs: [], buildInputs: [], env: [], builtCrates: [] }, nixFiles: [file], fs: nodeFs(root), ...extra };
}

before(() => initParsers());

describe('derivation checks', () => {
  it('flags a literal version that drifted from Cargo.toml, with a fix to the real one', () => {
    const f = derivationChecks(ctx([call('buildRustPackage', [binding('pname', 3, '"forum"'), binding('version', 4, '"0.3.9"')])]));
    assert.equal(f.length, 1);
    assert.equal(f[0]!.code, 'version-drift');
    assert.deepEqual(f[0]!.range, r(4, 12, 19));
    assert.deepEqual(f[0]!.fixes[0]!.edits, [{ path: 'flake.nix', edits: [{ range: r(4, 12, 19), newText: '"0.4.0"' }] }]);
  });

  it('says nothing for a derivation that matches the crate', () => {
    assert.deepEqual(derivationChecks(ctx([call('buildRustPackage', [binding('pname', 3, '"forum"'), binding('version', 4, '"0.4.0"'), binding('src', 5, 'lib.fileset.toSource { }')])])), []);
  });

  it('flags mainProgram naming no binary and -p naming no member', () => {
    const f = derivationChecks(
      ctx([call('crane.buildPackage', [binding('meta.mainProgram', 6, '"forumd"'), binding('cargoExtraArgs', 7, '"-p forum-server"'), binding('cargoArtifacts', 8, 'deps')])]),
    );
    assert.deepEqual(f.map((x) => x.code).sort(), ['main-program', 'unknown-member']);
    assert.match(f.find((x) => x.code === 'main-program')!.message, /binaries: forum/);
  });

  it('hints at an unfiltered src; says nothing of crane without buildDepsOnly (buildPackage builds the dependencies apart itself)', () => {
    const f = derivationChecks(ctx([call('crane.buildPackage', [binding('src', 5, './.')])]));
    assert.deepEqual(
      f.map((x) => `${x.code}:${x.severity}`),
      ['unfiltered-src:hint'],
    );
    assert.equal(f.find((x) => x.code === 'unfiltered-src')!.fixes[0]!.edits[0]!.edits![0]!.newText, 'craneLib.cleanCargoSource ./.');
  });
});

describe('toolchain checks', () => {
  it('warns when rust-version is newer than the pinned nixpkgs rustc, at the rust-version value', () => {
    const f = rustcTooOld(ctx([call('buildRustPackage', [])]));
    assert.equal(f.length, 1);
    assert.equal(f[0]!.file, 'Cargo.toml');
    assert.equal(f[0]!.range.start.line, 4);
    assert.match(f[0]!.message, /1\.85 is newer than rustc 1\.82\.0 in nixpkgs 24\.11/);
  });

  it('names rust-overlay toolchains by full version and does not offer `nix flake update` for a release branch', () => {
    const f = rustcTooOld(ctx([call('buildRustPackage', [])]));
    assert.match(f[0]!.message, /rust-bin\.stable\."1\.85\.0"\.default/);
    assert.doesNotMatch(f[0]!.message, /rust-bin\.stable\."1\.85"/);
    assert.doesNotMatch(f[0]!.message, /`nix flake update/);
    assert.match(f[0]!.message, /newer release branch or nixos-unstable \(it follows nixos-24\.11/);
  });

  it('offers `nix flake update nixpkgs` for an unstable pin', () => {
    const lock = nodeFs(root).readFile('flake.lock')!.replace('"ref": "nixos-24.11", ', '');
    const fs = { ...nodeFs(root), readFile: (p: string) => (p === 'flake.lock' ? lock : nodeFs(root).readFile(p)) };
    const f = rustcTooOld({ ...ctx([call('buildRustPackage', [])]), fs });
    assert.match(f[0]!.message, /`nix flake update nixpkgs`/);
  });

  it('stays quiet when the flake builds with its own toolchain', () => {
    assert.deepEqual(rustcTooOld(ctx([], {}, 'rust-bin.fromRustupToolchainFile ./rust-toolchain.toml')), []);
    assert.deepEqual(toolchainIgnored(ctx([call('buildRustPackage', [])], {}, 'rust-bin.fromRustupToolchainFile ./rust-toolchain.toml')), []);
  });

  it('points out a rust-toolchain.toml the Nix build ignores', () => {
    const f = toolchainIgnored(ctx([call('buildRustPackage', [])]));
    assert.equal(f[0]?.code, 'toolchain-ignored');
    assert.equal(f[0]?.file, 'rust-toolchain.toml');
  });
});

describe('untracked files', () => {
  it('reports files a flake cannot see, ignored ones with git add -f', () => {
    const c = ctx([]);
    const fs = { ...nodeFs(root), readFile: (p: string) => (p === 'flake.nix' ? '{ }' : nodeFs(root).readFile(p)) };
    c.fs = fs;
    c.ws.git = { isRepo: true, tracked: new Set(['flake.nix', 'Cargo.toml']), ignored: new Set(['Cargo.lock']), submodules: [] };
    const f = untrackedFiles(c);
    const byFile = new Map(f.map((x) => [x.file, x]));
    assert.match(byFile.get('Cargo.lock')!.message, /ignored by git/);
    assert.deepEqual(byFile.get('Cargo.lock')!.fixes[0]!.command, { id: 'git-add', args: ['Cargo.lock', true] });
    assert.match(byFile.get('src/main.rs')!.message, /not tracked/);
    assert.ok(byFile.has('flake.lock') && byFile.has('rust-toolchain.toml'));
    assert.ok(!byFile.has('flake.nix') && !byFile.has('Cargo.toml'));
  });

  it('with real git: a workspace folder an enclosing repository ignores, and an ignored module', () => {
    const outer = mkdtempSync(join(tmpdir(), 'nixify-git-'));
    try {
      const git = (cwd: string, ...a: string[]) => execFileSync('git', ['-C', cwd, ...a], { stdio: 'ignore' });
      const make = (dir: string) => {
        cpSync(root, dir, { recursive: true });
        writeFileSync(join(dir, 'flake.nix'), '{ outputs = _: { }; }\n');
      };
      // The crate sits in a folder the outer repository ignores: git lists none of its files.
      git(outer, 'init', '-q');
      writeFileSync(join(outer, '.gitignore'), 'scratch/\n');
      const inner = join(outer, 'scratch', 'forum');
      make(inner);
      const c = ctx([], { fs: nodeFs(inner) });
      c.ws = loadWorkspace(inner);
      c.ws.git = readGitInfo(inner);
      const f = untrackedFiles(c);
      assert.ok(f.length >= 4 && f.some((x) => x.file === 'src/main.rs'), f.map((x) => x.file).join(' '));
      for (const x of f) {
        assert.match(x.message, /is ignored by git/, x.file);
        assert.equal(x.fixes[0]!.command!.args![1], true, `${x.file}: git add -f`);
      }

      // Its own repository: only the ignored module needs -f, the new one a plain add.
      const own = join(outer, 'own');
      make(own);
      git(own, 'init', '-q');
      writeFileSync(join(own, '.gitignore'), 'src/secret.rs\n');
      writeFileSync(join(own, 'src', 'secret.rs'), '');
      writeFileSync(join(own, 'src', 'fresh.rs'), '');
      git(own, 'add', '.gitignore', 'flake.nix', 'Cargo.toml', 'Cargo.lock', 'flake.lock', 'rust-toolchain.toml', 'src/main.rs');
      const c2 = ctx([], { fs: nodeFs(own) });
      c2.ws = loadWorkspace(own);
      c2.ws.git = readGitInfo(own);
      const byFile = new Map(untrackedFiles(c2).map((x) => [x.file, x]));
      assert.deepEqual([...byFile.keys()].sort(), ['src/fresh.rs', 'src/secret.rs']);
      assert.match(byFile.get('src/secret.rs')!.message, /ignored by git/);
      assert.match(byFile.get('src/fresh.rs')!.message, /not tracked/);
    } finally {
      rmSync(outer, { recursive: true, force: true });
    }
  });

  it('says nothing outside git or without a flake', () => {
    assert.deepEqual(untrackedFiles(ctx([])), []);
  });
});
