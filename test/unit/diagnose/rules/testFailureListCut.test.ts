// libtest closes a failed run with `failures:`, one `    name` a line, `test result: FAILED.` and cargo's `error: test
// failed`. A paste cut inside that list (its header and summary gone) in a builder that exited 101 still names the tests
// in view: test-failure, those skipped (the list's head may hold more). Real cargo 1.95 / libtest with four failing
// tests (wordings/sources/s94-libtest-four-failures.log) in a Nix `last 10 log lines` window, cut at every line.
// The closing list pasted through a page that lost its indent (round105 vz02: a name a line, blank lines between) is
// taken when libtest's summary counts exactly as many failures; otherwise the summary alone is said.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { diagnoseText } from '../../../../server/src/diagnose/diagnoser';
import { heldout, wordingSource } from './helpers';

const real = wordingSource('s94-libtest-four-failures.log').split('\n');
const window = (lines: string[]) =>
  ["error: builder for '/nix/store/00000000000000000000000000000000-many-0.1.0.drv' failed with exit code 101;", '       last 10 log lines:', ...lines.map((x) => `       > ${x}`)].join('\n');

describe('test-failure: a paste cut inside libtest’s list of failed tests', () => {
  it('round12 c12: 21 names in a `last 25 log lines` view, the summary cut → the names in view skipped', () => {
    const ds = diagnoseText(heldout(12, 'c12-test-failure-git-toprepo-integration-tests-nix-build.log'));
    assert.deepEqual(
      ds.map((d) => [d.category, d.fixes[0]?.kind]),
      [['test-failure', 'skip-tests']],
    );
    const f = ds[0]!.fixes[0] as { tests: string[] };
    assert.ok(f.tests.includes('worktree::local_config_resolution_in_worktree') && f.tests.length >= 3, JSON.stringify(f.tests));
  });

  it('real libtest: only the list in view (header and summary cut) → its four names', () => {
    const start = real.indexOf('failures:', real.indexOf('failures:') + 1) + 1;
    const list = real.slice(start, start + 4);
    assert.deepEqual(
      diagnoseText(window(list)).map((d) => [d.category, d.fixes]),
      [['test-failure', [{ kind: 'skip-tests', tests: list.map((x) => x.trim()) }]]],
    );
  });

  it('real libtest: the whole run → the four from libtest’s own lines, as before', () => {
    assert.deepEqual(
      diagnoseText(window(real)).map((d) => [d.category, d.fixes.map((f) => (f as { tests: string[] }).tests.length)]),
      [['test-failure', [4]]],
    );
  });

  it('fewer than three indented names, or a builder that did not exit 101, is not read as the list', () => {
    const start = real.indexOf('failures:', real.indexOf('failures:') + 1) + 1;
    assert.deepEqual(diagnoseText(window(real.slice(start + 2, start + 4))), []);
    assert.deepEqual(diagnoseText(window(real.slice(start, start + 4)).replace('exit code 101', 'exit code 1')), []);
  });
});

describe('test-failure: the closing list with its indent lost', () => {
  const tail = real.slice(real.lastIndexOf('failures:'));
  const unindented = (names: (x: string) => boolean) =>
    tail
      .filter((x) => !x.startsWith('    ') || names(x.trim()))
      .flatMap((x) => (x.startsWith('    ') ? [x.trim(), ''] : [x]))
      .join('\n');
  const read = (log: string) => diagnoseText(log).map((d) => [d.category, d.fixes.flatMap((f) => (f.kind === 'skip-tests' ? f.tests : [f.kind]))]);

  it('round105 vz02 → its 11 tests skipped by name', () => {
    const [d] = diagnoseText(heldout(105, 'vz02.log'));
    assert.equal(d?.category, 'test-failure');
    assert.equal(d?.fixes[0]?.kind === 'skip-tests' && d.fixes[0].tests.length, 11);
  });

  it('real libtest, the names unindented with blank lines between: all four named; one missing (3 of 4) → the summary only', () => {
    assert.deepEqual(read(unindented(() => true)), [
      ['test-failure', ['tests::push::root_commit', 'tests::push::submodule_commit', 'tests::refilter::moved_submodule', 'tests::refilter::print_updates']],
    ]);
    assert.deepEqual(read(unindented((x) => x !== 'tests::push::root_commit')), [['test-failure', []]]);
  });
});

describe("test-failure: libtest's failures list cut above its header, right above the summary", () => {
  it('round127 wv07: 5 names in view of 9 failed → skip-tests of those 5, likely, the other 4 said', () => {
    const ds = diagnoseText(heldout(127, 'wv07.log'));
    assert.deepEqual(
      ds.map((d) => [d.category, d.confidence, d.fixes.map((f) => (f.kind === 'skip-tests' ? f.tests.length : f.kind))]),
      [['test-failure', 'likely', [5]]],
    );
    assert.match(ds[0]!.message, /the other 4 as the full log names them/);
  });

  it('every failed test in view under the cut header → skip-tests of all, certain', () => {
    const log = ['    a::one', '    a::two', '', 'test result: FAILED. 3 passed; 2 failed; 0 ignored; 0 measured; 0 filtered out; finished in 0.50s', ''].join('\n');
    assert.deepEqual(
      diagnoseText(log).map((d) => [d.category, d.confidence, d.fixes]),
      [['test-failure', 'certain', [{ kind: 'skip-tests', tests: ['a::one', 'a::two'] }]]],
    );
  });
});
