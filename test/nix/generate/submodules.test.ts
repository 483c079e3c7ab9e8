// Git submodules and the Nix people run: which form the generated flake takes
// (inputs.self.submodules from Nix 2.27 on; else none, built as
// '.?submodules=1#…', with a check naming an empty submodule), checked against
// the real Nix installed here (2.8 on Debian bookworm): it rejects a flake with
// `inputs.self.submodules` whatever the URL asks, and without that line
// '.?submodules=1#…' sees the submodule.
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
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

/** The stub nixpkgs as a flake (`--override-input nixpkgs path:…`), its files where stub.nix looks for them. */
function stubNixpkgsFlake(): string {
  const dir = join(tmp, 'stub-flake');
  const repo = join(__dirname, '..', '..', '..');
  const stubRel = join('test', 'fixtures', 'generate', 'stub-nixpkgs');
  mkdirSync(join(dir, stubRel), { recursive: true });
  mkdirSync(join(dir, 'server', 'src', 'data'), { recursive: true });
  for (const f of ['stub.nix', 'default.nix', 'attrs.json']) copyFileSync(join(repo, stubRel, f), join(dir, stubRel, f));
  // The data files stub.nix reads its package names from.
  for (const f of ['nixpkgsAttrs.json', 'wasmBindgenCli.json']) copyFileSync(join(repo, 'server', 'src', 'data', f), join(dir, 'server', 'src', 'data', f));
  writeFileSync(join(dir, 'flake.nix'), `{\n  outputs = { self }: let s = import ./${stubRel}/stub.nix { }; in { inherit (s.nixpkgs) lib legacyPackages; };\n}\n`);
  return dir;
}

before(() => Promise.all([initParsers(), ensureParser('rust')]));
after(() => rmSync(tmp, { recursive: true, force: true }));

describe('git submodules', () => {
  const crate = (name: string) => {
    const root = join(tmp, name);
    mkdirSync(join(root, 'src'), { recursive: true });
    writeFileSync(join(root, 'Cargo.toml'), '[package]\nname = "app"\nversion = "0.1.0"\n');
    writeFileSync(join(root, 'src', 'main.rs'), 'fn main() {}');
    writeFileSync(join(root, '.gitmodules'), '[submodule "vendor/lib"]\n\tpath = vendor/lib\n\turl = https://example.org/lib\n');
    return root;
  };
  const flakeFor = (root: string, nixVersion?: string) => {
    const plan = planInit(loadWorkspace(root), none, { builder: 'crane', flake: true, vendoring: 'cargoLock', nixVersion });
    return { flake: plan.files.find((f) => f.path === 'flake.nix')!.content, warnings: plan.warnings };
  };

  it('Nix 2.27 or later: inputs.self.submodules, with the Nix it needs and the fallback', () => {
    const { flake, warnings } = flakeFor(crate('new-nix'), '2.28.1');
    assert.match(flake, /# The source has git submodules\. Needs Nix 2\.27 or later; older Nix: delete this line and build '\.\?submodules=1#default'\.\n\s+self\.submodules = true;/);
    assert.doesNotMatch(flake, /assert /);
    assert.ok(warnings.some((w) => /needs Nix 2\.27 or later \(this is Nix 2\.28\.1\)/.test(w) && /'\.\?submodules=1#default'/.test(w)));
  });

  it('older or unknown Nix: no inputs.self.submodules; built as .?submodules=1, and a build without them stops naming the submodule', () => {
    for (const v of ['2.8.0', undefined]) {
      const { flake, warnings } = flakeFor(crate(`old-nix-${v}`), v);
      assert.doesNotMatch(flake, /^\s*self\.submodules = true;/m, String(v));
      assert.match(flake, /# The source has git submodules: build '\.\?submodules=1#default' \(every Nix with flakes\)/);
      assert.match(flake, /\n    assert builtins\.pathExists \.\/vendor\/lib && builtins\.readDir \.\/vendor\/lib != \{ \} \|\| throw "git submodules \(vendor\/lib\) are empty/);
      assert.ok(warnings.some((w) => /build with '\.\?submodules=1#default'/.test(w)));
    }
  });

  it('the generated flake, evaluated by this Nix: .#… stops naming the empty submodule, .?submodules=1#… sees it', { skip: NIX_MISSING }, () => {
    const sub = join(tmp, 'gen-sub');
    mkdirSync(sub);
    git(sub, 'init', '-q');
    writeFileSync(join(sub, 'file'), 'from the submodule');
    git(sub, 'add', 'file');
    git(sub, 'commit', '-qm', 'sub');
    const root = join(tmp, 'gen-main');
    mkdirSync(join(root, 'src'), { recursive: true });
    git(root, 'init', '-q');
    writeFileSync(join(root, 'Cargo.toml'), '[package]\nname = "app"\nversion = "0.1.0"\n');
    writeFileSync(join(root, 'Cargo.lock'), 'version = 3\n\n[[package]]\nname = "app"\nversion = "0.1.0"\n');
    writeFileSync(join(root, 'src', 'main.rs'), 'fn main() {}');
    git(root, 'submodule', 'add', '-q', sub, 'vendor/lib');
    // The Nix installed here decides the form, as `nixify init` does.
    const plan = planInit(loadWorkspace(root), none, { builder: 'buildRustPackage', flake: true, vendoring: 'cargoLock', nixVersion: version });
    for (const f of plan.files) writeFileSync(join(root, f.path), f.content);
    git(root, 'add', '-A');
    git(root, 'commit', '-qm', 'nixified');
    const stub = stubNixpkgsFlake();
    const attr = (ref: string) =>
      spawnSync('nix', ['eval', '--raw', '--no-write-lock-file', '--override-input', 'nixpkgs', `path:${stub}`, `${ref}#packages.x86_64-linux.default.pname`], {
        cwd: root,
        env: GIT_ENV,
        encoding: 'utf8',
      });
    if (OLD_NIX === false) {
      const plain = attr('.');
      assert.notEqual(plain.status, 0);
      assert.match(plain.stderr, /git submodules \(vendor\/lib\) are empty in the flake's source: build '\.\?submodules=1#default'/);
    }
    const withThem = attr('.?submodules=1');
    assert.equal(withThem.status, 0, withThem.stderr);
    assert.equal(withThem.stdout, 'app');
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
