// Real failing builds through real Nix (builtins.derivation, no nixpkgs),
// streamed through the diagnoser, placed on the workspace files and, where
// the fix is an edit or `git add`, fixed and rebuilt.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { diagnosisWorkspace as diskWorkspace } from '../../../server/src/pipeline/diagnose';
import { asTold, isClaim } from '../../../server/src/diagnose/confidence';
import { diagnoseText } from '../../../server/src/diagnose/diagnoser';
import { placeDiagnostics } from '../../../server/src/diagnose/place';
import { fixesFor } from '../../../server/src/diagnose/toFixes';
import type { Diagnostic } from '../../../server/src/diagnose/types';
import { applyEdits } from '../../../server/src/fixes/nixEdits';
import { initParsers } from '../../../server/src/parse/treeSitter';
import { runNix, type NixRun, rustSysroot } from './runNix';

const FIXTURES = join(__dirname, '..', '..', 'fixtures', 'nix-builds');
const tmp: string[] = [];

function workdir(from: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'nixify-diag-'));
  tmp.push(dir);
  cpSync(from, dir, { recursive: true });
  return dir;
}

function gitRepo(dir: string, add: string[]): void {
  execFileSync('git', ['init', '-q', dir]);
  execFileSync('git', ['-C', dir, 'add', ...add]);
}

function place(run: NixRun, root: string): Diagnostic[] {
  const { files, nixFiles } = diskWorkspace(root);
  return placeDiagnostics(run.diagnostics, nixFiles, files, { root });
}

const categories = (ds: Diagnostic[]) => ds.map((d) => d.category);

before(async () => {
  await initParsers();
});
after(() => {
  for (const d of tmp) rmSync(d, { recursive: true, force: true });
});

// NIXIFY_SAVE_LOGS=<dir>: keep the real logs these builds print, to add them to the wording fixtures
// (test/fixtures/logs/wordings/sources) when a rule is written from them. Off unless set.
function keepLog(name: string, output: string): void {
  const dir = process.env.NIXIFY_SAVE_LOGS;
  if (dir) writeFileSync(join(dir, name), output);
}

