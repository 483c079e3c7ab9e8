// What the user is told when no rule recognises the cause: the failing step,
// read from the log's structure alone — which derivation failed (Nix 2.3's,
// 2.4–2.2x's and 2.30+'s framing, nix-output-monitor's summary), in which phase
// (stdenv's phase headers, the cargo hooks' `Executing …Hook`, libtest's run),
// what the tool said last (its last error or panic line, else its last lines) —
// and whether the log is a cut paste (it ends without Nix's closing line, or
// starts inside a compiler message or a linker command). One finding, with no
// fix and a category no rule has (`other`): the label `other` means no cause
// Nixify can fix, so the accuracy bench counts it as nothing.
//
// It reads only lines that carry one of STEP_MARKERS, PHASE_MARKERS or some rule's marker (the
// prefilter decodes no other), so the byte path and the decode-everything path
// see the same lines and say the same; its state is a few bounded strings.
import { diag, MAX_EVIDENCE_LINE } from './rule';
import { fullLogsLine, tailHeader } from './stream';
import { drvName } from './text';
import type { Diagnostic, LogLine } from './types';

/**
 * Byte markers of the lines this reader reads for Nix's closing lines and the tools' errors (line()): the prefilter
 * hands it only lines holding one of these or of PHASE_MARKERS, and every test in line() beyond header() needs one of
 * these, so it reads the same either way.
 */
export const STEP_MARKERS: readonly string[] = [
  'builder for',
  'Cannot build',
  'Reason: ',
  'log lines',
  'error:',
  'error[',
  'fatal error:',
  'panicked at',
  'failed with exit code',
  'failed to build',
  'build of ',
  "couldn't be built",
  'RUST_BACKTRACE',
  "didn't exit successfully",
  'For full logs',
  'Error: ',
  'ERROR',
];

/**
 * Byte markers of the phase headers and hooks' lines (header()): every header it reads holds one. A line with
 * these alone needs only header() — the prefilter reads it so, without decoding it as a log line (diagnoser.ts).
 */
export const PHASE_MARKERS: readonly string[] = [
  'running ',
  'install tests',
  'Running phase: ',
  'Executing ',
  'unpacking sources',
  'patching sources',
  'configuring',
  'running tests',
  'installing',
  'post-installation fixup',
];

/** The kind of the finding this module makes (Diagnostic.kind). */
export const FAILING_STEP = 'failing-step';

/** Whether a diagnostic is the failing-step finding (no cause: scored as nothing, never given a fix). */
export function isFailingStep(d: Pick<Diagnostic, 'kind'>): boolean {
  return d.kind === FAILING_STEP;
}

// stdenv's phase headers: `Running phase: buildPhase` (nixpkgs ≥ 23.05), the older
// per-phase words (setup.sh's showPhaseHeader; its bare `building` is not read: no
// marker tells it from a builder's own word, and the prefilter would not decode it).
const RUNNING_PHASE = /^Running phase: (\w+)/;
const OLD_HEADERS = new Map<string, string>([
  ['unpacking sources', 'unpackPhase'],
  ['patching sources', 'patchPhase'],
  ['configuring', 'configurePhase'],
  ['running tests', 'checkPhase'],
  ['installing', 'installPhase'],
  ['post-installation fixup', 'fixupPhase'],
  ['running install tests', 'installCheckPhase'],
]);
// nixpkgs' setup hooks announce themselves: the cargo and maturin hooks name their phase.
const HOOK = /^Executing (\w+?(Build|Check|Install|Nextest)\w*Hook)\b/;
const HOOK_PHASE: Record<string, string> = { Build: 'buildPhase', Check: 'checkPhase', Nextest: 'checkPhase', Install: 'installPhase' };
// libtest's `running N tests`: the tests run (a check phase, or a dev shell's cargo test).
const RUNNING_TESTS = /^running \d+ tests?$/;

