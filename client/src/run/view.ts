// What a person watching a build wants to see, computed from decoded events:
// which derivation is building, in which phase, how many are done, what
// failed — like nix-output-monitor, as plain lines for a terminal and a
// one-line summary for the status bar. Pure: events in, text out.
import type { BuildEvent } from '../../../server/src/diagnose/types';

export interface BuildSummary {
  done: number;
  /** 0 until Nix says how many builds to expect. */
  expected: number;
  running: string[];
  failed: string[];
  /** Most recently started build still running, and its phase. */
  current?: { name: string; phase?: string };
  errors: number;
}

const C = {
  dim: (s: string) => `\x1b[2m${s}\x1b[0m`,
  red: (s: string) => `\x1b[31m${s}\x1b[0m`,
  green: (s: string) => `\x1b[32m${s}\x1b[0m`,
  yellow: (s: string) => `\x1b[33m${s}\x1b[0m`,
  blue: (s: string) => `\x1b[34m${s}\x1b[0m`,
  bold: (s: string) => `\x1b[1m${s}\x1b[0m`,
};

/** Chatter of `-v` that a person does not need to watch. */
const QUIET = /^(?:evaluating file '|querying info about|copying path '|download(?:ing|ed) '|checking outputs of|\s*$)/;

export class BuildView {
  private done = 0;
  private expected = 0;
  private failedCount = 0;
  private readonly running = new Map<string, { phase?: string }>();
  private readonly failed: string[] = [];
  /** Builds that stopped; the next progress record says whether they succeeded. */
  private stopped: string[] = [];
  private errors = 0;
  private started = 0;
  private sawProgress = false;

  constructor(private readonly color = true) {}

  private c(f: keyof typeof C, s: string): string {
    return this.color ? C[f](s) : s;
  }

  /** Lines to print for one event (without line endings). */
  event(e: BuildEvent): string[] {
    switch (e.type) {
      case 'build-started':
        this.running.set(e.name, {});
        this.started++;
        return [`${this.c('blue', '▶')} building ${this.c('bold', e.name)}${this.counter()}`];
      case 'phase': {
        const name = e.name ?? this.current()?.name;
        if (!name) return [];
        const r = this.running.get(name);
        if (r) r.phase = e.phase;
        return [this.c('dim', `  ${name}: ${e.phase}`)];
      }
      case 'build-stopped':
        this.running.delete(e.name);
        if (!this.failed.includes(e.name)) this.stopped.push(e.name);
        return [];
      case 'build-failed':
        this.running.delete(e.name);
        this.stopped = this.stopped.filter((n) => n !== e.name);
        if (this.failed.includes(e.name)) return [];
        this.failed.push(e.name);
        if (!this.sawProgress) this.failedCount++;
        return [this.c('red', `✗ ${e.name} failed${e.exitCode !== undefined ? ` (exit code ${e.exitCode})` : ''}`)];
      case 'progress': {
        this.sawProgress = true;
        const lines: string[] = [];
        const built = e.done - this.done;
        for (let i = 0; i < built && this.stopped.length; i++) lines.push(`${this.c('green', '✓')} built ${this.stopped.shift()}${this.counter(e.done, e.expected)}`);
        if (e.failed > this.failedCount) this.stopped = [];
        this.done = e.done;
        this.expected = Math.max(this.expected, e.expected);
        this.failedCount = e.failed;
        return lines;
      }
      case 'expected':
        if (e.activity === 'builds') this.expected = Math.max(this.expected, e.expected);
        return [];
      case 'log': {
        const t = e.line.text;
        if (e.line.source === 'build') {
          const who = e.line.drv ? e.line.drv.replace(/^\/nix\/store\/[0-9a-z]{32}-/, '').replace(/\.drv$/, '') : undefined;
          return [who ? `${this.c('dim', `${who}>`)} ${t}` : t];
        }
        if (QUIET.test(t) || /^building '\/nix\/store\//.test(t)) return [];
        if (/^error\b/.test(t)) {
          this.errors++;
          return [this.c('red', t)];
        }
        if (/^warning\b/.test(t)) return [this.c('yellow', t)];
        return [t];
      }
      default:
        return [];
    }
  }

  /** Lines for the end of the run. */
  finish(exitCode: number | null, cancelled: boolean, ms: number): string[] {
    const secs = (ms / 1000).toFixed(1);
    // Plain output has no progress records: every build that started and did not fail is done.
    if (!this.sawProgress) this.done = Math.max(this.done, this.started - this.failed.length - (exitCode === 0 ? 0 : this.running.size));
    const s = this.summary();
    const counts = s.expected ? `${s.done}/${s.expected} built` : `${s.done} built`;
    if (cancelled) return [this.c('yellow', `■ cancelled after ${secs}s (${counts})`)];
    if (exitCode === 0) return [this.c('green', `✓ done in ${secs}s (${counts})`)];
    const failed = s.failed.length ? `, failed: ${s.failed.join(', ')}` : '';
    return [this.c('red', `✗ exit code ${exitCode ?? 'signal'} after ${secs}s (${counts}${failed})`)];
  }

  private current(): { name: string; phase?: string } | undefined {
    const last = [...this.running.entries()].at(-1);
    return last ? { name: last[0], phase: last[1].phase } : undefined;
  }

  private counter(done = this.done, expected = this.expected): string {
    return expected ? this.c('dim', `  [${done}/${expected}]`) : '';
  }

  summary(): BuildSummary {
    return {
      done: this.done,
      // Plain output never announces a total: what started so far is the best guess.
      expected: this.expected || (this.sawProgress ? 0 : this.started),
      running: [...this.running.keys()],
      failed: [...this.failed],
      current: this.current(),
      errors: this.errors,
    };
  }

  /** One line for the status bar / progress notification: `3/17 built · foo (buildPhase) · 1 failed`. */
  statusText(): string {
    const s = this.summary();
    const parts = [s.expected ? `${s.done}/${s.expected} built` : s.done ? `${s.done} built` : 'evaluating'];
    if (s.current) parts.push(`${s.current.name}${s.current.phase ? ` (${s.current.phase})` : ''}`);
    if (s.running.length > 1) parts.push(`${s.running.length} running`);
    if (s.failed.length) parts.push(`${s.failed.length} failed`);
    return parts.join(' · ');
  }
}

/** Terminal line endings: a pseudoterminal needs `\r\n`, and lone `\n` inside text too. */
export function toTerminal(lines: string[]): string {
  return lines.map((l) => l.replace(/\r?\n/g, '\r\n') + '\r\n').join('');
}
