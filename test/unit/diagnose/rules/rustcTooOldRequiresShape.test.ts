// The bare `X requires rustc N` reading takes only cargo's shapes of its rust-version check (real cargo 1.95:
// `  rvt@0.1.0 requires rustc 1.99` under `rustc 1.95.0 is not supported by the following package:`), never prose or
// a warning's line (real cargo 1.95 relays a build script's `cargo:warning=` as `warning: rvt@0.1.0: …`).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { diagnoseText } from '../../../../server/src/diagnose/diagnoser';
import { requiresBare } from '../../../../server/src/diagnose/rules/rustcTooOld';

const openssl = readFileSync(join(__dirname, '../../../fixtures/logs/2.8-rust-openssl-no-pkg-config.L.log'), 'utf8');

describe('rustc-too-old: the bare rust-version reading', () => {
  it('a build script’s warning that a feature needs a newer rustc, before a real openssl-sys failure → no rustc-too-old', () => {
    const lines = openssl.split('\n');
    const at = lines.findIndex((l) => l.includes('Compiling openssl-sys'));
    lines.splice(at, 0, 'ossl-demo-no-pkg-config> warning: foo@0.1.0: the simd backend requires rustc 1.80 and is disabled');
    const cats = diagnoseText(lines.join('\n')).map((d) => d.category);
    assert.ok(!cats.includes('rustc-too-old'), cats.join());
    assert.deepEqual(
      cats,
      diagnoseText(openssl).map((d) => d.category),
    );
  });

  it('prose before `requires rustc` is no package', () => {
    for (const t of ['this crate requires rustc 1.70', 'serde now requires rustc 1.61', 'note: the simd backend requires rustc 1.80 and is disabled', 'cargo:warning=`foo requires rustc 1.80`']) {
      assert.equal(requiresBare(t), undefined, t);
      assert.deepEqual(
        diagnoseText(`${t}\n`).filter((d) => d.category === 'rustc-too-old'),
        [],
        t,
      );
    }
  });

  it('cargo’s shapes → the package and the version', () => {
    assert.deepEqual(requiresBare('  rvt@0.1.0 requires rustc 1.99'), { pkg: 'rvt', need: '1.99' });
    assert.deepEqual(requiresBare('fails with: `worktrunk requires rustc 1.93`'), { pkg: 'worktrunk', need: '1.93' });
    assert.deepEqual(requiresBare('package `foo v1.2.0` cannot be built because it requires rustc 1.74'), { pkg: 'foo', need: '1.74' });
  });
});
