// The tools' own words for failures the rules know, as their sources print them
// (test/fixtures/logs/wordings/sources/README.md: each log is synthesised from the
// source's format string, not pasted from an issue), one expectation per wording.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { diagnoseText } from '../../../../server/src/diagnose/diagnoser';
import type { Diagnostic, FixIntent } from '../../../../server/src/diagnose/types';
import { ws } from './helpers';
import { fixesFor } from '../../../../server/src/diagnose/toFixes';

const DIR = join(__dirname, '..', '..', '..', 'fixtures', 'logs', 'wordings', 'sources');

const run = (name: string): Diagnostic[] => diagnoseText(readFileSync(join(DIR, name), 'utf8'));
const summary = (ds: Diagnostic[]) => ds.map((d) => [d.category, d.fixes]);
const inputs = (nativeBuildInputs: string[]): FixIntent[] => [{ kind: 'add-inputs', nativeBuildInputs }];
const fromRustup: FixIntent[] = [{ kind: 'replace-input', from: 'rustup', to: ['cargo', 'rustc'] }, { kind: 'rust-toolchain' }];
const lockMissing: FixIntent[] = [
  { kind: 'run', argv: ['cargo', 'generate-lockfile'] },
  { kind: 'git-add', path: 'Cargo.lock' },
];