describe('plain derivations', () => {
  it('hash mismatch (nix-build): placed on the hash literal; applying the fix makes the build pass', async () => {
    const dir = workdir(join(FIXTURES, 'basic'));
    const run = await runNix(['--no-out-link', 'fod.nix'], { cwd: dir, command: 'nix-build' });
    assert.equal(run.code, 102, run.output);
    const [d] = place(run, dir);
    assert.equal(d?.category, 'hash-mismatch');
    const fix = d.fixes[0];
    assert.ok(fix?.kind === 'replace-hash' && /^sha256-[A-Za-z0-9+/]{43}=$/.test(fix.got));
    assert.equal(d.file, 'fod.nix');
    const text = readFileSync(join(dir, 'fod.nix'), 'utf8');
    const line = text.split('\n').findIndex((l) => l.includes('outputHash ='));
    assert.equal(d.range?.start.line, line);
    assert.equal(text.split('\n')[line]!.slice(d.range!.start.character, d.range!.end.character), 'sha256-AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=');

    const { files, nixFiles } = diskWorkspace(dir);
    const [edit] = fixesFor(d, nixFiles, files);
    assert.ok(edit && edit.edits[0]?.path === 'fod.nix');
    writeFileSync(join(dir, 'fod.nix'), applyEdits(text, edit.edits[0]!.edits!));
    const again = await runNix(['--no-out-link', 'fod.nix'], { cwd: dir, command: 'nix-build' });
    assert.equal(again.code, 0, again.output);
    assert.deepEqual(again.diagnostics, []);
  });

  it('hash mismatch (nix build --log-format internal-json): same diagnosis, progress events', async () => {
    const dir = workdir(join(FIXTURES, 'basic'));
    const run = await runNix(['build', '--no-link', '--log-format', 'internal-json', '-v', '-f', 'fod.nix'], { cwd: dir });
    assert.equal(run.code, 1);
    assert.deepEqual(categories(run.diagnostics), ['hash-mismatch']);
    assert.ok(run.events.some((e) => e.type === 'build-started' && e.name === 'fod-demo'));
    assert.ok(run.events.some((e) => e.type === 'progress'));
  });

  it('a failure no rule knows yields no diagnostic, but build events', async () => {
    const dir = workdir(join(FIXTURES, 'basic'));
    for (const args of [
      ['build', '--no-link', '-f', 'fail.nix'],
      ['build', '--no-link', '-L', '-f', 'fail.nix'],
      ['build', '--no-link', '--log-format', 'internal-json', '-v', '-f', 'fail.nix'],
    ]) {
      const run = await runNix(args, { cwd: dir });
      assert.equal(run.code, 1);
      assert.deepEqual(run.diagnostics, [], args.join(' '));
      assert.ok(
        run.events.some((e) => e.type === 'build-failed' && e.exitCode === 3 && e.name === 'plain-fail'),
        args.join(' '),
      );
    }
    const legacy = await runNix(['--no-out-link', 'fail.nix'], { cwd: dir, command: 'nix-build' });
    assert.equal(legacy.code, 100);
    assert.deepEqual(legacy.diagnostics, []);
  });

  // The fixtures borrow the host's curl and make inside the sandbox (scripts/setup-nix.sh installs them).
  const noCurl = !existsSync('/usr/bin/curl') && '/usr/bin/curl not on the host';
  it("a fixed-output download that cannot resolve its host (fetchurl's `cannot download … from any mirror`) is the network's, not the sandbox's: no diagnosis", { skip: noCurl }, async () => {
    const dir = workdir(join(FIXTURES, 'fetch'));
    const run = await runNix(['--no-out-link', 'fetch.nix'], { cwd: dir, command: 'nix-build' });
    assert.equal(run.code, 1, run.output);
    assert.match(run.output, /Could not resolve host/);
    assert.deepEqual(run.diagnostics, []);
  });

  it('the same download from an ordinary build step, in the sandbox → network-sandbox', { skip: noCurl }, async () => {
    const dir = workdir(join(FIXTURES, 'fetch'));
    const run = await runNix(['--no-out-link', 'fetch.nix', '--arg', 'fixed', 'false'], { cwd: dir, command: 'nix-build' });
    assert.notEqual(run.code, 0, run.output);
    assert.deepEqual(categories(run.diagnostics), ['network-sandbox']);
  });

  it("Nix's own download failing (builtins.fetchurl: `unable to download '…': Couldn't resolve host name`) is no sandbox failure", async () => {
    const dir = workdir(join(FIXTURES, 'fetch'));
    const run = await runNix(['--eval', '--option', 'download-attempts', '1', '-E', 'builtins.fetchurl "https://nixify-test.invalid/crate.tar.gz"'], { cwd: dir, command: 'nix-instantiate' });
    assert.equal(run.code, 1, run.output);
    assert.match(run.output, /unable to download '[^']+': Couldn't resolve host name/);
    assert.deepEqual(run.diagnostics, []);
  });

  it('a Cargo.lock that does not exist, read by a non-flake expression (`opening file …/Cargo.lock`) → cargo-lock: generate it', async () => {
    const dir = workdir(join(FIXTURES, 'fetch'));
    const run = await runNix(['--eval', '-E', 'builtins.readFile ./Cargo.lock'], { cwd: dir, command: 'nix-instantiate' });
    assert.equal(run.code, 1, run.output);
    assert.deepEqual(categories(run.diagnostics), ['cargo-lock']);
    const { files, nixFiles } = diskWorkspace(dir);
    const titles = fixesFor(run.diagnostics[0]!, nixFiles, files).map((f) => f.title);
    assert.ok(
      titles.some((t) => /generate-lockfile/.test(t)),
      titles.join(' | '),
    );
  });

  for (const [via, attr] of [
    ['env', 'python3'],
    ['make', 'protobuf'],
  ] as const) {
    it(
      `a build step running a program the build lacks through GNU ${via} (its own words) → missing-tool ${attr}`,
      { skip: via === 'make' && !existsSync('/usr/bin/make') && '/usr/bin/make not on the host' },
      async () => {
        const dir = workdir(join(FIXTURES, 'tools'));
        const run = await runNix(['--no-out-link', 'missing.nix', '--argstr', 'via', via], { cwd: dir, command: 'nix-build' });
        assert.notEqual(run.code, 0, run.output);
        assert.deepEqual(
          run.diagnostics.map((d) => [d.category, d.fixes]),
          [['missing-tool', [{ kind: 'add-inputs', nativeBuildInputs: [attr] }]]],
          run.output,
        );
      },
    );
  }

  for (const shell of ['/bin/bash', '/bin/sh']) {
    it(`a build step calling makeWrapper's wrapProgram without the hook's package (${shell}: \`wrapProgram: …not found\`) → missing-tool makeWrapper`, async () => {
      const dir = workdir(join(FIXTURES, 'tools'));
      const run = await runNix(['--no-out-link', 'hook.nix', '--argstr', 'shell', shell], { cwd: dir, command: 'nix-build' });
      assert.notEqual(run.code, 0, run.output);
      assert.match(run.output, /wrapProgram: (?:command )?not found/);
      assert.deepEqual(
        run.diagnostics.map((d) => [d.category, d.fixes]),
        [['missing-tool', [{ kind: 'add-inputs', nativeBuildInputs: ['makeWrapper'] }]]],
        run.output,
      );
    });
  }

  it('eval error: undefined variable at its file, line and column', async () => {
    const dir = workdir(join(FIXTURES, 'basic'));
    const run = await runNix(['--no-out-link', 'undef.nix'], { cwd: dir, command: 'nix-build' });
    assert.equal(run.code, 1);
    const [d] = place(run, dir);
    assert.equal(d?.category, 'eval-error');
    assert.match(d.message, /undefined variable 'missingValue'/);
    assert.equal(d.file, 'undef.nix');
    const line = readFileSync(join(dir, 'undef.nix'), 'utf8').split('\n')[d.range!.start.line]!;
    assert.equal(line.slice(d.range!.start.character, d.range!.end.character), 'missingValue');
  });
});

