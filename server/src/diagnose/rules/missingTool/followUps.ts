// Lines read across: a doc-test run, openssl-src's printed command, bindgen's and cmake-rs' panics located in their
// own sources, make's next line.
import bindgenSites from '../../../data/bindgenLibclangSites.json';

// Cargo's report of a doc-test run that failed (ops/cargo_test.rs): `doctest failed, to rerun pass \`--doc\`` (before
// cargo 1.6x `test failed, to rerun pass '--doc'`), with a `Caused by:` only when rustdoc did not end as a failing
// libtest does (exit code 101): it could not be spawned (`could not execute process \`rustdoc …\` (never executed)`,
// rustdoc not on PATH: cargo runs `rustdoc` from PATH unless RUSTDOC says otherwise), or it exited otherwise or died.
// A rustdoc that ran prints `running N tests` or its own errors under `Doc-tests <crate>`: nothing there, then
// `Caused by:` with the rest cut off by a log window, and it never ran.
export const DOCTEST_FAILED = /(?:doctest|test) failed, to rerun pass [`']--doc[`']/;
export const DOC_TESTS = /^\s*Doc-tests (\S+)\s*$/;
export const RUSTDOC_WHY =
  'cargo runs it for the doc-tests, from PATH: the Rust toolchain the builder was given has cargo and rustc without rustdoc (separate components of a fenix or rust-overlay toolchain); give the builder a toolchain that includes rustdoc (a combined one), or do not run the doc-tests';

// openssl-src (and the -src crates built on its pattern) prints each command before it runs it, `println!("running
// {:?}", command)`, then `command.status().unwrap()`: the only panic between the two is std's spawn error unwrapped
// (a program that ran and failed gets its own `Error configuring OpenSSL build:` panic). So in a failed build script,
// stdout ending on `running "perl" "./Configure" …` and stderr's panic on `called \`Result::unwrap()\`` (cut or not,
// the Err unnamed) is that program missing from PATH (round19 j03: a vendored openssl-sys' perl).
export const RUNNING = /^\s*running "(?:[^"\s]*\/)?([\w.+-]+)"(?: "|$)/;
/** The panic with its message on the line (Rust < 1.73, `panicked at 'called …`), or 1.73+'s message line under `panicked at path:L:C:`. */
export const UNWRAP_PANIC = /panicked at 'called `Res|^\s*called `Result::unwrap\(\)` on an `Err` value/;
/** clang's `fatal error: 'security/pam_appl.h' file not found`, as bindgen passes it on. */
export const BINDGEN_HEADER = /fatal error: '[^']+' file not found/;
export const BINDGEN_HEADER_WHY = "its clang runs outside nixpkgs' compiler wrapper and sees the inputs' headers only as bindgenHook passes them";
export const PANIC_AT = /panicked at [^\s']+:\d+:\d+:\s*$/;
/**
 * A panic located in bindgen's own lib.rs (the published crate's root file from 0.61 on, src/lib.rs before), in the
 * panic's location line (`panicked at …/bindgen-0.69.5/lib.rs:622:31:` from Rust 1.73 on, `…', …/lib.rs:L:C` before).
 */
const BINDGEN_AT = /(?:panicked at |', )(?:\S*?[/\\])?bindgen-(\d+\.\d+\.\d+)[/\\](?:src[/\\])?lib\.rs:(\d+:\d+)\b/;
/** Each bindgen release's places of `clang_sys::load().expect("Unable to find libclang")` (scripts/gen-bindgen-libclang-sites.mjs). */
const BINDGEN_LIBCLANG_SITES: Readonly<Record<string, readonly string[]>> = (bindgenSites as { sites: Record<string, string[]> }).sites;
/** bindgen panicked where it loads libclang: its message (`Unable to find libclang: …`) may be cut, the place says it. */
export function bindgenLibclangPanic(line: string): boolean {
  const m = line.includes('ndgen-') ? BINDGEN_AT.exec(line) : null;
  return !!m && Object.hasOwn(BINDGEN_LIBCLANG_SITES, m[1]!) && BINDGEN_LIBCLANG_SITES[m[1]!]!.includes(m[2]!);
}
/**
 * The cmake crate's spawn failure (cmake-rs' `run`, the same in each of its 44 release tags, 0.1.14–0.1.57): `failed to execute
 * command: <std's error>`, then `is \`cmake\` not installed?` for a NotFound — a line a paste or window may lose. Its
 * `run` spawns only the cmake program (both callers pass "cmake"), so with the panic located in the crate's own
 * src/lib.rs (CMAKE_RS_AT: before the message from Rust 1.73 on, after it before) NotFound there is cmake missing.
 * The same words from another crate's or script's copy of that helper (rustc's bootstrap, -sys scripts spawning make)
 * name no program: those are read only where the program is named (`is \`make\` not installed?`, PATTERNS). cmake-rs
 * formats std's error by Display (`No such file or directory (os error 2)`), never by Debug (`kind: NotFound`).
 */
export const CMAKE_SPAWN_NOT_FOUND = /failed to execute command: No such file or directory \(os error 2\)/;
export const CMAKE_RS_AT = /(?:^|[\s'/\\])cmake-\d+\.\d+\.\d+[\w.+-]*[/\\]src[/\\]lib\.rs:\d+:\d+/;
export const CMAKE_RS_WHY = "the cmake crate's build runs it, and std could not spawn it";
/** GNU make's next line when the name it could not find was a makefile (`-f NAME`, a missing include): it tries to remake it. */
export const REMAKE = /^make(?:\[\d+\])?: \*\*\* No rule to make target ['`‘]([^'’]+)['’]/;
