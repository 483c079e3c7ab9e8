// A procedural macro that panics while rustc expands it: rustc_expand catches the panic and reports it at the
// macro's call (`proc macro panicked`, `proc-macro derive panicked`, `custom attribute panicked`, the payload
// under `= help: message:`). The macro's own code failed — often on the build's environment, a file or program
// it opens at compile time — not an error rustc found in the package's code, so it is not rust-compile-error
// (and, with nothing else in view, not a summary-only compile error either). Round17 h22 and a real cargo 1.95
// build made here (wordings/sources/s64).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { diagnoseText } from '../../../../server/src/diagnose/diagnoser';
import { heldout, wordingSource as source, categories } from './helpers';

describe('rust-compile-error: a proc macro’s panic is the macro’s failure, not the code', () => {
  it('round17 h22: `proxy_dll!` panicking on NotFound under Nix’s `>` prefix → nothing', () => {
    assert.deepEqual(categories(heldout(17, 'h22-other-proc-macro-panicked-notfound-proxy-dll-mint.log')), []);
  });

  it('real cargo 1.95: function-like, derive and attribute macros panicking → nothing', () => {
    const log = source('s64-rustc-proc-macro-panicked-notfound.log');
    assert.match(log, /^error: proc macro panicked$/m);
    assert.match(log, /^error: proc-macro derive panicked$/m);
    assert.match(log, /^error: custom attribute panicked$/m);
    assert.deepEqual(categories(log), []);
  });

  it('an error of the code’s beside the macro’s panic is still the code’s', () => {
    const log = source('s64-rustc-proc-macro-panicked-notfound.log').replace(
      /^error: could not compile/m,
      ['error[E0308]: mismatched types', ' --> src/main.rs:6:20', '  |', '6 | fn g() -> u8 { "x" }', '  |                ^^^ expected `u8`, found `&str`', '', 'error: could not compile'].join('\n'),
    );
    const ds = diagnoseText(log);
    assert.deepEqual(
      ds.map((d) => d.category),
      ['rust-compile-error'],
    );
    assert.equal(ds[0]!.details?.code, 'E0308');
  });

  it('the same words inside a message are not the macro’s panic (only rustc’s whole message is)', () => {
    const log = [
      '   Compiling app v0.1.0 (/build/source/app)',
      'error: the proc macro panicked here',
      ' --> src/main.rs:1:1',
      '  |',
      '',
      'error: could not compile `app` (bin "app") due to 1 previous error',
    ].join('\n');
    assert.deepEqual(categories(log), ['rust-compile-error']);
  });
});
