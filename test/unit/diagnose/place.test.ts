// Placement and fix edits against Nix models from the real parser.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { before, describe, it } from 'node:test';
import { diagnoseText } from '../../../server/src/diagnose/diagnoser';
import type { WorkspaceFiles } from '../../../server/src/diagnose/locate';
import { placeDiagnostics } from '../../../server/src/diagnose/place';
import { fixesFor } from '../../../server/src/diagnose/toFixes';
import { applyEdits } from '../../../server/src/fixes/nixEdits';
import { parseNixFile } from '../../../server/src/model/nix';
import type { NixFileModel } from '../../../server/src/model/nixTypes';
import { initParsers } from '../../../server/src/parse/treeSitter';
import { diagnoseLog, diagnosisWorkspace } from '../../../server/src/pipeline/diagnose';

const PACKAGE = readFileSync(join(__dirname, '..', '..', 'fixtures', 'logs', 'workspaces', 'crate', 'package.nix'), 'utf8');
const LOCK = `version = 4

[[package]]
name = "lasso"
version = "0.7.2"
source = "git+https://example.org/lasso#0123456789abcdef"

[[package]]
name = "ossl-demo"
version = "0.1.0"
`;
const MAIN = 'fn main() {\n    println!("🦀 {}", undefined_name);\n}\n';
const FLAKE = '{\n  outputs = { self }: {\n    packages.x86_64-linux.default = 1 +;\n  };\n}\n';

function ws(extra: Record<string, string> = {}): { files: WorkspaceFiles; nixFiles: NixFileModel[] } {
  const texts: Record<string, string> = { 'package.nix': PACKAGE, 'Cargo.lock': LOCK, 'src/main.rs': MAIN, 'Cargo.toml': '[package]\nname = "ossl-demo"\nrust-version = "1.80"\n', ...extra };
  const files: WorkspaceFiles = { paths: Object.keys(texts), read: (p) => texts[p] };
  return {
    files,
    nixFiles: Object.keys(texts)
      .filter((p) => p.endsWith('.nix'))
      .map((p) => parseNixFile(texts[p]!, p)),
  };
}

function slice(text: string, r: { start: { line: number; character: number }; end: { line: number; character: number } }): string {
  const lines = text.split('\n');
  return r.start.line === r.end.line ? lines[r.start.line]!.slice(r.start.character, r.end.character) : lines.slice(r.start.line, r.end.line + 1).join('\n');
}

const DRV = '/nix/store/nd45k5pqkg9z8z3gihqs6d4ggrh5j5jm-ossl-demo-0.1.0-vendor-staging.drv';

before(async () => {
  await initParsers();
});

