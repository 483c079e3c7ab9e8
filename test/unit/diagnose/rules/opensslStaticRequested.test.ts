// rustc unable to find a static libssl/libcrypto: openssl-sys asks for them only when OPENSSL_STATIC (or the pkg-config
// crate's PKG_CONFIG_ALL_STATIC) says so, other crates (boring-sys, a build script's own) whenever they like, and
// nixpkgs' openssl has none. Real cargo 1.95 (a library crate whose build
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
  it('real cargo 1.95 and round95 vp01 → openssl, no fix kind for removing a variable', () => {
    assert.deepEqual(summary(REAL), [['openssl', 'static-requested', 0]]);
    assert.deepEqual(summary(heldout(95, 'vp01.log')), [['openssl', 'static-requested', 0]]);
  });

  it('openssl-sys failing → certain, OPENSSL_STATIC blamed; another crate (boring-sys links static=ssl always, a package’s own build script) → possible; none in view → likely; the variable not blamed but for openssl-sys', () => {
    const sys = REAL.replace(/`demo`/, '`openssl-sys`').replace('Compiling demo v0.1.0 (/build/source)', 'Compiling openssl-sys v0.9.109');
    const [d] = diagnoseText(sys);
    assert.equal(d!.confidence, 'certain');
    assert.match(d!.message, /openssl-sys asked for static OpenSSL because OPENSSL_STATIC/);
    // The crate from the recent `Compiling` line when cargo's closing line is not in view.
    assert.equal(diagnoseText('   Compiling openssl-sys v0.9.109\nerror: could not find native static library `crypto`, perhaps an -L flag is missing?')[0]!.confidence, 'certain');
    const boring = REAL.replace(/`demo`/, '`boring-sys`').replace('Compiling demo v0.1.0 (/build/source)', 'Compiling boring-sys v4.15.0');
    for (const [text, confidence] of [
      [REAL, 'possible'],
      [boring, 'possible'],
      ['could not find native static library ssl', 'likely'],
    ]) {
      const [o] = diagnoseText(text!);
      assert.equal(o!.category, 'openssl', text);
      assert.equal(o!.confidence, confidence, text);
      assert.doesNotMatch(o!.message, /because OPENSSL_STATIC/, text);
    }
    assert.match(diagnoseText(boring)[0]!.message, /`boring-sys` asked to link OpenSSL statically/);
  });

  it('another static library stays pkgconfig-lib’s', () => {
    assert.deepEqual(
      diagnoseText('error: could not find native static library `vpxmt`, perhaps an -L flag is missing?').map((d) => d.category),
      ['pkgconfig-lib'],
    );
  });
});
