// `npm run bench`: every benchmark, one after another, each printing its numbers.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

const benches = ['coldStart', 'infer', 'generate', 'nix-parse', 'diagnose', 'check', 'lsp', 'src', 'lspFuzz'];
let failed = 0;
for (const name of benches) {
  const file = join(__dirname, `${name}.ts`);
  if (!existsSync(file)) continue;
  console.log(`\n=== bench: ${name} ===`);
  const r = spawnSync(process.execPath, ['--import', 'tsx', file], { stdio: 'inherit', cwd: join(__dirname, '..') });
  if (r.status !== 0) {
    failed++;
    console.log(`bench ${name} exited with ${r.status}`);
  }
}
process.exit(failed ? 1 : 0);