describe('placeDiagnostics + fixesFor', () => {
  it('hash mismatch → on the cargoHash string; the fix writes the got hash', () => {
    const { files, nixFiles } = ws();
    const log = `error: hash mismatch in fixed-output derivation '${DRV}':\n         specified: sha256-6bObwtUGTLG8oCNzRnW31gFhb4yBwqDkoijkivPY1z0=\n            got:    sha256-5slgICqLZFqxPymgHvq98BtcD70hfJMr36pvAoQKEJ4=\n`;
    const [d] = placeDiagnostics(diagnoseText(log), nixFiles, files);
    assert.equal(d!.file, 'package.nix');
    assert.equal(slice(PACKAGE, d!.range!), 'sha256-6bObwtUGTLG8oCNzRnW31gFhb4yBwqDkoijkivPY1z0=');
    const [fix] = fixesFor(d!, nixFiles, files);
    assert.match(applyEdits(PACKAGE, fix!.edits[0]!.edits!), /cargoHash = "sha256-5slgICqLZFqxPymgHvq98BtcD70hfJMr36pvAoQKEJ4=";/);
  });

  it('stale vendor hash without a got value → on cargoHash; the fix resets it to lib.fakeHash', () => {
    const { files, nixFiles } = ws();
    const [d] = placeDiagnostics(diagnoseText('       > ERROR: cargoHash or cargoSha256 is out of date\n'), nixFiles, files);
    assert.equal(slice(PACKAGE, d!.range!), '"sha256-6bObwtUGTLG8oCNzRnW31gFhb4yBwqDkoijkivPY1z0="');
    const [fix] = fixesFor(d!, nixFiles, files);
    assert.match(applyEdits(PACKAGE, fix!.edits[0]!.edits!), /cargoHash = lib\.fakeHash;/);
  });

  it('openssl → on the inputs list; the fix adds openssl to buildInputs and to the formals', () => {
    const { files, nixFiles } = ws();
    const log = readFileSync(join(__dirname, '..', '..', 'fixtures', 'logs', '2.8-rust-openssl-no-pkg-config.log'), 'utf8');
    const [d] = placeDiagnostics(diagnoseText(log), nixFiles, files);
    assert.equal(d!.category, 'openssl');
    assert.equal(slice(PACKAGE, d!.range!), 'nativeBuildInputs = [ pkg-config ];');
    const [fix] = fixesFor(d!, nixFiles, files);
    assert.equal(fix!.title, 'Add openssl to buildInputs');
    const out = applyEdits(PACKAGE, fix!.edits[0]!.edits!);
    assert.match(out, /^\{ lib, rustPlatform, pkg-config, openssl \}:/);
    assert.match(out, /buildInputs = \[ openssl \];/);
  });

  it('git dependency without hash → on the call, Cargo.lock entry related; fix adds outputHashes', () => {
    const { files, nixFiles } = ws();
    const [d] = placeDiagnostics(diagnoseText('error: No hash was found while vendoring the git dependency lasso-0.7.2. You can add\n'), nixFiles, files);
    assert.equal(d!.category, 'git-deps');
    assert.equal(d!.file, 'package.nix');
    assert.deepEqual(d!.related?.[0], { file: 'Cargo.lock', range: { start: { line: 3, character: 0 }, end: { line: 3, character: 14 } }, message: 'git dependency lasso-0.7.2' });
    const [fix] = fixesFor(d!, nixFiles, files);
    assert.match(applyEdits(PACKAGE, fix!.edits[0]!.edits!), /"lasso-0\.7\.2" = lib\.fakeHash;/);
  });

  it('rustc span from /build/source → src/main.rs in UTF-16 columns', () => {
    const { files, nixFiles } = ws();
    const log =
      'error[E0425]: cannot find value `undefined_name` in this scope\n --> /build/source/src/main.rs:2:22\n  |\n2 |     println!("🦀 {}", undefined_name);\n  |                      ^^^^^^^^^^^^^^ not found\n';
    const [d] = placeDiagnostics(diagnoseText(log), nixFiles, files);
    assert.equal(d!.file, 'src/main.rs');
    assert.equal(slice(MAIN, d!.range!), 'undefined_name');
  });

  it('eval error in the store copy of flake.nix → the workspace flake.nix', () => {
    const { files, nixFiles } = ws({ 'flake.nix': FLAKE });
    const log = "error: syntax error, unexpected ';'\n\n       at /nix/store/qvhb493pm2bapkm28v91bizpnn1gy2cy-source/flake.nix:3:40:\n";
    const [d] = placeDiagnostics(diagnoseText(log), nixFiles, files);
    assert.equal(d!.file, 'flake.nix');
    assert.deepEqual(d!.range, { start: { line: 2, character: 39 }, end: { line: 2, character: 40 } });
  });

  it('an error without a workspace position falls back to the built file, never to nowhere', () => {
    const { files, nixFiles } = ws();
    const log = 'error: cannot add a string to an integer\n\n       at «string»:1:11:\n';
    const [d] = placeDiagnostics(diagnoseText(log), nixFiles, files);
    assert.equal(d!.file, 'package.nix');
    assert.ok(d!.range);
  });

  it('failing tests → checkFlags with --skip for exactly those tests', () => {
    const { files, nixFiles } = ws();
    const log = 'running 2 tests\ntest tests::online ... FAILED\ntest tests::ok ... ok\n\nfailures:\n    tests::online\n\ntest result: FAILED. 1 passed; 1 failed\n';
    const [d] = placeDiagnostics(diagnoseText(log), nixFiles, files);
    assert.equal(d!.category, 'test-failure');
    const [fix] = fixesFor(d!, nixFiles, files);
    assert.match(applyEdits(PACKAGE, fix!.edits[0]!.edits!), /checkFlags = \[ "--skip=tests::online" \];/);
  });

  // cargoCheckHook splits an unquoted `${checkFlags}` on spaces; `"${checkFlagsArray[@]}"` keeps a doc test's name whole.
  it('a failing doc test (its name has spaces) → checkFlagsArray in preCheck, the other test in checkFlags', () => {
    const { files, nixFiles } = ws();
    const log =
      "running 2 tests\ntest src/lib.rs - add_one (line 3) ... FAILED\ntest tests::online ... FAILED\n\nfailures:\n\n---- src/lib.rs - add_one (line 3) stdout ----\nTest executable failed (exit status: 101).\n\n---- tests::online stdout ----\nthread 'tests::online' panicked at src/lib.rs:9:5:\nboom\n\nfailures:\n    src/lib.rs - add_one (line 3)\n    tests::online\n\ntest result: FAILED. 0 passed; 2 failed\n";
    const [d] = placeDiagnostics(diagnoseText(log), nixFiles, files);
    const [fix] = fixesFor(d!, nixFiles, files);
    const out = applyEdits(PACKAGE, fix!.edits[0]!.edits!);
    assert.match(out, /checkFlags = \[ "--skip=tests::online" \];/);
    assert.ok(out.includes('preCheck = "checkFlagsArray+=(\\"--skip=src/lib.rs - add_one (line 3)\\")";'), out);
  });

  it('crates.io in the sandbox → cargoLock.lockFile replaces cargoHash', () => {
    const { files, nixFiles } = ws();
    const log = readFileSync(join(__dirname, '..', '..', 'fixtures', 'logs', '2.8-rust-crates-io-unreachable.log'), 'utf8');
    const [d] = placeDiagnostics(diagnoseText(log), nixFiles, files);
    const [fix] = fixesFor(d!, nixFiles, files);
    const out = applyEdits(PACKAGE, fix!.edits[0]!.edits!);
    assert.match(out, /cargoLock\.lockFile = \.\/Cargo\.lock;/);
    assert.doesNotMatch(out, /cargoHash/);
  });
});