describe('flakes', () => {
  it('untracked file: git add fix, placed on ./data.txt; after git add the build passes', async () => {
    const dir = workdir(join(FIXTURES, 'flake'));
    gitRepo(dir, ['flake.nix']);
    const run = await runNix(['build', '--no-link', '.#usesFile'], { cwd: dir });
    assert.equal(run.code, 1, run.output);
    const [d] = place(run, dir);
    assert.equal(d?.category, 'flake-untracked');
    assert.deepEqual(d.fixes, [{ kind: 'git-add', path: 'data.txt' }]);
    assert.equal(d.file, 'flake.nix');
    const line = readFileSync(join(dir, 'flake.nix'), 'utf8').split('\n')[d.range!.start.line]!;
    assert.equal(line.slice(d.range!.start.character, d.range!.end.character), './data.txt');
    execFileSync('git', ['-C', dir, 'add', 'data.txt']);
    const again = await runNix(['build', '--no-link', '.#usesFile'], { cwd: dir });
    assert.equal(again.code, 0, again.output);
  });

  it('Cargo.lock on disk but not tracked (`getting status of …-source/Cargo.lock`) → cargo-lock whose only fix is git add (generating it again would re-resolve every version)', async () => {
    const dir = workdir(join(FIXTURES, 'flake'));
    gitRepo(dir, ['flake.nix', 'data.txt']);
    const run = await runNix(['build', '--no-link', '.#readsLock'], { cwd: dir });
    assert.equal(run.code, 1, run.output);
    assert.deepEqual(categories(run.diagnostics), ['cargo-lock']);
    const { files, nixFiles } = diskWorkspace(dir);
    const fixes = fixesFor(run.diagnostics[0]!, nixFiles, files);
    assert.ok(fixes.length && fixes.every((f) => !/generate-lockfile/.test(f.title)), fixes.map((f) => f.title).join(' | '));
    assert.ok(
      fixes.some((f) => /git add/.test(f.title)),
      fixes.map((f) => f.title).join(' | '),
    );
    execFileSync('git', ['-C', dir, 'add', 'Cargo.lock']);
    const again = await runNix(['build', '--no-link', '.#readsLock'], { cwd: dir });
    assert.equal(again.code, 0, again.output);
  });

  it('missing attribute', async () => {
    const dir = workdir(join(FIXTURES, 'flake'));
    gitRepo(dir, ['flake.nix', 'data.txt']);
    const run = await runNix(['build', '--no-link', '.#nope'], { cwd: dir });
    assert.equal(run.code, 1);
    const [d] = place(run, dir);
    assert.equal(d?.category, 'flake-attr-missing');
    assert.equal(d.details?.attr, 'packages.x86_64-linux.nope');
    assert.equal(d.file, 'flake.nix');
  });

  it('flakes disabled', async () => {
    const dir = workdir(join(FIXTURES, 'flake'));
    gitRepo(dir, ['flake.nix', 'data.txt']);
    const run = await runNix(['build', '--no-link'], { cwd: dir, experimentalFeatures: 'nix-command' });
    assert.equal(run.code, 1);
    assert.deepEqual(categories(run.diagnostics), ['flake-experimental']);
    assert.deepEqual(run.diagnostics[0]!.fixes, [{ kind: 'enable-flakes', features: ['nix-command', 'flakes'] }]);
  });

  it('syntax error in flake.nix (internal-json): mapped from the store copy to flake.nix:3:40', async () => {
    const dir = workdir(join(FIXTURES, 'flake-syntax'));
    gitRepo(dir, ['flake.nix']);
    for (const json of [true, false]) {
      const run = await runNix(['build', '--no-link', ...(json ? ['--log-format', 'internal-json'] : [])], { cwd: dir });
      assert.equal(run.code, 1);
      const [d] = place(run, dir);
      assert.equal(d?.category, 'eval-error');
      assert.match(d.location!.path, /^\/nix\/store\/[a-z0-9]{32}-source\/flake\.nix$/);
      assert.equal(d.file, 'flake.nix');
      assert.deepEqual(d.range?.start, { line: 2, character: 39 });
    }
  });
});

