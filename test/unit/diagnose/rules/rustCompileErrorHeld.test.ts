// rust-compile-error holds the diagnostics of errors whose derivation the framing does not say (legacy nix-build,
// `-L`'s versionless prefix) until the builder's failure names it, at most HOLD_LINES lines. Held is never lost: the
// log may end first (a cut paste, a build stopped), other jobs may print between, and a log read in chunks splits
// the lines anywhere. Another derivation failing within the hold does not lend its name: the errors' own build is
// the failure right after cargo's summary or one that exited with cargo's status (101). Real Nix 2.8 + cargo 1.95
// logs (wordings/sources s77, s78).
import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import { describe, it } from 'node:test';
import { diagnoseStream, diagnoseText } from '../../../../server/src/diagnose/diagnoser';
import { wordingSource as source } from './helpers';

const LEGACY = 's77-package-derivation-crate-error-legacy.log';
const lines = (name: string) => source(name).trimEnd().split('\n');
const read = (text: string) => diagnoseText(text).map((d) => [d.category, d.details?.code]);

describe('rust-compile-error: an error held for its derivation is still reported', () => {
  it('the log ends right after the error (no summary, no builder failure) → reported at the end', () => {
    const all = lines(LEGACY);
    const cut = all
      .slice(
        0,
        all.findIndex((l) => l.startsWith('For more information')),
      )
      .join('\n');
    assert.match(cut, /^error\[E0308\]/m);
    assert.doesNotMatch(cut, /could not compile|builder for/);
    assert.deepEqual(read(cut), [['rust-compile-error', 'E0308']]);
  });

  it('the log ends after cargo’s summary, before the builder’s failure → reported at the end', () => {
    const cut = lines(LEGACY)
      .filter((l) => !l.includes('builder for'))
      .join('\n');
    assert.deepEqual(read(cut), [['rust-compile-error', 'E0308']]);
  });

  it('other jobs’ lines between the summary and the builder’s failure (past the hold) → reported', () => {
    const all = lines(LEGACY);
    const at = all.findIndex((l) => l.includes('builder for'));
    const between = ['warning: build failed, waiting for other jobs to finish...', ...['a', 'b', 'c', 'd', 'e', 'f'].map((c) => `   Compiling ${c} v0.1.0`)];
    const log = [...all.slice(0, at), ...between, ...all.slice(at)].join('\n');
    assert.deepEqual(read(log), [['rust-compile-error', 'E0308']]);
  });

  it('read as a stream in small byte chunks → the same diagnostics as the whole text', async () => {
    for (const name of [LEGACY, 's78-package-derivation-crate-error-tail.log']) {
      const text = source(name);
      const bytes = Buffer.from(text);
      const chunks: Buffer[] = [];
      for (let i = 0; i < bytes.length; i += 7) chunks.push(bytes.subarray(i, i + 7));
      const streamed = await diagnoseStream(Readable.from(chunks));
      assert.deepEqual(
        streamed.map((d) => [d.category, d.drv, d.message]),
        diagnoseText(text).map((d) => [d.category, d.drv, d.message]),
        name,
      );
      assert.equal(streamed.length, 1, name);
    }
  });

  describe('another derivation failing within the hold', () => {
    const all = lines(LEGACY);
    const at = all.findIndex((l) => l.includes('builder for'));
    const other = (code: number) => `error: builder for '/nix/store/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa-other-1.0.drv' failed with exit code ${code}`;
    const waiting = 'warning: build failed, waiting for other jobs to finish...';
    const drvs = (log: string[]) => diagnoseText(log.join('\n')).map((d) => [d.category, d.drv]);
    const own = all[at]!.replace(/^.*'(\/nix\/store\/[^']+)'.*$/, '$1');

    it('the errors’ own build right after the summary, or after cargo’s waiting line with cargo’s status → that derivation', () => {
      assert.deepEqual(drvs(all), [['rust-compile-error', own]]);
      assert.deepEqual(drvs([...all.slice(0, at), waiting, ...all.slice(at)]), [['rust-compile-error', own]]);
    });

    it('a build that did not fail with cargo’s status, past the summary → the errors without a derivation, not under its name', () => {
      assert.deepEqual(drvs([...all.slice(0, at), waiting, other(2), ...all.slice(at)]), [['rust-compile-error', undefined]]);
    });
  });
});
