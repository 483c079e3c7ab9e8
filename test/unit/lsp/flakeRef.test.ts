// Flake references with a query, keyed and located as Nix reads them. What each form builds was checked with real
// Nix 2.8 and 2.26 (`nix eval --raw '<ref>.name'`) in a git repository with flake.nix at its root and sub/flake.nix:
// `.?dir=sub#x` → sub's x (from a folder below the root too: Nix finds the root's flake.nix upwards, then `dir`);
// `.?submodules=1#x` and `git+file://<root>?ref=master#x` → the root's; `git+file://<root>?ref=master&dir=sub#x`,
// `git+file:.?dir=sub#x`, `path:./sub#x`, `path:sub#x` → sub's; `path:.?dir=sub#x` → sub's in 2.26 (2.8 refuses `dir`
// on a path URL); `path:.#x` below the root fails (a URL names its folder exactly, no search); `sub#x` is a flake id.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { parseFlakeRef } from '../../../shared/src/flakeRef';
import { buildTarget, builtFileFor } from '../../../server/src/lsp/build';

let root = '';
before(() => {
  root = mkdtempSync(join(tmpdir(), 'nixify-flakeref-'));
  for (const d of ['', 'sub', 'other']) {
    mkdirSync(join(root, d), { recursive: true });
    if (d !== 'other') writeFileSync(join(root, d, 'flake.nix'), '{ outputs = _: { }; }\n');
  }
});
after(() => rmSync(root, { recursive: true, force: true }));

describe('parseFlakeRef', () => {
  it('each form: a path with a query, path: and git+file: URLs, a flake id, a remote URL, an outputs spec', () => {
    assert.deepEqual(parseFlakeRef('.?submodules=1#pkg'), { kind: 'local', path: '.', dir: '', search: true, fragment: 'pkg' });
    assert.deepEqual(parseFlakeRef('.?dir=sub#x'), { kind: 'local', path: '.', dir: 'sub', search: true, fragment: 'x' });
    assert.deepEqual(parseFlakeRef('path:.?dir=sub#x'), { kind: 'local', path: '.', dir: 'sub', search: false, fragment: 'x' });
    assert.deepEqual(parseFlakeRef('git+file:///home/u/repo?ref=main&dir=a%2Fb#x'), { kind: 'local', path: '/home/u/repo', dir: 'a/b', search: false, fragment: 'x' });
    assert.deepEqual(parseFlakeRef('git+file:.?dir=sub#x'), { kind: 'local', path: '.', dir: 'sub', search: false, fragment: 'x' });
    assert.deepEqual(parseFlakeRef('sub#x'), { kind: 'other', ref: 'sub', fragment: 'x' });
    assert.deepEqual(parseFlakeRef('nixpkgs/nixos-24.05#hello'), { kind: 'other', ref: 'nixpkgs/nixos-24.05', fragment: 'hello' });
    // A flake id may carry a query as any flake reference does (Nix's flake-id form ends in an optional `?query`).
    assert.deepEqual(parseFlakeRef('nixpkgs?ref=nixos-24.05#hello'), { kind: 'other', ref: 'nixpkgs?ref=nixos-24.05', fragment: 'hello' });
    assert.deepEqual(parseFlakeRef('github:o/r?dir=sub#x'), { kind: 'other', ref: 'github:o/r?dir=sub', fragment: 'x' });
    assert.deepEqual(parseFlakeRef('.#x^out,dev'), { kind: 'local', path: '.', dir: '', search: true, fragment: 'x' });
    assert.deepEqual(parseFlakeRef('.#%22a.b%22'), { kind: 'local', path: '.', dir: '', search: true, fragment: '"a.b"' });
  });
});

describe('buildTarget and builtFileFor with a query', () => {
  it('one key per flake output however it is spelt, from the root or a folder below it', () => {
    const top = buildTarget(root, '.#x');
    for (const [folder, inst] of [
      [root, '.?submodules=1#x'],
      [join(root, 'other'), '.?submodules=1#x'],
      [root, `git+file://${root}?ref=master#x`],
      [root, 'path:.#x'],
    ] as const) {
      assert.equal(buildTarget(folder, inst), top, `${folder} ${inst}`);
    }
    const sub = buildTarget(join(root, 'sub'), '.#x');
    assert.notEqual(sub, top);
    for (const [folder, inst] of [
      [root, '.?dir=sub#x'],
      [join(root, 'other'), '.?dir=sub#x'],
      [root, 'path:.?dir=sub#x'],
      [root, `git+file://${root}?ref=master&dir=sub#x`],
      [root, 'git+file:.?dir=sub#x'],
      [root, 'path:./sub#x'],
    ] as const) {
      assert.equal(buildTarget(folder, inst), sub, `${folder} ${inst}`);
    }
    assert.equal(buildTarget(root, 'sub#x'), buildTarget('/elsewhere', 'sub#x'));
    assert.notEqual(buildTarget(root, 'sub#x'), sub);
  });

  it('the flake.nix it evaluates', () => {
    const paths = ['flake.nix', 'sub/flake.nix', 'other/README.md'];
    assert.equal(builtFileFor('.?submodules=1#pkg', paths, root), 'flake.nix');
    assert.equal(builtFileFor('.?dir=sub#x', paths, root), 'sub/flake.nix');
    assert.equal(builtFileFor('path:.?dir=sub#x', paths, root), 'sub/flake.nix');
    assert.equal(builtFileFor(`git+file://${root}?ref=main#x`, paths, root), 'flake.nix');
    assert.equal(builtFileFor(`git+file://${root}?ref=main&dir=sub#x`, paths, root), 'sub/flake.nix');
    assert.equal(builtFileFor('check:.?dir=sub', paths, root), 'sub/flake.nix');
    assert.equal(builtFileFor('./other?dir=sub#x', paths, root), 'sub/flake.nix', 'found upwards, then dir');
    assert.equal(builtFileFor('path:./other#x', paths, root), undefined, 'a URL names its folder exactly');
    assert.equal(builtFileFor('git+file:///elsewhere#x', paths, root), undefined);
    assert.equal(builtFileFor('sub#x', paths, root), undefined);
  });
});
