// The CI files Nixify writes: golden text for representative crates, every one
// valid against the GitHub workflow / GitLab CI JSON schema, the workflows
// clean under actionlint, and the YAML writer quoting what YAML would misread.
// UPDATE_GOLDEN=1 rewrites the golden files after an intended change.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import { parse } from 'yaml';
import { ciFactsFromContext, ciFactsFromFlake, type CiCache } from '../../../server/src/generate/ciFacts';
import { githubWorkflow } from '../../../server/src/generate/ciGithub';
import { gitlabCi } from '../../../server/src/generate/ciGitlab';
import { PINS } from '../../../server/src/generate/ciPins';
import { yamlDocument, yamlScalar, yblock, ykv, ymap } from '../../../server/src/generate/ciYaml';
import { makeContext } from '../../../server/src/generate/context';
import { defaultInitOptions } from '../../../server/src/generate/plan';
import { infer } from '../../../server/src/infer/infer';
import { loadWorkspace } from '../../../server/src/model/workspace';
import { initParsers } from '../../../server/src/parse/treeSitter';
import { actionlintFindings, schemaErrors } from './schemas';

const fixtures = join(__dirname, '..', '..', 'fixtures');
const golden = join(fixtures, 'generate', 'golden-ci');

before(() => initParsers());

function facts(crate: string, docker: boolean, cache: CiCache) {
  const root = join(fixtures, crate);
  const ws = loadWorkspace(root);
  const ctx = makeContext(ws, infer(ws), { ...defaultInitOptions(ws), builder: 'buildRustPackage', flake: true, today: new Date(Date.UTC(2026, 10, 1)) }, (p) => existsSync(join(root, p)));
  return ciFactsFromContext(ctx, { docker, cache });
}

const CASES = [
  { name: 'github-single', forge: 'github', make: () => facts('lsp/service', false, { kind: 'actions' }) },
  { name: 'github-workspace', forge: 'github', make: () => facts('infer/workspace', false, { kind: 'actions' }) },
  { name: 'github-docker', forge: 'github', make: () => facts('service/assets', true, { kind: 'actions' }) },
  {
    name: 'github-cachix-existing-flake',
    forge: 'github',
    make: () => ciFactsFromFlake('{ outputs = { self, nixpkgs }: { packages.x86_64-linux.dockerImage = 1; }; }', 'mycrate', false, { kind: 'cachix', name: 'my-cache' }),
  },
  { name: 'gitlab-single', forge: 'gitlab', make: () => facts('lsp/service', false, { kind: 'none' }) },
  { name: 'gitlab-workspace-cachix', forge: 'gitlab', make: () => facts('infer/workspace', false, { kind: 'cachix', name: 'ws-cache' }) },
  { name: 'gitlab-docker', forge: 'gitlab', make: () => facts('service/assets', true, { kind: 'none' }) },
  { name: 'gitlab-existing-flake', forge: 'gitlab', make: () => ciFactsFromFlake('{ outputs = _: { }; }', 'mycrate', true, { kind: 'none' }) },
  { name: 'gitlab-cachix-existing-flake', forge: 'gitlab', make: () => ciFactsFromFlake('{ outputs = _: { }; }', 'mycrate', false, { kind: 'cachix', name: 'my-cache' }) },
] as const;

