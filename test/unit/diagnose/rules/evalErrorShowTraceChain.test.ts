// Nix 1.11–2.3 under --show-trace: the error's line holds the frames (`error: while evaluating …:`, then more
// `while …:` lines) and the message comes last on a line of its own, its position after a comma
// (libmain/shared.cc and libexpr's addErrorPrefix at the 1.11, 2.0 and 2.3 tags). Nix 2.8 here prints
// 2.4's layout instead, so these are the round15 paste (after its first run) and lines from those sources.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { diagnoseText } from '../../../../server/src/diagnose/diagnoser';
import { heldout } from './helpers';

describe('eval-error: Nix 1.x–2.3 --show-trace chains', () => {
  it("nixpkgs-mozilla's overlay handing a function to `srcs` (round15 f08, Nix 1.11's ‘’ quotes, builtins.trace lines before) → eval-error at the overlay's line", () => {
    const ds = diagnoseText(heldout(15, 'f08-eval-error-nixpkgs-mozilla-rust-overlay-cannot-coerce-function-2017-pastebin.log'));
    assert.deepEqual(
      ds.map((d) => [d.category, d.message, d.fixes]),
      [['eval-error', 'cannot coerce a function to a string', []]],
    );
    assert.deepEqual(ds[0]!.location, { path: '/home/user/projects/nixos/nixpkgs-mozilla/rust-overlay.nix', line: 85, column: 11, unit: 'byte' });
    assert.equal(ds[0]!.evidence.length, 3);
  });

  it("Nix 2.0–2.3's ASCII quotes, a message without the comma, frames of functions called from elsewhere", () => {
    const log = [
      "error: while evaluating the attribute 'buildInputs' of the derivation 'demo-0.1.0' at /home/user/demo/default.nix:5:3:",
      "while evaluating 'optionals' at /nix/store/5x7k2m4p6r8t0v2x4z6b8d0f2h4j6l8n-nixpkgs/lib/lists.nix:286:5, called from /home/user/demo/default.nix:6:17:",
      "undefined variable 'opensll' at /home/user/demo/default.nix:6:40",
    ].join('\n');
    const ds = diagnoseText(log);
    assert.deepEqual(
      ds.map((d) => [d.category, d.message, d.location?.line]),
      [['eval-error', "undefined variable 'opensll'", 6]],
    );
  });

  it('a chain ending in a build the evaluation needed (import from derivation) or a frame cut off is no evaluation error', () => {
    const ifd = [
      "error: while evaluating the attribute 'src' of the derivation 'demo-0.1.0' at /home/user/demo/default.nix:4:3:",
      "builder for '/nix/store/0k4q7d3m9x2v6b1n5c8z4p7r2s6t3w9y-generated.drv' failed with exit code 1",
    ].join('\n');
    assert.deepEqual(
      diagnoseText(ifd).filter((d) => d.category === 'eval-error'),
      [],
    );
    assert.deepEqual(diagnoseText("error: while evaluating the attribute 'src' of the derivation 'demo-0.1.0' at /home/user/demo/default.nix:4:3:\n"), []);
  });

  it("Nix 1.x's hint without --show-trace (‘--show-trace’) marks a message with no position as an evaluation error", () => {
    const ds = diagnoseText('error: rust-src is not available for this channel\n(use ‘--show-trace’ to show detailed location information)\n');
    assert.deepEqual(
      ds.map((d) => [d.category, d.message]),
      [['eval-error', 'rust-src is not available for this channel']],
    );
  });
});
