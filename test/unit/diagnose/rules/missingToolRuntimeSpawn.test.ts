// The language runtimes' own spawn errors for a program PATH lacks: Node's child_process (`Error: spawn wasm-pack ENOENT`,
// or the error's inspected `code: 'ENOENT'` / `syscall: 'spawn wasm-pack'` when a window cut the message) and CPython's
// subprocess (`FileNotFoundError: [Errno 2] … 'cargo'` under its `_execute_child` frame). Real Node 20 and CPython 3.11
// output on this machine, replayed by a real Nix 2.8 builder (`nix build`, `nix-build`), whole and cut.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { diagnoseText } from '../../../../server/src/diagnose/diagnoser';
import { wordingSource } from './helpers';

const summary = (text: string) => diagnoseText(text).map((d) => [d.category, d.details?.tool, d.fixes]);
const ADD = (attr: string) => [{ kind: 'add-inputs', nativeBuildInputs: [attr] }];

describe("missing-tool: a runtime's spawn error names the program", () => {
  it("Node's child_process (real Node 20 in a Nix 2.8 window): the message, or only the error's properties → wasm-pack", () => {
    for (const name of ['n28-node-spawn-enoent.log', 'n28-node-spawn-enoent-window.log']) {
      assert.deepEqual(summary(wordingSource(name)), [['missing-tool', 'wasm-pack', ADD('wasm-pack')]], name);
    }
  });

  it("CPython's subprocess (real 3.11, nix build and nix-build) → cargo; cut above the frame: nothing", () => {
    for (const name of ['n28-python-subprocess-enoent.log', 'n28-python-subprocess-enoent-legacy.log']) {
      assert.deepEqual(summary(wordingSource(name)), [['missing-tool', 'cargo', ADD('cargo')]], name);
    }
    const ls = wordingSource('n28-python-subprocess-enoent.log').split('\n');
    const at = ls.findIndex((l) => l.includes('FileNotFoundError'));
    // Only the exception's line in view (its frames cut): open() of a missing file says the same, so nothing.
    assert.deepEqual(summary([ls[0], ls[1], ls[2], ls[at]].join('\n')), []);
  });

  it('a program Nixify has no attribute for: missing-tool naming it, no input guessed', () => {
    const node = ['Error: spawnSync tailwindcss ENOENT', '    at Object.spawnSync (node:internal/child_process:1123:20)'].join('\n');
    assert.deepEqual(summary(node), [['missing-tool', 'tailwindcss', []]]);
  });

  it("not a spawn: open() of a missing file (real CPython 3.11), a path that failed, Node's ENOENT of another call", () => {
    assert.deepEqual(summary(['Traceback (most recent call last):', '  File "<string>", line 1, in <module>', "FileNotFoundError: [Errno 2] No such file or directory: 'Cargo.toml'"].join('\n')), []);
    assert.deepEqual(summary('Error: spawn /nix/store/0000000000000000000000000000000a-x/bin/x ENOENT'), []);
    assert.deepEqual(summary(["Error: ENOENT: no such file or directory, open 'package.json'", "  code: 'ENOENT',", "  syscall: 'open',"].join('\n')), []);
  });
});
