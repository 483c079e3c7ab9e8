// Golden tests: every log under test/fixtures/logs (real Nix 2.8 output, plus
// the same failures re-laid out in the Nix 2.3 and 2.30+ error formats)
// against committed diagnostics. UPDATE_GOLDEN=1 rewrites the expected files.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { Diagnoser, diagnoseText } from '../../../server/src/diagnose/diagnoser';

const DIR = join(__dirname, '..', '..', 'fixtures', 'logs');
const logs = readdirSync(DIR)
  .filter((f) => f.endsWith('.log'))
  .sort();
const update = process.env.UPDATE_GOLDEN === '1';

describe('golden build logs', () => {
  for (const name of logs) {
    it(name, () => {
      const text = readFileSync(join(DIR, name), 'utf8');
      const got = diagnoseText(text);
      const file = join(DIR, 'expected', name.replace(/\.log$/, '.json'));
      const json = JSON.stringify(got, null, 2) + '\n';
      if (update) writeFileSync(file, json);
      assert.equal(json, readFileSync(file, 'utf8'));

      // Chunk boundaries (mid-line, mid-UTF-8 character) must not change anything.
      const bytes = Buffer.from(text);
      const d = new Diagnoser();
      for (let i = 0; i < bytes.length; i += 7) d.push(bytes.subarray(i, i + 7));
      assert.deepEqual(d.end(), got);
    });
  }
});
