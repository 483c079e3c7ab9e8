// Nix 1.11–2.3's --show-trace chain seen from inside: its `error: while …:` head cut off, frames with Nix's position at
// their end (`while evaluating … at PATH:L:C:`, a caller's position on the next line after `, called from`) and the log
// ending before the message (round106 wa09).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { diagnoseText } from '../../../../server/src/diagnose/diagnoser';
import { heldout } from './helpers';

const read = (text: string) => diagnoseText(text).map((d) => [d.category, d.confidence]);

describe('eval-error: a Nix ≤ 2.3 chain without its head', () => {
  it("round106 wa09: a generator's frames through toTOML, cut before the message → eval-error, likely", () => {
    assert.deepEqual(read(heldout(106, 'wa09.log')), [['eval-error', 'likely']]);
  });

  it('headless frames, then the message → the message', () => {
    const log = [
      "while evaluating the attribute 'text' of the derivation 'Cargo.lock' at /nix/store/x-nixpkgs/pkgs/build-support/trivial-builders.nix:7:7:",
      "while evaluating 'toTOML' at /nix/store/y-source/builtins/to-toml.nix:119:12, called from",
      ' /nix/store/y-source/builtins/default.nix:11:44:',
      'value is null while a set was expected, at /nix/store/y-source/builtins/to-toml.nix:120:5',
    ].join('\n');
    const ds = diagnoseText(log);
    assert.deepEqual(
      ds.map((d) => d.category),
      ['eval-error'],
    );
    assert.match(ds[0]!.message, /value is null while a set was expected/);
  });

  it('one such frame alone, a builder quoting it, or prose → nothing', () => {
    assert.deepEqual(read("while evaluating the attribute 'x' of the derivation 'y' at /nix/store/z/default.nix:1:1:"), []);
    assert.deepEqual(read(["demo> while evaluating the attribute 'x' at /nix/store/z/a.nix:1:1:", "demo> while evaluating 'f' at /nix/store/z/b.nix:2:2:"].join('\n')), []);
    assert.deepEqual(read('while evaluating the docs at work I found a bug'), []);
  });
});
