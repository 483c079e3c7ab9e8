// rustc errors with their `--> file:line:col` span. Errors wait for cargo's
// `could not compile` summary, which says whether a test target failed
// (then they are test-failure, not the package's own code).
import { diag, RECENT_MAX, type DiagnosisRule, type Matcher, type RuleContext } from '../rule';
import { srcBindingOf } from '../../fixes/intentFixes';
import type { Diagnostic, FixIntent } from '../types';
import { missingIncludePath } from './includeSource';
import { DEPENDENCY_PATH } from './rustcTooOld';

const ERROR = /^error(?:\[(E\d{4})\])?: (.+)$/;
const SPAN = /^\s*--> (.+?):(\d+):(\d+)$/;
const CARET = /^\s*(?:\d+\s*)?\|(\s*)([\^]+)/;
const SUMMARY = /^error: could not compile `([^`]+)`(?: \(([^)]*)\))?(?: due to (\d+) previous errors?)?/;
const NOT_RUSTC =
  /^(?:could not compile|failed to run custom build command|linking with|aborting due to|the lock file|cannot create the lock file|failed to get|no matching package|package `|test failed|failed to select|failed to load|failed to parse|lock file version|Could not|could not find|Recipe|build failed|failed to download|Cannot build|builder for|build of|\d+ dependenc|hash mismatch|getting status|experimental Nix feature|flake '|undefined variable|attribute '|syntax error)/;
const MAX_PENDING = 100;
// buildRustCrate (crate2nix) prints the rustc command it runs; its `-L` names the
// unpacked source. A crates.io `.crate` archive unpacks to `<name>-<version>`, so a
// source directory named for the crate being compiled and a version is a
// published crate, not the user's own source (that unpacks to `source` or its
// directory's name).
const RUN = /^Running rustc --crate-name (\S+) .*?\/build\/([A-Za-z0-9_-]+)-\d+\.\d+\.\d+[0-9A-Za-z.+-]*\/target\//;

/** Whether the rustc run just before (within RECENT_MAX lines) compiles a published crate; undefined when none is shown. */
function publishedRun(recent: string[]): boolean | undefined {
  for (let i = recent.length - 1; i >= 0; i--) {
    const r = RUN.exec(recent[i]!.trim());
    if (r) return r[2]!.replace(/-/g, '_') === r[1];
  }
  return undefined;
}

interface Pending {
  code?: string;
  message: string;
  evidence: string[];
  location?: Diagnostic['location'];
  drv?: string;
  /** Compiled from a published crate's source (see RUN). */
  published?: boolean;
}

