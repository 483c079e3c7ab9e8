// rustup's `info: syncing channel updates` / `info: downloading component` announce a download; only rustup stopping
// there (its `error: could not download file …`) is a build without network. rustup going on (`info: downloading
// component` after the manifest, `info: installing component`, `… installed - rustc 1.17.0`) had the network: rustup
// by hand or in a dev shell, not a sandboxed build. And E0463 for std itself is never the code's (round20 k06: rustup's
// stable 1.17 installed in a pure nix-shell, then `can't find crate for 'std'`, quoted from the text).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { diagnoseText } from '../../../../server/src/diagnose/diagnoser';
import { heldout } from './helpers';

const SOURCES = join(__dirname, '..', '..', '..', 'fixtures', 'logs', 'wordings', 'sources');
const NO_NETWORK = readFileSync(join(SOURCES, 's84-rustup-toolchain-install-no-network.log'), 'utf8');

describe('network-sandbox: rustup’s downloads', () => {
  it('round20 k06 (rustup installed its toolchain; E0463 for std after) → nothing', () => {
    assert.deepEqual(diagnoseText(heldout(20, 'k06.log')), []);
  });

  it('real rustup 1.29 without network → network-sandbox, rustup replaced', () => {
    const ds = diagnoseText(NO_NETWORK);
    assert.deepEqual(
      ds.map((d) => [d.category, d.fixes[0]]),
      [['network-sandbox', { kind: 'replace-input', from: 'rustup', to: ['cargo', 'rustc'] }]],
    );
    // Under Nix's framing, and cut right after the announcement (the error out of view): still read as the sandbox.
    assert.deepEqual(
      diagnoseText(
        NO_NETWORK.split('\n')
          .map((l) => `demo> ${l}`)
          .join('\n'),
      ).map((d) => d.category),
      ['network-sandbox'],
    );
    assert.deepEqual(
      diagnoseText(NO_NETWORK.split('\n')[0]!).map((d) => d.category),
      ['network-sandbox'],
    );
  });

  it('rustup going on past its downloads → nothing', () => {
    const text = [
      "info: syncing channel updates for 'stable-x86_64-unknown-linux-gnu'",
      'info: latest update on 2026-03-26, rust version 1.95.0 (59807616e 2026-03-26)',
      "info: downloading component 'cargo'",
      "info: downloading component 'rustc'",
      "info: installing component 'cargo'",
      "info: installing component 'rustc'",
      '',
      '  stable-x86_64-unknown-linux-gnu installed - rustc 1.95.0 (59807616e 2026-03-26)',
    ].join('\n');
    assert.deepEqual(diagnoseText(text), []);
  });
});

describe('rust-compile-error: E0463 for the standard library itself', () => {
  for (const quoted of ["can't find crate for 'std'", "can't find crate for `core`", "can't find crate for ‘alloc’"]) {
    it(`\`${quoted}\` with a span is no error of the code`, () => {
      const text = [`error[E0463]: ${quoted}`, ' --> src/main.rs:1:1', '', 'error: could not compile `demo` (bin "demo") due to 1 previous error'].join('\n');
      assert.ok(diagnoseText(text).every((d) => d.category !== 'rust-compile-error'));
    });
  }
  it('an undeclared crate the code names stays the code’s', () => {
    const text = [
      "error[E0463]: can't find crate for `serde`",
      ' --> src/main.rs:1:1',
      '  |',
      '1 | extern crate serde;',
      "  | ^^^^^^^^^^^^^^^^^^^ can't find crate",
      '',
      'error: could not compile `demo` (bin "demo") due to 1 previous error',
    ].join('\n');
    assert.deepEqual(
      diagnoseText(text).map((d) => d.category),
      ['rust-compile-error'],
    );
  });
});
