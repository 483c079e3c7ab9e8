// Against real crates and what nixpkgs really ships for them. Their sources
// cannot be committed or fetched in CI, so this runs only when they were
// brought into .cache/realcheck/<crate> (the tree of the release tag nixpkgs
// builds, as `git archive <tag>` writes it; the crate list and tags are in
// ../shared/corpus/crates/<crate>/expected.json) and skips otherwise.
//
// Expected values are read from nixpkgs' package.nix of each crate (the file
// and commit named in expected.json): the completion command of its
// postInstall, and its fetchFromGitHub tag spelling.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import { mainPackage } from '../../../server/src/generate/context';
import { cliSignals } from '../../../server/src/generate/nixpkgsSignals';
import { readRustSources } from '../../../server/src/model/rustSource';
import { loadWorkspace, nodeFs } from '../../../server/src/model/workspace';
import { initParsers } from '../../../server/src/parse/treeSitter';
import { repoRoot } from '../../lsp/client';
import { NIX_ENV } from '../nix';

const cache = join(repoRoot, '.cache', 'realcheck');
const corpus = join(repoRoot, '..', 'shared', 'corpus', 'crates');

// nixpkgs' completion command per crate (words between the program and the shell), or a note for build.rs generation.
const NIXPKGS: { crate: string; member?: string; completions: string[] | 'build.rs' }[] = [
  { crate: 'miniserve', completions: ['--print-completions'] },
  { crate: 'dua', completions: ['completions'] },
  { crate: 'ab-av1', completions: ['print-completions'] },
  { crate: 'tokio-console', member: 'tokio-console', completions: ['gen-completion'] },
  { crate: 'espup', completions: ['completions'] },
  { crate: 'git-absorb', completions: ['--gen-completions'] },
  { crate: 'fclones', member: 'fclones', completions: ['complete'] },
  { crate: 'ouch', completions: 'build.rs' },
];

before(() => initParsers());

describe('real crates against their nixpkgs packages', () => {
  for (const c of NIXPKGS) {
    const dir = join(cache, c.crate);
    const skip = !existsSync(dir) ? `${c.crate}: bring the tag's tree into .cache/realcheck/${c.crate} to run this` : !existsSync(corpus) ? 'no ../shared/corpus' : false;
    it(`${c.crate}: the completion command nixpkgs uses, --version, and the source hash of the tag`, { skip }, () => {
      const ws = loadWorkspace(dir);
      const m = mainPackage(ws, c.member);
      const s = cliSignals(m, readRustSources(nodeFs(dir), m));
      if (c.completions === 'build.rs') assert.match(s.notes.join(), /build\.rs/);
      else assert.deepEqual(s.completions, { kind: 'args', words: c.completions });
      assert.equal(s.versionFlag, '--version');
      const expected = JSON.parse(readFileSync(join(corpus, c.crate, 'expected.json'), 'utf8'));
      const got = execFileSync('nix', ['--extra-experimental-features', 'nix-command', 'hash', 'path', dir], { env: NIX_ENV, encoding: 'utf8' }).trim();
      // nixpkgs' dua deletes tests/fixtures in postFetch: its hash is of less than the tag.
      if (/postFetch/.test(expected.src_hash_check)) assert.notEqual(got, expected.src_hash);
      else assert.equal(got, expected.src_hash);
    });
  }
});