function create(): Matcher {
  let pending: Pending[] = [];
  let current: Pending | undefined;
  let summary: { crate: string; target?: string; count?: string; line: string; drv?: string } | undefined;
  let emitted = 0;
  let notTheCode = 0;
  const included = new Set<string>();

  const flush = (ctx: RuleContext, category: 'rust-compile-error' | 'test-failure') => {
    current = undefined;
    for (const p of pending) {
      const include = p.code ? undefined : missingIncludePath(p.message);
      // A message with neither span nor code is rustc's only when it names a file the code reads.
      if (!p.location && !p.code && !include) continue;
      // An unstable feature in a published dependency is rustc-too-old's (the crate is built with another toolchain).
      if ((p.code === 'E0658' || p.code === 'E0554') && p.location && DEPENDENCY_PATH.test(p.location.path)) continue;
      // A code-less error (rustc's parser: `expected one of …, found …`) in a published
      // crate: that source parsed when it was published, so the build changed it (a build
      // script's output written over a source file) or the rustc is older than its syntax;
      // neither is an error in the package's code, and no edit of it fixes it.
      if (!p.code && !include && (p.published || (p.location && DEPENDENCY_PATH.test(p.location.path)))) {
        notTheCode++;
        continue;
      }
      if (include) {
        // One diagnosis per missing file (rustc repeats the error at every use).
        if (included.has(include)) continue;
        included.add(include);
      }
      emitted++;
      const fixes: FixIntent[] = include
        ? [{ kind: 'include-in-src', path: include, because: 'read at compile time (include_str!, include_bytes!, migrate!)' }]
        : category === 'test-failure'
          ? [{ kind: 'set-attr', name: 'doCheck', nix: 'false' }]
          : [];
      const message = include
        ? `${p.message}: the code includes ${include} at compile time, but the build's src does not have it (a source filter keeping only Rust and Cargo files drops it): keep it in src.`
        : p.code
          ? `error[${p.code}]: ${p.message}`
          : p.message;
      ctx.emit(
        diag(category, message, p.evidence, fixes, {
          location: p.location,
          drv: p.drv,
          details: p.code ? { code: p.code } : include ? { includePath: include } : undefined,
        }),
      );
    }
    pending = [];
  };

  return {
    busy: () => !!current,
    line(l, ctx) {
      const t = l.text;
      if (current) {
        const s = SPAN.exec(t);
        if (s && !current.location) {
          current.location = { path: s[1]!, line: Number(s[2]), column: Number(s[3]), unit: 'char' };
          current.evidence.push(t);
          return;
        }
        const c = current.location && current.location.endColumn === undefined ? CARET.exec(t) : null;
        if (c) current.location!.endColumn = current.location!.column! + c[2]!.length;
        if (t.trim() && !t.startsWith('error') && !t.startsWith('warning') && !/^For more information/.test(t) && current.evidence.length < 16) {
          current.evidence.push(t);
          return;
        }
        current = undefined;
      }
      if (!t.startsWith('error')) return;
      const sm = SUMMARY.exec(t);
      if (sm) {
        ctx.claim();
        const test = /\btest\b/.test(sm[2] ?? '');
        summary = { crate: sm[1]!, target: sm[2], count: sm[3], line: t, drv: l.drv };
        const before = emitted;
        if (pending.length) flush(ctx, test ? 'test-failure' : 'rust-compile-error');
        if (test && emitted === before) {
          // The window hid the errors themselves: still say the test target does not build.
          emitted++;
          ctx.emit(
            diag(
              'test-failure',
              `The tests of ${sm[1]} (${sm[2]}) do not compile${sm[3] ? ` (${sm[3]} errors)` : ''}: fix them, or disable the check phase; see the full log.`,
              [...ctx.recent(3), t],
              [{ kind: 'set-attr', name: 'doCheck', nix: 'false' }],
              { drv: l.drv ?? ctx.lastFailedDrv },
            ),
          );
        }
        return;
      }
      const m = ERROR.exec(t);
      // A line another rule explained (a missing target's E0463, a library the loader cannot open) is not the code's error.
      if (!m || NOT_RUSTC.test(m[2]!) || ctx.claimed) return;
      const published = publishedRun(ctx.recent(RECENT_MAX)) ?? pending.at(-1)?.published;
      current = { code: m[1], message: m[2]!, evidence: [t], drv: l.drv, published };
      if (pending.length < MAX_PENDING) pending.push(current);
    },
    finish(ctx) {
      if (pending.length) flush(ctx, 'rust-compile-error');
      // Only the summary survived (e.g. a `last 25 log lines` window full of warnings).
      if (summary && !emitted && !notTheCode && !ctx.emitted) {
        ctx.emit(
          diag(
            'rust-compile-error',
            `${summary.crate}${summary.target ? ` (${summary.target})` : ''} does not compile${summary.count ? ` (${summary.count} errors)` : ''}; the errors are above the shown log lines, see the full log.`,
            [summary.line],
            [],
            { drv: summary.drv ?? ctx.lastFailedDrv },
          ),
        );
      }
    },
  };
}

export const rustCompileErrorRule: DiagnosisRule = {
  category: 'rust-compile-error',
  // Idle, it starts only on `error: …` or `error[E…]: …` (busy, it gets every line).
  markers: ['error:', 'error['],
  create,
  place(d, s) {
    // A file missing from src: the fix goes on the builder's src, not on the Rust line that includes it.
    if (!d.details?.includePath) return undefined;
    const src = srcBindingOf(s);
    return src ? s.onCall(src.range) : undefined;
  },
};
