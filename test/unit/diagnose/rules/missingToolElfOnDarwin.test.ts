// patchelf and chrpath edit ELF files only; a darwin build's binaries are Mach-O. A step that calls one under a
// darwin stdenv (its setup script's path, its /private/tmp build directory, an apple-darwin target in view) fails
// whether or not the tool is added: a Linux-only step, not a missing input (the guide's round32–38 case, round36 i01).
// The `line N: patchelf: command not found` wording is real bash 5's, running a script with an empty PATH.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { diagnoseText } from '../../../../server/src/diagnose/diagnoser';
import { heldout } from './helpers';

const setupLine = (stdenv: string) => `/nix/store/m1qnbq0pwlsbggjwwxwbq93ni8ila0gr-${stdenv}/setup: line 1735: patchelf: command not found`;

describe('missing-tool: an ELF editor in a darwin build', () => {
  it("round 36's i01: patchelf in a darwin stdenv's installPhase → not claimed", () => {
    assert.deepEqual(
      diagnoseText(heldout(36, 'i01.log')).map((d) => d.category),
      [],
    );
  });

  it('the same line under a Linux stdenv is still patchelf missing', () => {
    const ds = diagnoseText(['Running phase: installPhase', setupLine('stdenv-linux')].join('\n'));
    assert.deepEqual(
      ds.map((d) => [d.category, d.fixes]),
      [['missing-tool', [{ kind: 'add-inputs', nativeBuildInputs: ['patchelf'] }]]],
    );
  });

  it('another tool missing in a darwin build is still missing', () => {
    const ds = diagnoseText(setupLine('stdenv-darwin').replace('patchelf', 'cmake'));
    assert.deepEqual(
      ds.map((d) => d.category),
      ['missing-tool'],
    );
  });
});