// nix-output-monitor's summary of a failed build: `⚠︎ name failed with exit code N after ⏱︎ T in phase` (older: ✗).
const NOM_FAILED = /^\s*(?:[⚠✗]\S*\s+)(\S+) failed with exit code (\d+)(?: after .*? in (\w+))?/u;
// Nix's closing lines, in its own words at the start of its line (indented in a trace; a builder's tools say `failed with exit code` too:
// clang's `linker command failed`, execa's `Command failed`): a build that failed — `builder for '…' failed` (≤ 2.3
// bare, 2.4+ after `error: `, ≤ 2.1 in ‘’ quotes), 2.30+'s `Cannot build '…'` and `Reason: builder failed` — or a
// dependency that did (≤ 2.3 `build of '…' failed`, `N dependencies couldn't be built`; 2.4+ `N dependencies of
// derivation '…' failed to build`), and nix-output-monitor's summary (NOM_FAILED). cargo's `process didn't exit
// successfully: … (exit status: N)` is a build script's or test binary's exit status: the end of cargo's error.
const CLOSING =
  /^\s*(?:(?:error: )?builder for ['‘][^'’]*['’] failed|error: build of ['‘]|(?:error: )?(?:cannot build derivation ['‘][^'’]*['’]: )?\d+ dependencies couldn't be built|error: \d+ dependenc(?:y|ies) of derivation '[^']*' failed to build|(?:error: )?Cannot build '|Reason: builder failed)|didn't exit successfully/;
// A panic's closing note (std's hook prints it last): a dev shell's build script or test panicked, the message complete.
const PANIC_END = /^note: run with `RUST_BACKTRACE=/;
// Nix's own error lines about the build as a whole (not what the tool said).
const NIX_FRAMING_ERROR = /^error: (?:builder for |build of '|\d+ dependenc|Cannot build |cannot build |path '[^']*' is not valid)/;

// A tool's error: every alternative holds a marker (a rule's `error:`, `error[`, `fatal error:`, `panicked at`,
// `FAILED`, or STEP_MARKERS' `Error: ` / `ERROR`), so only lines the prefilter decodes can match.
const TOOL_ERROR = /^\s*(?:error(?:\[E?\d+\])?: |ERROR\b)|Error: |\bfatal error: |: error: | panicked at |^thread '[^']*' panicked at|\berror\[E\d+\]: /;
// cargo's closing summaries: the failure ends here (a dev shell's cargo has no Nix closing line).
const CARGO_CLOSING = /^error: (?:could not compile|test failed|build failed|aborting due to|failed to compile|process didn't exit successfully|\d+ targets? failed)/;
// cargo's and libtest's summaries say that something failed, not what: the cause is an earlier error, when one shows.
const SUMMARY = /^error: (?:could not compile|test failed|build failed|aborting due to|\d+ targets? failed)/;
// Nix's own lines around a builder's output (not what the builder printed last); 2.26 puts `nix log …` alone on the
// line after `For full logs, run:`.
const NIX_OWN_LINE =
  /^\s*(?:error: )?(?:builder for ['‘]|build of ['‘]|\d+ dependenc|[Cc]annot build (?:derivation )?['‘]|Reason: |For full logs|last \d+ log lines|Output paths:)|^building '|^these \d+ derivations|^this derivation will be built|^\s+(?:nix log |nix-store -l )?\/nix\/store\/\S+$|^@nix /;
const OUTPUT_PATH = /^\/nix\/store\/[0-9a-z]{32}-[^/\s]+$/;
// cargo's own words for the step it was taking (a dev shell's cargo has no derivation to name).
const CARGO_STEP = /^error: (?:failed to run custom build command for `([^`]+)`|could not compile `([^`]+)`)/;
// A paste that starts inside rustc's message (its gutter, span or notes) or a linker's command line.
const CUT_START = /^\s+(?:\||-->|= (?:note|help): )|^\s*(?:= note: )?"[^"]*(?:cc|ld|gcc|clang)(?:\.exe)?" "-/;

/**
 * What a phase header or hook line does to the step's phase and hook: a phase header's phase, a hook's phase and
 * name, libtest's run (TESTS_RUN), or null (nothing). A function of the line's text alone, so the prefilter can
 * remember it for a header's bytes (phaseLines.ts) and apply it again when the same line repeats.
 */
export type HeaderEffect = { phase: string; hook?: string } | typeof TESTS_RUN | null;
const TESTS_RUN = 'tests';

/** The effect of a line holding PHASE_MARKERS and none of STEP_MARKERS (FailingStep.header). */
export function headerEffect(t: string): HeaderEffect {
  const c = t.charCodeAt(0);
  // Phase headers and hooks start with R, E, u, p, c, r, i (few lines do): most lines leave after one test each.
  if (!(c === 82 || c === 69 || c === 117 || c === 112 || c === 99 || c === 114 || c === 105)) return null;
  let m = RUNNING_PHASE.exec(t);
  if (m) return { phase: m[1]! };
  const old = OLD_HEADERS.get(t.trimEnd());
  if (old) return { phase: old };
  m = HOOK.exec(t);
  // HOOK's second group is one of HOOK_PHASE's keys.
  if (m) return { phase: HOOK_PHASE[m[2]!]!, hook: m[1]! };
  return RUNNING_TESTS.test(t) ? TESTS_RUN : null;
}

export class FailingStep {
  private drv: string | undefined;
  /** The build announced last. */
  private running: string | undefined;
  /** A failed build's name when only nix-output-monitor names it (no store path). */
  private nomName: string | undefined;
  private exitCode: number | undefined;
  private phase: string | undefined;
  private hook: string | undefined;
  private lastError: string | undefined;
  private lastSummary: string | undefined;
  private closed = false;
  private firstLine: string | undefined;
  /** What cargo said it was doing when it failed (`the build script of \`x v1\``, `compiling \`x\``). */
  private cargoStep: string | undefined;

  /** A build was announced (the decoder's build-started event): the one a cut paste was in, when none failed. */
  started(drv: string): void {
    this.running = drv;
  }

  /** A derivation failed (the decoder's build-failed event). */
  failed(drv: string, exitCode?: number): void {
    this.drv = drv;
    this.nomName = undefined;
    this.exitCode = exitCode;
    this.closed = true;
  }

  /** The log's first non-empty line, its framing removed (LogDecoder.textOf): a paste that starts inside a message. */
  start(text: string): void {
    if (this.firstLine === undefined) this.firstLine = text.slice(0, MAX_EVIDENCE_LINE);
  }

  /**
   * A line holding PHASE_MARKERS and none of STEP_MARKERS: all line() would do with it (its other tests each need
   * one of STEP_MARKERS). The prefilter calls it with the line's text without making a LogLine of it.
   */
  header(t: string): HeaderEffect {
    const e = headerEffect(t);
    this.apply(e);
    return e;
  }

  /** A header's effect (headerEffect), in the log's order: the phase and hook depend on the headers before. */
  apply(e: HeaderEffect): void {
    if (e === null) return;
    if (e === TESTS_RUN) {
      if (this.phase === 'installCheckPhase') return;
      if (this.phase !== 'checkPhase') this.hook = undefined;
      this.phase = 'checkPhase';
    } else if (e.hook !== undefined) {
      this.phase = e.phase;
      this.hook = e.hook;
    } else {
      if (e.phase !== this.phase) this.hook = undefined;
      this.phase = e.phase;
    }
  }

  line(l: LogLine): void {
    const t = l.text;
    const c = t.charCodeAt(0);
    this.header(t);
    // The closing lines and the tools' errors carry these words; the regular expressions run only on such lines.
    const m = t.includes('failed with exit code') ? NOM_FAILED.exec(t) : null;
    if ((t.includes('fail') || t.includes('Cannot') || t.includes("couldn't") || t.includes("didn't exit")) && (m || CLOSING.test(t))) {
      // Nix ≤ 2.3 opens its tail on the failure's own line (the decoder's tail header) and closes it with `error: build of …` after.
      this.closed = !tailHeader(t);
      if (m && !this.drv) {
        this.nomName = m[1];
        this.exitCode = Number(m[2]);
        if (m[3]) this.phase = m[3];
      }
      if (l.source === 'nix' || m || !t.includes('rror')) return;
    }
    // Nix 2.4+ prints the failure, then the tail of its log, then where the whole log is: a paste that ends inside the
    // tail is cut (Nix ≤ 2.3 closes its tail with `error: build of …` / `cannot build derivation …`, read above).
    // The header is the decoder's (tailHeader): the tail it opens goes on past the paste's end unless Nix's closing line shows.
    if (l.source === 'nix' && t.includes('log')) {
      if (tailHeader(t)) this.closed = false;
      else if ((c === 32 || c === 9 || c === 70) && fullLogsLine(t)) this.closed = true;
    }
    if (l.source === 'nix' && NIX_FRAMING_ERROR.test(t)) return;
    if (c === 110 && PANIC_END.test(t) && this.lastError?.includes('panicked')) this.closed = true;
    if (!(t.includes('rror') || t.includes('ERROR') || t.includes('panicked')) || !TOOL_ERROR.test(t)) return;
    const e = t.trim().slice(0, MAX_EVIDENCE_LINE);
    const cs = CARGO_STEP.exec(e);
    if (cs) this.cargoStep = cs[1] ? `running the build script of \`${cs[1].replace(/ \(.*$/, '')}\`` : `compiling \`${cs[2]}\``;
    if (SUMMARY.test(e)) this.lastSummary = e;
    else this.lastError = e;
    if (CARGO_CLOSING.test(e)) this.closed = true;
  }

  /**
   * End of the log, nothing found by any rule: the finding, or undefined when the log shows no failure at all
   * (no failed build, no error, no build output: nothing to locate). `last`: the log's last lines, oldest first.
   */
  finding(last: readonly string[]): Diagnostic | undefined {
    // Bounded like evidence lines: a log may end in lines of many kilobytes (a linker command, minified output).
    const tail = last
      .map((s) => s.trimEnd())
      .filter((s) => s.trim() && !NIX_OWN_LINE.test(s))
      .map((s) => s.slice(0, MAX_EVIDENCE_LINE));
    const error = this.lastError ?? this.lastSummary;
    const failed = this.drv !== undefined || this.nomName !== undefined;
    if (!failed && !error && !tail.length) return undefined;
    // nix-build's last line on success is the output's store path: nothing failed, whatever the builder printed on the
    // way (a probe's `error:` it recovered from).
    if (!failed && tail.length && OUTPUT_PATH.test(tail[tail.length - 1]!)) return undefined;
    const cutEnd = !this.closed;
    const cutStart = this.firstLine !== undefined && CUT_START.test(this.firstLine);
    const name = this.drv ? drvName(this.drv) : this.nomName;
    const ran = !failed && this.running ? this.running : undefined;
    const where = this.phase ? ` in its ${phaseWords(this.phase)}${this.hook ? ` (${this.hook})` : ''}` : '';
    const code = this.exitCode !== undefined ? ` with exit code ${this.exitCode}` : '';
    // Neither a failure nor an error: a paste cut before the error, or a build that succeeded (`nix build -L`
    // prints nothing after a success) — the log cannot tell which, so the message says neither.
    const shown = failed || error !== undefined;
    // Nix 2.4+ names the failure before its tail: a paste cut inside the tail ends in some phase before the failing one.
    const who = name
      ? cutEnd && !error
        ? `\`${name}\` failed${code}; what this log holds of its output ends${where}`
        : `\`${name}\` failed${where}${code}`
      : this.cargoStep
        ? `cargo failed ${this.cargoStep}${where}`
        : shown
          ? `The build${ran ? ` of \`${drvName(ran)}\`` : ''} failed${where}`
          : `The log${ran ? ` of \`${drvName(ran)}\`` : ''} shows no failure; it ends${where}`;
    const said = error ? `; the last error it printed: ${error}` : tail.length ? `; the last lines it printed: ${tail.slice(-3).join(' ⏎ ')}` : '';
    let cut = '';
    const logDrv = this.drv ?? ran;
    const logCmd = logDrv ? `\`nix log ${logDrv}\`` : '`nix log` on the failed derivation';
    if (!shown) cut = ` If the build failed, this log ends before the build's own error: run ${logCmd} or paste from the first \`error\`.`;
    else if (cutEnd && !error) cut = ` This log ends before the build's own error: run ${logCmd} or paste from the first \`error\`.`;
    else if (cutEnd) cut = ` This log ends without Nix's closing line (\`builder for … failed\`)${failed ? '' : " or cargo's"}: if it was cut, ${logCmd} has the whole log.`;
    if (cutStart) cut += ` It starts inside a compiler message or a linker command: the cause may be above what was pasted${cutEnd ? '' : ` (${logCmd})`}.`;
    const message = `${who}${said}${/[.!?]$/.test(said) ? '' : '.'} No known cause recognised, so Nixify offers no fix.${cut}`;
    // The error is often among the last lines too: said once.
    const evidence = [...(error ? [error] : []), ...tail.slice(-6).filter((s) => s.trim() !== error)];
    const details: Record<string, string> = {};
    if (name) details.name = name;
    if (this.phase) details.phase = this.phase;
    if (this.hook) details.hook = this.hook;
    if (this.exitCode !== undefined) details.exitCode = String(this.exitCode);
    if (error) details.lastError = error;
    if (this.cargoStep) details.cargoStep = this.cargoStep;
    // A log that shows no failure may be a build that succeeded (`nix build -L` says nothing after it): its end is said
    // cut only when it starts inside a compiler message (part of an error's body).
    const endCut = cutEnd && (shown || cutStart);
    if (endCut || cutStart) details.cut = endCut && cutStart ? 'both' : endCut ? 'end' : 'start';
    const d = diag('other', message, evidence, [], { severity: 'info', details, ...(logDrv ? { drv: logDrv } : {}) });
    return { ...d, kind: FAILING_STEP };
  }
}

/** `checkPhase` → `check phase`, `cargoBuildHook`'s phase as stdenv names it in words. */
function phaseWords(p: string): string {
  const base = p.replace(/Phase$/, '');
  return `${base.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase()} phase`;
}
