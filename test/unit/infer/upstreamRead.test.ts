import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { facts, readAtTag } from '../../../scripts/infer/upstreamRead';

// A repository made here, shaped like the ones gen-upstream-manifests reads: a workspace whose member
// inherits its version and dependencies, tagged at 1.2.0, then bumped to 1.2.1 with no tag.
describe('gen-upstream-manifests reading a repository (scripts/infer/upstreamRead.ts)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'nixify-upstream-'));
  const gitDir = join(dir, '.git');
  const git = (...args: string[]) => execFileSync('git', ['-C', dir, '-c', 'user.name=t', '-c', 'user.email=t@t', '-c', 'commit.gpgsign=false', ...args], { encoding: 'utf8' });
  const write = (version: string) => {
    writeFileSync(
      join(dir, 'Cargo.toml'),
      `[workspace]\nmembers = ["crates/*"]\n\n[workspace.package]\nversion = "${version}"\n\n[workspace.dependencies]\nfoo-sys = { version = "0.3", default-features = false, features = ["static"] }\nhelper = "1"\n`,
    );
    mkdirSync(join(dir, 'crates', 'widget'), { recursive: true });
    writeFileSync(
      join(dir, 'crates', 'widget', 'Cargo.toml'),
      `[package]\nname = "widget"\nversion.workspace = true\n\n[dependencies]\nfoo-sys = { workspace = true, optional = true }\nhelper = { workspace = true }\n\n[target.'cfg(windows)'.dependencies]\nwin-sys = "1"\n\n[dev-dependencies]\ntest-sys = "1"\n\n[features]\ndefault = []\nnative = ["dep:foo-sys"]\nextra = []\n`,
    );
  };
  before(async () => {
    git('init', '-q');
    write('1.2.0');
    git('add', '-A');
    git('commit', '-qm', 'release 1.2.0');
    git('tag', 'v1.2.0');
    write('1.2.1');
    git('commit', '-qam', 'release 1.2.1');
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it("reads the crate at its version's tag, its inherited version and dependencies merged from the workspace root", () => {
    const read = readAtTag(gitDir, 'widget', '1.2.0');
    assert.ok(read);
    assert.equal(read.tag, 'v1.2.0');
    const foo = read.deps.find((d) => d.name === 'foo-sys')!;
    assert.deepEqual([foo.optional, foo.defaultFeatures, foo.features], [true, false, ['static']]);
    assert.equal(readAtTag(gitDir, 'widget', '9.9.9'), undefined, 'no tag and no commit has that version');
  });

  it('a version no tag holds is read at the commit that set it', () => {
    const read = readAtTag(gitDir, 'widget', '1.2.1');
    assert.ok(read);
    assert.equal(read.tag, git('rev-parse', 'HEAD').trim().slice(0, 12), 'named by its commit');
  });

  it('keeps the facts of the dependencies that lead to native crates: optional, target, features; not dev-dependencies nor plain ones', () => {
    const f = facts(readAtTag(gitDir, 'widget', '1.2.0')!, (pkg) => pkg.endsWith('-sys'));
    assert.deepEqual(f?.d, [
      { n: 'foo-sys', o: 1, nd: 1, f: ['static'] },
      { n: 'win-sys', t: 'cfg(windows)' },
    ]);
    assert.deepEqual(f?.f, { default: [], native: ['dep:foo-sys'] }, 'the features that reach a kept dependency');
    assert.deepEqual(f?.fa, ['extra'], 'the other feature names, so one asked of the crate is known to exist');
    assert.equal(
      facts(readAtTag(gitDir, 'widget', '1.2.0')!, () => false),
      undefined,
      'nothing native below: no entry',
    );
  });
});