describe('CI files', () => {
  for (const c of CASES) {
    it(`${c.name}: matches its golden file and validates against the ${c.forge === 'github' ? 'GitHub workflow' : 'GitLab CI'} schema`, async () => {
      const f = c.make();
      const text = c.forge === 'github' ? githubWorkflow(f) : gitlabCi(f);
      const p = join(golden, `${c.name}.yml`);
      if (process.env.UPDATE_GOLDEN === '1') {
        mkdirSync(golden, { recursive: true });
        writeFileSync(p, text);
      }
      assert.ok(existsSync(p), `missing golden file ${c.name}.yml (run with UPDATE_GOLDEN=1)`);
      assert.equal(text, readFileSync(p, 'utf8'), `${c.name}.yml differs from its golden file`);
      assert.deepEqual(schemaErrors(c.forge, text), []);
      if (c.forge === 'github') assert.deepEqual(await actionlintFindings(text), []);
    });
  }

  it('builds each package Nixify knows, and every flake package when it does not', () => {
    const ws = facts('infer/workspace', false, { kind: 'actions' });
    assert.deepEqual(ws.packages, ['default', 'gui']);
    const doc = parse(githubWorkflow(ws));
    const runs: string[] = doc.jobs.nix.steps.map((s: { run?: string }) => s.run ?? '');
    assert.ok(runs.includes('nix flake check --print-build-logs'));
    assert.ok(runs.includes('nix build --print-build-logs .#default .#gui'));
    const open = parse(githubWorkflow(ciFactsFromFlake('{ }', 'x', false, { kind: 'none' })));
    assert.match(open.jobs.nix.steps.at(-1).run, /builtins\.attrNames ps/);
    assert.equal(open.jobs.nix.steps.length, 4, 'checkout, install, check, build: no cache step without a cache');
  });

  it('grants write access only to the job that pushes the image, and only on the default branch', () => {
    const doc = parse(githubWorkflow(facts('service/assets', true, { kind: 'actions' })));
    assert.deepEqual(doc.permissions, { contents: 'read' });
    assert.equal(doc.jobs.nix.permissions, undefined);
    assert.deepEqual(doc.jobs['publish-image'].permissions, { contents: 'read', packages: 'write' });
    assert.match(doc.jobs['publish-image'].if, /github\.ref_name == github\.event\.repository\.default_branch/);
    // The token reaches the shell through the environment, never spliced into the script.
    const push = doc.jobs['publish-image'].steps.at(-1);
    assert.doesNotMatch(push.run, /\$\{\{/);
    assert.equal(push.env.REGISTRY_TOKEN, '${{ secrets.GITHUB_TOKEN }}');
  });

  it('pins every action to a full commit SHA and names the release', () => {
    const text = githubWorkflow(facts('service/assets', true, { kind: 'cachix', name: 'c' }));
    const uses = [...text.matchAll(/uses: ([^@\s]+)@(\S+)\s+# (\S+)/g)];
    assert.ok(uses.length >= 6);
    for (const [, , ref] of uses) assert.match(ref!, /^[0-9a-f]{40}$/);
    for (const p of Object.values(PINS)) assert.match(p.sha, /^[0-9a-f]{40}$/);
  });

  it('finds the image of a flake it did not write by its attribute name', () => {
    assert.equal(ciFactsFromFlake('packages.x86_64-linux.docker = pkgs.callPackage ./nix/docker.nix { };', 'x', false, { kind: 'none' }).dockerAttr, 'docker');
    assert.equal(ciFactsFromFlake('{ docker-image = 1; }', 'x', false, { kind: 'none' }).dockerAttr, 'docker-image');
    assert.equal(ciFactsFromFlake('{ x = pkgs.dockerTools.buildImage { }; # docker = 1;\n }', 'x', false, { kind: 'none' }).dockerAttr, undefined);
  });
});

describe('the YAML writer', () => {
  it('quotes every scalar YAML would read as something else, and the text reads back exactly', () => {
    const tricky = [
      'on',
      'yes',
      'No',
      'null',
      '~',
      '1.0',
      '0x1F',
      '-1',
      '.inf',
      '',
      ' lead',
      'trail ',
      'a: b',
      'a #b',
      '#c',
      '*alias',
      '&anchor',
      '!tag',
      '[x]',
      '{x}',
      '@x',
      '`x',
      '%x',
      "'q'",
      '"q"',
      '- x',
      'key:',
      '---',
      'multi\nline',
      'tab\there',
      '${{ x }}',
      'ok-plain',
      "hashFiles('**/*.nix')",
      '\u2028',
    ];
    const doc = yamlDocument(ymap(tricky.map((t, i) => ykv(`k${i}`, t))));
    const back = parse(doc, { version: '1.1' });
    assert.deepEqual(Object.values(back), tricky);
    assert.deepEqual(Object.values(parse(doc)), tricky);
    assert.equal(yamlScalar('plain words'), 'plain words');
  });

  it('writes scripts as literal blocks that read back line for line', () => {
    const script = ['a=$(b "c")', 'if [ -n "${X:-}" ]; then echo \'y # z\'; fi', 'done'];
    const doc = yamlDocument(ymap([ykv('steps', [ymap([ykv('run', yblock(script))])])]));
    assert.equal(parse(doc).steps[0].run, `${script.join('\n')}\n`);
    assert.throws(() => yamlDocument(ymap([ykv('x', yblock(['  indented first']))])), /block scalar/);
  });
});
