// `nixify init --ci … / --nixpkgs` through the CLI door: what is written, when,
// and the messages for requests that cannot be planned.
import assert from 'node:assert/strict';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { runCli } from '../../../server/src/cli';

const fixtures = join(__dirname, '..', '..', 'fixtures');
const tmp = mkdtempSync(join(tmpdir(), 'nixify-ship-cli-'));
after(() => rmSync(tmp, { recursive: true, force: true }));

async function run(args: string[], cwd: string) {
  let out = '';
  let err = '';
  const io = { stdout: { write: (s: string) => ((out += s), true) }, stderr: { write: (s: string) => ((err += s), true) }, stdin: process.stdin, cwd } as never;
  const code = await runCli(args, io);
  return { code, out, err };
}

describe('nixify init --ci / --nixpkgs', () => {
  it('with no flake yet: the packaging and the workflow, which builds every package of that flake', async () => {
    const dir = join(tmp, 'fresh');
    cpSync(join(fixtures, 'infer', 'workspace'), dir, { recursive: true });
    const r = await run(['init', '.', '--ci', 'github'], dir);
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /wrote package\.nix, default\.nix, flake\.nix, \.github\/workflows\/nix\.yml/);
    assert.match(readFileSync(join(dir, '.github/workflows/nix.yml'), 'utf8'), /nix build --print-build-logs \.#default \.#gui/);
  });

  it('with a flake already there: only the CI file, and never over an existing one', async () => {
    const dir = join(tmp, 'existing');
    cpSync(join(fixtures, 'lsp', 'service'), dir, { recursive: true });
    writeFileSync(join(dir, 'flake.nix'), '{ outputs = _: { }; }\n');
    const r = await run(['init', '.', '--ci', 'gitlab', '--cachix', 'forum'], dir);
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /wrote \.gitlab-ci\.yml/);
    assert.match(r.err, /CACHIX_AUTH_TOKEN/);
    assert.equal(existsSync(join(dir, 'package.nix')), false);
    const again = await run(['init', '.', '--ci', 'gitlab'], dir);
    assert.equal(again.code, 2);
    assert.match(again.err, /\.gitlab-ci\.yml already exists/);
  });

  it('--nixpkgs writes pkgs/by-name/…/package.nix only', async () => {
    const dir = join(tmp, 'nixpkgs');
    cpSync(join(fixtures, 'nixpkgs', 'workspace'), dir, { recursive: true });
    const r = await run(['init', '.', '--nixpkgs', '--dry-run', '--json'], dir);
    assert.equal(r.code, 0, r.err);
    const j = JSON.parse(r.out);
    assert.deepEqual(
      j.files.map((f: { path: string }) => f.path),
      ['pkgs/by-name/we/weatherd/package.nix'],
    );
    assert.match(j.files[0].content, /fetchFromGitLab/);
  });

  it('says what is wrong with a request', async () => {
    const dir = join(fixtures, 'lsp', 'service');
    assert.match((await run(['init', '.', '--ci', 'jenkins', '--dry-run'], dir)).err, /--ci must be one of github, gitlab/);
    assert.match((await run(['init', '.', '--cachix', 'x', '--dry-run'], dir)).err, /--cachix configures the CI file/);
    assert.match((await run(['init', '.', '--ci', 'github', '--cachix', 'Not_OK', '--dry-run'], dir)).err, /not a Cachix cache name/);
    assert.match((await run(['init', '.', '--nixpkgs', '--ci', 'github', '--dry-run'], dir)).err, /--nixpkgs writes only the nixpkgs package/);
  });
});
