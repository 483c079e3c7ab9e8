// Where the rules' time goes on the dense log (NIXIFY_AB_LOG=long: the long build's), without the engine around them:
// `node --import tsx bench/diagnose/ruleCost.ts [<checkout>]` (default this one). One diagnose run of the checkout's
// diagnoser, bundled as `nixify` ships it, records every call the engine makes to a rule's line() (as rulesReplay.ts
// does) and counts, per rule, the lines it was handed, how many of them while it waited for follow-up lines, and how
// many it acted on (claimed, emitted a diagnostic, or started or ended a wait; a rule's other state is closure state
// no one outside it can read, so a line that only changed that counts as not acted on). Then the calls are replayed
// through fresh matchers with RegExp.prototype.exec and .test wrapped: per expression, the calls, how many matched, and
// their time. A count, and a timing with the wrapper's two clock reads per call in it (and V8's slow path for a
// replace or match through a wrapped exec; openssl's ANY_TRIGGER read 0.7 µs a call here, 0.14 µs alone over the same
// lines): it says which expressions run on lines they reject and which rules read lines they drop, not what a change
// saves (time an expression alone over its lines; rulesReplay.ts times the rules). NIXIFY_AB_MB (default 40),
// NIXIFY_AB_TOP (default 30) expressions.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { recordCalls, replayContext, type Call, type DiagnoserModule } from './recordCalls';
import { assemble, shippedDiagnoser, speedLogs } from './setup';

interface Handed {
  lines: number;
  waiting: number;
  acted: number;
}

/** The calls of one diagnose run over `file`, and per rule what it was handed and acted on. */
async function record(m: DiagnoserModule, file: string): Promise<{ calls: Call[]; handed: Handed[] }> {
  // The engine makes one matcher per rule, in RULES' order (the replays index the rules so too).
  const handed = m.RULES.map((): Handed => ({ lines: 0, waiting: 0, acted: 0 }));
  const calls = await recordCalls(m, file, (engine, rule, x, ctx, run) => {
    const h = handed[rule]!;
    const waited = (engine.waitMask & (1 << rule)) !== 0;
    const claimed = ctx.claimed;
    const emitted = ctx.emitted;
    run();
    h.lines++;
    if (waited) h.waiting++;
    if ((!claimed && ctx.claimed) || ctx.emitted !== emitted || waited !== !!x.busy?.()) h.acted++;
  });
  return { calls, handed };
}

interface Expr {
  rules: Set<string>;
  calls: number;
  matched: number;
  ms: number;
  /** Calls over SLOW_MS, left out of `ms`: a pause that lands in one (a garbage collection, the expression's compile). */
  slow: number;
}

const SLOW_MS = 0.2;

/** The calls replayed through fresh matchers, every RegExp exec and test counted and timed by expression. */
function regexCost(m: DiagnoserModule, calls: readonly Call[]): Map<RegExp, Expr> {
  const matchers = m.RULES.map((r) => r.create());
  const { ctx, at } = replayContext(calls[0]!);
  const exprs = new Map<RegExp, Expr>();
  let rule = '';
  const count = (re: RegExp, matched: boolean, ms: number) => {
    let e = exprs.get(re);
    if (!e) exprs.set(re, (e = { rules: new Set(), calls: 0, matched: 0, ms: 0, slow: 0 }));
    e.rules.add(rule);
    e.calls++;
    if (matched) e.matched++;
    if (ms > SLOW_MS) e.slow++;
    else e.ms += ms;
  };
  const { exec, test } = RegExp.prototype;
  RegExp.prototype.exec = function (this: RegExp, s: string) {
    const t0 = performance.now();
    const r = exec.call(this, s);
    count(this, r !== null, performance.now() - t0);
    return r;
  };
  RegExp.prototype.test = function (this: RegExp, s: string) {
    const t0 = performance.now();
    const r = exec.call(this, s) !== null;
    count(this, r, performance.now() - t0);
    return r;
  };
  try {
    for (let i = 0; i < calls.length; i++) {
      const c = calls[i]!;
      at(c);
      rule = m.RULES[c.rule]!.category;
      matchers[c.rule]!.line(c.line, ctx);
    }
  } finally {
    Object.assign(RegExp.prototype, { exec, test });
  }
  return exprs;
}

async function main(): Promise<void> {
  const checkout = resolve(process.argv[2] ?? join(__dirname, '..', '..'));
  const dir = mkdtempSync(join(tmpdir(), 'nixify-rulecost-'));
  try {
    const m = (await import(pathToFileURL(await shippedDiagnoser(checkout, dir)).href)) as DiagnoserModule;
    const which = process.env.NIXIFY_AB_LOG === 'long' ? 'long' : 'dense';
    const log = speedLogs().find((l) => l.name.startsWith(which))!;
    const file = join(dir, `${which}.log`);
    const mb = Number(process.env.NIXIFY_AB_MB ?? 40);
    assemble(file, mb, log.body, log.tail);
    const { calls, handed } = await record(m, file);
    console.log(`${which} log ${mb} MB: ${calls.length} rule calls; per rule the lines handed, of them while it waited, and those it acted on (claimed, emitted, started or ended a wait)`);
    const order = handed.map((h, i) => [h, i] as const).sort((a, b) => b[0].lines - a[0].lines);
    for (const [h, i] of order)
      if (h.lines) console.log(`  ${m.RULES[i]!.category.padEnd(22)} ${String(h.lines).padStart(8)} handed ${String(h.waiting).padStart(8)} waiting ${String(h.acted).padStart(8)} acted on`);
    const exprs = regexCost(m, calls);
    const top = Number(process.env.NIXIFY_AB_TOP ?? 30);
    console.log(`the expressions the rules ran replaying those calls, by time (wrapped: a call's figure holds two clock reads; calls over ${SLOW_MS} ms left out, said as slow), top ${top}:`);
    for (const [re, e] of [...exprs].sort((a, b) => b[1].ms - a[1].ms).slice(0, top)) {
      const each = ((1000 * e.ms) / (e.calls - e.slow || 1)).toFixed(2);
      const slow = e.slow ? `, ${e.slow} slow` : '';
      console.log(
        `  ${e.ms.toFixed(1).padStart(7)} ms ${String(e.calls).padStart(7)} calls (${each} µs${slow}) ${String(e.matched).padStart(7)} matched  ${[...e.rules].join(',')}  ${String(re).slice(0, 100)}`,
      );
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

void main();
