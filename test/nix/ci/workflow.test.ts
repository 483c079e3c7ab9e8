// The shell the generated CI files run, run for real: the workflow's own
// `run:` steps and GitLab `script:` lines go through bash with real Nix, on a
// flake of trivial derivations (nixpkgs cannot be fetched here), so the package
// listing, `nix flake check` and `nix build` lines are checked as written.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { parse } from 'yaml';
import { SUBMODULES_REF, type CiFacts } from '../../../server/src/generate/ciFacts';
import { githubWorkflow } from '../../../server/src/generate/ciGithub';
import { gitlabCi } from '../../../server/src/generate/ciGitlab';
import { currentSystem } from '../../../client/src/run/detect';
import { NIX_ENV } from '../nix';

const tmp = mkdtempSync(join(tmpdir(), 'nixify-ci-'));
after(() => rmSync(tmp, { recursive: true, force: true }));

/** A flake whose packages and check each write one file: building one leaves `result*` links to count. */
function trivialFlake(name: string, packages: string[]): string {
  const dir = join(tmp, name);
  execFileSync('mkdir', ['-p', dir]);
  const sys = currentSystem();
  const drv = (n: string) => `derivation { name = "${n}"; system = "${sys}"; builder = "/bin/sh"; args = [ "-c" "echo ${name}-${n} > $out" ]; }`;
  writeFileSync(
    join(dir, 'flake.nix'),
    `{\n  outputs = { self }: {\n    packages.${sys} = {\n${packages.map((p) => `      ${JSON.stringify(p)} = ${drv(p)};`).join('\n')}\n    };\n    checks.${sys}.smoke = ${drv('smoke')};\n  };\n}\n`,
  );
  return dir;
}

function bash(script: string, cwd: string, env: NodeJS.ProcessEnv = NIX_ENV): string {
  return execFileSync('bash', ['-euo', 'pipefail', '-c', script], { cwd, env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

const base: CiFacts = { name: 'demo', submodules: false, cache: { kind: 'none' } };

describe('the generated CI shell runs with real Nix', () => {
  it('GitHub: nix flake check, then the listed packages build', () => {
    const dir = trivialFlake('listed', ['default', 'cli', 'server']);
    const steps = parse(githubWorkflow({ ...base, packages: ['default', 'cli'] })).jobs.nix.steps.filter((s: { run?: string }) => s.run);
    for (const s of steps) bash(s.run, dir);
    const links = readdirSync(dir)
      .filter((f) => f.startsWith('result'))
      .sort();
    assert.deepEqual(links, ['result', 'result-1'], 'nix build of two installables links both');
  });

  it('GitHub and GitLab: without a known list, every package of the flake for this system is built', () => {
    for (const forge of ['github', 'gitlab'] as const) {
      const dir = trivialFlake(`all-${forge}`, ['default', 'tool-a', 'tool_b']);
      const f = { ...base };
      const doc = parse(forge === 'github' ? githubWorkflow(f) : gitlabCi(f));
      const lines: string[] = forge === 'github' ? doc.jobs.nix.steps.filter((s: { run?: string }) => s.run).map((s: { run: string }) => s.run) : [...doc['flake-check'].script, ...doc.build.script];
      for (const l of lines) bash(l, dir);
      for (const p of ['default', 'tool-a', 'tool_b']) {
        const out = bash(`nix eval --raw '.#packages.${currentSystem()}.${p}.outPath'`, dir);
        assert.ok(existsSync(out), `${forge}: ${p} was built (${out})`);
      }
    }
  });

  it('with git submodules: every line builds the flake with them (Nix before 2.27 too)', () => {
    // A flake whose package and check read a file of the submodule: built as `.#…` they would see an empty folder.
    const gitEnv = { ...NIX_ENV, GIT_CONFIG_COUNT: '1', GIT_CONFIG_KEY_0: 'protocol.file.allow', GIT_CONFIG_VALUE_0: 'always' };
    const git = (cwd: string, ...args: string[]) => execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@localhost', ...args], { cwd, env: gitEnv, stdio: 'pipe' });
    const sub = join(tmp, 'sub-origin');
    execFileSync('mkdir', ['-p', sub]);
    git(sub, 'init', '-q');
    writeFileSync(join(sub, 'file'), 'from-the-submodule');
    git(sub, 'add', 'file');
    git(sub, 'commit', '-qm', 'sub');
    const sys = currentSystem();
    for (const forge of ['github', 'gitlab'] as const) {
      for (const packages of [['default'], undefined]) {
        const dir = join(tmp, `submodules-${forge}-${packages ? 'listed' : 'all'}`);
        execFileSync('mkdir', ['-p', dir]);
        git(dir, 'init', '-q');
        git(dir, 'submodule', 'add', '-q', sub, 'sub');
        const drv = (n: string) => `derivation { name = "${n}"; system = "${sys}"; builder = "/bin/sh"; args = [ "-c" "echo \${builtins.readFile ./sub/file} > $out" ]; }`;
        writeFileSync(join(dir, 'flake.nix'), `{\n  outputs = { self }: {\n    packages.${sys}.default = ${drv('default')};\n    checks.${sys}.smoke = ${drv('smoke')};\n  };\n}\n`);
        git(dir, 'add', '-A');
        git(dir, 'commit', '-qm', 'main');
        const f: CiFacts = { ...base, submodules: true, flakeRef: SUBMODULES_REF, packages };
        const doc = parse(forge === 'github' ? githubWorkflow(f) : gitlabCi(f));
        const lines: string[] = forge === 'github' ? doc.jobs.nix.steps.filter((s: { run?: string }) => s.run).map((s: { run: string }) => s.run) : [...doc['flake-check'].script, ...doc.build.script];
        for (const l of lines) bash(l, dir, gitEnv);
        const out = bash(`nix eval --raw '.?submodules=1#packages.${sys}.default.outPath'`, dir, gitEnv);
        assert.equal(readFileSync(out, 'utf8').trim(), 'from-the-submodule', `${forge} ${packages ? 'listed' : 'all'}`);
      }
    }
  });

  it('a failing check fails the step', () => {
    const dir = trivialFlake('failing', ['default']);
    writeFileSync(
      join(dir, 'flake.nix'),
      `{ outputs = { self }: { checks.${currentSystem()}.broken = derivation { name = "broken"; system = "${currentSystem()}"; builder = "/bin/sh"; args = [ "-c" "exit 3" ]; }; }; }\n`,
    );
    const check = parse(githubWorkflow({ ...base, packages: ['default'] })).jobs.nix.steps.find((s: { run?: string }) => /flake check/.test(s.run ?? ''));
    assert.throws(() => bash(check.run, dir));
  });
});
