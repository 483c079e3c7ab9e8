// Git submodules and the Nix people run: what the generated flake and its
// warning say about them, checked against the real Nix installed here (2.8 on
// Debian bookworm): it rejects a flake with `inputs.self.submodules` whatever
// the URL asks, and without that line '.?submodules=1#…' sees the submodule.
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { planInit } from '../../../server/src/generate/plan';
import type { InferenceResult } from '../../../server/src/infer/types';
import { loadWorkspace } from '../../../server/src/model/workspace';
import { ensureParser, initParsers } from '../../../server/src/parse/treeSitter';
import { NIX_ENV, NIX_MISSING } from '../nix';

const none: InferenceResult = { nativeBuildInputs: [], buildInputs: [], env: [], builtCrates: [] };
const version = NIX_MISSING ? '' : execFileSync('nix', ['--version'], { encoding: 'utf8' }).trim().split(' ').pop()!;
const [major, minor] = version.split('.').map(Number);
const OLD_NIX = NIX_MISSING || (major! > 2 || minor! >= 27 ? `Nix ${version} supports inputs.self.submodules` : false);
// A submodule cloned from a local path: git refuses the file transport unless allowed.
const GIT_ENV = { ...NIX_ENV, GIT_CONFIG_COUNT: '1', GIT_CONFIG_KEY_0: 'protocol.file.allow', GIT_CONFIG_VALUE_0: 'always' };
const tmp = mkdtempSync(join(tmpdir(), 'nixify-submodules-'));
const git = (cwd: string, ...args: string[]) => execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@localhost', ...args], { cwd, env: GIT_ENV, stdio: 'pipe' });
const evalFlake = (cwd: string, ref: string) => spawnSync('nix', ['eval', '--raw', ref], { cwd, env: GIT_ENV, encoding: 'utf8' });

before(() => Promise.all([initParsers(), ensureParser('rust')]));
after(() => rmSync(tmp, { recursive: true, force: true }));

describe('git submodules', () => {
  it('the generated flake and warning name the Nix version the flake needs and the fallback', () => {
    const root = join(tmp, 'crate');
    mkdirSync(join(root, 'src'), { recursive: true });
    writeFileSync(join(root, 'Cargo.toml'), '[package]\nname = "app"\nversion = "0.1.0"\n');
    writeFileSync(join(root, 'src', 'main.rs'), 'fn main() {}');
    writeFileSync(join(root, '.gitmodules'), '[submodule "vendor/lib"]\n\tpath = vendor/lib\n\turl = https://example.org/lib\n');
    const plan = planInit(loadWorkspace(root), none, { builder: 'crane', flake: true, vendoring: 'cargoLock' });
    const flake = plan.files.find((f) => f.path === 'flake.nix')!.content;
    assert.match(flake, /# The source has git submodules\. Needs Nix 2\.27 or later; older Nix: delete this line and build '\.\?submodules=1#default'\.\n\s+self\.submodules = true;/);
    assert.ok(plan.warnings.some((w) => /needs Nix 2\.27 or later \(older Nix rejects the flake, whatever the URL says\)/.test(w) && /'\.\?submodules=1#default'/.test(w)));
  });

  it('on older Nix the fallback the warning gives works, and the line it says to delete is what breaks', { skip: OLD_NIX }, () => {
    const sub = join(tmp, 'sub');
    mkdirSync(sub);
    git(sub, 'init', '-q');
    writeFileSync(join(sub, 'file'), 'from the submodule');
    git(sub, 'add', 'file');
    git(sub, 'commit', '-qm', 'sub');
    const main = join(tmp, 'main');
    mkdirSync(main);
    git(main, 'init', '-q');
    git(main, 'submodule', 'add', '-q', sub, 'sub');
    const outputs = 'outputs = { self }: { default = builtins.readFile "${self}/sub/file"; };';
    writeFileSync(join(main, 'flake.nix'), `{\n  inputs.self.submodules = true;\n  ${outputs}\n}\n`);
    git(main, 'add', '-A');
    git(main, 'commit', '-qm', 'with the line');
    for (const ref of ['.#default', '.?submodules=1#default']) {
      const r = evalFlake(main, ref);
      assert.notEqual(r.status, 0, ref);
      assert.match(r.stderr, /unexpected flake input attribute 'submodules'/, ref);
    }
    writeFileSync(join(main, 'flake.nix'), `{\n  ${outputs}\n}\n`);
    git(main, 'commit', '-qam', 'without the line');
    const r = evalFlake(main, '.?submodules=1#default');
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stdout, 'from the submodule');
  });
});
