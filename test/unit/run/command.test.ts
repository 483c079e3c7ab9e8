import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { withExperimentalFeatures, flakeRef, installableKey, invocation, taskLabel, UnsupportedError, updateInputArgs } from '../../../client/src/run/command';
import { isFileInstallable } from '../../../shared/src/installable';
import { parseNixVersion, supportsInternalJson } from '../../../client/src/run/nixVersion';

const nix = (v: string) => ({ path: '/opt/nix/bin/nix', version: parseNixVersion(v)! });

describe('nix version', () => {
  it('reads the version of every Nix era and of vendor builds', () => {
    assert.deepEqual(parseNixVersion('nix (Nix) 2.8.0\n'), { major: 2, minor: 8, patch: 0, text: 'nix (Nix) 2.8.0' });
    assert.equal(parseNixVersion('nix (Nix) 2.3.18')!.minor, 3);
    assert.equal(parseNixVersion('nix (Determinate Nix 3.6.2) 2.29.0')!.minor, 29);
    assert.equal(parseNixVersion('nix (Lix, like Nix) 2.91.1')!.minor, 91);
    assert.equal(parseNixVersion('garbage'), undefined);
    assert.equal(supportsInternalJson(parseNixVersion('nix (Nix) 2.3.16')!), false);
    assert.equal(supportsInternalJson(parseNixVersion('nix (Nix) 2.4')!), true);
  });
});

describe('task invocation', () => {
  it('builds a flake installable with the JSON logger on Nix ≥ 2.4, extra args before the task args', () => {
    const inv = invocation({ command: 'build', installable: '.#default', args: ['--keep-going'] }, nix('nix (Nix) 2.8.0'), ['--option', 'cores', '2']);
    assert.deepEqual(inv, {
      file: '/opt/nix/bin/nix',
      args: ['build', '.#default', '--log-format', 'internal-json', '-v', '--option', 'cores', '2', '--keep-going'],
      json: true,
      interactive: false,
    });
  });

  it('uses plain output with -L on Nix 2.3 and refuses flakes there with a reason', () => {
    const inv = invocation({ command: 'build', installable: 'default.nix' }, nix('nix (Nix) 2.3.16'));
    assert.equal(inv.file, '/opt/nix/bin/nix-build');
    assert.throws(
      () => invocation({ command: 'build', installable: '.#default' }, nix('nix (Nix) 2.3.16')),
      (e: Error) => e instanceof UnsupportedError && /2\.4/.test(e.message),
    );
  });

  it('builds Nix files with nix-build next to nix (no experimental features needed)', () => {
    const inv = invocation({ command: 'build', installable: 'nix/default.nix', args: ['-A', 'foo'] }, nix('nix (Nix) 2.24.0'));
    assert.deepEqual(inv, { file: '/opt/nix/bin/nix-build', args: ['nix/default.nix', '-A', 'foo'], json: false, interactive: false });
  });

  it('checks the flake of an installable and develops interactively', () => {
    assert.deepEqual(invocation({ command: 'flake-check', installable: '.#foo' }, nix('nix (Nix) 2.8.0')).args.slice(0, 3), ['flake', 'check', '.']);
    const dev = invocation({ command: 'develop' }, nix('nix (Nix) 2.8.0'));
    assert.deepEqual(dev.args, ['develop', '.#default']);
    assert.equal(dev.interactive, true);
    assert.deepEqual(invocation({ command: 'run', installable: 'github:o/r#app' }, nix('nix (Nix) 2.8.0')).args.slice(0, 2), ['run', 'github:o/r#app']);
  });

  it('labels and keys tasks by what they build', () => {
    assert.equal(taskLabel({ command: 'build', installable: 'default.nix' }), 'nix-build default.nix');
    assert.equal(taskLabel({ command: 'flake-check' }), 'nix flake check .');
    assert.equal(taskLabel({ command: 'run' }), 'nix run .#default');
    assert.equal(installableKey({ command: 'build' }), '.#default');
    assert.equal(installableKey({ command: 'flake-check', installable: '.' }), 'check:.');
    assert.equal(flakeRef('path:./sub#x'), 'path:./sub');
    assert.equal(isFileInstallable('./default.nix'), true);
    assert.equal(isFileInstallable('.#default'), false);
    assert.equal(isFileInstallable('github:o/r?dir=x.nix'), false);
  });

  it('enables flakes and nix-command together, extending an existing flag', () => {
    assert.deepEqual(withExperimentalFeatures(['-j', '2'], ['nix-command']), ['-j', '2', '--extra-experimental-features', 'flakes nix-command']);
    assert.deepEqual(withExperimentalFeatures(['--extra-experimental-features', 'ca-derivations'], ['flakes']), ['--extra-experimental-features', 'ca-derivations flakes nix-command']);
    assert.deepEqual(withExperimentalFeatures(['--extra-experimental-features', 'nix-command flakes'], ['flakes']), ['--extra-experimental-features', 'nix-command flakes']);
  });
});

describe('updating one flake input', () => {
  it('uses `nix flake update <input>` from 2.19 and `flake lock --update-input` before', () => {
    assert.deepEqual(updateInputArgs(parseNixVersion('nix (Nix) 2.8.0')!, 'nixpkgs'), ['flake', 'lock', '--update-input', 'nixpkgs']);
    assert.deepEqual(updateInputArgs(parseNixVersion('nix (Nix) 2.18.9')!, 'nixpkgs'), ['flake', 'lock', '--update-input', 'nixpkgs']);
    assert.deepEqual(updateInputArgs(parseNixVersion('nix (Nix) 2.19.0')!, 'nixpkgs'), ['flake', 'update', 'nixpkgs']);
    assert.deepEqual(updateInputArgs(parseNixVersion('nix (Nix) 3.0.0pre20250101')!, 'nixpkgs'), ['flake', 'update', 'nixpkgs']);
  });
});
