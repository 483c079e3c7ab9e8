// Evaluation errors the rule left silent until round82–97 showed them, read by mechanism and checked on real Nix 2.8 and
// 2.26 output (test/fixtures/logs/wordings/sources, n28-* and n226-*): a lambda named the 1.11–2.12 way in `called with
// unexpected argument` (ExprLambda::showNamePos), a glob joined into a path, `nix flake check --keep-going`'s `error
// (ignored):` reports, a local flake input whose directory is gone, and Nix's git fetcher run on a store path.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { diagnoseText } from '../../../../server/src/diagnose/diagnoser';
import { heldout } from './helpers';

const SOURCES = join(__dirname, '..', '..', '..', 'fixtures', 'logs', 'wordings', 'sources');
const read = (name: string) => readFileSync(join(SOURCES, name), 'utf8');
const summary = (text: string) => diagnoseText(text).map((d) => [d.category, d.fixes.length]);

describe('eval-error: a function called with an argument it does not take, named as Nix 1.11–2.12 names it', () => {
  for (const [name, text] of [
    ['round94 vo01 (one quoted line)', heldout(94, 'vo01.log')],
    ['real Nix 2.8', read('n28-eval-named-function-unexpected-argument.log')],
    ['real Nix 2.26', read('n226-eval-function-unexpected-argument.log')],
  ] as const) {
    it(`${name} → eval-error naming the argument, no fix`, () => {
      const ds = diagnoseText(text);
      assert.deepEqual(summary(text), [['eval-error', 0]]);
      assert.equal(ds[0]!.details?.unexpectedArgument, 'packages');
    });
  }

  it("`'f' at <pos> called without required argument` quoted alone (real Nix 2.8's words) → eval-error", () => {
    assert.deepEqual(summary(read('n28-eval-named-function-without-required-argument.log')), [['eval-error', 0]]);
    const line = read('n28-eval-named-function-without-required-argument.log')
      .split('\n')[0]!
      .replace(/^error: /, '');
    assert.deepEqual(summary(`Building the image fails with ${line}`), [['eval-error', 0]]);
  });
});

describe('eval-error: a glob joined into a path Nix reads', () => {
  for (const [name, text] of [
    ['round83 vd07 (flake check’s ignored report, quoted)', heldout(83, 'vd07.log')],
    ['round85 vf05 (a bare, mangled quote)', heldout(85, 'vf05.log')],
    ['real Nix 2.8 flake check --keep-going', read('n28-flake-check-keep-going-glob.log')],
  ] as const) {
    it(`${name} → eval-error naming the glob path, not an untracked file`, () => {
      const ds = diagnoseText(text);
      assert.deepEqual(summary(text), [['eval-error', 0]]);
      assert.match(ds[0]!.details?.globPath ?? '', /\/crates\/\*/);
    });
  }

  it('real Nix 2.26 flake check --keep-going: each reported error, the glob first; the closing line adds nothing', () => {
    const ds = diagnoseText(read('n226-flake-check-keep-going-glob.log'));
    assert.deepEqual(
      ds.map((d) => d.category),
      ['eval-error', 'eval-error'],
    );
    assert.match(ds[0]!.details?.globPath ?? '', /crates\/\*\/Cargo\.toml$/);
  });

  it('not these: a file missing inside a flake source stays untracked; an ignored error no evaluation alone prints stays nothing', () => {
    const untracked = "error: getting status of '/nix/store/jvxc383w791mvfi7cwc04jgbvgnbgp09-source/data.txt': No such file or directory";
    assert.deepEqual(summary(untracked), [['flake-untracked', 1]]);
    assert.deepEqual(summary("error (ignored): error: SQLite database '/home/user/.cache/nix/eval-cache-v5/x.sqlite' is busy"), []);
  });
});

describe('eval-error: a local flake input whose directory is gone', () => {
  for (const [name, text] of [
    ['round82 vc04 (2.2x, cut above the frame)', heldout(82, 'vc04.log')],
    ['real Nix 2.26', read('n226-flake-input-path-gone.log')],
    ['real Nix 2.8 --show-trace (the frame after the message)', read('n28-flake-input-path-gone.show-trace.log')],
  ] as const) {
    it(`${name} → eval-error naming the input's path`, () => {
      const ds = diagnoseText(text);
      assert.deepEqual(summary(text), [['eval-error', 0]]);
      assert.ok(ds[0]!.details?.inputPath, ds[0]!.message);
    });
  }

  it('real Nix 2.8 without the trace stays the evaluation’s error; a remote input’s path is not this', () => {
    assert.deepEqual(summary(read('n28-flake-input-path-gone.log')), [['eval-error', 0]]);
    const remote = ['error:', "       … while fetching the input 'github:owner/repo'", '', "       error: path '/nix/store/jvxc383w791mvfi7cwc04jgbvgnbgp09-source/x' does not exist"];
    assert.equal(diagnoseText(remote.join('\n'))[0]?.details?.inputPath, undefined);
  });
});

describe("eval-error: Nix's git fetcher asked to fetch a store path", () => {
  it('round82 vc02 (git’s line, the rest elided) → eval-error, likely', () => {
    const ds = diagnoseText(heldout(82, 'vc02.log'));
    assert.deepEqual(
      ds.map((d) => [d.category, d.confidence]),
      [['eval-error', 'likely']],
    );
  });

  it('real Nix 2.8 and 2.26: the fetcher’s own closing error says it (one diagnostic each)', () => {
    assert.deepEqual(summary(read('n28-fetchgit-store-path.log')), [['eval-error', 0]]);
    assert.deepEqual(summary(read('n226-fetchgit-store-path.log')), [['eval-error', 0]]);
  });

  it("not these: a builder's git (its own framing), a path outside the store", () => {
    assert.deepEqual(summary("demo> fatal: '/nix/store/fb5257gmzhlfclr9j7nxqh4rpm8mkb8h-source' does not appear to be a git repository"), []);
    assert.deepEqual(summary("fatal: '/home/user/demo' does not appear to be a git repository"), []);
  });
});
