// rustc unable to find a static libssl/libcrypto: openssl-sys asks for them only when OPENSSL_STATIC (or the pkg-config
// crate's PKG_CONFIG_ALL_STATIC) says so, and nixpkgs' openssl has none. Real cargo 1.95 (a library crate whose build
// script asks for `static=ssl`, test/fixtures/logs/wordings/sources) and round95 vp01 (the words quoted without backticks).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { diagnoseText } from '../../../../server/src/diagnose/diagnoser';
import { heldout } from './helpers';

const REAL = readFileSync(join(__dirname, '..', '..', '..', 'fixtures', 'logs', 'wordings', 'sources', 'c195-link-lib-static-ssl.log'), 'utf8');
const summary = (text: string) => diagnoseText(text).map((d) => [d.category, d.details?.cause, d.fixes.length]);

describe('openssl: static OpenSSL asked for, none in nixpkgs', () => {
  it('real cargo 1.95 and round95 vp01 → openssl, the variable to remove named, no fix kind for removing it', () => {
    assert.deepEqual(summary(REAL), [['openssl', 'static-requested', 0]]);
    assert.deepEqual(summary(heldout(95, 'vp01.log')), [['openssl', 'static-requested', 0]]);
    assert.match(diagnoseText(REAL)[0]!.message, /OPENSSL_STATIC/);
  });

  it('another static library stays pkgconfig-lib’s', () => {
    assert.deepEqual(
      diagnoseText('error: could not find native static library `vpxmt`, perhaps an -L flag is missing?').map((d) => d.category),
      ['pkgconfig-lib'],
    );
  });
});
