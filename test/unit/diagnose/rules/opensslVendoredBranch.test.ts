// openssl-sys built with its `vendored` feature: its build script reads OPENSSL_NO_VENDOR (printing the read) only in
// that branch, and unset or `0` hands the build to openssl-src (openssl-sys' build/main.rs: find_openssl, env_inner).
// Round24 o07 (after its first run), cut inside openssl-src's compiler probing; the variants follow env_inner's print
// format (no openssl-sys in this machine's cargo cache: structural, the wording read in the crate's source).
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { diagnoseText } from '../../../../server/src/diagnose/diagnoser';
import { placeDiagnostics } from '../../../../server/src/diagnose/place';
import { fixesFor } from '../../../../server/src/diagnose/toFixes';
import { applyEdits } from '../../../../server/src/fixes/nixEdits';
import { initParsers } from '../../../../server/src/parse/treeSitter';
import { heldout, wordingSource, ws } from './helpers';

before(async () => {
  await initParsers();
});

const names = (ds: ReturnType<typeof diagnoseText>) => ds.map((d) => [d.category, d.fixes.map((f) => (f.kind === 'set-env' ? `${f.name}=${f.nix}` : f.kind))]);

/** openssl-sys' build script output as cargo shows it, `reads` the OPENSSL_NO_VENDOR lines, `more` what follows. */
const script = (reads: string[], more: string[] = []) =>
  [
    'error: failed to run custom build command for `openssl-sys v0.9.90`',
    '',
    'Caused by:',
    "  process didn't exit successfully: `/build/source/target/release/build/openssl-sys-9d62e3a0857060fd/build-script-main` (exit status: 101)",
    '  --- stdout',
    '  cargo:rerun-if-env-changed=X86_64_UNKNOWN_LINUX_GNU_OPENSSL_NO_VENDOR',
    ...reads.map((r) => `  ${r}`),
    '  cargo:rerun-if-env-changed=CC_x86_64-unknown-linux-gnu',
    '  CC_x86_64-unknown-linux-gnu = None',
    ...more,
  ].join('\n');

describe("openssl: openssl-sys' vendored branch cut before its cause", () => {
  it('round24 o07: OPENSSL_NO_VENDOR unset, then openssl-src probing the C compiler → OPENSSL_NO_VENDOR = "1" and the inputs', () => {
    assert.deepEqual(names(diagnoseText(heldout(24, 'o07.log'))), [['openssl', ['OPENSSL_NO_VENDOR="1"', 'add-inputs']]]);
  });

  it('`= 0` is the vendored branch too; any other value is not (find_normal: pkg-config and openssl as before)', () => {
    const vendored = ['X86_64_UNKNOWN_LINUX_GNU_OPENSSL_NO_VENDOR unset', 'OPENSSL_NO_VENDOR = 0'];
    assert.deepEqual(names(diagnoseText(script(vendored))), [['openssl', ['OPENSSL_NO_VENDOR="1"', 'add-inputs']]]);
    assert.deepEqual(names(diagnoseText(script(['X86_64_UNKNOWN_LINUX_GNU_OPENSSL_NO_VENDOR = 1']))), [['openssl', ['add-inputs']]]);
  });

  it('openssl-src\'s own step in view (`running "perl" "./Configure"`, its spawn failing) stays missing-tool\'s: round19 j03, real cargo 1.95\'s s83', () => {
    for (const log of [heldout(19, 'j03-missing-tool-openssl-src-vendored-perl-configure-panic-naersk-dummy-src.log'), wordingSource('s83-openssl-src-pattern-perl-spawn-unwrap.log')])
      assert.deepEqual(
        diagnoseText(log).map((d) => d.category),
        ['missing-tool'],
      );
  });

  it('the fix sets the variable first in the env block, then the inputs; a possible cause (its cause is cut), so none preferred', () => {
    const ds = diagnoseText(heldout(24, 'o07.log'));
    const pkg =
      '{\n  lib,\n  rustPlatform,\n}:\n\nrustPlatform.buildRustPackage {\n  pname = "demo";\n  version = "0.1.0";\n  src = ./.;\n  cargoHash = "sha256-AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=";\n}\n';
    const { files, nixFiles } = ws({ 'package.nix': pkg });
    const [d] = placeDiagnostics(ds, nixFiles, files);
    const fixes = fixesFor(d!, nixFiles, files);
    assert.equal(d!.confidence, 'possible');
    assert.ok(!fixes.some((f) => f.preferred));
    assert.match(fixes[0]!.title, /OPENSSL_NO_VENDOR/);
    assert.match(applyEdits(pkg, fixes[0]!.edits[0]!.edits!), /\n {2}env = \{\n {4}OPENSSL_NO_VENDOR = "1";\n {2}\};\n\}\n$/);
    assert.ok(fixes.slice(1).some((f) => /pkg-config/.test(f.title)));
  });
  it('the variable already set to `0` (vendoring, as openssl-sys reads it): its value replaced in place, in each way it is written', () => {
    const ds = diagnoseText(heldout(24, 'o07.log'));
    for (const [set, want] of [
      ['  OPENSSL_NO_VENDOR = 0;\n', '  OPENSSL_NO_VENDOR = "1";\n'],
      ['  env.OPENSSL_NO_VENDOR = "0";\n', '  env.OPENSSL_NO_VENDOR = "1";\n'],
      ['  env = {\n    OPENSSL_NO_VENDOR = 0;\n  };\n', '  env = {\n    OPENSSL_NO_VENDOR = "1";\n  };\n'],
      ['  env = { OPENSSL_NO_VENDOR = "0"; };\n', '  env = { OPENSSL_NO_VENDOR = "1"; };\n'],
    ] as const) {
      const pkg = (v: string) =>
        `{\n  lib,\n  rustPlatform,\n}:\n\nrustPlatform.buildRustPackage {\n  pname = "demo";\n  version = "0.1.0";\n  src = ./.;\n${v}  cargoHash = "sha256-AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=";\n}\n`;
      const { files, nixFiles } = ws({ 'package.nix': pkg(set) });
      const [d] = placeDiagnostics(ds, nixFiles, files);
      const [fix] = fixesFor(d!, nixFiles, files);
      assert.match(fix!.title, /^Set OPENSSL_NO_VENDOR = "1"/, set);
      assert.equal(applyEdits(pkg(set), fix!.edits[0]!.edits!), pkg(want), set);
    }
  });
  it('the variable already set to a value the build reads as "1" (`1`, `true`; real Nix 2.8 puts "1" in the env for each): no edit offered', () => {
    const ds = diagnoseText(heldout(24, 'o07.log'));
    for (const set of ['  OPENSSL_NO_VENDOR = 1;\n', '  env.OPENSSL_NO_VENDOR = true;\n', '  env = { OPENSSL_NO_VENDOR = "1"; };\n']) {
      const pkg = `{\n  lib,\n  rustPlatform,\n}:\n\nrustPlatform.buildRustPackage {\n  pname = "demo";\n  version = "0.1.0";\n  src = ./.;\n${set}  cargoHash = "sha256-AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=";\n}\n`;
      const { files, nixFiles } = ws({ 'package.nix': pkg });
      const [d] = placeDiagnostics(ds, nixFiles, files);
      const titles = fixesFor(d!, nixFiles, files).map((f) => f.title);
      assert.ok(!titles.some((t) => /^Set OPENSSL_NO_VENDOR/.test(t)), `${set}: ${titles.join(' | ')}`);
    }
  });
});
