// Nix's evaluation trace frames (`… while calling`, `… while evaluating`, `… from call site`) are printed only for an
// error raised while evaluating, so a log that ends inside them, before the message (a paste, a `last N lines` view),
// is still an evaluation error — unless a frame shows the evaluation building or fetching (import from derivation),
// whose failure the cut message may be. Round19 j13 (a NixOS module's trace) and j14 (a view starting inside
// dream2nix's trace); real Nix 2.26 (the message after the frames) and 2.8 (the message before them, `--show-trace`)
// cut at every line. And `nix run`'s `attribute '%s' should have type '%s'` for a flake output of another Nix's schema
// (round20 k03, k05; real Nix 2.8 running a flake whose `defaultApp.<system>` is an app).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { diagnoseText } from '../../../../server/src/diagnose/diagnoser';
import { heldout } from './helpers';

const SOURCES = join(__dirname, '..', '..', '..', 'fixtures', 'logs', 'wordings', 'sources');
const lines = (name: string) => readFileSync(join(SOURCES, name), 'utf8').split('\n');
const summary = (text: string) => diagnoseText(text).map((d) => [d.category, d.fixes.length, /ends inside its trace/.test(d.message)]);
const CUT = [['eval-error', 0, true]];

describe('eval-error: a trace cut before its message', () => {
  for (const [name, text, last] of [
    [
      'round19 j13 (a NixOS system, cut in the option frames)',
      heldout(19, 'j13-eval-error-nixos-module-vaultix-trace-cut-before-message.log'),
      "option `systemd.services.vaultix-activate.serviceConfig'",
    ],
    ['round19 j14 (the view starts inside the frames)', heldout(19, 'j14-eval-error-nci-dream2nix-rust-crane-vendor-trace-cut-before-message.log'), "calling 'concatMapStringsSep'"],
  ] as const) {
    it(`${name} → eval-error, no fix, naming the last frame shown`, () => {
      const ds = diagnoseText(text);
      assert.deepEqual(summary(text), CUT);
      assert.ok(ds[0]!.message.includes(last), ds[0]!.message);
    });
  }

  it('real Nix 2.26: cut after any frame before the message → the cut reading; whole → the message itself', () => {
    const ls = lines('n226-eval-trace-head-empty-list.log');
    const msg = ls.findIndex((l) => /^\s+error: /.test(l));
    assert.ok(msg > 0);
    for (let k = 2; k < msg; k++) assert.deepEqual(summary(ls.slice(0, k).join('\n')), CUT, `cut after line ${k}`);
    // A view that starts inside the frames, cut before the message.
    for (let k = 2; k < msg - 2; k++)
      assert.deepEqual(summary(ls.slice(k, msg).join('\n')), ls.slice(k, msg).some((l) => /… (?:while (?:calling|evaluating)|from call site)/.test(l)) ? CUT : [], `lines ${k}..${msg}`);
    const whole = diagnoseText(ls.join('\n'));
    assert.deepEqual(
      whole.map((d) => [d.category, d.message]),
      [['eval-error', "'builtins.head' called on an empty list"]],
    );
    assert.deepEqual(summary('error:\n'), [], 'a bare `error:` with no frame says nothing');
  });

  it('real Nix 2.8 --show-trace (message first): whole → one diagnosis, the message; a view of the frames alone → the cut reading', () => {
    const ls = lines('n28-eval-trace-head-empty-list.log');
    assert.deepEqual(
      diagnoseText(ls.join('\n')).map((d) => [d.category, d.message]),
      [['eval-error', 'list index 0 is out of bounds']],
    );
    const firstFrame = ls.findIndex((l) => l.includes('… '));
    assert.deepEqual(summary(ls.slice(firstFrame).join('\n')), CUT);
  });

  it('real Nix 2.26: an import-from-derivation build failing, cut once a frame shows the import → nothing (the build may be the cause)', () => {
    const ls = lines('n226-eval-trace-ifd-build-failed.log');
    const imp = ls.findIndex((l) => l.includes("'import' builtin"));
    const msg = ls.findIndex((l) => /^\s+error: builder for/.test(l));
    assert.ok(imp > 0 && msg > imp);
    for (let k = imp + 1; k <= msg; k++) assert.deepEqual(summary(ls.slice(0, k).join('\n')), [], `cut after line ${k}`);
    assert.deepEqual(summary(ls.join('\n')), []);
  });

  it('frames after another rule explained the failure add nothing', () => {
    const text = [
      "error: hash mismatch in fixed-output derivation '/nix/store/00000000000000000000000000000000-x.drv':",
      '         specified: sha256-AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=',
      '            got:    sha256-BBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB=',
      "       … while calling the 'head' builtin",
    ].join('\n');
    assert.ok(diagnoseText(text).every((d) => d.category !== 'eval-error'));
  });
});

describe("eval-error: `nix run` and a flake output of another Nix's schema", () => {
  for (const [name, text] of [
    ['round20 k03 (Nix 2.11)', heldout(20, 'k03.log')],
    ['round20 k05 (Nix 2.8)', heldout(20, 'k05.log')],
    ['real Nix 2.8, a flake whose defaultApp is an app', lines('n28-nix-run-default-app-type.log').join('\n')],
  ] as const) {
    it(`${name} → eval-error naming the output and the type this Nix wants`, () => {
      const ds = diagnoseText(text);
      assert.deepEqual(
        ds.map((d) => [d.category, d.details, d.fixes.length]),
        [['eval-error', { attribute: 'defaultApp.x86_64-linux', expectedType: 'derivation' }, 0]],
      );
      assert.match(ds[0]!.message, /apps\.<system>\.default/);
    });
  }
  it("Nix's wording for an app under `apps` that is a package", () => {
    const ds = diagnoseText("error: attribute 'apps.x86_64-linux.default' should have type 'app'\n");
    assert.deepEqual(
      ds.map((d) => [d.category, d.details?.expectedType]),
      [['eval-error', 'app']],
    );
  });
});
