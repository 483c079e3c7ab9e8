// cargo's rust-version refusal inside nix-output-monitor's box (round10 a17): the box holds Nix's own
// `last N log lines` framing, read as it is read unboxed.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { diagnoseText } from '../../../../server/src/diagnose/diagnoser';
import { LogDecoder } from '../../../../server/src/diagnose/stream';
import type { Diagnostic, LogLine } from '../../../../server/src/diagnose/types';
import { heldout } from './helpers';

const summary = (ds: Diagnostic[]) => ds.map((d) => [d.category, d.fixes]);

describe('rustc-too-old: cargo’s rust-version inside nix-output-monitor’s box', () => {
  it('round10 a17: `┃        > ` is a tail line of the failed build, read as its output → the version asked', () => {
    assert.deepEqual(summary(diagnoseText(heldout(10, 'a17-rustc-too-old-rust-version-1-94-naersk-nom-home-manager-fsel.log'))), [
      ['rustc-too-old', [{ kind: 'rust-toolchain', rustVersion: '1.94' }]],
    ]);
  });

  it('the decoder gives the boxed tail line as build output, as it does unboxed', () => {
    const read = (text: string) => {
      const lines: LogLine[] = [];
      const d = new LogDecoder((l) => lines.push(l));
      d.push(text);
      d.end();
      return lines.map((l) => [l.source, l.text]);
    };
    const tail = '       >   demo@0.1.0 requires rustc 1.94\n';
    assert.deepEqual(read(`┃ ${tail}`), read(tail));
    assert.deepEqual(read(`┃ ${tail}`), [['build', '  demo@0.1.0 requires rustc 1.94']]);
  });
});
