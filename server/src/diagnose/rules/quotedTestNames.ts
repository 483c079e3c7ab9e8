// A reporter's sentence (an issue's title, a PR's description) naming the tests that fail by libtest's own names,
// with none of the test run's lines in view: `` `plugins::core::ruby::tests::test_list_versions_matching` fails when
// installing flake ``, `When the \`test_git::test_push_bookmarks_deletion::use_git2_for_remote_calls\` test is ran, it
// fails.` (round30 u03, round83 vd01, round104 vy02, round167 yj02).
//
// libtest names a test by its module path inside the test target (`profiles::tests::test_ensure_config_dir` for a
// `#[cfg(test)] mod tests` in `src/profiles.rs`; an integration target's modules the same: real cargo 1.95 prints
// `test test_git::test_push_bookmarks_deletion::use_git2_for_remote_calls ... FAILED`), and that name is what
// `--skip` takes. Only a path with a segment named the way tests are (`tests`, `test`, `test_…`, `…_test(s)`) counts:
// other Rust paths in prose (`Result::unwrap`, a tracing target `dx::build::builder: … failed state`) name no test.

/** A path of two or more segments, whole (not followed by more path, a call, generics or a macro's `!`). */
const PATH = /(?<![\w:])(?:[A-Za-z_]\w*::)+[A-Za-z_]\w*(?![\w:(<!])/g;
/** A segment libtest's names carry for tests: the `tests` module, a `test_` function or module, a `_test(s)` one. */
const TEST_SEGMENT = /^(?:tests?|test_\w+|\w+_tests?)$/;
/** The sentence says they fail, after naming them (`fails`, `fail with`, `it fails`, `is failing`). */
const FAILS = /\b[Ff]ail(?:s|ed|ing)?\b/;

/**
 * Where the prefilter looks: a `tests` module before more path, a `test_` segment anywhere. A path whose only test
 * segment is a `…_test` module is not looked for: `_test::` took the marker scan past its budget of positions
 * (scanCost.test.ts: 8.17 % with it, 7.89 % without) and no log names a test that way. (Markers that start with `::`
 * let too many places of a Rust build's log through the marker scan.)
 */
export const QUOTED_TEST_MARKERS = ['tests::', 'test_'] as const;

/**
 * The libtest names a line of prose says fail, in order, or undefined. Not a line of libtest's or cargo's own (its
 * result and report lines, a panicking test's thread, a backtrace's frame: the rule reads those as they are).
 */
export function quotedFailingTests(line: string): string[] | undefined {
  const t = line.trim();
  if (!t.includes('ail') || /^(?:test |---- |thread '|\d+: |at )/.test(t)) return undefined;
  const names: string[] = [];
  let end = -1;
  for (const m of t.matchAll(PATH)) {
    if (!m[0].split('::').some((s) => TEST_SEGMENT.test(s))) continue;
    if (!names.includes(m[0])) names.push(m[0]);
    end = m.index + m[0].length;
  }
  if (!names.length || !FAILS.test(t.slice(end))) return undefined;
  return names;
}
