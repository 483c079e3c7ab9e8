// Runs every test file under test/ (or those given) with node's own test runner.
// `npm test` builds first (pretest), so LSP/CLI tests exercise the real bundles.
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const dirs = args.length ? args : ['test/unit', 'test/lsp', 'test/nix'];

function collect(p, out) {
  let st;
  try { st = statSync(p); } catch { return; }
  if (st.isDirectory()) for (const e of readdirSync(p).sort()) collect(join(p, e), out);
  else if (/\.test\.ts$/.test(p)) out.push(p);
}
const files = [];
for (const d of dirs) collect(join(root, d), files);
if (!files.length) {
  console.error('test: no test files found in', dirs.join(', '));
  process.exit(1);
}
const r = spawnSync(process.execPath, ['--import', 'tsx', '--test', '--test-reporter=spec', ...files.map((f) => relative(root, f))], {
  cwd: root,
  stdio: 'inherit',
});
process.exit(r.status ?? 1);
