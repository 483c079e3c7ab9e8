// The module system's `The option `<path>' does not exist` (nixpkgs lib/modules.nix), whose path shows a submodule's
// entries quoted with spaces (`"[definition 1-entry 1]"`, showOption): real Nix 2.8 and 2.26 `nix-instantiate --eval`
// of lib.evalModules (nix-community/nixpkgs.lib) with an undeclared option inside a list of submodules (`{ file = "a";
// stores = "b"; }` in a list of submodules declaring only `file`), whole and as a
// one-line quote keeps it; round146 xo04, the reporter's quote with the path's front elided (`[...]`) and the quotes
// dropped by Markdown's code span; round157 xz03.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { diagnoseText } from '../../../../server/src/diagnose/diagnoser';
import { heldout } from './helpers';

const categories = (text: string) => diagnoseText(text).map((d) => d.category);
// Real output (inlined: a fixture file would change the joined logs markers.test.ts builds from the fixtures). Nix 2.8
// whole; Nix 2.26's last block under its trace (`(stack trace truncated; …)` above it).
const MESSAGE = 'The option `services.demo.settings.zones."[definition 1-entry 1]".stores\' does not exist. Definition values:';
const HINT = ['       - In `<unknown-file>\': "b"', '', '       Did you mean `services.demo.settings.zones."[definition 1-entry 1]".file\'?'];
const LOGS = {
  'Nix 2.8': [`error: ${MESSAGE}`, ...HINT, "(use '--show-trace' to show detailed location information)"].join('\n'),
  'Nix 2.26': ['error:', "       (stack trace truncated; use '--show-trace' to show the full, detailed trace)", '', `       error: ${MESSAGE}`, ...HINT].join('\n'),
};
const messageLine = (log: string) =>
  log
    .split('\n')
    .find((l) => l.includes('does not exist'))!
    .trim()
    .replace(/^error: /, '');

describe('eval-error: an option the module system does not know', () => {
  it('real Nix 2.8 and 2.26, whole → eval-error', () => {
    for (const [name, log] of Object.entries(LOGS)) assert.deepEqual(categories(log), ['eval-error'], name);
  });

  it("the message line alone, without Nix's `error: ` (a one-line quote), its quoted entry's spaces kept → eval-error", () => {
    for (const [name, log] of Object.entries(LOGS)) {
      const line = messageLine(log);
      assert.match(line, /^The option `services\.demo\.settings\.zones\."\[definition 1-entry 1\]"\.stores' does not exist\./);
      assert.deepEqual(categories(line), ['eval-error'], name);
    }
  });

  it("a reporter's quote: the path's front elided, the quotes gone (round146 xo04); the plain quoted form (round157 xz03)", () => {
    assert.deepEqual(categories(heldout(146, 'xo04.log')), ['eval-error']);
    assert.deepEqual(categories(heldout(157, 'xz03.log')), ['eval-error']);
    // The real line with its quotes taken off, cut after its sentence.
    const bare = messageLine(LOGS['Nix 2.8'])
      .replace(/[`']/g, '')
      .replace(/ Definition values:$/, '');
    assert.deepEqual(categories(bare), ['eval-error']);
  });

  it('unquoted, only a dotted option path ending the sentence: no single word, no option in another tool’s prose', () => {
    for (const line of ['The option foo does not exist', 'The option --foo does not exist', 'The option a.b does not exist in the config file']) {
      assert.deepEqual(categories(line), [], line);
    }
  });
});
