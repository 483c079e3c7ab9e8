// Hostile repositories: member globs that are not patterns or that make a
// regular expression backtrack, files that are FIFOs, devices, links out of
// the crate or huge, and deep structures — each a clear message, never a hang,
// a crash or a read outside the crate.
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { mainPackage } from '../../../server/src/generate/context';
import { compileGlob, GlobError, matchGlob } from '../../../server/src/model/glob';
import { readCrateFile } from '../../../server/src/model/safeRead';
import { ModelError } from '../../../server/src/model/types';
import { loadWorkspace } from '../../../server/src/model/workspace';
import type { ChildOp } from './hostileChild';

const tmp = mkdtempSync(join(tmpdir(), 'nixify-hostile-input-'));
after(() => rmSync(tmp, { recursive: true, force: true }));

/**
 * `op` in a child process killed after `ms`: synchronous code that hangs cannot be stopped by a test's own timeout,
 * which would then block the whole run. A kill is a failure that says so.
 */
function inChild(o: ChildOp, ms: number): any {
  const r = spawnSync(process.execPath, ['--import', 'tsx', join(__dirname, 'hostileChild.ts'), JSON.stringify(o)], { encoding: 'utf8', timeout: ms, killSignal: 'SIGKILL', maxBuffer: 1 << 20 });
  assert.equal(r.signal, null, `${o.op} did not finish in ${ms} ms (killed)`);
  assert.equal(r.status, 0, r.stderr);
  return JSON.parse(r.stdout);
}

/**
 * When a child is taken for hung: no speed bound (the glob case counts its work instead), only longer than any child
 * takes on a loaded machine. Measured: 3.4–8.2 s of real time per child (tsx and the parsers loading, the case itself
 * milliseconds), on 2 cores shared with other builds and tests.
 */
const HANG_MS = 60_000;

const modelError = (r: any, re: RegExp) => assert.ok(r.error?.model && re.test(r.error.message) && !!r.error.file, JSON.stringify(r));

function crate(name: string, cargoToml: string, files: Record<string, string> = {}): string {
  const dir = join(tmp, name);
  mkdirSync(join(dir, 'src'), { recursive: true });
  writeFileSync(join(dir, 'Cargo.toml'), cargoToml);
  writeFileSync(join(dir, 'src', 'main.rs'), 'fn main() {}\n');
  for (const [p, t] of Object.entries(files)) {
    mkdirSync(join(dir, p, '..'), { recursive: true });
    writeFileSync(join(dir, p), t);
  }
  return dir;
}

describe('member globs (the glob crate syntax, matched without regular expressions)', () => {
  it('matches *, ?, classes, negation and ** as cargo does', () => {
    const m = (p: string, s: string) => matchGlob(compileGlob(p), s);
    assert.equal(m('crates/*', 'crates/a'), true);
    assert.equal(m('crates/*', 'crates/a/b'), false, '* stays inside one component');
    assert.equal(m('crates/?b', 'crates/ab'), true);
    assert.equal(m('crates/[a-c]x', 'crates/bx'), true);
    assert.equal(m('crates/[!a-c]x', 'crates/bx'), false);
    assert.equal(m('crates/[]]', 'crates/]'), true, '] first in a class is a member');
    assert.equal(m('crates/[*]', 'crates/*'), true, 'brackets escape metacharacters');
    assert.equal(m('**/x', 'x'), true, '** matches no component');
    assert.equal(m('**/x', 'a/b/x'), true);
    assert.equal(m('a/**/x', 'a/x'), true);
    assert.equal(m('a/**', 'a/b/c'), true);
    assert.equal(m('crates/my crate', 'crates/my crate'), true);
  });

  it('refuses what cargo refuses, with the position, instead of throwing "Invalid regular expression"', () => {
    for (const [p, at] of [
      ['crates/[z-a]', 7],
      ['x/**a', 2],
      ['crates/[ab', 7],
    ] as const) {
      assert.throws(
        () => compileGlob(p),
        (e) => e instanceof GlobError && e.at === at,
        p,
      );
    }
    const dir = crate('bad-glob', '[workspace]\nmembers = ["crates/[z-a]", "crates/*"]\n', { 'crates/a/Cargo.toml': '[package]\nname = "a"\nversion = "0.1.0"\n' });
    const ws = loadWorkspace(dir);
    assert.deepEqual(
      ws.members.map((m) => m.package?.name),
      ['a'],
    );
    assert.ok(
      ws.warnings.some((w) => /workspace\.members\[0\] "crates\/\[z-a\]": empty range z-a \(at character 8\)/.test(w)),
      ws.warnings.join('\n'),
    );
  });

  it('matches a pattern that makes a backtracking regex take minutes at once (*a*a…*b)', () => {
    const subjects = ['a'.repeat(250), `${'a'.repeat(250)}b`];
    const r = inChild({ op: 'glob', pattern: `${'*a'.repeat(40)}*b`, subjects }, HANG_MS);
    assert.deepEqual(r.matches, [false, true]);
    // At once is the work, not the clock: one pass over the pattern's tokens per character at most, for its live
    // states and a star's empty match (glob.ts: O(text × pattern)); backtracking is exponential in the stars (2^40 here).
    const linear = subjects.reduce((n, s) => n + r.tokens * (2 * [...s].length + 1), 0);
    assert.ok(r.reads > 0 && r.reads <= linear, `${r.reads} token reads for ${r.tokens} tokens (at most ${linear})`);
    const dir = crate('slow-glob', `[package]\nname = "root"\nversion = "0.1.0"\n\n[workspace]\nmembers = ["${'*a'.repeat(40)}*b"]\n`, { [`${'a'.repeat(200)}/x`]: '' });
    assert.deepEqual(inChild({ op: 'load', dir }, HANG_MS).members, ['']);
  });

  it('takes an empty members list as no members', () => {
    const dir = crate('empty-members', '[package]\nname = "solo"\nversion = "0.1.0"\n\n[workspace]\nmembers = []\n');
    assert.deepEqual(
      loadWorkspace(dir).members.map((m) => m.package?.name),
      ['solo'],
    );
    // A virtual workspace with no members: nothing to package, said plainly (was "internal error").
    const virtual = crate('empty-virtual', '[workspace]\nmembers = []\n');
    assert.throws(
      () => mainPackage(loadWorkspace(virtual)),
      (e) => e instanceof ModelError && /^Cargo\.toml: the workspace has no package/.test(e.message),
    );
  });
});

