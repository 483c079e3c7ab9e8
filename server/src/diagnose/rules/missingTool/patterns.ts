// The sentences missingTool reads, one pattern each, and the pre-test that skips a line none of them can match.
import { SCRIPT_SENTENCES } from './scriptSentences';
import { TOOL_SENTENCES } from './toolSentences';
export interface Pattern {
  re: RegExp;
  tool: string | ((m: RegExpExecArray) => string);
  why: string;
  /**
   * A word every match contains, or words one of which every match contains: the pattern is tried only on lines with
   * one (cheap for the many lines that wake this rule; the pre-test then looks for these words, not the expression).
   */
  hint?: string | readonly string[];
  /**
   * The tool's own sentence says the program is missing (not a file, not a guess): said even when no nixpkgs attribute
   * is known to provide it, naming the program with no input added.
   */
  named?: true;
  /** What to do when no attribute provides it (named patterns; default: add the package that provides it). */
  advice?: string;
  /** The program's version the match names, for a program a tool takes only at one version (wasm-bindgen). */
  version?: (m: RegExpExecArray) => string;
  /** The tool that takes wasm-bindgen only at Cargo.lock's version (default trunk). */
  pins?: string;
  /**
   * The sentence's name may be a file's (`could not run \`config.toml\``): a name ending in a letter-led extension is
   * said only when an attribute provides a program of that name (a version suffix, `python3.11`, stays a program's).
   */
  mayBeFile?: true;
}

/** In the order they are tried: the tools' own sentences, then build scripts' and tool finders'. */
export const PATTERNS: readonly Pattern[] = [...TOOL_SENTENCES, ...SCRIPT_SENTENCES];

// One test before the loop over PATTERNS (most lines this rule reads match none: bench:diagnose's dense log
// gives it every `not found` of every build): per pattern its hint where it has one (in every match), else its
// own expression; the case-insensitive ones together apart. A line neither matches matches no pattern.
// Joined into one expression, a pattern keeps no flag but `i` (its group's) and no backreference (the groups
// renumber): one that breaks this is tried on every line instead — slower, never wrong, never a crash of every
// diagnosis at import (a test holds the table to it: patternProblems).
const literal = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const BACKREFERENCE = /\\[1-9]|\\k</;

/** Why each pattern cannot join the pre-test (empty: all can). */
export function patternProblems(patterns: readonly Pick<Pattern, 're' | 'hint'>[]): string[] {
  return patterns.flatMap((p) => {
    if (!/^i?$/.test(p.re.flags)) return [`${p.re}: flags ${p.re.flags} (only i joins, and exec with g or y keeps state between lines)`];
    return !(p.hint && !p.re.flags) && BACKREFERENCE.test(p.re.source) ? [`${p.re}: a backreference (joined, its group's number changes)`] : [];
  });
}

/** The words one of which every match of `p` contains (none: no hint). */
const hintsOf = (p: Pick<Pattern, 'hint'>): readonly string[] => (p.hint === undefined ? [] : typeof p.hint === 'string' ? [p.hint] : p.hint);

/** The pre-test over `patterns`: false only for a line none of them matches. */
export function preTest(patterns: readonly Pick<Pattern, 're' | 'hint'>[]): (t: string) => boolean {
  const fit = (p: Pick<Pattern, 're' | 'hint'>) => patternProblems([p]).length === 0;
  const join = (parts: string[], flags = '') => new RegExp(parts.length ? parts.join('|') : '(?!)', flags);
  const plain = join(patterns.filter((p) => fit(p) && !p.re.flags).map((p) => (p.hint ? hintsOf(p).map(literal).join('|') : `(?:${p.re.source})`)));
  const folded = join(
    patterns.filter((p) => fit(p) && p.re.flags).map((p) => `(?:${p.re.source})`),
    'i',
  );
  const apart = patterns.filter((p) => !fit(p)).map((p) => new RegExp(p.re.source, p.re.flags.replace(/[gy]/g, '')));
  return apart.length ? (t) => plain.test(t) || folded.test(t) || apart.some((r) => r.test(t)) : (t) => plain.test(t) || folded.test(t);
}
/** The words before any pattern is tried: every line a pattern matches holds one (a test holds the table to it). */
export const LINE_GATE =
  /ENOENT|unable to find utility|cannot execute|Failed to execute tool|dynamically linked executable|couldn't find application|syscall: 'spawn|FileNotFoundError|not found|interpreter found|compiler found|COMPILER could be found|protoc|PROTOC|cmake|clang|OpenSSL build|@INC|perl|linker|No such file|not installed|NotFound|required command|which: no |command not found|find tool|never executed|not executable|cannot be executed|LLVM|Unknown compiler|no such command|exit status: 127|Missing wasm-opt|WebAssembly\/binaryen\/releases|no prebuilt wasm-opt|please install llvm-tools|generate bindings|Missing wasm-bindgen-cli@/;
export const ANY_PATTERN = preTest(PATTERNS);
/** Each pattern's expression as the loop runs it: without g or y, whose exec would carry lastIndex from one line to the next. */
export const EXPRS = PATTERNS.map((p) => (p.re.global || p.re.sticky ? new RegExp(p.re.source, p.re.flags.replace(/[gy]/g, '')) : p.re));
/** Each pattern's hint words, read once (none: the pattern is tried on every line that passes the gates). */
export const HINTS = PATTERNS.map(hintsOf);
