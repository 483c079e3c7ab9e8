// Nix evaluation errors (syntax, undefined variable, missing attribute, type
// errors) with the position Nix prints, when no more specific rule explained the error.
// Runs last: it only looks at lines other rules did not claim.
import { diag, type DiagnosisRule, type Matcher, type RuleContext } from '../rule';

const ERROR = /^\s*error: (.+)$/;
const ONE_LINE = /^\s*error: (.+?),? at ((?:\/|«)[^:\s]+):(\d+):(\d+):?$/;
const AT = /^\s*at ((?:\/|«|\$|~|\.)[^:\s]*):(\d+):(\d+):?$/;
/** `(use '--show-trace' to show detailed location information)`; 2.20+: `(stack trace truncated; use '--show-trace' …)`. */
const SHOW_TRACE = /^\s*\((?:stack trace truncated; )?use '--show-trace' to show\b/;
const STRUCTURAL = /^(?:builder for|Cannot build|build of|\d+ dependenc|cannot build derivation|some outputs of|while |… |\(use)/;
// (nixpkgs' check-meta throws too: `Package ‘foo-1.0’ in /nix/store/…/default.nix:30 is marked as broken, refusing
// to evaluate.`, `… has an unfree license`, `… is not available on the requested hostPlatform:`; 2025+: `Refusing to evaluate package …`.)
const EVAL_MESSAGE =
  /^(?:undefined variable|attribute '[^']+' missing|syntax error|value is (?:a|an|null)|cannot coerce|infinite recursion|assertion .* failed|function '[^']*' called (?:without|with unexpected)|cannot add|attribute '[^']+' in selection path|expected a|anonymous function at|called with unexpected|cannot convert|undefined attribute|dynamic attribute|file '[^']+' was not found in the Nix search path|string '[^']+' doesn't represent|cannot import|the string '[^']+' is not allowed to refer|access to (?:absolute )?path|Package ['‘][^'’]+['’] in \S+ (?:is marked as|has an unfree|is not supported on|is not available on)|Refusing to evaluate package)/;

function create(): Matcher {
  let pending: { message: string; evidence: string[]; notes: string[]; left: number } | undefined;
  const expire = (ctx: RuleContext) => {
    const p = pending;
    pending = undefined;
    if (p && EVAL_MESSAGE.test(p.message)) ctx.emit(diag('eval-error', p.message, p.evidence, []));
  };
  return {
    line(l, ctx) {
      const t = l.text;
      if (pending) {
        const a = AT.exec(t);
        if (a) {
          const p = pending;
          pending = undefined;
          return ctx.emit(diag('eval-error', p.message, [...p.evidence, t.trim()], [], { location: { path: a[1]!, line: Number(a[2]), column: Number(a[3]), unit: 'byte' } }));
        }
        if (SHOW_TRACE.test(t)) {
          // Nix offers the trace only for an error raised while evaluating: any message then
          // (a `throw` in a library, rust-overlay's component resolution) is an evaluation error.
          const p = pending;
          pending = undefined;
          return ctx.emit(diag('eval-error', p.message, [...p.evidence, ...p.notes, t.trim()], []));
        }
        if (t.trim()) {
          pending.left--;
          pending.notes.push(t.trim());
        }
        if (pending.left <= 0 || /^\s*error:/.test(t)) expire(ctx);
      }
      if (ctx.claimed || !t.includes('error:')) return;
      const o = ONE_LINE.exec(t);
      if (o && !STRUCTURAL.test(o[1]!)) {
        return ctx.emit(diag('eval-error', o[1]!, [t.trim()], [], { location: { path: o[2]!, line: Number(o[3]), column: Number(o[4]), unit: 'byte' } }));
      }
      const m = ERROR.exec(t);
      if (!m || STRUCTURAL.test(m[1]!)) return;
      pending = { message: m[1]!.trim(), evidence: [t.trim()], notes: [], left: 3 };
    },
    busy: () => !!pending,
    finish(ctx) {
      expire(ctx);
    },
  };
}

export const evalErrorRule: DiagnosisRule = {
  category: 'eval-error',
  // Idle, it reads only lines with `error:` (busy, it gets every line): `error` alone would also wake it for every `Compiling thiserror`.
  markers: ['error:'],
  create,
};
