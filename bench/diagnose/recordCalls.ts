// One diagnose run with every call the engine makes to a rule's line() recorded, for the benches that replay those
// calls without the engine around them (rulesReplay.ts times the rules, ruleCost.ts counts their expressions).
import type { Matcher, RuleContext } from '../../server/src/diagnose/rule';
import type { LogLine } from '../../server/src/diagnose/types';
import { logChunks } from '../../server/src/pipeline/logFile';

export type DiagnoserModule = typeof import('../../server/src/diagnose/diagnoser');

/** One line() call as the engine made it, and the context's answers then. */
export interface Call {
  rule: number;
  line: LogLine;
  claimed: boolean;
  emitted: number;
  held: number;
  inTests: boolean;
  building: boolean;
  lastFailedDrv: string | undefined;
  /** The look-back as of this line (the same for every rule the line goes to). */
  recent: string[];
}

/** The engine's private parts the benches read: its matchers and which of them wait for follow-up lines. */
export interface Engine {
  matchers: Matcher[];
  waitMask: number;
}

/**
 * The calls of one diagnose run of `m` over `file`, as `nixify diagnose` reads it. `around`, when given, makes each
 * rule's own call (`run`), to see what the rule did with the line.
 */
export async function recordCalls(m: DiagnoserModule, file: string, around?: (engine: Engine, rule: number, matcher: Matcher, ctx: RuleContext, run: () => void) => void): Promise<Call[]> {
  const d = new m.Diagnoser({ failingStep: true });
  // The matchers and the wait mask are private to the engine; the bench's speed child and the markers test wrap them too.
  const engine = d as unknown as Engine;
  const calls: Call[] = [];
  let last: LogLine | undefined;
  let recent: string[] = [];
  engine.matchers.forEach((x, rule) => {
    const line = x.line.bind(x);
    x.line = (l: LogLine, ctx: RuleContext) => {
      if (l !== last) [last, recent] = [l, ctx.recent(8)];
      calls.push({ rule, line: l, claimed: ctx.claimed, emitted: ctx.emitted, held: ctx.held, inTests: ctx.inTests, building: ctx.building, lastFailedDrv: ctx.lastFailedDrv, recent });
      if (around) around(engine, rule, x, ctx, () => line(l, ctx));
      else line(l, ctx);
    };
  });
  for await (const chunk of logChunks(file)) d.push(chunk);
  d.end();
  return calls;
}

/**
 * A rule context answering as the engine did at a recorded call: `at(c)` sets its fields to that call's answers (as the
 * engine's getters read its state then) and its look-back to that call's.
 */
export function replayContext(first: Call): { ctx: RuleContext; at: (c: Call) => void } {
  let c = first;
  const ctx: { -readonly [K in keyof RuleContext]: RuleContext[K] } = {
    recent: (n) => c.recent.slice(Math.max(0, c.recent.length - n)),
    emit: () => {},
    claim: () => {},
    claimed: false,
    inTests: false,
    building: false,
    lastFailedDrv: undefined,
    emitted: 0,
    held: 0,
  };
  const at = (next: Call) => {
    c = next;
    ctx.claimed = c.claimed;
    ctx.inTests = c.inTests;
    ctx.building = c.building;
    ctx.lastFailedDrv = c.lastFailedDrv;
    ctx.emitted = c.emitted;
    ctx.held = c.held;
  };
  return { ctx, at };
}
