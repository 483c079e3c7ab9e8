// `npm test`: works as the first command on a fresh clone. Installs the npm
// dependencies, Nix when it is missing (as root, through scripts/setup-nix.sh),
// builds the bundles, then runs every test file under test/ (or those given)
// with node's own test runner, so LSP/CLI tests exercise the real bundles.
// Without Nix and without root, the real-Nix tests are skipped with one line
// saying how to get them, never failed with ENOENT.
//   node scripts/test.mjs [--no-build] [dir-or-file ...]
import { execFileSync, spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { ensureNodeModules, isRoot, root } from './deps.mjs';

const argv = process.argv.slice(2);
const build = !argv.includes('--no-build');
const args = argv.filter((a) => a !== '--no-build');
const dirs = args.length ? args : ['test/unit', 'test/lsp', 'test/nix'];

ensureNodeModules('test');

const hasNix = () => spawnSync('nix-instantiate', ['--version'], { stdio: 'ignore' }).status === 0;
if (!hasNix() && isRoot() && process.env.NIXIFY_NO_APT !== '1') {
  console.log('test: Nix is not installed; installing it once with scripts/setup-nix.sh (Debian nix-bin, single user, no daemon)');
  execFileSync('bash', [join(root, 'scripts', 'setup-nix.sh')], { stdio: 'inherit' });
}
const noNix = hasNix()
  ? undefined
  : 'Nix is not installed, so the real-Nix tests are skipped; to run them: sudo bash scripts/setup-nix.sh (Debian/Ubuntu), or install Nix 2.8+ and put nix-instantiate on PATH';

if (build) execFileSync(process.execPath, [join(root, 'scripts', 'build.mjs')], { stdio: 'inherit' });

function collect(p, out) {
  let st;
  try {
    st = statSync(p);
  } catch {
    return;
  }
  if (st.isDirectory()) for (const e of readdirSync(p).sort()) collect(join(p, e), out);
  else if (/\.test\.ts$/.test(p)) out.push(p);
}
let files = [];
for (const d of dirs) collect(join(root, d), files);
// test/nix is real Nix throughout; files elsewhere skip their own Nix parts (test/nix/nix.ts: NIX_MISSING).
const nixDir = join(root, 'test', 'nix') + sep;
const skipped = noNix ? files.filter((f) => f.startsWith(nixDir)) : [];
files = files.filter((f) => !skipped.includes(f));
if (noNix) console.log(`test: ${noNix} (${skipped.length} files in test/nix not run)`);
if (!files.length) {
  console.error('test: no test files found in', dirs.join(', '));
  process.exit(1);
}
const r = spawnSync(process.execPath, ['--import', 'tsx', '--test', '--test-reporter=spec', ...files.map((f) => relative(root, f))], {
  cwd: root,
  stdio: 'inherit',
});
if (noNix) console.log(`\ntest: ${noNix}`);
process.exit(r.status ?? 1);
