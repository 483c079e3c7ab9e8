// Each rule's markers must cover every line it reads: the prefilter gives a
// rule only the lines that contain one of its markers (plus every line while
// its matcher waits for follow-up lines — but no indented or blank line
// without its markers while it says it reads none —, and those with its listen markers
// while it listens), so a rule that reacts to a line
// without its markers would silently lose diagnoses for speed. Here each rule,
// one at a time, sees only those lines while every other rule sees every line;
// what the whole diagnosis finds must not change, on every real log we have
// and on logs made of many of them.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { Diagnoser, diagnoseText, RULES } from '../../../server/src/diagnose/diagnoser';
import type { Matcher } from '../../../server/src/diagnose/rule';
import { logsUnder } from './logFiles';

const REPO = join(__dirname, '..', '..', '..');
const CORPUS = join(REPO, '..', 'shared', 'corpus', 'logs');

/** A text the prefilter may leave out while only rules that read no indented line wait (Matcher.readsIndented). */
const INDENTED_ASCII = /^(?:[ \t][\x00-\x0c\x0e-\x7f]*)?$/;

/** The text-path diagnosis with rule `i` fed only the lines its markers (or its waiting) let through. */
function withMarkersOnly(text: string, i: number): ReturnType<typeof diagnoseText> {
  const d = new Diagnoser({ noPrefilter: true });
  // The matchers are private to the engine; this test is the one place that wraps one.
  const m = (d as unknown as { matchers: Matcher[] }).matchers[i]!;
  const markers = RULES[i]!.markers;
  const listen = RULES[i]!.listenMarkers ?? [];
  const line = m.line.bind(m);
  m.line = (l, ctx) => {
    // Busy, a matcher that reads no indented or blank line then (readsIndented, readsBlank) is not given one without its markers.
    const skips = (m.readsIndented?.() === false && INDENTED_ASCII.test(l.text)) || (m.readsBlank?.() === false && /^[ \t]*$/.test(l.text));
    const waits = m.busy?.() && !skips;
    if (waits || markers.some((k) => l.text.includes(k)) || (listen.some((k) => l.text.includes(k)) && m.listening!())) line(l, ctx);
  };
  d.push(text);
  return d.end();
}

describe('rule markers', () => {
  const files = [...logsUnder(join(REPO, 'test', 'fixtures', 'logs')), ...logsUnder(CORPUS)];
  const texts = files.map((f) => readFileSync(f, 'utf8'));
  // Logs made of many logs: state carried from one failure into the next.
  const joined: string[] = [];
  for (let k = 0; k < 4; k++) joined.push(texts.filter((_, j) => j % 4 === k).join('\n'));

  for (const [i, rule] of RULES.entries()) {
    it(`${rule.category}: every line it reads has one of its markers or comes while it waits`, () => {
      assert.ok(rule.markers.length, 'a rule names its markers');
      if (rule.listenMarkers?.length) assert.ok(rule.create().listening, 'a rule with listen markers says when it listens');
      for (const [j, text] of [...texts, ...joined].entries()) {
        assert.deepEqual(withMarkersOnly(text, i), diagnoseText(text), files[j] ?? `joined log ${j - files.length}`);
      }
    });
  }
});
