// A download the evaluation asked for that no server answered (curl's code, no HTTP status) is the network's failure,
// even with Nix's --show-trace hint after it; a status the server sent answers for the URL the expression names.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { categories, heldout } from './helpers';

// Real Nix 2.8, `nix-instantiate --eval -E 'builtins.fetchurl "http://127.0.0.1:1/channel-rust-nightly.toml"'`.
const NIX28_REFUSED = [
  "warning: error: unable to download 'http://127.0.0.1:1/channel-rust-nightly.toml': Couldn't connect to server (7); retrying in 276 ms",
  "warning: error: unable to download 'http://127.0.0.1:1/channel-rust-nightly.toml': Couldn't connect to server (7); retrying in 536 ms",
  "error: unable to download 'http://127.0.0.1:1/channel-rust-nightly.toml': Couldn't connect to server (7)",
].join('\n');
// The hint older Nix (the round167 yj04 paste's, a nix-shell of 2020) printed after the same message.
const HINT = "(use '--show-trace' to show detailed location information)";

describe('eval-error: an evaluation-time download no server answered', () => {
  it("round167 yj04 (nix-shell, `Couldn't connect to server (7)` then the hint) → nothing", () => {
    assert.deepEqual(categories(heldout(167, 'yj04.log')), []);
  });

  it('real Nix 2.8 refused connection, with and without the hint → nothing', () => {
    assert.deepEqual(categories(NIX28_REFUSED + '\n'), []);
    assert.deepEqual(categories(`${NIX28_REFUSED}\n${HINT}\n`), []);
  });

  it("Nix 2.25+'s form, curl's error buffer after the code (filetransfer.cc's format; not run here) → nothing", () => {
    const line =
      "error: unable to download 'http://127.0.0.1:1/channel-rust-nightly.toml': Couldn't connect to server (7) Failed to connect to 127.0.0.1 port 1 after 0 ms: Couldn't connect to server";
    assert.deepEqual(categories(`${line}\n${HINT}\n`), []);
    // The same form with a status stays the evaluation's.
    assert.deepEqual(categories(`error: unable to download 'http://127.0.0.1:1/x.toml': HTTP error 404 (curl error: Couldn't connect to server)\n${HINT}\n`), ['eval-error']);
  });

  it('a status the server sent (round18 i15, `HTTP error 404`) stays the evaluation’s', () => {
    assert.deepEqual(categories(heldout(18, 'i15-eval-error-nixpkgs-mozilla-channel-toml-http-404-rust-toolchain-toml.log')), ['eval-error']);
    const status = "error: unable to download 'http://127.0.0.1:1/channel-rust-nightly.toml': HTTP error 404";
    assert.deepEqual(categories(`${status}\n${HINT}\n`), ['eval-error']);
  });
});
