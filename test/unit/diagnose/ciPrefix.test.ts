// Logs pasted from CI keep the runner's per-line prefix: GitHub Actions' timestamp,
// docker buildkit's step and seconds; a service's output pasted from the journal, syslog's. Every real log we have (held-out rounds, other
// tools' wordings) must read the same with either prefix on every line as without.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { Diagnoser, diagnoseText } from '../../../server/src/diagnose/diagnoser';
import type { Diagnostic } from '../../../server/src/diagnose/types';
import { logsUnder } from './logFiles';

const LOGS = join(__dirname, '..', '..', 'fixtures', 'logs');

const what = (ds: Diagnostic[]) => ds.map((d) => [d.category, d.fixes, d.details]);

const PREFIXES: [string, (i: number) => string][] = [
  ['GitHub Actions timestamps', (i) => `2024-05-01T12:34:${String(10 + (i % 50)).padStart(2, '0')}.${String(1234567 + i).slice(-7)}Z `],
  ['docker buildkit step and seconds', (i) => `#12 ${(3.5 + i / 100).toFixed(3)} `],
  ['docker seconds as a terminal shows them', (i) => ` ${(44.5 + i / 100).toFixed(2)} `],
  ['the journal as journalctl shows it', (i) => `May ${String(1 + (i % 28)).padStart(2, ' ')} 18:20:${String(10 + (i % 50)).padStart(2, '0')} host hydra-evaluator[22649]: `],
];

describe('CI line prefixes', () => {
  const files = [...logsUnder(join(LOGS, 'heldout')), ...logsUnder(join(LOGS, 'wordings'))];
  for (const [name, prefix] of PREFIXES) {
    it(`${name} on every line of ${files.length} real logs: the same diagnoses, by text and by bytes`, () => {
      assert.ok(files.length > 100);
      for (const f of files) {
        const text = readFileSync(f, 'utf8');
        const prefixed = text
          .split('\n')
          .map((l, i) => (l ? prefix(i) + l : l))
          .join('\n');
        assert.deepEqual(what(diagnoseText(prefixed)), what(diagnoseText(text)), f);
        const d = new Diagnoser();
        d.push(Buffer.from(prefixed));
        assert.deepEqual(what(d.end()), what(diagnoseText(text)), `${f} (bytes)`);
      }
    });
  }
});
