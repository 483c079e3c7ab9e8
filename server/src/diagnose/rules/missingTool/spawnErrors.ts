// std's and the language runtimes' spawn errors, and the build-script panics around them.
/**
 * A shell that could not run a program the build names by an absolute path of a conventional system layout (dash: `sh: 1:
 * /usr/bin/pkg-config: not found`, the real Nix 2.26 sandbox; bash: `bash: line 1: /usr/bin/x: No such file or
 * directory`, real bash 5.2; a script's own name in front: `./configure: line 9: …`): a Nix build has the store and
 * /bin/sh only, so the program is missing there whatever nativeBuildInputs holds — the build must call it by name from
 * PATH, where the package that provides it puts it. Store paths and the build's own files are other matters.
 */
export const FHS_PROGRAM_NOT_FOUND = /(?:^|: )(?:line )?\d+: ((?:\/usr(?:\/local)?|\/opt\/(?:homebrew|local))?\/s?bin\/)([\w.+-]+): (?:not found|No such file or directory)\s*$/;

// A build script unwrapping std's spawn error for a program not on PATH: `called \`Result::unwrap()\` on an \`Err\` value:
// Os { code: 2, kind: NotFound, message: "No such file or directory" }` (the Debug of io::Error, which names no program).
// Only in a build script's panic (its `panicked at build.rs:L:C`, on the same line before Rust 1.73): the same
// error from a file the script opens reads alike, so no program is guessed and nothing is added.
export const UNNAMED_NOTFOUND = /on an `Err` value: Os \{ code: 2, kind: NotFound\b/;

// The language runtimes' own spawn errors for a program PATH does not have: the failure's shape is the runtime's, the
// same for every program, so the words read are the runtime's and the program is whatever it names (a bare name: a
// PATH lookup; a path failing is a file's matter). Category from the mechanism; the fix only where the name is a known
// attribute (TOOL_ATTR), else none guessed.
// Node's child_process (lib/internal/child_process.js: `errnoException(err, 'spawn ' + file)`, spawnSync's
// `spawnSync ${file}`): `Error: spawn wasm-pack ENOENT`; execa and the tools on it keep the same words in their message.
export const NODE_SPAWN = /\bspawn(?:Sync)? ([\w.+-]+) ENOENT\b/;
// The same error's inspected properties, what a window keeps when it cut the message (`code: 'ENOENT',` then
// `syscall: 'spawn wasm-pack',`).
export const NODE_SYSCALL = /^\s*syscall: '(?:spawn|spawnSync) ([\w.+-]+)',?\s*$/;
export const NODE_ENOENT_CODE = /^\s*code: 'ENOENT',?\s*$/;
// CPython's subprocess (Popen._execute_child re-raising the child's exec error with the program as filename):
// `FileNotFoundError: [Errno 2] No such file or directory: 'cargo'`, its traceback's last frame `_execute_child` (and
// 3.x's code line `raise child_exception_type(…)`) right above. open() of a missing file raises the same words: only
// with that frame in view is it a spawn.
export const PY_SPAWN = /^\s*FileNotFoundError: \[Errno 2\] No such file or directory: '([\w.+-]+)'\s*$/;
export const PY_EXECUTE_CHILD = /\bin _execute_child\b|raise child_exception_type\(/;
// A build script's own advice naming the program it could not run, std's error alone on a line shortly after it (its
// anyhow-style `Caused by:` block; real cargo 1.95: ``… `glslc` failed. Ensure that `glslc` is in your PATH.``, a blank,
// `Caused by:`, `No such file or directory (os error 2)`). Only with that error: the same advice follows a program that
// ran and failed.
export const IN_PATH = /[`'"‘]([\w.+-]*[A-Za-z][\w.+-]*)[`'"’] (?:is )?(?:in|on) (?:your |the )?\$?PATH\b/;
// anyhow's `{:?}` numbers each cause of a chain of more than one (`{: >5}: `, read in dtolnay/anyhow src/fmt.rs): the
// error alone is then `    1: No such file or directory (os error 2)`, its context the entry numbered one less above.
export const ENOENT_ALONE = /^\s*(?:(?:error|Error|Caused by): |\d+: )?(?:No such file or directory \(os error 2\)|Os \{ code: 2, kind: NotFound, message: "No such file or directory" \})\s*$/;
/**
 * The chain entry right above std's error alone, when it is a spawn of a named program with nothing after the name
 * (libbpf-cargo's `0: Failed to execute clang`): SPAWN_VERB's words (a `command`, a path or a quoted command line is
 * not a name: protoc-bin-vendored's `failed to spawn command \`"/…/protoc" …\`` is not read).
 */
export const CHAIN_SPAWN =
  /^\s*(\d+): (?:could not|couldn't|failed to|unable to|cannot|can't) (?:run|execute|spawn|start|invoke) (?!(?:command|process|program|tool|binary|script|it)\b)[`'"]?([\w.+-]*[A-Za-z][\w.+-]*)[`'"]?\s*$/i;
const CHAIN_NUMBER = /^\s*(\d+): /;
/** The program a numbered chain's spawn entry names, when `t` (std's error alone) is the entry right after it. */
export function chainSpawned(t: string, recent: readonly string[]): { tool: string; line: string } | undefined {
  const n = CHAIN_NUMBER.exec(t)?.[1];
  const above = recent.filter((x) => x.trim()).at(-1);
  const m = n && above ? CHAIN_SPAWN.exec(above) : null;
  return m && Number(m[1]) === Number(n) - 1 ? { tool: m[2]!, line: above! } : undefined;
}
export const SCRIPT_PANIC = /panicked at (?:'.*', )?((?:[^\s'"`]*\/)?build\.rs):(\d+):(\d+)/;
export const CUSTOM_BUILD = /failed to run custom build command for `([^`]+)`/;
// A script the manifest names otherwise (`build = "build/main.rs"`) or a module of it: any Rust file, once cargo said a build script failed.
export const ANY_SCRIPT_PANIC = /panicked at (?:'.*', )?([^\s'"`]*\.rs):(\d+):(\d+)/;

export function lastMatch(re: RegExp, lines: readonly string[]): RegExpExecArray | null {
  for (let i = lines.length - 1; i >= 0; i--) {
    const m = re.exec(lines[i]!);
    if (m) return m;
  }
  return null;
}
