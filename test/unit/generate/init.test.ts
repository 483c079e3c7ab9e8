// `nixify init` in-process: what it prints, what it refuses, what it writes.
import assert from 'node:assert/strict';
import { cpSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { runCli } from '../../../server/src/cli';
import { ensureParser, initParsers } from '../../../server/src/parse/treeSitter';

const fixtures = join(__dirname, '..', '..', 'fixtures');
const tmp = mkdtempSync(join(tmpdir(), 'nixify-init-'));
before(() => Promise.all([initParsers(), ensureParser('rust')]));
after(() => rmSync(tmp, { recursive: true, force: true }));

async function run(args: string[], cwd: string) {
  let stdout = '';
  let stderr = '';
  const io = { stdout: { write: (s: string) => ((stdout += s), true) }, stderr: { write: (s: string) => ((stderr += s), true) }, stdin: process.stdin, cwd } as never;
  const code = await runCli(args, io);
  return { code, stdout, stderr };
}

function copy(fixture: string, name: string): string {
  const dir = join(tmp, name);
  cpSync(join(fixtures, fixture), dir, { recursive: true });
  return dir;
}

describe('nixify init', () => {
  it('--dry-run --json prints the files and the same inference as `nixify infer --json`, and writes nothing', async () => {
    const dir = copy('lsp/service', 'dry');
    const before = readdirSync(dir).sort();
    const r = await run(['init', '.', '--builder', 'buildRustPackage', '--dry-run', '--json'], dir);
    assert.equal(r.code, 0, r.stderr);
    const out = JSON.parse(r.stdout);
    assert.deepEqual(
      out.files.map((f: { path: string }) => f.path),
      ['package.nix', 'default.nix', 'flake.nix'],
    );
    assert.match(out.files[0].content, /rustPlatform\.buildRustPackage \{/);
    assert.doesNotMatch(out.files[0].content, /finalAttrs/, 'bound and never used, finalAttrs would only demand a newer nixpkgs');
    const infer = await run(['infer', '.', '--json'], dir);
    assert.equal(infer.code, 0, infer.stderr);
    assert.deepEqual(out.inferred, JSON.parse(infer.stdout));
    assert.deepEqual(readdirSync(dir).sort(), before);
  });

  it('`nixify infer` says which libraries the program opens with dlopen, and init puts them on its rpath', async () => {
    const dir = copy('generate/cases/dlopen', 'dlopen');
    const r = await run(['infer', '.'], dir);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^opened at run time \(dlopen\), on the rpath after fixup: vulkan-loader xorg\.libX11 xorg\.libXcursor xorg\.libXi xorg\.libXrandr$/m);
    const pkg = JSON.parse((await run(['init', '.', '--builder', 'buildRustPackage', '--dry-run', '--json'], dir)).stdout).files[0].content as string;
    assert.match(pkg, /postFixup = lib\.optionalString stdenv\.hostPlatform\.isLinux ''\n/);
    // nixfmt's layout for a list of two or more inside `${…}`: the interpolation opens on its own lines.
    assert.match(
      pkg,
      /\n {8}patchelf --add-rpath "\$\{\n {10}lib\.makeLibraryPath \[\n {12}vulkan-loader\n {12}xorg\.libX11\n {12}xorg\.libXcursor\n {12}xorg\.libXi\n {12}xorg\.libXrandr\n {10}\]\n {8}\}" "\$f"\n/,
    );
  });

  it('crane writes flake.nix alone; --no-flake is refused for it with the reason', async () => {
    const dir = copy('lsp/service', 'crane');
    const r = await run(['init', '.', '--builder', 'crane', '--dry-run', '--json'], dir);
    assert.deepEqual(
      JSON.parse(r.stdout).files.map((f: { path: string }) => f.path),
      ['flake.nix'],
    );
    const bad = await run(['init', '.', '--builder', 'crane', '--no-flake'], dir);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /--no-flake only works with --builder buildRustPackage/);
  });

  it('--no-flake writes package.nix and default.nix only', async () => {
    const dir = copy('lsp/service', 'noflake');
    const r = await run(['init', '.', '--no-flake'], dir);
    assert.equal(r.code, 0, r.stderr);
    assert.ok(existsSync(join(dir, 'package.nix')) && existsSync(join(dir, 'default.nix')));
    assert.equal(existsSync(join(dir, 'flake.nix')), false);
  });

  it('rejects an unknown builder, vendoring or member with exit 2 and the valid choices', async () => {
    const dir = join(fixtures, 'model', 'ws');
    const b = await run(['init', '.', '--builder', 'cargo2nix', '--dry-run'], dir);
    assert.equal(b.code, 2);
    assert.match(b.stderr, /buildRustPackage, crane, naersk, crate2nix/);
    const v = await run(['init', '.', '--vendoring', 'vendor', '--dry-run'], dir);
    assert.equal(v.code, 2);
    const m = await run(['init', '.', '--member', 'nope', '--dry-run'], dir);
    assert.equal(m.code, 2);
    assert.match(m.stderr, /no workspace member named `nope`.*ws-cli/);
  });

  it('refuses to overwrite, naming every existing file, and writes nothing; --force overwrites', async () => {
    const dir = copy('lsp/service', 'clobber');
    writeFileSync(join(dir, 'default.nix'), 'mine\n');
    writeFileSync(join(dir, 'package.nix'), 'mine too\n');
    const r = await run(['init', '.'], dir);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /package\.nix, default\.nix already exist/);
    assert.equal(readFileSync(join(dir, 'default.nix'), 'utf8'), 'mine\n');
    assert.equal(existsSync(join(dir, 'flake.nix')), false);
    const f = await run(['init', '.', '--force', '--json'], dir);
    assert.equal(f.code, 0, f.stderr);
    assert.deepEqual(JSON.parse(f.stdout).written, ['package.nix', 'default.nix', 'flake.nix']);
    assert.match(readFileSync(join(dir, 'default.nix'), 'utf8'), /callPackage \.\/package\.nix/);
  });

  it('--vendoring cargoHash and --features reach package.nix', async () => {
    const dir = join(fixtures, 'lsp', 'service');
    const r = await run(['init', '.', '--vendoring', 'cargoHash', '--features', 'a,b', '--no-default-features', '--dry-run', '--json'], dir);
    const pkg = JSON.parse(r.stdout).files[0].content as string;
    assert.match(pkg, /cargoHash = lib\.fakeHash;/);
    assert.doesNotMatch(pkg, /cargoLock/);
    assert.match(pkg, /buildFeatures = \[\n    "a"\n    "b"\n  \];/);
    assert.match(pkg, /buildNoDefaultFeatures = true;/);
  });
});