describe('placement by the failing derivation’s name (real Nix 2.8 log of fixtures/nix-builds/failing-step)', () => {
  const LOG = readFileSync(join(__dirname, '..', '..', 'fixtures', 'logs', 'failing-step', '2.8-nix-build-check-phase.log'), 'utf8');
  const NIX = readFileSync(join(__dirname, '..', '..', 'fixtures', 'nix-builds', 'failing-step', 'default.nix'), 'utf8');
  const place = (paths: string[], builtFile?: string) => {
    // flake.nix names no derivation.
    const texts = Object.fromEntries(paths.map((p) => [p, p === 'flake.nix' ? '{ outputs = _: { }; }\n' : NIX]));
    const files: WorkspaceFiles = { paths, read: (p) => texts[p] };
    const nixFiles = paths.map((p) => parseNixFile(texts[p]!, p));
    const [d] = placeDiagnostics(diagnoseText(LOG, { failingStep: true }), nixFiles, files, builtFile ? { builtFile } : {});
    return d!.file;
  };

  it('copies under caches, build outputs, node_modules, target, direnv and VCS folders: the walk never lists them, so placement never picks one', async () => {
    const root = mkdtempSync(join(tmpdir(), 'nixify-copies-'));
    try {
      const copies = ['.cache/nix/default.nix', 'result/default.nix', 'result-dev/default.nix', '.jj/repo/default.nix', 'node_modules/demo/default.nix', 'target/x/default.nix', '.direnv/default.nix'];
      for (const p of [...copies, 'nix/default.nix', 'dist/index.html']) {
        mkdirSync(join(root, p, '..'), { recursive: true });
        writeFileSync(join(root, p), NIX);
      }
      const ws = diagnosisWorkspace(root);
      assert.deepEqual([...ws.files.paths].sort(), ['dist/index.html', 'nix/default.nix']);
      assert.deepEqual(
        ws.nixFiles.map((m) => m.path),
        ['nix/default.nix'],
      );
      for (const builtFile of [undefined, 'result/default.nix', '.cache/nix/default.nix']) {
        const [d] = (await diagnoseLog(Readable.from([LOG]), ws, { root, failingStep: true, ...(builtFile ? { builtFile } : {}) })).diagnostics;
        assert.equal(d!.file, 'nix/default.nix', `built ${builtFile}`);
      }
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  it('between files naming it alike: the file the build evaluated, else the first', () => {
    assert.equal(place(['a/default.nix', 'b/default.nix'], 'b/default.nix'), 'b/default.nix');
    assert.equal(place(['a/default.nix', 'b/default.nix']), 'a/default.nix');
  });
});
