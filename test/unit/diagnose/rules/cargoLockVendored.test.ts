// Cargo failing against vendored sources: a crate they lack (cargo < 1.84's wording names the replaced
// registry) and a git source Cargo.lock does not pin (round10 a19, a01; real cargo 1.95 and Debian cargo 1.65 logs).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { diagnoseText } from '../../../../server/src/diagnose/diagnoser';
import type { Diagnostic, FixIntent } from '../../../../server/src/diagnose/types';
import { heldout, wordingSource as source } from './helpers';

const summary = (ds: Diagnostic[]) => ds.map((d) => [d.category, d.fixes]);
const updateLock: FixIntent[] = [
  { kind: 'run', argv: ['cargo', 'update', '--workspace'] },
  { kind: 'git-add', path: 'Cargo.lock' },
];

describe('cargo-lock: what the vendored sources lack', () => {
  it('round10 a19: cargo < 1.84 names the replaced registry (`registry `crates-io``) and, under --frozen, no offline reminder → Cargo.lock is stale, not the network', () => {
    const ds = diagnoseText(heldout(10, 'a19-cargo-lock-no-matching-package-frozen-dream2nix.log'));
    assert.deepEqual(summary(ds), [['cargo-lock', updateLock]]);
    assert.equal(ds[0]!.details?.requirement, 'chrono');
  });

  it('the same wording with the dependency path cargo prints (`... which satisfies dependency`) → cargo-lock', () => {
    assert.deepEqual(summary(diagnoseText(source('s46-cargo-no-matching-package-before-1.84-frozen.log'))), [['cargo-lock', updateLock]]);
  });

  it('with cargo’s offline reminder (--offline, real Debian cargo 1.65 and cargo 1.95 logs) it stays the sandbox’s: nothing may be vendored', () => {
    const corpus = join(__dirname, '..', '..', '..', '..', '..', 'shared', 'corpus', 'logs', 'real-nix-2.8');
    for (const f of ['debian-rustc-1.63/rust-offline-no-vendor.log', 'rust-offline-no-vendor.log']) {
      assert.deepEqual(summary(diagnoseText(readFileSync(join(corpus, f), 'utf8'))), [['network-sandbox', [{ kind: 'use-cargo-lock' }]]], f);
    }
    const reminder = source('s46-cargo-no-matching-package-before-1.84-frozen.log').replace(
      /(demo>     \.\.\. which satisfies[^\n]*\n)/,
      "$1demo> As a reminder, you're using offline mode (--offline) which can sometimes cause surprising resolution failures, if this error is too confusing you may wish to retry without the offline flag.\n",
    );
    assert.deepEqual(summary(diagnoseText(reminder)), [['network-sandbox', [{ kind: 'use-cargo-lock' }]]]);
  });

  it('a paste that ends at `required by package` is read as shown (no reminder): cargo-lock', () => {
    const log = ['error: no matching package named `chrono` found', 'location searched: registry `crates-io`', 'required by package `demo v0.1.0 (/build/source)`'].join('\n');
    assert.deepEqual(
      diagnoseText(log).map((d) => d.category),
      ['cargo-lock'],
    );
  });

  it('round10 a01 and real cargo 1.95: a git source Cargo.lock does not pin, against vendored sources (`requires a lock file to be present first`) → cargo-lock', () => {
    const a01 = diagnoseText(heldout(10, 'a01-cargo-lock-git-source-crane-deps-nixos-install-store-helix.log'));
    assert.deepEqual(
      a01.map((d) => d.category),
      ['cargo-lock'],
    );
    assert.match(a01[0]!.message, /tree-sitter/);
    const ds = diagnoseText(source('s47-cargo-git-source-requires-lock-file.log'));
    assert.deepEqual(summary(ds), [['cargo-lock', updateLock]]);
    assert.equal(ds[0]!.details?.source, 'git+https://example.com/foo?rev=0123456789abcdef0123456789abcdef01234567');
  });
});

describe("cargo-lock: cargo's unresolved crate cut before where it searched, under crane's vendored sources", () => {
  it('round103 vx05 → cargo-lock, likely, Cargo.lock updated', () => {
    const ds = diagnoseText(heldout(103, 'vx05.log'));
    assert.deepEqual(summary(ds), [['cargo-lock', updateLock]]);
    assert.equal(ds[0]!.confidence, 'likely');
    assert.match(ds[0]!.message, /quinn/);
  });

  it("without crane's vendor config line, the same cut lines say nothing", () => {
    const log = heldout(103, 'vx05.log')
      .split('\n')
      .filter((l) => !l.includes('will append'))
      .join('\n');
    assert.deepEqual(summary(diagnoseText(log)), []);
  });
});

describe('cargo-lock: the vendored-source refusal for a git ref holding a raw `+`', () => {
  // Real cargo 1.95: a git dependency tagged `v0.1.0+suffix`, vendored with `cargo vendor` and its config, Cargo.lock's
  // entry edited from cargo's `%2Bsuffix` to the raw `+` (as older locks and builders write it), `cargo build --offline`;
  // the local repository's path replaced by a forge URL.
  const real = [
    'error: failed to get `dep` as a dependency of package `app v0.1.0 (/build/source)`',
    '',
    'Caused by:',
    '  failed to load source for dependency `dep`',
    '',
    'Caused by:',
    '  unable to update https://example.org/dep?tag=v0.1.0%2Bsuffix',
    '',
    'Caused by:',
    '  the source git+https://example.org/dep?tag=v0.1.0+suffix requires a lock file to be present first before it can be',
    '  used against vendored source code',
    '',
    '  remove the source replacement configuration, generate a lock file, and then',
    '  restore the source replacement configuration to continue the build',
    '',
  ].join('\n');

  it('real cargo 1.95 and round108 wc03 (crane, a `+suffix` tag) → nothing: the lock has the source, spelled otherwise', () => {
    assert.deepEqual(summary(diagnoseText(real)), []);
    assert.deepEqual(summary(diagnoseText(heldout(108, 'wc03.log'))), []);
  });

  it('the same refusal for a ref without `+` (round10 a01) stays a lock that pins nothing', () => {
    assert.deepEqual(
      diagnoseText(real.replaceAll('%2Bsuffix', '-suffix').replaceAll('+suffix', '-suffix')).map((d) => d.category),
      ['cargo-lock'],
    );
    assert.deepEqual(
      diagnoseText(heldout(10, 'a01-cargo-lock-git-source-crane-deps-nixos-install-store-helix.log')).map((d) => d.category),
      ['cargo-lock'],
    );
  });
});
