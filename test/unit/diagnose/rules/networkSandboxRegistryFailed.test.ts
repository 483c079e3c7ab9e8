// cargo's own sentence for a registry request that failed (the sparse index's `download of config.json failed`, real
// cargo 1.95 with no network; `failed to get successful HTTP response`), whatever curl said under it: the build reached
// for crates.io, which the sandbox forbids. Said only when no cause under it was read (in the real fixture,
// test/fixtures/logs/real-cargo-registry-no-network.log, the resolver's `[6] Could not resolve hostname` below it is).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { diagnoseText } from '../../../../server/src/diagnose/diagnoser';
import { heldout } from './helpers';

const LOGS = join(__dirname, '..', '..', '..', 'fixtures', 'logs');
const read = (text: string) => diagnoseText(text).map((d) => [d.category, d.confidence, d.fixes.map((f) => f.kind).join()]);

describe('network-sandbox: cargo failing a registry request', () => {
  it('real cargo 1.95 with no network → network-sandbox, vendor from Cargo.lock', () => {
    assert.deepEqual(read(readFileSync(join(LOGS, 'real-cargo-registry-no-network.log'), 'utf8')), [['network-sandbox', 'certain', 'use-cargo-lock']]);
  });

  it("round102 vw06: a check derivation's cargo, `download of config.json failed` over `[35] SSL connect error` → network-sandbox", () => {
    assert.deepEqual(read(heldout(102, 'vw06.log')), [['network-sandbox', 'certain', 'use-cargo-lock']]);
  });

  it("the per-crate file's download (`download of 3/s/syn failed`) with a TLS cause → network-sandbox", () => {
    const log = ['error: failed to get `syn` as a dependency of package `demo v0.1.0`', '', 'Caused by:', '  download of 3/s/syn failed', '', 'Caused by:', '  [35] SSL connect error'].join('\n');
    assert.deepEqual(read(log), [['network-sandbox', 'certain', 'use-cargo-lock']]);
  });

  it('prose about a download of a file that failed → nothing', () => {
    assert.deepEqual(read('the download of the release tarball failed yesterday'), []);
  });
});
