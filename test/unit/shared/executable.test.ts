// The one check of a configured program path, shared by the client's `nixify.nix.path` and the
// language server's `nixify.diagnoseBuildLog` command.
import assert from 'node:assert/strict';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { checkedExecutable } from '../../../shared/src/executable';

const home = mkdtempSync(join(tmpdir(), 'nixify-exec-'));
after(() => rmSync(home, { recursive: true, force: true }));
mkdirSync(join(home, 'bin'));
writeFileSync(join(home, 'bin', 'nix'), '#!/bin/sh\n');
chmodSync(join(home, 'bin', 'nix'), 0o755);
writeFileSync(join(home, 'bin', 'plain'), '');
chmodSync(join(home, 'bin', 'plain'), 0o644);

describe('checkedExecutable', () => {
  it('expands ~/ and accepts an executable file', () => {
    assert.deepEqual(checkedExecutable(' ~/bin/nix ', home), { path: join(home, 'bin', 'nix') });
  });

  it('says why a path cannot be run', () => {
    assert.equal(checkedExecutable('  ', home).why, 'not a path');
    assert.equal(checkedExecutable('bin/nix', home).why, 'not an absolute path');
    const notRunnable = 'not found, or not an executable file';
    assert.equal(checkedExecutable(join(home, 'bin', 'missing'), home).why, notRunnable);
    assert.equal(checkedExecutable(join(home, 'bin'), home).why, notRunnable, 'a directory is searchable, not runnable');
    assert.equal(checkedExecutable(join(home, 'bin', 'plain'), home).why, notRunnable, 'no execute bit (root too)');
  });
});
