// Placement and fixes of real failures: each log comes from a real Nix 2.8
// build (builtins.derivation, sandboxed, no nixpkgs); the workspace beside it
// holds the builder call a real project would have (stdenv.mkDerivation with
// cargo, buildRustPackage with a git dependency, naersk's path form, crane's
// commonArgs, an unrecognised function). Every fixed file must still parse
// with real `nix-instantiate --parse`, and where the fix is a hash, the hash
// must make the real build pass.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { diagnosisWorkspace as diskWorkspace } from '../../../server/src/pipeline/diagnose';
import { Diagnoser } from '../../../server/src/diagnose/diagnoser';
import { placeDiagnostics } from '../../../server/src/diagnose/place';
import { fixesFor } from '../../../server/src/diagnose/toFixes';
import type { Diagnostic } from '../../../server/src/diagnose/types';
import { applyEdits } from '../../../server/src/fixes/nixEdits';
import { initParsers } from '../../../server/src/parse/treeSitter';
import { nixConfig, runNix, type NixRun, rustSysroot } from './runNix';

const FIXTURES = join(__dirname, '..', '..', 'fixtures', 'nix-builds');
const LOGS = join(__dirname, '..', '..', 'fixtures', 'logs');
const tmp: string[] = [];

function workdir(...from: string[]): string {
  const dir = mkdtempSync(join(tmpdir(), 'nixify-place-'));
  tmp.push(dir);
  for (const f of from) cpSync(f, dir, { recursive: true });
  return dir;
}

/** The byte path (prefilter) must find exactly what the streamed run found. */
function samePrefiltered(run: NixRun): void {
  const d = new Diagnoser();
  d.push(Buffer.from(run.output));
  assert.deepEqual(d.end(), run.diagnostics);
}

function placed(diags: Diagnostic[], root: string, opts: { root?: string } = {}): { ds: Diagnostic[]; ws: ReturnType<typeof diskWorkspace> } {
  const ws = diskWorkspace(root);
  return { ds: placeDiagnostics(diags, ws.nixFiles, ws.files, opts), ws };
}

function text(root: string, file: string, r: NonNullable<Diagnostic['range']>): string {
  const lines = readFileSync(join(root, file), 'utf8').split('\n');
  return r.start.line === r.end.line ? lines[r.start.line]!.slice(r.start.character, r.end.character) : lines.slice(r.start.line, r.end.line + 1).join('\n');
}

/** Applies a fix's edits to the files and checks each still parses with real Nix. */
function applyAndParse(root: string, edits: { path: string; edits?: { range: NonNullable<Diagnostic['range']>; newText: string }[] }[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const e of edits) {
    const file = join(root, e.path);
    const next = applyEdits(readFileSync(file, 'utf8'), e.edits ?? []);
    writeFileSync(file, next);
    execFileSync('nix-instantiate', ['--parse', file], { env: { ...process.env, NIX_CONFIG: nixConfig() }, stdio: ['ignore', 'pipe', 'pipe'] });
    out[e.path] = next;
  }
  return out;
}

before(async () => {
  await initParsers();
});
after(() => {
  for (const d of tmp) rmSync(d, { recursive: true, force: true });
});

describe('HOME not writable (real build writing to $HOME)', () => {
  it('→ home-not-writable on the mkDerivation inputs, fixed with writableTmpDirAsHomeHook; no rustup or cargoLock advice', async () => {
    const build = workdir(join(FIXTURES, 'basic'));
    const run = await runNix(['build', '--no-link', '-f', 'home.nix'], { cwd: build });
    assert.equal(run.code, 1, run.output);
    samePrefiltered(run);
    assert.deepEqual(
      run.diagnostics.map((d) => d.category),
      ['home-not-writable'],
    );
    const dir = workdir(join(FIXTURES, 'workspaces', 'mkderivation'));
    const { ds, ws } = placed(run.diagnostics, dir);
    const d = ds[0]!;
    assert.equal(d.file, 'home.nix');
    assert.equal(text(dir, 'home.nix', d.range!), 'nativeBuildInputs = [ cargo rustc ];');
    const fixes = fixesFor(d, ws.nixFiles, ws.files);
    assert.equal(fixes[0]?.title, 'Add writableTmpDirAsHomeHook to nativeBuildInputs');
    assert.equal(fixes[0]?.preferred, true);
    const out = applyAndParse(dir, fixes[0]!.edits);
    assert.match(out['home.nix']!, /nativeBuildInputs = \[ cargo rustc writableTmpDirAsHomeHook \];/);
    assert.match(out['home.nix']!, /^\{\n  stdenv,\n  cargo,\n  rustc,\n  writableTmpDirAsHomeHook,\n\}:/);
  });
});