describe('only regular files inside the crate, and not too large', () => {
  const expectModelError = (fn: () => unknown, re: RegExp) => assert.throws(fn, (e) => e instanceof ModelError && re.test(e.message) && !!e.file);

  it('refuses a FIFO named Cargo.lock instead of blocking forever', () => {
    const dir = crate('fifo', '[package]\nname = "x"\nversion = "0.1.0"\n');
    execFileSync('mkfifo', [join(dir, 'Cargo.lock')]);
    modelError(inChild({ op: 'read', dir, rel: 'Cargo.lock' }, 60_000), /^Cargo\.lock: not a regular file \(a FIFO\)/);
    modelError(inChild({ op: 'load', dir }, 60_000), /Cargo\.lock: not a regular file/);
  });

  it('refuses a symlink to /dev/zero or to a file outside the crate, and reads links inside it', () => {
    const dir = crate('links', '[package]\nname = "x"\nversion = "0.1.0"\n');
    symlinkSync('/dev/zero', join(dir, 'Cargo.lock'));
    modelError(inChild({ op: 'load', dir }, 60_000), /Cargo\.lock: a symlink to \/dev\/zero, outside the crate/);
    writeFileSync(join(tmp, 'secret'), 'x');
    symlinkSync(join(tmp, 'secret'), join(dir, 'flake.nix'));
    expectModelError(() => readCrateFile(dir, 'flake.nix'), /outside the crate/);
    symlinkSync('src/main.rs', join(dir, 'main-link.rs'));
    assert.equal(readCrateFile(dir, 'main-link.rs'), 'fn main() {}\n');
    symlinkSync('nowhere', join(dir, 'dangling'));
    assert.equal(readCrateFile(dir, 'dangling'), undefined);
  });

  it('refuses files above the size limit, naming the file and its size', () => {
    const dir = crate('big', `[package]\nname = "x"\nversion = "0.1.0"\ndescription = "${'x'.repeat(5 << 20)}"\n`);
    expectModelError(() => loadWorkspace(dir), /^Cargo\.toml: 5\.0 MB, larger than the 4\.0 MB Nixify reads/);
  });
});

describe('deep structures are walked without recursion', () => {
  it('a 5,000-segment dotted key', () => {
    const dir = crate('dotted', `[package]\nname = "x"\nversion = "0.1.0"\n\n[package.metadata]\n${Array(5000).fill('a').join('.')} = 1\n`);
    assert.equal(loadWorkspace(dir).members[0]!.package?.name, 'x');
  });

  it('100,000 dependencies', () => {
    const deps = Array.from({ length: 100_000 }, (_, i) => `d${i} = "1"`).join('\n');
    const dir = crate('many-deps', `[package]\nname = "x"\nversion = "0.1.0"\n\n[dependencies]\n${deps}\n`);
    assert.equal(inChild({ op: 'load', dir }, 120_000).dependencies, 100_000);
  });

  it('nesting deeper than the TOML parser allows is an error with the position', () => {
    const dir = crate('nested', `[package]\nname = "x"\nversion = "0.1.0"\n\n[package.metadata]\na = ${'['.repeat(5000)}${']'.repeat(5000)}\n`);
    assert.throws(
      () => loadWorkspace(dir),
      (e) => e instanceof ModelError && /^Cargo\.toml:6:\d+: invalid TOML/.test(e.message),
    );
  });
});
