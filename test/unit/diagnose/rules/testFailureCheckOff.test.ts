// A check phase failing with no test named (libtest's summary alone, a test target that failed, a log cut inside the
// run, a title counting failures, a spawned thread out of descriptors): the finding's fix turns the check phase off
// (`doCheck = false;`), said to skip every test, on the builders whose doCheck governs the tests they run — read in each
// builder's source: nixpkgs' buildRustPackage (`doCheck = args.doCheck or true`, cargoCheckHook as checkPhase), crane's
// buildPackage and its test checks (the same default; cargo in checkPhaseCargoCommand), stdenv.mkDerivation, naersk and
// crane's mkCargoDerivation (stdenv's `doCheck ? false`: only a doCheck written there runs the tests); never crane's
// buildDepsOnly (`cargo test --no-run`) or cargoTarpaulin (tests in its build phase), nor crate2nix. Real pastes of the
// developed-on rounds; every edited file parsed by real `nix-instantiate --parse` when Nix is here.
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { diagnoseText } from '../../../../server/src/diagnose/diagnoser';
import { placeDiagnostics } from '../../../../server/src/diagnose/place';
import { fixesFor } from '../../../../server/src/diagnose/toFixes';
import type { Diagnostic } from '../../../../server/src/diagnose/types';
import { applyEdits } from '../../../../server/src/fixes/nixEdits';
import { initParsers } from '../../../../server/src/parse/treeSitter';
import { heldout, ws } from './helpers';

const NIX = spawnSync('nix-instantiate', ['--version'], { stdio: 'ignore' }).status === 0;
const dir = mkdtempSync(join(tmpdir(), 'nixify-checkoff-'));
before(async () => {
  await initParsers();
});
after(() => rmSync(dir, { recursive: true, force: true }));

function parses(text: string): void {
  if (!NIX) return;
  const file = join(dir, 'edited.nix');
  writeFileSync(file, text);
  execFileSync('nix-instantiate', ['--parse', file], { env: { ...process.env, NIX_CONFIG: 'build-users-group =' }, stdio: ['ignore', 'ignore', 'pipe'] });
}

/** The test-failure finding of a log, placed in a workspace of one Nix file, and its fixes' titles and edited texts. */
function fixesOn(log: string, path: string, nix: string): { d: Diagnostic; fixes: { title: string; text: string; preferred?: boolean }[] } {
  const { files, nixFiles } = ws({ [path]: nix, 'Cargo.toml': '[package]\nname = "flow"\n' });
  const ds = placeDiagnostics(diagnoseText(log), nixFiles, files);
  const d = ds.find((x) => x.category === 'test-failure');
  assert.ok(d, JSON.stringify(ds.map((x) => x.category)));
  return {
    d,
    fixes: fixesFor(d, nixFiles, files).map((f) => {
      assert.ok(f.edits.every((e) => e.path === path));
      const text = applyEdits(nix, f.edits[0]?.edits ?? []);
      parses(text);
      return { title: f.title, text, ...(f.preferred ? { preferred: true } : {}) };
    }),
  };
}

const BRP = (extra = '') => `{ lib, rustPlatform }:

rustPlatform.buildRustPackage {
  pname = "flow";
  version = "0.1.0";
  src = ./.;
  cargoHash = lib.fakeHash;${extra}
}
`;

// round195 zl04: Nix's tail ends inside libtest's run of flow-0.1.0, exit code 101.
const CUT = () => heldout(195, 'zl04.log');