// Real cargo and rustc inside the sandbox (the toolchain dir is bind-mounted).
const SYSROOT = rustSysroot();
const REGISTRY = '/usr/share/cargo/registry';
const hasOpensslSys = existsSync(REGISTRY) && readdirSync(REGISTRY).some((n) => n.startsWith('openssl-sys-'));
const hasCrate = (name: string) => existsSync(REGISTRY) && readdirSync(REGISTRY).some((n) => n.startsWith(`${name}-`) && /^\d/.test(n.slice(name.length + 1)));

async function rustScenario(crate: string, options: Record<string, string | boolean>, args: string[] = []): Promise<{ run: NixRun; dir: string; placed: Diagnostic[] }> {
  const dir = workdir(join(FIXTURES, 'rust', 'crates', crate));
  cpSync(join(FIXTURES, 'rust', 'flake.nix'), join(dir, 'flake.nix'));
  cpSync(join(FIXTURES, 'rust', 'builder.sh'), join(dir, 'builder.sh'));
  const attrs = Object.entries({ name: crate, bin: join(SYSROOT!, 'bin'), ...options }).map(([k, v]) => `${k} = ${typeof v === 'boolean' ? v : JSON.stringify(v)};`);
  writeFileSync(join(dir, 'options.nix'), `{ ${attrs.join(' ')} }\n`);
  gitRepo(dir, ['.']);
  const run = await runNix(['build', '--no-link', ...args, '.#default'], { cwd: dir, sandboxPaths: [SYSROOT!] });
  return { run, dir, placed: place(run, dir) };
}

