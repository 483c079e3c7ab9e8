// rust-compile-error holds errors whose derivation the framing does not say (legacy nix-build, `-L`'s versionless
// prefix) until the builder's failure names it, and keeps errors cargo has not summed up until the summary. Other
// rules' end-of-log fallbacks ask whether anything explained the failure (pkgconfig-lib's cut build script,
// network-sandbox's git fetch whose cause was cut): what is held must count there, so a log reads the same whether
// the framing named the errors' derivation at once or not. Also network-sandbox's "inside a Nix build": the line's
// own framing or a build still running, not any build that failed earlier. Real Nix 2.8 + cargo 1.95 logs
// (wordings/sources s77 legacy, s78 tail, s79 `-L`), their lines recombined as parallel jobs print them.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { diagnoseText } from '../../../../server/src/diagnose/diagnoser';
import { wordingSource as source } from './helpers';

const lines = (name: string) => source(name).trimEnd().split('\n');
const LEGACY = lines('s77-package-derivation-crate-error-legacy.log');
const GIT = lines('s79-cargo-git-dependency-no-retry-L.log');
/** rustc's error and cargo's summary, as the demo build printed them. */
const ERRORS = LEGACY.slice(3, -1);
const read = (log: string[]) => diagnoseText(log.join('\n')).map((d) => [d.category, d.drv?.replace(/^\/nix\/store\/\w{32}-/, '')]);

describe('pkgconfig-lib: a build script cut before its reason, beside errors of the code', () => {
  // The pkg-config crate's probe of a -sys crate's failing build script (its stdout, the reason cut), then the code's error.
  const SCRIPT = [
    '   Compiling pkg-config v0.3.31',
    '   Compiling libsodium-sys v0.2.7',
    'error: failed to run custom build command for `libsodium-sys v0.2.7`',
    '',
    'Caused by:',
    "  process didn't exit successfully: `/build/source/target/release/build/libsodium-sys-0c1f/build-script-build` (exit status: 101)",
    '  --- stdout',
    '  cargo:rerun-if-env-changed=SODIUM_LIB_DIR',
    '  cargo:rerun-if-env-changed=LIBSODIUM_NO_PKG_CONFIG',
  ];
  const at = ERRORS.findIndex((l) => l.startsWith('error[E0308]'));
  const body = [...ERRORS.slice(0, at), ...SCRIPT, ...ERRORS.slice(at)];
  const summary = body.findIndex((l) => l.startsWith('error: could not compile'));

  it('in a tail, the derivation known at once → the code’s error only (the cut-probe guess stays quiet)', () => {
    const tail = [LEGACY[2]!, `${LEGACY.at(-1)!};`, '       last 30 log lines:', ...body.map((l) => `       > ${l}`.trimEnd())];
    assert.deepEqual(read(tail), [['rust-compile-error', 'demo-0.1.0.drv']]);
  });

  it('legacy output ending before the builder’s failure (the errors held for it) → the same', () => {
    assert.deepEqual(read([...LEGACY.slice(0, 3), ...body]), [['rust-compile-error', undefined]]);
  });

  it('legacy output ending before cargo’s summary (the errors kept for it) → the same', () => {
    assert.deepEqual(read([...LEGACY.slice(0, 3), ...body.slice(0, summary - 1)]), [['rust-compile-error', undefined]]);
  });
});

describe('network-sandbox: a git fetch whose cause was cut, beside another job’s held errors', () => {
  const FETCH = GIT.slice(1, 7).map((l) => l.replace(/^app> /, ''));

  it('`-L` (versionless prefixes: the errors held for their failure) → git-deps as when the framing names both builds', () => {
    const held = [LEGACY[2]!, GIT[0]!, ...ERRORS.map((l) => `demo> ${l}`), ...FETCH.map((l) => `app> ${l}`)];
    const named = [LEGACY[2]!, GIT[0]!, ...ERRORS.map((l) => `demo-0.1.0> ${l}`), ...FETCH.map((l) => `app-0.1.0> ${l}`)];
    assert.deepEqual(read(named), [
      ['rust-compile-error', 'demo-0.1.0.drv'],
      ['git-deps', 'app-0.1.0.drv'],
    ]);
    assert.deepEqual(
      read(held).map((d) => d[0]),
      ['rust-compile-error', 'git-deps'],
    );
  });

  it('legacy nix-build with both builds running (cargo’s lines unprefixed) → the same', () => {
    assert.deepEqual(
      read([LEGACY[2]!, GIT[0]!, ...ERRORS, ...FETCH]).map((d) => d[0]),
      ['rust-compile-error', 'git-deps'],
    );
  });

  it('cargo run by hand after a build that failed (no build running) → not inside a Nix build, no git-deps', () => {
    const log = [...LEGACY, '$ cargo build', ...FETCH.slice(0, 2)];
    assert.match(log.at(-1)!, /^error: failed to get `hello`/);
    assert.deepEqual(read(log), [['rust-compile-error', 'demo-0.1.0.drv']]);
  });
});