describe('the tools’ own wordings (from their sources)', () => {
  it('cargo ≥ 1.84: `cannot update the lock file … because --locked was passed` → cargo-lock, update and commit it', () => {
    assert.deepEqual(summary(run('s01-cargo-cannot-update-lock-file.log')), [
      [
        'cargo-lock',
        [
          { kind: 'run', argv: ['cargo', 'update', '--workspace'] },
          { kind: 'git-add', path: 'Cargo.lock' },
        ],
      ],
    ]);
  });

  it('cargo: `attempting to make an HTTP request, but --offline was specified` → network-sandbox, vendor from Cargo.lock', () => {
    assert.deepEqual(summary(run('s02-cargo-offline-http-request.log')), [['network-sandbox', [{ kind: 'use-cargo-lock' }]]]);
  });

  it('Nix 2.20+: `access to path … is forbidden because it is not under Git control` → flake-untracked, git add the path inside the repository', () => {
    assert.deepEqual(summary(run('s03-nix-path-not-under-git-control.log')), [['flake-untracked', [{ kind: 'git-add', path: 'migrations/0001_init.sql' }]]]);
  });

  it('a Cargo.lock missing from the source Nix reads (Nix 2.20+ `does not exist in Git repository`; x11-style store paths) → cargo-lock, generate or add it', () => {
    assert.deepEqual(summary(run('s04-nix-cargo-lock-not-in-git-repository.log')), [['cargo-lock', lockMissing]]);
    const line = "error: path '/nix/store/gc4a7m5r5ds0lkg4ggsx5yazfyzvah8w-source/Cargo.lock' does not exist\n";
    assert.deepEqual(summary(diagnoseText(line)), [['cargo-lock', lockMissing]]);
    // Any other file missing from a flake's store copy still is an untracked file.
    assert.deepEqual(summary(diagnoseText(line.replace('Cargo.lock', 'data/schema.sql'))), [['flake-untracked', [{ kind: 'git-add', path: 'data/schema.sql' }]]]);
  });

  it('generating the lock is offered only when the workspace has none: an existing (untracked) one is added, not re-resolved', () => {
    const [d] = run('s04-nix-cargo-lock-not-in-git-repository.log');
    const titles = (texts: Record<string, string>) => {
      const { files, nixFiles } = ws(texts);
      return fixesFor(d!, nixFiles, files).map((f) => f.title);
    };
    const withLock = titles({ 'Cargo.toml': '[package]\nname = "demo"\n', 'Cargo.lock': 'version = 4\n' });
    assert.ok(withLock.length && withLock.every((t) => !/generate-lockfile/.test(t)), withLock.join(' | '));
    assert.ok(titles({ 'Cargo.toml': '[package]\nname = "demo"\n' }).some((t) => /generate-lockfile/.test(t)));
  });

  it("Nix's own downloads (substituters, fetchTarball: `unable to download '…'`), fetchgit's and the cargo vendor fixed-output derivations' DNS failures are no sandbox failure", () => {
    for (const f of ['s05-nix-own-download-dns.log', 's06-fetchgit-dns-fixed-output.log', 's07-vendor-staging-dns-fixed-output.log']) assert.deepEqual(run(f), [], f);
    // fetchurl's closing words after curl's error (round7 x07's shape), and the same error with no fetcher around it.
    const fod = 'curl: (6) Could not resolve host: static.crates.io\nerror: cannot download cargo-src-demo-0.1.0 from any mirror\n';
    assert.deepEqual(diagnoseText(fod), []);
    assert.deepEqual(
      diagnoseText(fod.split('\n')[0]! + '\n').map((d) => d.category),
      ['network-sandbox'],
    );
  });

  it("the pkg-config crate's older `could not find system library 'gtk+-3.0' required by the 'gtk-sys' crate` → pkgconfig-lib gtk3", () => {
    assert.deepEqual(summary(run('s08-pkg-config-could-not-find-system-library.log')), [['pkgconfig-lib', [{ kind: 'add-inputs', buildInputs: ['gtk3'] }]]]);
  });

  it('the spawn helper of cmake-rs and old cc-rs (`is `x` not installed?`, the program maybe a path) → missing-tool', () => {
    assert.deepEqual(summary(run('s09-spawn-helper-is-not-installed-cmake.log')), [['missing-tool', inputs(['cmake'])]]);
    assert.deepEqual(summary(run('s10-spawn-helper-is-not-installed-path.log')), [['missing-tool', inputs(['gcc'])]]);
  });

  it('gcc/clang: `invalid linker name in argument -fuse-ld=mold` → missing-tool mold; no guess for a linker nixpkgs has no attribute for', () => {
    assert.deepEqual(summary(run('s11-fuse-ld-mold-missing.log')), [['missing-tool', inputs(['mold'])]]);
    assert.deepEqual(summary(diagnoseText("cc: error: invalid linker name in argument '-fuse-ld=gold'\n")), []);
  });

  it("CMake's `No CMAKE_CXX_COMPILER could be found` and rustc's `linker `cc` not found` → the wrapped gcc", () => {
    assert.deepEqual(summary(run('s12-cmake-no-cxx-compiler.log')), [['missing-tool', inputs(['gcc'])]]);
    assert.deepEqual(summary(run('s16-rustc-linker-cc-not-found.log')), [['missing-tool', inputs(['gcc'])]]);
  });

  it("rustup's `no override and no default toolchain set` and `toolchain '…' is not installed` in a build → cargo and rustc from Nix", () => {
    assert.deepEqual(summary(run('s13-rustup-no-default-toolchain-set.log')), [['network-sandbox', fromRustup]]);
    assert.deepEqual(summary(run('s14-rustup-toolchain-not-installed.log')), [['network-sandbox', fromRustup]]);
  });

  it("a shell's `pkg-config: command not found` → pkgconfig-lib adding pkg-config (missing-tool leaves pkg-config to it)", () => {
    assert.deepEqual(summary(run('s17-shell-pkg-config-command-not-found.log')), [['pkgconfig-lib', inputs(['pkg-config'])]]);
  });

  it("GNU env's and GNU make's words for a program PATH lacks → missing-tool; a program no attribute is known for is named with no input", () => {
    assert.deepEqual(summary(run('s18-env-program-not-found.log')), [['missing-tool', inputs(['python3'])]]);
    assert.deepEqual(summary(run('s19-make-command-not-found.log')), [['missing-tool', inputs(['protobuf'])]]);
    assert.deepEqual(summary(diagnoseText('make: nixify-unknown-tool: No such file or directory\n')), [['missing-tool', []]]);
  });

  it('cargo `no such command: `leptos`` → missing-tool cargo-leptos (cargo runs cargo-<name> from PATH)', () => {
    assert.deepEqual(summary(run('s20-cargo-no-such-command.log')), [['missing-tool', inputs(['cargo-leptos'])]]);
  });

  it("Meson's `Unknown compiler(s): [['cc'], …]` → missing-tool gcc", () => {
    assert.deepEqual(summary(run('s21-meson-unknown-compiler.log')), [['missing-tool', inputs(['gcc'])]]);
  });

  it('Cargo before the edition: `supported edition values are `2015` or `2018`, but `2021` is unknown` → rustc-too-old, Rust 1.56', () => {
    assert.deepEqual(summary(run('s22-cargo-edition-unknown.log')), [['rustc-too-old', [{ kind: 'rust-toolchain', rustVersion: '1.56' }]]]);
  });

  it('sqlx ≤ 0.6 `failed to find data for query` → sqlx-offline: prepare again and commit sqlx-data.json', () => {
    assert.deepEqual(summary(run('s23-sqlx-06-no-data-for-query.log')), [
      [
        'sqlx-offline',
        [
          { kind: 'run', argv: ['cargo', 'sqlx', 'prepare', '--workspace'] },
          { kind: 'git-add', path: 'sqlx-data.json' },
        ],
      ],
    ]);
  });

  it("cargo-nextest's `FAIL [ …s] binary test` lines and `error: test run failed` → test-failure skipping exactly that test", () => {
    assert.deepEqual(summary(run('s24-nextest-test-run-failed.log')), [['test-failure', [{ kind: 'skip-tests', tests: ['tests::needs_network'] }]]]);
  });

  it("openssl-sys' `a different version of OpenSSL was found` (an openssl-sys older than nixpkgs' OpenSSL) → openssl: update openssl-sys, not inputs", () => {
    assert.deepEqual(summary(run('s25-openssl-sys-version-mismatch.log')), [
      [
        'openssl',
        [
          { kind: 'run', argv: ['cargo', 'update', '-p', 'openssl-sys'] },
          { kind: 'git-add', path: 'Cargo.lock' },
        ],
      ],
    ]);
  });

  it("Apple's linker without a framework (ld64 `framework not found X`, ld-prime `framework 'X' not found`) → pkgconfig-lib darwin.apple_sdk.frameworks.X", () => {
    assert.deepEqual(summary(run('s26-apple-ld-framework-not-found.log')), [['pkgconfig-lib', [{ kind: 'add-inputs', buildInputs: ['darwin.apple_sdk.frameworks.Security'] }]]]);
    assert.deepEqual(summary(diagnoseText("ld: framework 'CoreFoundation' not found\n")), [['pkgconfig-lib', [{ kind: 'add-inputs', buildInputs: ['darwin.apple_sdk.frameworks.CoreFoundation'] }]]]);
  });

  it('a program the shell could not find exits 127 (wasm-pack: `failed to execute `wasm-opt`: exited with exit status: 127`) → missing-tool binaryen', () => {
    assert.deepEqual(summary(run('s27-wasm-pack-wasm-opt-exit-127.log')), [['missing-tool', inputs(['binaryen'])]]);
  });

  it("what only a nightly accepts (a manifest's cargo feature, rustc's `-Z` options) → rustc-too-old, a toolchain from rust-overlay; no rustc error besides", () => {
    assert.deepEqual(summary(run('s28-cargo-feature-requires-nightly.log')), [['rustc-too-old', [{ kind: 'rust-toolchain' }]]]);
    assert.deepEqual(summary(run('s29-rustc-z-option-nightly-only.log')), [['rustc-too-old', [{ kind: 'rust-toolchain' }]]]);
  });

  it("any tool finding no Cargo.lock in the unpacked source (fetchCargoVendor's Python, cargoSetupHook's diff cut before nixpkgs' ERROR) → cargo-lock, said once", () => {
    for (const f of ['s30-fetch-cargo-vendor-no-cargo-lock.log', 's31-cargo-setup-hook-diff-no-cargo-lock.log']) assert.deepEqual(summary(run(f)), [['cargo-lock', lockMissing]], f);
    // The diff and nixpkgs' own line together (round3 s13's shape): one diagnosis.
    const both = 'diff: /build/source/Cargo.lock: No such file or directory\nERROR: Missing Cargo.lock from src. Expected to find it at: /build/source/Cargo.lock\n';
    assert.equal(diagnoseText(both).length, 1);
  });

  it("nixpkgs' check-meta refusing a package (`is marked as broken, refusing to evaluate`) → eval-error, no fix guessed", () => {
    assert.deepEqual(summary(run('s15-nixpkgs-check-meta-broken.log')), [['eval-error', []]]);
  });

  it('real Nix 2.26 output (the chroot oracle; working directory replaced by /home/user/demo): the same answers as Nix 2.8 gives', () => {
    assert.deepEqual(run('n226-builtins-fetchurl-dns.log'), []);
    assert.deepEqual(run('n226-fixed-output-fetch-dns.log'), []);
    assert.deepEqual(
      run('n226-build-step-download-dns.log').map((d) => d.category),
      ['network-sandbox'],
    );
    assert.deepEqual(summary(run('n226-env-program-not-found.log')), [['missing-tool', inputs(['python3'])]]);
    assert.deepEqual(summary(run('n226-readfile-cargo-lock-missing.log')), [['cargo-lock', lockMissing]]);
    assert.deepEqual(summary(run('n226-flake-cargo-lock-untracked.log')), [['cargo-lock', lockMissing]]);
    assert.deepEqual(summary(run('n226-flake-file-untracked.log')), [['flake-untracked', [{ kind: 'git-add', path: 'data.txt' }]]]);
  });

  it("cargo's package cache lock under a HOME it cannot create (real cargo 1.95 output, HOME=/proc/homeless-shelter) → home-not-writable", () => {
    const ds = run('s32-cargo-package-cache-lock-home.log');
    assert.deepEqual(summary(ds), [['home-not-writable', inputs(['writableTmpDirAsHomeHook'])]]);
    assert.equal(ds[0]!.details?.path, '/proc/homeless-shelter/.cargo/.package-cache');
  });

  it("a Rust tool printing `Error: {}` then `Caused by: {}` for a bare EACCES (wasm-pack's cache dir) → home-not-writable", () => {
    assert.deepEqual(summary(run('s33-tool-pathless-permission-denied.log')), [['home-not-writable', inputs(['writableTmpDirAsHomeHook'])]]);
  });
});