describe('a git dependency fetched by importCargoLock (fetchgit mismatch after lib.fakeHash)', () => {
  it('→ placed on outputHashes."ldap3-0.11.1"; the fix writes the got hash, which makes the real fetch pass', async () => {
    const build = workdir(join(FIXTURES, 'basic'));
    const dir = workdir(join(FIXTURES, 'workspaces', 'gitdep'));
    const run = await runNix(['--no-out-link', 'gitdep.nix'], { cwd: build, command: 'nix-build' });
    assert.equal(run.code, 102, run.output);
    samePrefiltered(run);
    const { ds, ws } = placed(run.diagnostics, dir);
    const d = ds[0]!;
    assert.equal(d.category, 'hash-mismatch');
    assert.equal(d.file, 'package.nix');
    assert.equal(text(dir, 'package.nix', d.range!), 'lib.fakeHash');
    const [fix] = fixesFor(d, ws.nixFiles, ws.files);
    const got = (d.fixes[0] as { got: string }).got;
    assert.equal(fix?.title, `Set cargoLock.outputHashes."ldap3-0.11.1" to ${got}`);
    assert.equal(fix?.preferred, true);
    const out = applyAndParse(dir, fix!.edits);
    assert.match(out['package.nix']!, new RegExp(`"ldap3-0\\.11\\.1" = "${got.replace(/[+/]/g, '\\$&')}";`));
    const again = await runNix(['--no-out-link', 'gitdep.nix', '--argstr', 'hash', got], { cwd: build, command: 'nix-build' });
    assert.equal(again.code, 0, again.output);
  });

  it('without an entry for that revision → adds the outputHashes entry named after the Cargo.lock crate', async () => {
    const build = workdir(join(FIXTURES, 'basic'));
    const dir = workdir(join(FIXTURES, 'workspaces', 'gitdep'));
    writeFileSync(join(dir, 'package.nix'), readFileSync(join(dir, 'package.nix'), 'utf8').replace(/\n\s*outputHashes = \{[^}]*\};/, ''));
    const run = await runNix(['--no-out-link', 'gitdep.nix'], { cwd: build, command: 'nix-build' });
    const { ds, ws } = placed(run.diagnostics, dir);
    const [fix] = fixesFor(ds[0]!, ws.nixFiles, ws.files);
    assert.match(fix!.title, /^Add cargoLock\.outputHashes\."ldap3-0\.11\.1" = sha256-/);
    assert.equal(ds[0]!.related?.[0]?.file, 'Cargo.lock');
    const out = applyAndParse(dir, fix!.edits);
    assert.match(out['package.nix']!, /outputHashes = \{ "ldap3-0\.11\.1" = "sha256-[^"]+"; \};/);
  });
});

describe('an unrecognised call', () => {
  it('→ the line that names the failing derivation, not line 1 of some file', async () => {
    const dir = workdir(join(FIXTURES, 'basic'));
    const run = await runNix(['--no-out-link', 'home.nix'], { cwd: dir, command: 'nix-build' });
    assert.equal(run.code, 100, run.output);
    const ws = workdir(join(FIXTURES, 'workspaces', 'unrecognised'));
    const { ds } = placed(run.diagnostics, ws);
    assert.equal(ds[0]?.file, 'default.nix');
    assert.equal(text(ws, 'default.nix', ds[0]!.range!), 'name = "home-cache-0.1.0";');
  });
});

// Real cargo in the sandbox (the toolchain dir is bind-mounted), as in realBuilds.test.ts.
const SYSROOT = rustSysroot();
const hasWasmStd = !!SYSROOT && existsSync(join(SYSROOT, 'lib', 'rustlib', 'wasm32-unknown-unknown'));

async function rustScenario(crate: string, options: Record<string, string | boolean>): Promise<{ run: NixRun; dir: string }> {
  const dir = workdir(join(FIXTURES, 'rust', 'crates', crate));
  cpSync(join(FIXTURES, 'rust', 'flake.nix'), join(dir, 'flake.nix'));
  cpSync(join(FIXTURES, 'rust', 'builder.sh'), join(dir, 'builder.sh'));
  const attrs = Object.entries({ name: crate, bin: join(SYSROOT!, 'bin'), ...options }).map(([k, v]) => `${k} = ${typeof v === 'boolean' ? v : JSON.stringify(v)};`);
  writeFileSync(join(dir, 'options.nix'), `{ ${attrs.join(' ')} }\n`);
  execFileSync('git', ['init', '-q', dir]);
  execFileSync('git', ['-C', dir, 'add', '.']);
  const run = await runNix(['build', '--no-link', '.#default'], { cwd: dir, sandboxPaths: [SYSROOT!] });
  return { run, dir };
}