describe('test-failure with no test named → turn the check phase off', () => {
  it('the logs that name none carry `skip-tests` with no names (round105 vz03 summary, round198 zo02 and round146 xo06 targets, round195 zl04 cut, round22 m07 descriptors, round149 xr03 title)', () => {
    for (const [round, name] of [
      [105, 'vz03.log'],
      [198, 'zo02.log'],
      [146, 'xo06.log'],
      [195, 'zl04.log'],
      [22, 'm07.log'],
      [149, 'xr03.log'],
    ] as const) {
      const tf = diagnoseText(heldout(round, name)).filter((d) => d.category === 'test-failure');
      assert.equal(tf.length, 1, name);
      assert.deepEqual(tf[0]!.fixes, [{ kind: 'skip-tests', tests: [] }], name);
      assert.match(tf[0]!.message, /where the check phase runs the tests, `doCheck = false;` turns it off: the build gets through, but no test runs\./, name);
    }
  });

  it('buildRustPackage (doCheck on by default): adds `doCheck = false;` in nixfmt layout, titled as skipping every test, not preferred', () => {
    const { fixes } = fixesOn(CUT(), 'package.nix', BRP());
    assert.deepEqual(fixes, [{ title: 'Turn the check phase off (doCheck = false): skips every test, not only the failing one', text: BRP('\n  doCheck = false;') }]);
  });

  it('a doCheck already written (true, or an expression) is edited, never doubled; `false` already: nothing', () => {
    for (const cur of ['true', '!stdenv.hostPlatform.isDarwin']) {
      const { fixes } = fixesOn(CUT(), 'package.nix', BRP(`\n  doCheck = ${cur};`));
      assert.equal(fixes.length, 1, cur);
      assert.equal(fixes[0]!.text, BRP('\n  doCheck = false;'), cur);
    }
    assert.deepEqual(fixesOn(CUT(), 'package.nix', BRP('\n  doCheck = false;')).fixes, []);
  });

  it('a test named keeps `--skip` as the fix, preferred (round105 vz03 summary with the list cut: none; a named list: checkFlags)', () => {
    const named = 'running 2 tests\ntest tests::online ... FAILED\ntest tests::ok ... ok\n\nfailures:\n    tests::online\n\ntest result: FAILED. 1 passed; 1 failed\n';
    const { fixes } = fixesOn(named, 'package.nix', BRP());
    assert.equal(fixes.length, 1);
    assert.match(fixes[0]!.title, /^Skip tests::online in checkFlags$/);
    assert.equal(fixes[0]!.preferred, true);
    const unnamed = fixesOn(heldout(105, 'vz03.log'), 'package.nix', BRP());
    assert.match(unnamed.fixes[0]!.title, /^Turn the check phase off/);
    assert.equal(unnamed.fixes[0]!.preferred, undefined);
  });

  const CRANE = (fn: string, extra = '', common = '') => `{
  outputs =
    { crane, nixpkgs, ... }:
    let
      pkgs = nixpkgs.legacyPackages.x86_64-linux;
      craneLib = crane.mkLib pkgs;
      commonArgs = {
        pname = "flow";
        version = "0.1.0";
        src = ./.;${common}
      };
    in
    {
      packages.x86_64-linux.default = craneLib.${fn} (
        commonArgs
        // {
          cargoArtifacts = null;${extra}
        }
      );
    };
}
`;

  it('crane: buildPackage, cargoTest, cargoNextest and cargoDocTest run their tests unless doCheck is false; a doCheck in commonArgs is overridden on the call, not edited for every call', () => {
    for (const fn of ['buildPackage', 'cargoTest', 'cargoNextest', 'cargoDocTest']) {
      const { fixes } = fixesOn(CUT(), 'flake.nix', CRANE(fn));
      assert.deepEqual(
        fixes.map((f) => f.text),
        [CRANE(fn, '\n          doCheck = false;')],
        fn,
      );
    }
    const shared = fixesOn(CUT(), 'flake.nix', CRANE('buildPackage', '', '\n        doCheck = true;'));
    assert.deepEqual(
      shared.fixes.map((f) => f.text),
      [CRANE('buildPackage', '\n          doCheck = false;', '\n        doCheck = true;')],
    );
  });

  it('crane: the package and its checks share pname through commonArgs; the failing derivation’s suffix (crane’s pnameSuffix) picks the call whose tests failed', () => {
    const FLAKE = `{
  outputs =
    { crane, nixpkgs, ... }:
    let
      pkgs = nixpkgs.legacyPackages.x86_64-linux;
      craneLib = crane.mkLib pkgs;
      commonArgs = {
        pname = "flow";
        version = "0.1.0";
        src = ./.;
      };
      cargoArtifacts = craneLib.buildDepsOnly commonArgs;
    in
    {
      packages.x86_64-linux.default = craneLib.buildPackage (commonArgs // { inherit cargoArtifacts; });
      checks.x86_64-linux.nextest = craneLib.cargoNextest (commonArgs // { inherit cargoArtifacts; });
      checks.x86_64-linux.test = craneLib.cargoTest (commonArgs // { inherit cargoArtifacts; });
    };
}
`;
    const at = (drv: string) => {
      const { fixes } = fixesOn(CUT().replace(/-flow-0\.1\.0/g, `-${drv}`), 'flake.nix', FLAKE);
      assert.equal(fixes.length, 1, drv);
      return fixes[0]!.text.split('\n').find((l) => l.includes('doCheck = false;'));
    };
    assert.equal(at('flow-0.1.0'), '      packages.x86_64-linux.default = craneLib.buildPackage (commonArgs // { inherit cargoArtifacts; doCheck = false; });');
    assert.equal(at('flow-nextest-0.1.0'), '      checks.x86_64-linux.nextest = craneLib.cargoNextest (commonArgs // { inherit cargoArtifacts; doCheck = false; });');
    assert.equal(at('flow-test-0.1.0'), '      checks.x86_64-linux.test = craneLib.cargoTest (commonArgs // { inherit cargoArtifacts; doCheck = false; });');
  });

  it('crane: buildDepsOnly (tests compiled with --no-run), cargoTarpaulin (tests in its build phase), cargoClippy: nothing; mkCargoDerivation: only a doCheck written', () => {
    for (const fn of ['buildDepsOnly', 'cargoTarpaulin', 'cargoClippy', 'mkCargoDerivation']) assert.deepEqual(fixesOn(CUT(), 'flake.nix', CRANE(fn)).fixes, [], fn);
    const { fixes } = fixesOn(CUT(), 'flake.nix', CRANE('mkCargoDerivation', '\n          doCheck = true;'));
    assert.deepEqual(
      fixes.map((f) => f.text),
      [CRANE('mkCargoDerivation', '\n          doCheck = false;')],
    );
  });

  const NAERSK = (extra = '') => `{
  outputs =
    { naersk, nixpkgs, ... }:
    let
      pkgs = nixpkgs.legacyPackages.x86_64-linux;
      naersk' = pkgs.callPackage naersk { };
    in
    {
      packages.x86_64-linux.default = naersk'.buildPackage {
        pname = "flow";
        src = ./.;${extra}
      };
    };
}
`;

  it('naersk and stdenv.mkDerivation (stdenv: no check phase unless doCheck is set): a written doCheck is turned off; none written: nothing', () => {
    assert.deepEqual(fixesOn(CUT(), 'flake.nix', NAERSK()).fixes, []);
    assert.deepEqual(
      fixesOn(CUT(), 'flake.nix', NAERSK('\n        doCheck = true;')).fixes.map((f) => f.text),
      [NAERSK('\n        doCheck = false;')],
    );
    // `mode = "test"`: naersk runs cargo test in its build phase, which doCheck does not stop.
    assert.deepEqual(fixesOn(CUT(), 'flake.nix', NAERSK('\n        mode = "test";\n        doCheck = true;')).fixes, []);
    const MK = (check: string) => `{ stdenv, cargo, rustc }:

stdenv.mkDerivation {
  pname = "flow";
  version = "0.1.0";
  src = ./.;
  nativeBuildInputs = [
    cargo
    rustc
  ];${check}
  checkPhase = "cargo test --offline";
}
`;
    assert.deepEqual(fixesOn(CUT(), 'default.nix', MK('')).fixes, []);
    assert.deepEqual(
      fixesOn(CUT(), 'default.nix', MK('\n  doCheck = true;')).fixes.map((f) => f.text),
      [MK('\n  doCheck = false;')],
    );
  });

  it('crate2nix (buildRustCrate runs no check phase): nothing', () => {
    const C2N = `{
  outputs =
    { crate2nix, nixpkgs, ... }:
    let
      pkgs = nixpkgs.legacyPackages.x86_64-linux;
      project = crate2nix.tools.x86_64-linux.appliedCargoNix {
        name = "flow";
        src = ./.;
      };
    in
    {
      packages.x86_64-linux.default = project.rootCrate.build;
    };
}
`;
    assert.deepEqual(fixesOn(CUT(), 'flake.nix', C2N).fixes, []);
  });
});
