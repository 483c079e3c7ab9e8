// Nix's evaluation cache reading a flake output's attribute with a typed getter (libexpr/eval-cache.cc, 2.4+): `nix run`
// of an app whose `program` is a list prints `'apps.x86_64-linux.default.program' is not a string but a list` (real Nix
// 2.8 and 2.26, round51 q09); the getters' other wordings by their source. And Nix 1.11's builtins.match letting
// libstdc++'s `std::regex_error` through (`error: regex_error`), read behind the journal's line prefix (round50 p05).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { diagnoseText } from '../../../../server/src/diagnose/diagnoser';
import { heldout, wordingSource } from './helpers';

const read = (text: string) => diagnoseText(text).map((d) => [d.category, d.confidence, d.message]);

describe("eval-error: a flake output's attribute of the wrong type (the evaluation cache's getters)", () => {
  for (const log of ['n28-eval-app-program-list.log', 'n226-eval-app-program-list.log'])
    it(`${log} (real \`nix run\`) → eval-error, Nix's message`, () => {
      assert.deepEqual(read(wordingSource(log)), [['eval-error', 'certain', "'apps.x86_64-linux.default.program' is not a string but a list"]]);
    });

  it('round51 q09, the same line pasted → eval-error', () => {
    assert.deepEqual(
      read(heldout(51, 'q09.log')).map((d) => d[0]),
      ['eval-error'],
    );
  });

  for (const msg of [
    "'packages.x86_64-linux.default.name' is not a string",
    "'checks.x86_64-linux.ok.meta.broken' is not a Boolean",
    "'packages.x86_64-linux.default.meta.priority' is not an integer",
    "'packages.x86_64-linux.default.outputs' is not a list of strings",
    "'packages.x86_64-linux' is not an attribute set",
  ])
    it(`${msg} (eval-cache.cc's wording) → eval-error`, () => {
      assert.deepEqual(
        read(`error: ${msg}\n`).map((d) => d[0]),
        ['eval-error'],
      );
    });

  it("a build tool's own `x is not a string but …` inside a build says nothing of the evaluation", () => {
    const log = "demo> error: 'config.port' is not a string but a number\nerror: builder for '/nix/store/00000000000000000000000000000000-demo-0.1.0.drv' failed with exit code 1\n";
    assert.ok(!diagnoseText(log).some((d) => d.category === 'eval-error'));
  });
});

describe("eval-error: Nix 1.11's regular expression error (libstdc++'s what())", () => {
  it("round50 p05: Hydra's evaluator in the journal, `error: regex_error` → eval-error", () => {
    assert.deepEqual(read(heldout(50, 'p05.log')), [['eval-error', 'certain', 'regex_error']]);
  });

  it("a C++ program's uncaught std::regex_error in a build (`what():  regex_error`) is no evaluation's", () => {
    const log =
      "demo> terminate called after throwing an instance of 'std::regex_error'\ndemo>   what():  regex_error\nerror: builder for '/nix/store/00000000000000000000000000000000-demo-0.1.0.drv' failed with exit code 134\n";
    assert.ok(!diagnoseText(log).some((d) => d.category === 'eval-error'));
  });
});