describe('rust builds with real cargo', { skip: !SYSROOT && 'no Rust toolchain' }, () => {
  it('cargo fetching crates.io in a stdenv.mkDerivation → cargoDeps from importCargoLock + cargoSetupHook', async () => {
    const { run } = await rustScenario('crates-io', {});
    assert.equal(run.code, 1, run.output);
    samePrefiltered(run);
    const ws = workdir(join(FIXTURES, 'workspaces', 'mkderivation'));
    const { ds, ws: w } = placed(run.diagnostics, ws);
    const d = ds[0]!;
    assert.equal(d.category, 'network-sandbox');
    assert.equal(d.file, 'package.nix');
    assert.equal(text(ws, 'package.nix', d.range!), 'stdenv.mkDerivation {');
    const [fix] = fixesFor(d, w.nixFiles, w.files);
    assert.equal(fix?.title, 'Vendor dependencies from Cargo.lock (cargoDeps = importCargoLock, cargoSetupHook)');
    const out = applyAndParse(ws, fix!.edits)['package.nix']!;
    assert.match(out, /cargoDeps = rustPlatform\.importCargoLock \{ lockFile = \.\/Cargo\.lock; \};/);
    assert.match(out, /\n    rustc\n    rustPlatform\.cargoSetupHook\n  \];/);
    assert.match(out, /^\{\n  lib,\n  stdenv,\n  cargo,\n  rustc,\n  rustPlatform,\n\}:/);
  });

  it(
    'cargo --target wasm32-unknown-unknown with a host-only toolchain → rust-target-missing, a toolchain with that target',
    { skip: hasWasmStd && 'this toolchain has the wasm32 standard library' },
    async () => {
      const { run } = await rustScenario('wasm', { cargoFlags: '--target wasm32-unknown-unknown' });
      assert.equal(run.code, 1, run.output);
      samePrefiltered(run);
      assert.deepEqual(
        run.diagnostics.map((d) => d.category),
        ['rust-target-missing'],
      );
      const d = run.diagnostics[0]!;
      assert.deepEqual(d.fixes, [{ kind: 'rust-toolchain', targets: ['wasm32-unknown-unknown'] }]);
      const ws = workdir(join(FIXTURES, 'workspaces', 'mkderivation'));
      const { ws: w } = placed(run.diagnostics, ws);
      const [fix] = fixesFor(d, w.nixFiles, w.files);
      assert.deepEqual(fix?.command, { id: 'use-rust-toolchain', args: [null, ['wasm32-unknown-unknown']] });
    },
  );
});

describe('the openssl-sys failure of real Nix 2.8 on other builder forms', () => {
  const log = readFileSync(join(LOGS, '2.8-rust-openssl-no-pkg-config.log'), 'utf8');
  const diags = () => {
    const d = new Diagnoser();
    d.push(Buffer.from(log));
    return d.end();
  };

  it("naersk's `buildPackage ./.` → on the call; the fix turns the path into an attrset with the inputs", () => {
    const dir = workdir(join(FIXTURES, 'workspaces', 'naersk'));
    const { ds, ws } = placed(diags(), dir);
    const d = ds[0]!;
    assert.equal(d.category, 'openssl');
    assert.equal(d.file, 'flake.nix');
    assert.match(text(dir, 'flake.nix', d.range!), /^packages\.x86_64-linux\.default = naersk-lib\.buildPackage \.\/\.;$|^naersk-lib\.buildPackage \.\/\.;?$/);
    const [fix] = fixesFor(d, ws.nixFiles, ws.files);
    const out = applyAndParse(dir, fix!.edits)['flake.nix']!;
    assert.match(out, /naersk-lib\.buildPackage \{ src = \.\/\.; nativeBuildInputs = \[ pkgs\.pkg-config \]; buildInputs = \[ pkgs\.openssl \]; \};/);
  });

  it("crane's commonArgs → on commonArgs' buildInputs, which the fix extends (both calls share it)", () => {
    const dir = workdir(join(FIXTURES, 'workspaces', 'crane'));
    const { ds, ws } = placed(diags(), dir);
    const d = ds[0]!;
    assert.equal(d.file, 'flake.nix');
    assert.equal(text(dir, 'flake.nix', d.range!), 'buildInputs = [ ];');
    const [fix] = fixesFor(d, ws.nixFiles, ws.files);
    const out = applyAndParse(dir, fix!.edits)['flake.nix']!;
    assert.match(out, /buildInputs = \[ pkgs\.openssl \];/);
    assert.match(out, /nativeBuildInputs = \[ pkgs\.pkg-config \];/);
  });
});

describe('nixify diagnose without --root', () => {
  it('names no file that does not exist (no flake.nix:1:1 in an empty directory)', async () => {
    const { diagnose } = await import('../../../server/src/cli/diagnose');
    const { Readable, Writable } = await import('node:stream');
    const dir = workdir();
    let out = '';
    const sink = new Writable({ write: (c, _e, cb) => ((out += String(c)), cb()) });
    const code = await diagnose([join(LOGS, '2.8-rust-openssl-no-pkg-config.log')], { stdout: sink, stderr: sink, stdin: Readable.from([]), cwd: dir } as never);
    assert.equal(code, 1, 'it reports an error, so it exits 1');
    assert.doesNotMatch(out, /flake\.nix|default\.nix|:1:1/);
    assert.match(out, /^error \[openssl, certain\] /m);
    assert.deepEqual(readdirSync(dir), []);
  });
});
