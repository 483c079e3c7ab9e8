// `npm run test:e2e`: the packaged extension in a real VS Code (code-server),
// driven by headless Chromium, plus mocha inside its extension host and the
// @vscode/test-electron runner (skips offline). Prints where the time went.
//   npm run test:e2e                      everything
//   npm run test:e2e -- nixify untrusted  only test/e2e files whose name contains a filter
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join, relative } from 'node:path';
import { cacheDir, installExtension, packageVsix, profile, repoRoot, setupTools } from './codeServer';

const t0 = performance.now();
const times: [string, number][] = [];
function phase<T>(name: string, f: () => T): T {
  const t = performance.now();
  console.log(`\n=== e2e: ${name}`);
  try {
    return f();
  } finally {
    times.push([name, performance.now() - t]);
  }
}

const filters = process.argv.slice(2);
const vsix = phase('build + package (.vsix)', () => packageVsix());
const tools = phase('setup (Node 24, code-server, Chromium)', () => setupTools());

const runDir = join(cacheDir, 'run');
rmSync(runDir, { recursive: true, force: true });
const installed = phase('install the .vsix into code-server', () => {
  const p = profile(join(runDir, 'install'), { fresh: true });
  const list = installExtension(tools, p, vsix);
  console.log(list);
  return p;
});

const env: NodeJS.ProcessEnv = {
  ...process.env,
  ...installed.env, // XDG_* and TMPDIR in the scratch dir for everything below
  NIXIFY_E2E_RUN_DIR: runDir,
  NIXIFY_E2E_EXTENSIONS: installed.extensions,
  NIXIFY_E2E_NODE24: tools.node24,
  NIXIFY_E2E_CODE_SERVER: tools.entry,
  CHROMIUM: tools.chromium,
  NIXIFY_E2E_ARTIFACTS: process.env.NIXIFY_E2E_ARTIFACTS ?? join(repoRoot, 'test-artifacts'),
};
mkdirSync(env.TMPDIR!, { recursive: true });

const files = [...readdirSync(join(repoRoot, 'test/e2e/ui')).map((f) => join('test/e2e/ui', f)), 'test/e2e/exthost.e2e.ts']
  .filter((f) => f.endsWith('.e2e.ts'))
  .filter((f) => !filters.length || filters.some((x) => f.includes(x)))
  .sort();
const ui = phase(
  `code-server tests (${files.length} files)`,
  () => spawnSync(process.execPath, ['--import', 'tsx', '--test', '--test-concurrency=1', '--test-reporter=spec', ...files], { cwd: repoRoot, env, stdio: 'inherit' }).status,
);
const electron = filters.length
  ? 0
  : phase('@vscode/test-electron', () => spawnSync(process.execPath, ['--import', 'tsx', 'test/e2e/electron/run.ts'], { cwd: repoRoot, env, stdio: 'inherit' }).status);

console.log('\n=== e2e timings');
for (const [name, ms] of times) console.log(`${(ms / 1000).toFixed(1).padStart(7)} s  ${name}`);
console.log(`${((performance.now() - t0) / 1000).toFixed(1).padStart(7)} s  total`);
console.log(`screenshots: ${relative(repoRoot, env.NIXIFY_E2E_ARTIFACTS!)}/, logs: ${relative(repoRoot, runDir)}/`);
process.exit(ui === 0 && electron === 0 ? 0 : 1);