describe('rust builds with real cargo', { skip: !SYSROOT && 'no Rust toolchain' }, () => {
  for (const args of [[], ['-L'], ['--log-format', 'internal-json', '-v']]) {
    it(`compile error (${args.join(' ') || 'plain'}): rustc span mapped from /build/source to src/main.rs, UTF-16 column`, async () => {
      const { run, dir, placed } = await rustScenario('compile-error', {}, args);
      assert.equal(run.code, 1, run.output);
      assert.deepEqual(categories(placed), ['rust-compile-error']);
      const d = placed[0]!;
      assert.match(d.message, /^error\[E0425\]: cannot find value `undefined_name`/);
      assert.equal(d.file, 'src/main.rs');
      const line = readFileSync(join(dir, 'src/main.rs'), 'utf8').split('\n')[d.range!.start.line]!;
      assert.equal(line.slice(d.range!.start.character, d.range!.end.character), 'undefined_name');
    });
  }

  it("rustc's error in its own span: certain; in code the build script generated into OUT_DIR: a possible cause, worded as one", async () => {
    const own = await rustScenario('compile-error', {});
    assert.deepEqual(
      own.placed.map((d) => d.confidence),
      ['certain'],
    );
    const { run, placed } = await rustScenario('generated-error', {});
    assert.equal(run.code, 1, run.output);
    assert.deepEqual(categories(placed), ['rust-compile-error']);
    const d = placed[0]!;
    assert.match(d.location!.path, /\/target\/release\/build\/generated-error-[0-9a-f]{16}\/out\/generated\.rs$/);
    assert.equal(d.confidence, 'possible');
    assert.equal(isClaim(d), false);
    assert.match(asTold(d).message, /^Possible cause \(the log does not show it for certain\): error\[E0308\]: mismatched types/);
  });

  it('rust-version newer than the toolchain → rustc-too-old with that version', async () => {
    const { run, placed } = await rustScenario('too-new', {});
    assert.equal(run.code, 1);
    assert.deepEqual(categories(placed), ['rustc-too-old']);
    assert.deepEqual(placed[0]!.fixes, [{ kind: 'rust-toolchain', rustVersion: '1.999' }]);
    assert.equal(placed[0]!.related?.[0]?.file, 'Cargo.toml');
  });

  it('a test that needs the network → test-failure skipping exactly that test', async () => {
    const { run, placed } = await rustScenario('net-test', { command: 'test' });
    assert.equal(run.code, 1, run.output);
    assert.deepEqual(categories(placed), ['test-failure']);
    assert.deepEqual(placed[0]!.fixes, [{ kind: 'skip-tests', tests: ['tests::reaches_crates_io'] }]);
    assert.equal(placed[0]!.details?.network, 'true');
  });

  it('--frozen without Cargo.lock → cargo-lock', async () => {
    const { run, placed } = await rustScenario('frozen', { cargoFlags: '--frozen' });
    assert.equal(run.code, 1);
    assert.deepEqual(categories(placed), ['cargo-lock']);
    assert.equal(placed[0]!.file, 'Cargo.toml');
  });

  it("a Cargo.lock newer than the build's cargo (`lock file version `5` was found`) → rustc-too-old, a newer toolchain", async () => {
    const { run, placed } = await rustScenario('lock-too-new', {});
    assert.equal(run.code, 1, run.output);
    assert.match(run.output, /failed to parse lock file at: \S+\n[^\n]*\n[^\n]*Caused by:\n[^\n]*lock file version `5` was found/);
    assert.deepEqual(categories(placed), ['rustc-too-old']);
    assert.deepEqual(placed[0]!.fixes, [{ kind: 'rust-toolchain' }]);
  });

  it("a Cargo.lock with a merge conflict's markers (a TOML error) → cargo-lock, no toolchain", async () => {
    const { run, placed } = await rustScenario('lock-conflict', {});
    assert.equal(run.code, 1, run.output);
    assert.match(run.output, /TOML parse error/);
    assert.deepEqual(categories(placed), ['cargo-lock']);
    assert.match(placed[0]!.message, /merge conflict/);
  });

  it('dependencies fetched from crates.io inside the sandbox → network-sandbox', async () => {
    const { run, placed } = await rustScenario('crates-io', {});
    assert.equal(run.code, 1);
    assert.deepEqual(categories(placed), ['network-sandbox']);
    assert.deepEqual(placed[0]!.fixes, [{ kind: 'use-cargo-lock' }]);
  });

  // Other tools inside a build script (cc-rs, CMake), each failing the way it does without its input.
  describe('cc-rs from Debian crate sources', { skip: !hasCrate('cc') && 'librust-cc-dev not installed' }, () => {
    it(
      "a C file including a library's header the sandbox lacks (opus/opus.h) → pkgconfig-lib libopus",
      { skip: existsSync('/usr/include/opus/opus.h') && 'the host has libopus headers' },
      async () => {
        // -L: the `last 10 log lines` window stops after the compiler's error, before the header's name.
        const { run, placed } = await rustScenario('cc-native', { registryDir: REGISTRY }, ['-L']);
        assert.equal(run.code, 1, run.output);
        assert.match(run.output, /fatal error: opus\/opus\.h: No such file or directory/);
        assert.deepEqual(categories(placed), ['pkgconfig-lib']);
        assert.deepEqual(placed[0]!.fixes, [{ kind: 'add-inputs', buildInputs: ['libopus'] }]);
      },
    );

    it('CC names a compiler PATH does not have (cc-rs: `Failed to find tool. Is `clang` installed?`) → missing-tool clang', async () => {
      const { run, placed } = await rustScenario('cc-native', { registryDir: REGISTRY, ccTool: 'clang' });
      assert.equal(run.code, 1, run.output);
      assert.deepEqual(categories(placed), ['missing-tool']);
      assert.deepEqual(placed[0]!.fixes, [{ kind: 'add-inputs', nativeBuildInputs: ['clang'] }]);
    });
  });

  describe('pyo3-build-config from Debian crate sources', { skip: !hasCrate('pyo3-build-config') && 'librust-pyo3-build-config-dev not installed' }, () => {
    for (const args of [[], ['-L']]) {
      it(`its build script with no python3 on PATH (\`error: no Python 3.x interpreter found\`, ${args.join(' ') || 'tail'}) → missing-tool python3`, async () => {
        const { run, placed } = await rustScenario('pyo3-python', { registryDir: REGISTRY }, args);
        assert.equal(run.code, 1, run.output);
        assert.match(run.output, /error: no Python 3\.x interpreter found/);
        assert.deepEqual(categories(placed), ['missing-tool']);
        assert.deepEqual(placed[0]!.fixes, [{ kind: 'add-inputs', nativeBuildInputs: ['python3'] }]);
      });
    }
  });

  describe('the pkg-config crate from Debian crate sources', { skip: !hasCrate('pkg-config') && 'librust-pkg-config-dev not installed' }, () => {
    it("a build script that words the failed lookup itself (evdev-sys' `Couldn't find libevdev from pkgconfig (…)`) → pkgconfig-lib libevdev, whole or cut to that sentence", async () => {
      const { run, placed } = await rustScenario('own-words', { registryDir: REGISTRY, emptyPkgConfigPath: true }, ['-L']);
      assert.equal(run.code, 1, run.output);
      const own = /^.*Couldn't find libevdev from pkgconfig \(.*$/m.exec(run.output)?.[0];
      assert.ok(own, run.output);
      assert.deepEqual(
        placed.map((d) => [d.category, d.fixes]),
        [['pkgconfig-lib', [{ kind: 'add-inputs', buildInputs: ['libevdev'] }]]],
      );
      // What a paste keeps when it cuts cargo's error to the script's own words (round15 f05).
      const cut = [run.output.split('\n').find((l) => l.includes('failed to run custom build command'))!, own.replace(/ \(.*/, '')].join('\n');
      assert.deepEqual(
        diagnoseText(cut).map((d) => [d.category, d.fixes]),
        [['pkgconfig-lib', [{ kind: 'add-inputs', buildInputs: ['libevdev'] }]]],
      );
    });
  });

  describe('the cmake crate from Debian crate sources', { skip: (!hasCrate('cmake') || !existsSync('/usr/bin/cmake')) && 'librust-cmake-dev or cmake not installed' }, () => {
    it("CMake's find_package without the library (`Could NOT find ODBC`) → pkgconfig-lib unixODBC", async () => {
      // -L: the `last 10 log lines` window shows only the cmake crate's panic.
      const { run, placed } = await rustScenario('cmake-find', { registryDir: REGISTRY, withCmake: true }, ['-L']);
      assert.equal(run.code, 1, run.output);
      if (!/Could NOT find ODBC/.test(run.output)) return; // the host's /usr has unixODBC: nothing to diagnose
      assert.deepEqual(categories(placed), ['pkgconfig-lib']);
      assert.deepEqual(placed[0]!.fixes, [{ kind: 'add-inputs', buildInputs: ['unixODBC'] }]);
    });
  });

  it(
    'Cargo.toml asking for a version the vendored sources lack (`failed to select a version` in a directory source) → cargo-lock, not the network',
    { skip: !hasCrate('cc') && 'librust-cc-dev not installed' },
    async () => {
      const { run, placed } = await rustScenario('stale-lock', { registryDir: REGISTRY });
      assert.equal(run.code, 1, run.output);
      assert.match(run.output, /location searched: directory source/);
      assert.deepEqual(categories(placed), ['cargo-lock']);
      assert.deepEqual(placed[0]!.fixes, [
        { kind: 'run', argv: ['cargo', 'update', '--workspace'] },
        { kind: 'git-add', path: 'Cargo.lock' },
      ]);
    },
  );

  it("a git dependency cargo must fetch offline (`can't checkout from … offline mode`) → git-deps, no entry guessed", { skip: !existsSync(REGISTRY) && 'no Debian crate registry' }, async () => {
    const { run, placed } = await rustScenario('git-offline', { registryDir: REGISTRY });
    assert.equal(run.code, 1, run.output);
    assert.deepEqual(categories(placed), ['git-deps']);
    assert.deepEqual(placed[0]!.fixes, []);
    assert.equal(placed[0]!.details?.source, 'https://github.com/rhysd/tinyjson');
  });

  it('a git dependency cargo clones in the sandbox, its `Updating git repository` scrolled out of the 10-line window (`failed to clone into: …/git/db/…`) → git-deps, no entry guessed', async () => {
    const { run, placed } = await rustScenario('git-offline', {});
    assert.equal(run.code, 1, run.output);
    keepLog('git-clone.log', run.output);
    assert.deepEqual(categories(placed), ['git-deps']);
    assert.deepEqual(placed[0]!.fixes, []);
    assert.match(placed[0]!.details?.source ?? '', /tinyjson/);
  });

  it('`cargo test` with no rustdoc on PATH (the doc-tests: `could not execute process `rustdoc …` (never executed)`) → missing-tool rustdoc, no attribute guessed', async () => {
    const { run, placed } = await rustScenario('doctest', { command: 'test' });
    assert.equal(run.code, 1, run.output);
    keepLog('doctest.log', run.output);
    assert.deepEqual(categories(placed), ['missing-tool']);
    assert.equal(placed[0]!.details?.tool, 'rustdoc');
    assert.deepEqual(placed[0]!.fixes, []);
  });

  it('a workspace member the source lacks (`failed to load manifest for workspace member`, `failed to read …/Cargo.toml`) → keep that member in src', async () => {
    const { run, placed } = await rustScenario('member-missing', {});
    assert.equal(run.code, 1, run.output);
    keepLog('member-missing.log', run.output);
    assert.deepEqual(categories(placed), ['rust-compile-error']);
    assert.deepEqual(placed[0]!.fixes, [{ kind: 'include-in-src', path: 'crates/extra', because: 'a crate of the workspace cargo loads' }]);
  });

  it("a bench target whose source the tree lacks (`can't find `speed` bench at `benches/speed.rs` or …`) → keep benches in src", async () => {
    const { run, placed } = await rustScenario('bench-missing', {});
    assert.equal(run.code, 1, run.output);
    keepLog('bench-missing.log', run.output);
    assert.deepEqual(categories(placed), ['rust-compile-error']);
    assert.deepEqual(placed[0]!.fixes, [{ kind: 'include-in-src', path: 'benches', because: 'a target cargo finds by its path' }]);
  });

  describe('openssl-sys from Debian crate sources', { skip: !hasOpensslSys && 'librust-openssl-sys-dev not installed' }, () => {
    it('no pkg-config → openssl with pkg-config + openssl inputs', async () => {
      const { run, placed } = await rustScenario('openssl', { registryDir: REGISTRY, withPkgConfig: false });
      assert.equal(run.code, 1, run.output);
      assert.deepEqual(categories(placed), ['openssl']);
      assert.deepEqual(placed[0]!.fixes, [{ kind: 'add-inputs', nativeBuildInputs: ['pkg-config'], buildInputs: ['openssl'] }]);
      assert.equal(placed[0]!.details?.pkgConfigMissing, 'true');
    });

    it("OPENSSL_DIR at a directory shaped like openssl.dev (headers, lib/ without libraries) → openssl, OPENSSL_LIB_DIR set to the libraries' output", async () => {
      const { run, placed } = await rustScenario('openssl', { registryDir: REGISTRY, opensslOutput: 'dev' });
      assert.equal(run.code, 1, run.output);
      assert.match(run.output, /OpenSSL libdir at `\[".*\/openssl-dev\/lib"\]` does not contain the required files/);
      assert.deepEqual(categories(placed), ['openssl']);
      assert.deepEqual(
        placed[0]!.fixes.map((f) => (f.kind === 'set-env' ? f.name : f.kind)),
        ['OPENSSL_LIB_DIR', 'add-inputs'],
      );
    });

    it('pkg-config finds no openssl.pc (last 10 log lines only) → openssl', async () => {
      const { run, placed } = await rustScenario('openssl', { registryDir: REGISTRY, emptyPkgConfigPath: true });
      assert.equal(run.code, 1, run.output);
      assert.deepEqual(categories(placed), ['openssl']);
    });
  });
});
