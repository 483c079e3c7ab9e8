// rustc's E0658 (an unstable feature) and E0554 (#![feature]) as real rustc 1.95 stable and a nightly
// print them: which rustc reported it decides whether the toolchain is the fix (round10 a06 and variants).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { diagnoseText } from '../../../../server/src/diagnose/diagnoser';
import type { Diagnostic, FixIntent } from '../../../../server/src/diagnose/types';
import { heldout, wordingSource as source } from './helpers';

const summary = (ds: Diagnostic[]) => ds.map((d) => [d.category, d.fixes]);
const toolchain: FixIntent[] = [{ kind: 'rust-toolchain' }];

describe('rustc-too-old: an unstable feature reported by a stable rustc (E0658 without the nightly help)', () => {
  it('real rustc 1.95 stable on the package’s own code → rustc-too-old alone, no compile error', () => {
    const ds = diagnoseText(source('s40-rustc-e0658-stable-own-code.log'));
    assert.deepEqual(summary(ds), [['rustc-too-old', toolchain]]);
    assert.match(ds[0]!.message, /vec_push_within_capacity/);
  });

  it('rustc before ~1.40 (`for more information, see …` note, quoted feature name) → the same', () => {
    assert.deepEqual(summary(diagnoseText(source('s45-rustc-e0658-old-note-stable.log'))), [['rustc-too-old', toolchain]]);
  });

  it('a real nightly offers #![feature] (and says when it was built): the package’s own code keeps its compile error too', () => {
    assert.deepEqual(
      diagnoseText(source('s41-rustc-e0658-nightly-own-code.log')).map((d) => d.category),
      ['rustc-too-old', 'rust-compile-error'],
    );
  });

  it('#![feature] in the package’s own code on a stable rustc (E0554, real rustc 1.95) → a nightly, nothing else', () => {
    const ds = diagnoseText(source('s44-rustc-e0554-own-code.log'));
    assert.deepEqual(summary(ds), [['rustc-too-old', toolchain]]);
    assert.match(ds[0]!.message, /nightly/);
  });

  it('round10 a06: a log window that cut the error itself, rustc’s `rustc --explain E0658` as the only code, no nightly help → rustc-too-old alone', () => {
    const ds = diagnoseText(heldout(10, 'a06-rustc-too-old-e0658-then-some-nix-darwin-22-05-nil.log'));
    assert.deepEqual(summary(ds), [['rustc-too-old', toolchain]]);
    assert.equal(ds[0]!.details?.issue, '80967');
    assert.deepEqual(summary(diagnoseText(source('s42-rustc-e0658-stable-window-cut.log'))), [['rustc-too-old', toolchain]]);
  });

  it('the same window from a nightly (its help shown) stays the compile error: the code may just lack #![feature]', () => {
    assert.deepEqual(
      diagnoseText(source('s43-rustc-e0658-nightly-window-cut.log')).map((d) => d.category),
      ['rust-compile-error'],
    );
  });

  it('several codes (`Some errors have detailed explanations`) do not say which error was E0658: no guess from the window', () => {
    const log = [
      '  = note: see issue #100486 <https://github.com/rust-lang/rust/issues/100486> for more information',
      '',
      'Some errors have detailed explanations: E0425, E0658.',
      'For more information about an error, try `rustc --explain E0425`.',
      'error: could not compile `demo` (bin "demo") due to 2 previous errors',
    ].join('\n');
    assert.deepEqual(
      diagnoseText(log).map((d) => d.category),
      ['rust-compile-error'],
    );
  });
});
