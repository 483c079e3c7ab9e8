// Small text helpers shared by the decoder and the rules.

// CSI (colours, cursor moves, ESC[K), OSC (titles, hyperlinks) and two-byte escapes.
// Also charset designations (`ESC ( B`), which cargo's test harness emits after FAILED.
const ANSI = /\x1b(?:\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(?:\x07|\x1b\\)|[()*+][0-9A-Za-z]|[@-Z\\-_])/g;

export function stripAnsi(s: string): string {
  return s.indexOf('\x1b') === -1 ? s : s.replace(ANSI, '');
}

/**
 * What a terminal would leave on screen for one physical line: a pty sends
 * CRLF, and progress bars redraw with `\r ESC[K`, so only the last non-empty
 * carriage-return segment is real text.
 */
export function screenText(raw: string): string {
  return crText(raw, true);
}

/** screenText of a line known to hold no ESC (`ansi` false: no colour code to strip). */
export function crText(raw: string, ansi = false): string {
  let s = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
  if (s.indexOf('\r') !== -1) {
    const parts = s.split('\r');
    s = '';
    for (let i = parts.length - 1; i >= 0; i--) {
      const p = ansi ? stripAnsi(parts[i]!) : parts[i]!;
      if (p.trim()) return p;
    }
    return s;
  }
  return ansi ? stripAnsi(s) : s;
}

// Prefixes a CI log puts before every line of a pasted build: GitHub Actions' timestamp
// (`2024-05-01T12:34:56.1234567Z `) and docker buildkit's step and seconds (`#12 3.456 `,
// pasted from a terminal as ` 44.88 `).
const CI_PREFIX = /^(?:\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?Z |(?:#\d+ )? *\d{1,5}\.\d{1,3} )/;
// syslog's and `journalctl`'s default line (`May 21 18:20:34 host hydra-evaluator[22649]: `): a service's output as the
// journal keeps it (Hydra's evaluator, nix-daemon, a NixOS unit building or running the program).
const JOURNAL_PREFIX = /^(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) [ \d]\d \d\d:\d\d:\d\d \S+ [\w.@-]+(?:\[\d+\])?: /;

/**
 * The line without a CI runner's per-line prefixes (cheap for every other line: one character test).
 * Runners nest — GitHub Actions' timestamp before the buildkit step of a `docker build` it runs — so
 * a second prefix under the first is taken off too.
 */
export function stripCiPrefix(s: string): string {
  const once = stripOneCiPrefix(s);
  return once === s ? s : stripOneCiPrefix(once);
}

function stripOneCiPrefix(s: string): string {
  let i = 0;
  while (s.charCodeAt(i) === 32) i++;
  // Only a digit (after any spaces) or `#` can start one: most lines leave here.
  const c = s.charCodeAt(i);
  if ((c < 48 || c > 57) && !(c === 35 && i === 0)) {
    // A month's capital: a journal line's start.
    const j = i === 0 && c >= 65 && c <= 83 && s.charCodeAt(3) === 32 ? JOURNAL_PREFIX.exec(s) : null;
    return j ? s.slice(j[0].length) : s;
  }
  const m = CI_PREFIX.exec(s);
  return m ? s.slice(m[0].length) : s;
}

const DRV = /^\/nix\/store\/[0-9a-z]{32}-(.+?)(?:\.drv)?(?:\^.*)?$/;

/** `/nix/store/<hash>-ossl-demo-0.1.0.drv` → `ossl-demo-0.1.0`. */
export function drvName(drvPath: string): string {
  // The common shape without a regular expression (called for every `building '…'` line).
  if (drvPath.length > 44 && drvPath.startsWith('/nix/store/') && drvPath.charCodeAt(43) === 45 && drvPath.indexOf('^') === -1 && drvPath.indexOf('/', 11) === -1) {
    const name = drvPath.endsWith('.drv') ? drvPath.slice(44, -4) : drvPath.slice(44);
    if (name) return name;
  }
  const m = DRV.exec(drvPath);
  return m ? m[1]! : drvPath;
}

/**
 * cargo's heading of a failed process's captured stderr (cargo-util's ProcessError: `--- stdout`, then `--- stderr`),
 * which only a build script's report carries (rustc's output is streamed, never listed there). A builder's `name> `
 * prefix the decoder left on the line (a nested build's, or one indented past its prefix reading) is allowed.
 */
export const CARGO_STDERR = /^\s*(?:[\w.+-]+> )?\s*--- stderr\s*$/;

/** Whether `t` holds one of `words`: a loop, where `words.some((w) => t.includes(w))` makes a closure for every line a rule reads. */
export function includesAny(t: string, words: readonly string[]): boolean {
  for (const w of words) if (t.includes(w)) return true;
  return false;
}
