// `cargo test` in the check phase failed: offer `--skip` for exactly the
// failing tests (most often ones that need the network the sandbox lacks).
import { intentFix } from '../../fixes/intentFixes';
import { IN_NIX_BUILD_DIR } from '../sourceRoot';
import { CARGO_STDERR, includesAny } from '../text';
import { diag, RECENT_MAX, type DiagnosisRule, type Matcher, type RuleContext } from '../rule';
import type { FixIntent } from '../types';
import { NET_MARKERS } from './networkSandbox';
import { QUOTED_TEST_MARKERS, quotedFailingTests } from './quotedTestNames';

// libtest colours FAILED (`ESC [ 31m`) and resets with the terminal's sgr0 (`ESC ( B ESC [ m` for xterm); text.ts
// strips those escapes, but a paste that lost the ESC bytes keeps `[31m` before FAILED and `(B[m` after it.
const FAILED = /^test (\S+) \.\.\. (?:\[\d+m)?FAILED(?:\(B)?(?:\[m)?$/;
const RESULT = /^test result: (?:\[\d+m)?FAILED(?:\(B)?(?:\[m)?\.(?: (\d+) passed; (\d+) failed\b)?/;
/**
 * cargo's own line after a test target's process exited unsuccessfully (cargo_test.rs: `{test|doctest} failed, to rerun
 * pass {args}`, the arguments in backticks since cargo 1.6x, in single quotes before; real cargo 1.95). cargo prints it
 * only once the target was compiled and run — a compile error of a test is `could not compile` instead —, so it says
 * a test failed whatever the harness printed before it: libtest's names, a custom harness (`harness = false`) exiting
 * non-zero, or a test binary killed by a signal before libtest could report (abort, a segfault, a sanitizer) — the
 * last no test's result unless a test is named (sayTargets).
 */
const RERUN = /^error: (?:doc)?test failed, to rerun pass ['`]?([^'`]+?)['`]?\s*$/;
/** cargo's header of a crate's doc-tests, which rustdoc's own `running N tests` follows once it runs. */
const DOC_TESTS_HEADER = /^\s*Doc-tests \S+\s*$/;
/** cargo's `Caused by:` reason after RERUN: the test binary's exit status or the signal that killed it. */
const PROCESS_EXIT = /^\s*process didn't exit successfully: `[^`]*` \((exit status: \d+|signal: \d+(?:, [^)]*)?)\)\s*$/;
/** How many non-blank lines after RERUN may hold cargo's reason (`Caused by:`, then the process line). */
const REASON_LINES = 3;
/**
 * cargo's closing summary when several test targets failed (`--no-fail-fast`; real cargo 1.95: `error: 2 targets
 * failed:`, then each target's rerun arguments in backticks, indented): every failed target, even when a log window
 * cut their RERUN lines.
 */
const TARGETS_FAILED = /^error: \d+ targets failed:\s*$/;
const TARGET_LISTED = /^\s+`([^`]+)`\s*$/;
const NET = /Could not resolve host|Couldn't resolve host|Temporary failure in name resolution|failed to lookup address|Network is unreachable|dns error|Connection refused|Name or service not known/i;
// cargo-nextest (nixpkgs' useNextest): `        FAIL [   0.004s] (2/9) binary-id tests::name` (maybe `TRY 2 FAIL`),
// each failure printed again in the summary, then `error: test run failed`. Every failing status nextest's displayer
// writes (nextest-runner reporter/displayer `status_str`): FAIL, `FAIL + LEAK`, LEAK-FAIL, TIMEOUT (not TIMEOUT-PASS), a
// test killed by a signal as `SIG<NAME>` (any signal's name: SIGSEGV, SIGABRT, SIGSYS, SIGPIPE …) or `ABORT SIG <n>`,
// and ABORT (Windows). SIGKILL comes from outside the test (the OOM killer), as cargo's `signal: 9` below.
const NEXTEST_FAIL = /^\s*(?:TRY \d+ )?(?:FAIL(?: \+ LEAK)?|LEAK-FAIL|TIMEOUT|SIG(?!KILL\b)[A-Z0-9]+|ABORT(?: SIG \d+)?) \[\s*[\d.]+s\] (?:\(\s*\d+\/\d+\) )?(?:\S+ )?(\S+)\s*$/;
/** The words NEXTEST_FAIL's other statuses carry before their bracket. */
const NEXTEST_STATUS = ['FAIL [', 'LEAK [', 'TIMEOUT [', 'ABORT [', 'ABORT SIG '];
/** A signal's status before its bracket, whichever signal. */
const SIGNAL_STATUS = /\bSIG[A-Z][A-Z0-9]* \[/;
/** Its markers: `SIG` and a signal name's first letter (the prefilter wants four bytes), so no signal is left out. */
const SIGNAL_MARKERS = [...'ABCDEFGHIJKLMNOPQRSTUVWXYZ'].map((c) => `SIG${c}`);
const NEXTEST_END = /^error: test run failed\b/;
const LIST_HEADER = 'failures:';
/**
 * libtest's report of a test's captured output (formatters' write_results): `---- <name> stdout ----` under
 * `failures:`, or under `successes:` with --show-output. A log window that starts inside the failures shows
 * neither header nor the closing list: a block whose test thread panicked (libtest names each test's thread after
 * the test; rustc ≥ 1.88 adds its id: `thread 'name' (123) panicked at`) is a failed test, whatever the panic says.
 */
const OUTPUT_HEADER = /^---- (.+?) stdout ----$/;
const SUCCESSES = 'successes:';
/** How many lines after a block's header its panic may come (output the test printed first). */
const BLOCK_LINES = 12;
const LISTED = /^ {4}(\S+)$/;
const MAX_TESTS = 200;
/**
 * What a finding that names no failing test says of its fix, `skip-tests` with no names: the check phase turned off
 * (fixes/intentFixes.ts, where the builder's doCheck governs the tests), which skips every test, not only the failing one.
 * The rule does not know the builder: where the tests run outside a check phase (naersk's `mode = "test"`), no fix is offered.
 */
const CHECK_OFF = 'Until then, where the check phase runs the tests, `doCheck = false;` turns it off: the build gets through, but no test runs.';
const CHECK_OFF_FIX: FixIntent[] = [{ kind: 'skip-tests', tests: [] }];
/**
 * nix-output-monitor's line for a build that failed (NOM/Print.hs: `⚠ <name> [on <host>] failed with exit code <n> after ⏱
 * <time> in <phase>`, the phase read from the build's activity; nh shows nom's view): a build that failed in its check
 * phase with cargo's and libtest's exit code, 101 — a test failed (cargo builds every test target before it runs one),
 * which the labelling guide reads so, no test named. Group 1: the derivation's name.
 */
const NOM_FAILED_IN_CHECK = /(\S+) (?:on \S+ )?failed with exit code 101 after (?:\S+ )?\S+ in checkPhase\s*$/;
/** Nix's failure line with the builder's exit code (2.4+ `failed with exit code 101;`, 2.2x+ `Reason: builder failed with exit code 101.`). */
export const EXIT_CODE = /\bfailed with exit code (\d+)\b/;
/**
 * libtest's own lines inside a test run: its start and one line per test — its result, or with one test thread (nixpkgs'
 * cargoCheckHook under `dontUseCargoParallelTests`, or NIX_BUILD_CORES=1) the name alone, which the pretty formatter
 * writes when the test starts and completes with its result when it ends (real libtest 1.95, `--test-threads=1`).
 */
export const HARNESS_LINE = /^(?:running \d+ tests?|test \S+ \.\.\.(?: .*)?)$/;
/**
 * One test thread: the test libtest had started (`test name ... `, no newline yet) when its process died (an abort, a
 * segfault, a sanitizer), cargo's RERUN written onto the same line — stdout and stderr share the builder's log (real cargo
 * 1.95, `std::process::abort()` in a test under `--test-threads=1`: `test aborts ... error: test failed, to rerun pass
 * \`--test crash\``). The test named is the one that crashed its binary.
 */
export const DIED_IN = /^test (\S+) \.\.\. (error: (?:doc)?test failed, to rerun pass .*)$/;
/**
 * A thread of the code under test that panicked on the open-files limit (EMFILE, `Too many open files`: std's io::Error
 * says it in its Debug `Os { code: 24, …, message: "Too many open files" }` and Display forms), quoted alone. A panic
 * at run time inside a Nix build comes from code the build runs: a build script (its `main` thread, under cargo's
 * `--- stderr`) or the check phase's tests, whose threads libtest names after the test (a thread the test spawned is
 * `<unnamed>`). So a panicking thread other than `main`, in a Nix build (a `nix-build-…`/`/build/` path, libtest's run,
 * a failed derivation), is the tests hitting the descriptor limit (low on darwin: 256): a test failure, skipped by
 * name when the thread carries a test's name. Panics print the message on the panic's line (rustc < 1.73) or the next.
 * Not the compile phase's own threads: rustc's (it names its main thread `rustc`, an ICE on the limit) nor a thread a
 * build script spawned (cargo's report of the script, its header or `--- stderr`, in view outside libtest's run).
 */
const EMFILE = /Too many open files/;
/**
 * The dynamic loader finding two glibcs in one process (`symbol lookup error: …/libc.so.6: undefined symbol: …, version
 * GLIBC_PRIVATE`; `version \`GLIBC_2.32' not found (required by …)`): a program a failing test runs was built against
 * one glibc and loaded with another (a dev shell's Nix glibc and the host's). No test of the package's is at fault,
 * and skipping it fixes nothing the shell mixes (the labelling guide's glibc-mixing case: `other`).
 */
const GLIBC_MIX = /\bsymbol lookup error: .*\blibc\.so\.\d+: undefined symbol: \S+, version GLIBC_PRIVATE|\bversion [`']GLIBC_[\d.]+' not found\b/;
const PANIC = /^\s*thread '([^']*)' (?:\(\d+\) )?panicked at\b/;
const TEST_PATH = /^[A-Za-z_]\w*(?:::[A-Za-z_]\w*)*$/;
const BUILD_SCRIPT_REPORT = /failed to run custom build command for/;
/**
 * A test that does not end: libtest's warning once a test has run a minute (TEST_WARN_TIMEOUT_S, its pretty and terse
 * formatters: `test name has been running for over 60 seconds`, real libtest 1.95), nextest's `SLOW [> 60.000s] …
 * name` at its slow-timeout period. Read with no later result of the same test (HUNG_DONE) in view.
 */
export const HUNG = /\btest (\S+) has been running for over \d+ seconds|^\s*SLOW \[>\s*[\d.]+s\] (?:\(\s*\d+\/\d+\) )?(?:\S+ )?(\S+)\s*$/;
const HUNG_DONE = /^test (\S+) \.\.\. \S|^\s*(?:PASS|FAIL|TIMEOUT|LEAK) \[\s*[\d.]+s\] (?:\(\s*\d+\/\d+\) )?(?:\S+ )?(\S+)\s*$/;
/** Nix stopping the builder on its clock: `building of '…' timed out after N seconds` (timeout, max-silent-time `of silence`). */
const NIX_TIMED_OUT = /\btimed out after \d+ seconds\b/;

/**
 * compiletest's test names (`[ui] tests/ui/process/nofile-limit.rs`, `[mode] path#revision`), in the closing list or
 * libtest's per-test line: the Rust test suite's harness, or compiletest-rs in a package's own tests.
 */
const COMPILETEST_NAME = /^(?:test | {4})\[[a-z][a-z-]*\] \S+\.rs(?:#\S+)?(?: \.\.\. |$)/;
/**
 * bootstrap's (x.py's) own words after a compiletest suite failed (`Some tests failed in compiletest suite=ui mode=ui
 * host=… target=…`, then `Build completed unsuccessfully in 0:08:14`): the tests were the Rust toolchain's own test
 * suite run by x.py (round26 q09), no package's check phase, and no checkFlags of a package skips them.
 */
const BOOTSTRAP_TESTS = /^(?:Some tests failed in compiletest suite=|Build completed unsuccessfully in \d+:\d\d:\d\d\s*$)/;
/**
 * The Rust toolchain's make-based build (mk/tests.mk, before x.py) ran each crate's suite as a make target
 * `check-stage<N>-T-<target>-H-<host>-<crate>` (its stamp `tmp/check-stage2-T-…-H-…-std.ok`), which make names when
 * it fails (`recipe for target '…' failed`, `make: *** […] Error 101`): the tests above were rustc's own (round28 s01,
 * nixpkgs' 2016 rustc), no package's check phase.
 */
const MK_TOOLCHAIN_TESTS = /\bcheck-stage\d+-T-[\w.-]+?-H-[\w.-]+?-\w+\.ok\b/;

/** The names of libtest's `failures:` list (LISTED) that end right above its summary, blank lines allowed between. */
function listTail(recent: readonly string[]): string[] {
  const names: string[] = [];
  let i = recent.length - 1;
  while (i >= 0 && !recent[i]!.trim()) i--;
  for (; i >= 0; i--) {
    const n = LISTED.exec(recent[i]!);
    if (!n || !TEST_PATH.test(n[1]!)) break;
    names.unshift(n[1]!);
  }
  return names;
}

/**
 * stdenv's install check (its header, setup.sh's `running install tests` before nixpkgs 23.05, `Running phase:
 * installCheckPhase` since) and a tool's error after it: the package built and installed, and the check run on what was
 * installed failed (doInstallCheck). Its fix is not running that check, whose tests the log rarely names.
 */
const INSTALL_CHECK = /^(?:running install tests|Running phase: installCheckPhase)\s*$/;
// Another phase's hook announced by name after the header (`postAutoPatchelf`, run late by autoPatchelfHook): an error
// after it is that hook's (an install step running the built program, the guide's `other`), not the check's.
// So does the next phase's header (`Running phase: distPhase`, which stdenv runs after a passed install check).
const OTHER_HOOK = /^\s*(?:pre|post)(?!InstallCheck\b)[A-Z]\w*\s*$|^Running phase: (?!installCheckPhase\b)\w+/;
const INSTALL_CHECK_ERROR = /^\s*(?:Error: |error(?:\[E\d+\])?: |thread '[^']*' (?:\(\d+\) )?panicked at)/;

/**
 * A log's first line that counts failing tests (`\`nix build\` fails with 2 test errors`, `Also I am having 8 tests fail,
 * is that just me?`): an issue's title or the reporter's opening sentence over the lines they pasted, the build's own
 * lines cut before the check phase (round149 xr03, round125 wt07). Only the first line: further down the same words
 * are a program's own count (round38 k14's `1 of 1 test failed`, round160 yc03's builder `3 tests failed.`), `other`.
 * Measured on every labelled log's first line: these two, no `other` one.
 */
const TITLE_TEST_COUNT = /\b(\d+) (?:tests? (?:fail(?:s|ed|ing|ures?)?|errors?)|failing tests?)\b/i;
// `tests error` too: TITLE_TEST_COUNT reads `2 tests errors`, which holds no other of these.
export const TITLE_TEST_MARKERS = ['tests fail', 'test fail', 'test error', 'tests error', 'failing test'] as const;

function create(): Matcher {
  // Failures of compiletest's tests, none named the libtest way: held until bootstrap says whose suite it was (BOOTSTRAP_TESTS).
  let compiletest = false;
  let held: { n: number; line: string; drv: string | undefined } | undefined;
  // The failed builder exited 101 (cargo's and libtest's failure code).
  let exit101 = false;
  let tests: string[] = [];
  let evidence: string[] = [];
  let network = false;
  // The test binary died inside a test libtest had started (DIED_IN).
  let crashed = false;
  let drv: string | undefined;
  let inList = false;
  // Unindented names under `failures:` (LISTED's list with its indent lost), until the summary's count confirms them.
  let loose: string[] = [];
  // The section libtest is reporting (null: none seen, a window cut it) and a block waiting for its panic.
  let section: 'failures' | 'successes' | null = null;
  let block: { name: string; left: number } | undefined;
  // This rule said something (any emission), and a thread of the tests that ran out of descriptors.
  let said = false;
  // How many findings this rule emitted (another rule's finding defers a target's; this rule's own does not), and
  // whether the target cargo reports next was explained by libtest's report before it (reset at each RERUN).
  let own = 0;
  let explained = false;
  let emfile: { thread: string; evidence: string[]; drv?: string } | undefined;
  // A failing test's output showed two glibcs mixed in a program it ran (GLIBC_MIX).
  let glibcMix = false;
  // stdenv's install check started (INSTALL_CHECK), and the first tool error after its header.
  let installCheck: { evidence: string[]; drv?: string; error?: boolean } | undefined;
  // Tests warned about as running long (HUNG) with no result of theirs since, and whether Nix killed the build on a timeout.
  const hung = new Map<string, string>();
  let hungDrv: string | undefined;
  let timedOut = false;
  // nix-output-monitor's summary of a build that failed in checkPhase with 101 (NOM_FAILED_IN_CHECK), said only if nothing else is.
  let nomCheck: { name: string; line: string } | undefined;
  // The first line of prose naming failing tests by libtest's names (quotedTestNames.ts), said only if nothing else is.
  let quoted: { names: string[]; line: string; drv?: string } | undefined;
  const add = (name: string, d: string | undefined, line: string) => {
    drv = d ?? drv;
    if (tests.length < MAX_TESTS && !tests.includes(name)) tests.push(name);
    if (evidence.length < 20) evidence.push(line.trim());
  };
  const emit = (ctx: RuleContext, extra?: string) => {
    if (!tests.length) return;
    if (glibcMix) {
      // The tests failed on the shell's mixed glibcs, not on their own (GLIBC_MIX): nothing of this rule's to say.
      tests = [];
      evidence = [];
      said = true;
      return;
    }
    const list = tests;
    if (extra) evidence.push(extra);
    const why = network
      ? ' They need the network, which the Nix sandbox does not have.'
      : crashed
        ? ` The test binary died while ${list.length > 1 ? 'the last of these' : 'it'} ran (libtest had started it, cargo then said the target failed), so no result of its own was printed.`
        : emfile
          ? ' A test ran out of file descriptors (Too many open files): the check phase hit its open-files limit (low on darwin).'
          : '';
    said = true;
    own++;
    explained = true;
    ctx.emit(
      diag(
        'test-failure',
        `${list.length} test${list.length > 1 ? 's' : ''} failed in the check phase: ${list.slice(0, 5).join(', ')}${list.length > 5 ? ', …' : ''}.${why} Skip exactly these with checkFlags.`,
        evidence,
        [{ kind: 'skip-tests', tests: list }],
        // libtest's own report naming the failed tests.
        { drv, details: { network: String(network) }, confidence: 'certain' },
      ),
    );
    tests = [];
    evidence = [];
    network = false;
    crashed = false;
    section = null;
  };
  // libtest's FAILED summary with tests named, said once the next line shows whose tests they were.
  let summary: { line: string } | undefined;
  const flushSummary = (ctx: RuleContext) => {
    const sm = summary;
    summary = undefined;
    if (sm) emit(ctx, sm.line);
  };
  // libtest's summary with none of the failed tests named (`names` empty), or only the end of its list (fewer than it
  // counts: those skipped, the rest said).
  const unnamed = (ctx: RuleContext, n: number, line: string, d: string | undefined, names: string[] = []) => {
    said = true;
    own++;
    explained = true;
    const some = `${names.slice(0, 5).join(', ')}${names.length > 5 ? ', …' : ''}`;
    ctx.emit(
      diag(
        'test-failure',
        names.length
          ? `${n} tests failed in the check phase; the log shows the names of ${names.length} (${some}), the list above them is cut. Skip these with checkFlags and the other ${n - names.length} as the full log names them (\`test <name> ... FAILED\`).`
          : `${n} test${n > 1 ? 's' : ''} failed in the check phase; the log shows only libtest's summary, not which. Their names are in the full log (\`test <name> ... FAILED\`): skip exactly those with checkFlags. ${CHECK_OFF}`,
        [...(names.length ? names : evidence), line.trim()],
        [{ kind: 'skip-tests', tests: names }],
        // libtest's summary says tests failed, but not (all of) which: the fix cannot be named whole.
        { drv: d ?? drv ?? ctx.lastFailedDrv, details: { network: String(network), failed: String(n), ...(names.length ? { named: String(names.length) } : {}) }, confidence: 'likely' },
      ),
    );
    evidence = [];
    network = false;
    section = null;
  };
  // cargo's RERUN lines with no test named (and its closing list of failed targets): the targets that failed, each
  // with cargo's reason from the next lines (`reasonLeft`), said together at the log's end.
  let targets: { args: string; reason?: string }[] = [];
  const targetEvidence: string[] = [];
  let targetDrv: string | undefined;
  let reasonLeft = 0;
  // The target the reason lines follow: a target named again (a second window, a repeated paste) is its own entry.
  let reasonOf: { args: string; reason?: string } | undefined;
  let targetList = false;
  const addTarget = (args: string, d: string | undefined, line: string) => {
    targetDrv = d ?? targetDrv;
    let g = targets.find((x) => x.args === args);
    if (!g && targets.length < MAX_TESTS) targets.push((g = { args }));
    if (targetEvidence.length < 20) targetEvidence.push(line.trim());
    return g;
  };
  const sayTargets = (ctx: RuleContext) => {
    // A target whose binary a signal killed, no test named, says no test's result: SIGKILL comes from outside the test
    // (the OOM killer, a timeout's kill), and a segfault or an abort with no cause in view is the toolchain's or the
    // runtime's as often as a test's (the labelling guide's segfaulting-test-binary case: `other`, round63 uj10,
    // round160 yc07). A test libtest had started when its binary died is named (DIED_IN) and said apart.
    const gs = targets.filter((g) => !g.reason?.startsWith('signal:'));
    targets = [];
    // Another rule's cause for the same failure (rustdoc missing for the doc-tests, a tool a test spawns) is the cause.
    // This rule's own named tests do not explain a later target that failed with none named (a test binary that died).
    if (!gs.length || ctx.emitted > own || ctx.held > 0) return;
    said = true;
    own++;
    const g = gs[0]!;
    const why = `the target's process exited unsuccessfully${g.reason ? ` (${g.reason})` : ''} with no test named in view — a custom harness (\`harness = false\`) or a window that cut libtest's report`;
    const named = gs.map((x) => `\`${x.args}\`${x.reason ? ` (${x.reason})` : ''}`).join(', ');
    const message =
      gs.length === 1
        ? `A test failed in the check phase: cargo ran the test target \`${g.args}\` and ${why}. Run \`cargo test ${g.args}\` to see which test, then skip it with checkFlags or fix it. ${CHECK_OFF}`
        : `Tests failed in the check phase: cargo ran ${gs.length} test targets that failed with no test named in view — ${named}: a custom harness (\`harness = false\`) or a window that cut libtest's report. Run \`cargo test\` with each target's arguments to see which test, then skip it with checkFlags or fix it. ${CHECK_OFF}`;
    const reasons: Record<string, string> = gs.length === 1 && g.reason ? { reason: g.reason } : {};
    ctx.emit(
      diag('test-failure', message, targetEvidence, CHECK_OFF_FIX, {
        drv: targetDrv ?? ctx.lastFailedDrv,
        details: { network: String(network), target: gs.map((x) => x.args).join(', '), ...reasons },
        // cargo's own sentence that the test target failed, no test named.
        confidence: 'likely',
      }),
    );
  };
  return {
    busy: () => inList || !!block || !!summary || reasonLeft > 0 || targetList || (!!installCheck && !installCheck.error),
    // A test warned about as running long: libtest's result line for it (`test name ... ok`, HUNG_DONE) holds none of the
    // markers, and without it a test that finished late reads as one that never did.
    listening: () => hung.size > 0,
    line(l, ctx) {
      const t = l.text;
      // The log's first line: nothing but blank lines (the look-back's padding before a log's start) above it.
      const title = includesAny(t, TITLE_TEST_MARKERS) && ctx.recent(RECENT_MAX).every((x) => !x.trim()) ? TITLE_TEST_COUNT.exec(t) : null;
      if (title) {
        return ctx.emit(
          diag(
            'test-failure',
            `The log opens saying ${title[1]} tests fail ("${t.trim()}"); the tests' own lines are not in view. Run the check phase to see which, then skip them with checkFlags or fix them. ${CHECK_OFF}`,
            [t.trim()],
            CHECK_OFF_FIX,
            {
              details: { count: title[1]!, cause: 'title' },
              // The reporter's sentence, not the test harness's: which tests, and why, are not in view.
              confidence: 'possible',
            },
          ),
        );
      }
      if (!quoted && !ctx.inTests && includesAny(t, QUOTED_TEST_MARKERS)) {
        const names = quotedFailingTests(t);
        if (names) quoted = { names, line: t.trim(), drv: l.drv };
      }
      if (reasonLeft > 0) {
        const x = t.includes("didn't exit successfully") ? PROCESS_EXIT.exec(t) : null;
        if (x) {
          if (reasonOf) reasonOf.reason = x[1];
          if (targetEvidence.length < 20) targetEvidence.push(t.trim());
          reasonLeft = 0;
          return;
        }
        if (t.trim()) reasonLeft--;
      }
      if (targetList) {
        const x = TARGET_LISTED.exec(t);
        if (x) {
          addTarget(x[1]!, l.drv, t);
          return ctx.claim();
        }
        targetList = false;
      }
      // (Each anchored expression below behind its own line start: most lines this rule reads start otherwise.)
      if (t.startsWith('error: ') && TARGETS_FAILED.test(t)) {
        // Tests libtest named are said by name (their skip is the fix); the list then adds nothing.
        if (tests.length || said) return;
        targetList = true;
        targetDrv = l.drv ?? targetDrv;
        if (targetEvidence.length < 20) targetEvidence.push(t.trim());
        return ctx.claim();
      }
      if (held && (t.startsWith('Some tests') || t.startsWith('Build completed')) && BOOTSTRAP_TESTS.test(t)) {
        held = undefined;
        return ctx.claim();
      }
      if (t.includes('check-stage') && MK_TOOLCHAIN_TESTS.test(t)) {
        held = summary = undefined;
        tests = [];
        evidence = [];
        return ctx.claim();
      }
      if ((tests.length || ctx.inTests) && t.includes('GLIBC_') && GLIBC_MIX.test(t)) glibcMix = true;
      if ((t.startsWith('running install') || t.startsWith('Running phase: install')) && INSTALL_CHECK.test(t)) installCheck = { evidence: [t.trim()], drv: l.drv ?? ctx.runningDrv };
      else if (installCheck && !installCheck.error && OTHER_HOOK.test(t)) installCheck = undefined;
      else if (installCheck && !installCheck.error && INSTALL_CHECK_ERROR.test(t) && !/^\s*error: (?:builder for|build of|\d+ dependenc|Cannot build)/.test(t)) {
        installCheck.error = true;
        installCheck.evidence.push(t.trim());
      }
      if (summary && t.trim()) flushSummary(ctx);
      if (t.includes('exit code')) {
        const x = EXIT_CODE.exec(t);
        if (x) exit101 = x[1] === '101';
        const nom = !nomCheck && t.includes('in checkPhase') ? NOM_FAILED_IN_CHECK.exec(t) : null;
        if (nom) nomCheck = { name: nom[1]!, line: t.trim() };
      }
      if (!emfile && t.includes('Too many open files') && EMFILE.test(t)) {
        const lines = [...ctx.recent(2), t];
        let at = lines.length - 1;
        while (at >= 0 && !PANIC.test(lines[at]!)) at--;
        const thread = at >= 0 ? PANIC.exec(lines[at]!)![1]! : undefined;
        const inBuild = ctx.inTests || !!l.drv || !!ctx.lastFailedDrv || lines.slice(Math.max(at, 0)).some((x) => IN_NIX_BUILD_DIR.test(x));
        const compiling = thread === 'rustc' || (!ctx.inTests && ctx.recent(RECENT_MAX).some((x) => BUILD_SCRIPT_REPORT.test(x) || CARGO_STDERR.test(x)));
        if (thread !== undefined && thread !== 'main' && inBuild && !compiling) emfile = { thread, evidence: lines.slice(at).map((x) => x.trim()), drv: l.drv };
      }
      const prev = block;
      if (t === SUCCESSES) section = 'successes';
      const h = t.startsWith('---- ') ? OUTPUT_HEADER.exec(t) : null;
      block = undefined;
      if (h && section !== 'successes') {
        if (section === 'failures') add(h[1]!, l.drv, t);
        else block = { name: h[1]!, left: BLOCK_LINES };
        return ctx.claim();
      }
      if (h) return;
      if (prev && t.startsWith("thread '") && t.startsWith(`thread '${prev.name}' `) && /^thread '[^']*' (?:\(\d+\) )?panicked\b/.test(t)) {
        add(prev.name, l.drv, t);
        return ctx.claim();
      }
      if (prev && --prev.left > 0) block = prev;
      if (ctx.inTests && NET.test(t)) {
        network = true;
        if (evidence.length < 20) evidence.push(t.trim());
      }
      if (t === LIST_HEADER) {
        section = 'failures';
        inList = true;
        loose = [];
        return;
      }
      if ((t.startsWith('test [') || t.startsWith('    [')) && COMPILETEST_NAME.test(t)) {
        compiletest = true;
        return ctx.claim();
      }
      if (inList) {
        // cargo's closing `failures:` list names every failed test, even when a log window cut the rest.
        const n = LISTED.exec(t);
        if (n && !n[1]!.startsWith('----')) {
          drv = l.drv ?? drv;
          if (tests.length < MAX_TESTS && !tests.includes(n[1]!)) tests.push(n[1]!);
          return ctx.claim();
        }
        // The same list pasted through a page that drops its indent (a name a line, often blank lines between):
        // kept aside, taken only when libtest's summary counts exactly as many failures (RESULT below).
        if (t.trim() && t === t.trimStart() && TEST_PATH.test(t.trimEnd()) && loose.length < MAX_TESTS) {
          loose.push(t.trimEnd());
          return;
        }
        if (t.trim() && !t.startsWith('----') && !t.startsWith('thread ')) inList = false;
      }
      if (t.includes('has been running for over') || t.includes('SLOW [')) {
        const x = HUNG.exec(t);
        if (x) {
          if (hung.size < MAX_TESTS) hung.set(x[1] ?? x[2]!, t.trim());
          hungDrv = l.drv ?? hungDrv;
          return ctx.claim();
        }
      }
      if (hung.size) {
        // libtest sums a run up only once every test has reported (its terse format names none as it does).
        if (t.startsWith('test result: ')) hung.clear();
        const x = HUNG_DONE.exec(t);
        if (x) hung.delete(x[1] ?? x[2]!);
      }
      if (t.includes('timed out after') && NIX_TIMED_OUT.test(t)) timedOut = true;
      const nx = includesAny(t, NEXTEST_STATUS) || (t.includes('SIG') && SIGNAL_STATUS.test(t)) ? NEXTEST_FAIL.exec(t) : null;
      if (nx) {
        drv = l.drv ?? drv;
        if (tests.length < MAX_TESTS && !tests.includes(nx[1]!)) tests.push(nx[1]!);
        if (evidence.length < 20) evidence.push(t.trim());
        return ctx.claim();
      }
      if (NEXTEST_END.test(t)) {
        ctx.claim();
        return emit(ctx, t);
      }
      if (!t.startsWith('test') && !t.startsWith('error: test failed') && !t.startsWith('error: doctest failed')) return;
      const died = t.includes('rerun pass') ? DIED_IN.exec(t) : null;
      if (died) {
        ctx.claim();
        drv = l.drv ?? drv;
        if (tests.length < MAX_TESTS && !tests.includes(died[1]!)) tests.push(died[1]!);
        if (evidence.length < 20) evidence.push(t.trim());
        crashed = true;
        return emit(ctx);
      }
      let m = FAILED.exec(t);
      if (m) {
        drv = l.drv ?? drv;
        if (tests.length < MAX_TESTS && !tests.includes(m[1]!)) tests.push(m[1]!);
        if (evidence.length < 20) evidence.push(t);
        return ctx.claim();
      }
      const r = RESULT.exec(t);
      if (r) {
        ctx.claim();
        // libtest prints FAILED in its summary only when a test failed; with no test named in view (a quoted
        // summary, a window that starts there) the failure is still the tests', though no --skip can be written.
        if (!tests.length && r[2] && Number(r[2]) === loose.length) for (const n of loose) add(n, l.drv, n);
        loose = [];
        if (!tests.length && r[2] && r[2] !== '0') {
          if (!compiletest) {
            // libtest's `failures:` list cut above its header: its indented names right above the summary.
            const listed = listTail(ctx.recent(RECENT_MAX));
            if (listed.length && listed.length < Number(r[2])) return unnamed(ctx, Number(r[2]), t, l.drv, listed);
            if (listed.length === Number(r[2])) {
              for (const x of listed) add(x, l.drv, x);
              return emit(ctx, t);
            }
            return unnamed(ctx, Number(r[2]), t, l.drv);
          }
          held = { n: Number(r[2]), line: t, drv: l.drv };
          return;
        }
        // Said at the next line: the make-based toolchain build names its test target there (MK_TOOLCHAIN_TESTS).
        summary = { line: t };
        return;
      }
      m = RERUN.exec(t);
      if (m) {
        ctx.claim();
        const before0 = explained;
        explained = false;
        if (tests.length || before0) return emit(ctx, t);
        // rustdoc that ran prints `running N tests` under `Doc-tests <crate>`: nothing between them, it never ran
        // (missing-tool's rustdoc reading), no test failed.
        const before = ctx.recent(RECENT_MAX).filter((x) => x.trim());
        if (DOC_TESTS_HEADER.test(before[before.length - 1] ?? '')) return;
        // No test named in view, none reported: the target failed as a whole; its reason may follow (PROCESS_EXIT).
        targetEvidence.push(...evidence.slice(0, Math.max(0, 20 - targetEvidence.length)));
        reasonOf = addTarget(m[1]!, l.drv ?? drv, t);
        reasonLeft = REASON_LINES;
        evidence = [];
      }
    },
    finish(ctx) {
      sayTargets(ctx);
      flushSummary(ctx);
      emit(ctx);
      // compiletest's failures with no bootstrap after them: a package's own tests (compiletest-rs), as before.
      const h = held;
      held = undefined;
      if (h) unnamed(ctx, h.n, h.line, h.drv);
      const ic = installCheck;
      if (ic?.error && !said && ctx.emitted === 0 && ctx.held === 0 && (ic.drv ?? ctx.lastFailedDrv)) {
        said = true;
        own++;
        ctx.emit(
          diag(
            'test-failure',
            "The package built and installed, and its install check failed (stdenv's installCheckPhase, run when doInstallCheck is set): the check run on the installed program. Fix the check, or do not run it (`doInstallCheck = false;`).",
            ic.evidence,
            [{ kind: 'set-attr', name: 'doInstallCheck', nix: 'false' }],
            // stdenv's header says which phase failed; the tool's error after it is the check's, its reason not read.
            { drv: ic.drv ?? ctx.lastFailedDrv, details: { network: 'false', phase: 'installCheckPhase' }, confidence: 'likely' },
          ),
        );
      }
      if (emfile && !said) {
        const e = emfile;
        const test = e.thread !== '<unnamed>' && TEST_PATH.test(e.thread) ? e.thread : undefined;
        said = true;
        own++;
        ctx.emit(
          diag(
            'test-failure',
            `A test ran out of file descriptors (Too many open files) in the check phase${test ? ` (${test})` : ', in a thread it spawned, so the log does not name it'}: the build's open-files limit is lower than it needs (low on darwin). ${test ? 'Skip it with checkFlags, or raise the limit before the tests (`ulimit -n` in preCheck).' : `Raise the limit before the tests (\`ulimit -n\` in preCheck), or skip the tests that open many files. ${CHECK_OFF}`}`,
            e.evidence,
            [{ kind: 'skip-tests', tests: test ? [test] : [] }],
            { drv: e.drv ?? ctx.lastFailedDrv, details: { network: 'false', cause: 'open-files-limit' }, confidence: test ? 'certain' : 'likely' },
          ),
        );
      }
      // Tests still running after the harness's warning, none of them finished in view, nothing else said: a check phase
      // that hangs (a test waiting on a terminal, a peer, a lock the sandbox never gives) until Nix or the reporter
      // stops it. Likely when Nix's timeout says so or the log ends in the test run; else possible (a view cut there).
      if (hung.size && !said && ctx.emitted === 0) {
        const names = [...hung.keys()];
        const last = ctx
          .recent(8)
          .filter((x) => x.trim())
          .pop()
          ?.replace(/^\s*[\w.+-]*> ?/, '')
          .trim();
        const endsInTests = !!last && (HUNG.test(last) || HARNESS_LINE.test(last));
        said = true;
        own++;
        ctx.emit(
          diag(
            'test-failure',
            `${names.length === 1 ? 'A test' : `${names.length} tests`} never finished in the check phase: ${names.slice(0, 5).join(', ')}${names.length > 5 ? ', …' : ''} ${names.length === 1 ? 'was' : 'were'} still running after the test harness's long-running warning${timedOut ? ' when Nix stopped the build on its timeout' : ''} — a test that waits for something the sandbox never gives (a terminal, a network peer, a lock). Skip ${names.length === 1 ? 'it' : 'them'} with checkFlags.`,
            [...hung.values()].slice(0, 8),
            [{ kind: 'skip-tests', tests: names }],
            // The harness's own warning names the tests; that they hang rather than finish later is read from the log's end.
            { drv: hungDrv ?? ctx.lastFailedDrv, details: { network: 'false', cause: 'hung' }, confidence: timedOut || endsInTests ? 'likely' : 'possible' },
          ),
        );
      }
      // The log ends inside libtest's run (`running N tests`, `test x ... ok` last, no `test result:`) of a builder that
      // exited 101, and nothing else explained it: the build compiled and cargo was running the tests when it failed —
      // a paste or view cut before the failing test (round19 j08). No test is named, so no --skip can be written.
      // The log ends inside libtest's closing list of failed tests (`failures:` then one `    name` a line, then
      // `test result: FAILED.` and cargo's `error: test failed`), its header and summary cut off, in a builder that
      // exited 101: every line of the log's end is a test's path indented by four, as libtest lists them. The names
      // in view failed (the list's head may hold more): skipped by name.
      if (!said && ctx.emitted === 0 && exit101) {
        const tail = ctx.recent(RECENT_MAX).filter((x) => x.trim());
        let k = tail.length;
        while (k > 0 && LISTED.test(tail[k - 1]!) && TEST_PATH.test(tail[k - 1]!.trim())) k--;
        const names = tail.slice(k).map((x) => x.trim());
        if (names.length >= 3) {
          said = true;
          own++;
          ctx.emit(
            diag(
              'test-failure',
              `Tests failed in the check phase: the log ends inside libtest's list of failed tests (its head and summary cut off), which names ${names.join(', ')}${k === 0 ? ' and maybe more above' : ''}. Skip them with checkFlags (the full log lists every one), or fix them.`,
              tail.slice(k),
              [{ kind: 'skip-tests', tests: names }],
              // Read from the shape of libtest's list, its head cut off.
              { drv: ctx.lastFailedDrv, details: { network: 'false', cause: 'list-cut' }, confidence: 'likely' },
            ),
          );
        }
      }
      if (!said && ctx.emitted === 0 && exit101 && ctx.inTests) {
        const last = ctx
          .recent(8)
          .filter((x) => x.trim())
          .pop();
        if (last && HARNESS_LINE.test(last.trim())) {
          ctx.emit(
            diag(
              'test-failure',
              `The build failed (exit code 101) while cargo ran the tests: the log ends inside libtest's output, before the failing test. Its name is in the full log (\`test <name> ... FAILED\`): skip exactly that test with checkFlags, or fix it. ${CHECK_OFF}`,
              [last.trim()],
              CHECK_OFF_FIX,
              // No line of the failing test's own, but the builder's exit status is cargo's and libtest's (101) and libtest's
              // run is the last the builder printed in view: cargo builds every test target before it runs one, so a
              // status of 101 once libtest began is a test target failing (or, rarely, a later step's Rust program
              // panicking, e.g. a postInstall that runs the built program): likely, not certain.
              { drv: ctx.lastFailedDrv, details: { network: 'false', cause: 'cut-in-tests' }, confidence: 'likely' },
            ),
          );
        }
      }
      // nix-output-monitor says the build failed in checkPhase with 101, and nothing of the test run says more.
      if (nomCheck && !said && ctx.emitted === 0 && ctx.held === 0) {
        const n = nomCheck;
        said = true;
        own++;
        ctx.emit(
          diag(
            'test-failure',
            `${n.name} failed in its check phase with exit code 101 (nix-output-monitor's summary): cargo's and libtest's code, so a test failed; the tests' own lines are not in view. Run the check phase (\`nix log\`) to see which, then skip it with checkFlags or fix it. ${CHECK_OFF}`,
            [n.line],
            CHECK_OFF_FIX,
            // nom's own line names the phase and the exit status; which test, and why, are not in view.
            { drv: ctx.lastFailedDrv ?? n.name, details: { network: 'false', cause: 'nom-check-phase' }, confidence: 'likely' },
          ),
        );
      }
      // Nothing of the test run in view, only a sentence naming the tests that fail by libtest's names: they are the
      // names `--skip` takes. The reporter's words say that they fail, not why.
      if (quoted && !said && ctx.emitted === 0 && ctx.held === 0) {
        const q = quoted;
        said = true;
        own++;
        ctx.emit(
          diag(
            'test-failure',
            `The log names ${q.names.length === 1 ? 'a test' : `${q.names.length} tests`} that fail${q.names.length === 1 ? 's' : ''} in the check phase (${q.names.slice(0, 5).join(', ')}${q.names.length > 5 ? ', …' : ''}), by the test harness's own name${q.names.length === 1 ? '' : 's'}; the test run's lines are not in view. Skip ${q.names.length === 1 ? 'it' : 'them'} with checkFlags, or fix ${q.names.length === 1 ? 'it' : 'them'}.`,
            [q.line],
            [{ kind: 'skip-tests', tests: q.names }],
            // libtest's names, quoted in the reporter's sentence: which tests is the harness's word, that they fail the reporter's.
            { drv: q.drv ?? ctx.lastFailedDrv, details: { network: 'false', cause: 'quoted-names' }, confidence: 'likely' },
          ),
        );
      }
    },
  };
}

export const testFailureRule: DiagnosisRule = {
  category: 'test-failure',
  // What FAILED, RESULT and RERUN need; not `test `, which `Locking … to latest compatible versions` carries.
  markers: [
    'FAILED',
    ...NEXTEST_STATUS,
    ...SIGNAL_MARKERS,
    'exit code',
    'test failed',
    'targets failed',
    // TITLE_TEST_COUNT's, read on a log's first line.
    ...TITLE_TEST_MARKERS,
    ...QUOTED_TEST_MARKERS,
    'test run failed',
    'failures:',
    'successes:',
    'stdout ----',
    'Too many open files',
    // INSTALL_CHECK's two headers.
    'running install tests',
    'installCheckPhase',
    // GLIBC_MIX's two wordings.
    'version GLIBC_PRIVATE',
    'version `GLIBC_',
    "version 'GLIBC_",
    // HUNG, HUNG_DONE's nextest statuses, NIX_TIMED_OUT.
    'has been running for over',
    'SLOW [',
    'PASS [',
    'timed out after',
    // BOOTSTRAP_TESTS' two sentences (COMPILETEST_NAME reads lines that come with FAILED or inside the `failures:` list).
    'Some tests failed in compiletest',
    'Build completed unsuccessfully',
    // MK_TOOLCHAIN_TESTS.
    'check-stage',
    ...NET_MARKERS,
    'onnection refused',
    'Connection refused',
  ],
  // HUNG_DONE's libtest form and libtest's summary, read while a warned test has no result (listening).
  listenMarkers: [' ... ', 'test result: '],
  create,
  place(_d, s) {
    if (s.mapped) return undefined; // rustc's span in a test target: the generic placement puts it there
    return s.onCall((s.binding('checkFlags') ?? s.binding('doCheck'))?.range);
  },
  fixes: (_d, s, f) => {
    const fix = intentFix(f, s);
    // Skipping exactly the tests that failed addresses the failure; disabling all checks (no test named) is a choice.
    return fix && { ...fix, preferred: f.kind === 'skip-tests' && f.tests.length > 0 };
  },
};
