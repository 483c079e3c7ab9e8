// Programs the build lacks, named by who looked for them: a setup hook's shell function (makeWrapper's wrapProgram,
// which only the hook's package defines; real bash and dash in Nix 2.8 builders, test/nix/diagnose/realBuilds.test.ts),
// pyo3-build-config's interpreter lookup (real cargo 1.95 with Debian's pyo3-build-config 0.17.3, same file) and
// rustup's proxy failing to start the toolchain's program. Rounds 34 and 36's pastes (z08, i03, i08). stdenv's own
// functions (setup.sh's prependToVar) are none of these: no input defines them.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { diagnoseText } from '../../../../server/src/diagnose/diagnoser';
import { heldout } from './helpers';

const summary = (text: string) => diagnoseText(text).map((d) => [d.category, d.details?.tool, d.fixes]);
const ADD = (attr: string) => [{ kind: 'add-inputs', nativeBuildInputs: [attr] }];

describe('missing-tool: a program named by the hook, library or proxy that looked for it', () => {
  it("a setup hook's function (round36 i03's naersk postInstall; bash's and dash's wordings) → the hook's package", () => {
    assert.deepEqual(summary(heldout(36, 'i03.log')), [['missing-tool', 'wrapProgram', ADD('makeWrapper')]]);
    assert.deepEqual(summary('demo> ./setup: line 2: wrapProgram: command not found'), [['missing-tool', 'wrapProgram', ADD('makeWrapper')]]);
    assert.deepEqual(summary('sh: 2: ./setup: wrapProgram: not found'), [['missing-tool', 'wrapProgram', ADD('makeWrapper')]]);
    assert.deepEqual(summary('/nix/store/x-stdenv-linux/setup: line 99: installShellCompletion: command not found'), [['missing-tool', 'installShellCompletion', ADD('installShellFiles')]]);
    assert.deepEqual(summary('/nix/store/x-stdenv-linux/setup: line 99: wrapProgramBinary: command not found'), [['missing-tool', 'wrapProgramBinary', ADD('makeBinaryWrapper')]]);
  });

  it("stdenv's own setup function (round159 yb02's cargoCheckHook under an older stdenv; real bash 5.2 and dash) → no missing program", () => {
    assert.deepEqual(summary(heldout(159, 'yb02.log')), []);
    assert.deepEqual(summary('bash: line 1: prependToVar: command not found'), []);
    assert.deepEqual(summary('sh: 1: prependToVar: not found'), []);
    // A hook's own function in the same frame is still the hook's package (its input decides whether it is defined).
    assert.deepEqual(summary('environment: line 7: wrapProgram: command not found'), [['missing-tool', 'wrapProgram', ADD('makeWrapper')]]);
  });

  it("an object's own property name is no hook function nor attribute (the tables are read for their own keys only)", () => {
    // The shell's framed sentence names the program whatever it is called, so it is said, with no input from Object.prototype.
    assert.deepEqual(summary('sh: 1: constructor: not found'), [['missing-tool', 'constructor', []]]);
    assert.deepEqual(summary('constructor: not found'), []);
  });

  it("pyo3-build-config's `no Python 3.x interpreter found` (round36 i08, cut with `...`) → python3", () => {
    assert.deepEqual(summary(heldout(36, 'i08.log')), [['missing-tool', 'python3', ADD('python3')]]);
  });

  it("rustup's proxy: `command failed: 'cargo': No such file or directory` (round34 z08, quoted in prose) → cargo", () => {
    assert.deepEqual(summary(heldout(34, 'z08.log')), [['missing-tool', 'cargo', ADD('cargo')]]);
    assert.deepEqual(summary("error: command failed: 'rustfmt': No such file or directory (os error 2)"), [['missing-tool', 'rustfmt', ADD('rustfmt')]]);
  });

  it('not these: a command that ran and failed, an interpreter found', () => {
    assert.deepEqual(summary("error: command failed: 'cargo': exit status: 101"), []);
    assert.deepEqual(summary('Python 3.x interpreter found at /usr/bin/python3'), []);
  });
});
