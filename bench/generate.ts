// `npm run bench:generate`: every corpus crate × every builder generated and
// parsed by real Nix, and the time to nixify the largest workspace (nushell)
// end to end: load + infer + generate (target: under 150 ms).
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BUILDER_NAMES } from '../server/src/builders';
import { defaultInitOptions, planInit } from '../server/src/generate/plan';
import { infer } from '../server/src/infer/infer';
import { loadWorkspace } from '../server/src/model/workspace';
import { ensureParser, initParsers } from '../server/src/parse/treeSitter';

const corpus = join(__dirname, '..', '..', 'shared', 'corpus', 'crates');
const builders = BUILDER_NAMES;

(async () => {
  if (!existsSync(corpus)) return console.log('bench generate: ../shared/corpus/crates not found; skipped');
  await initParsers();
  await ensureParser('rust');
  const tmp = mkdtempSync(join(tmpdir(), 'nixify-bench-gen-'));
  let files = 0;
  const failures: string[] = [];
  for (const name of readdirSync(corpus).sort()) {
    const root = join(corpus, name);
    const ws = loadWorkspace(root);
    const inferred = infer(ws);
    for (const builder of builders) {
      const plan = planInit(ws, inferred, { ...defaultInitOptions(ws), builder, flake: true }, (p) => existsSync(join(root, p)));
      for (const f of plan.files) {
        const out = join(tmp, `${name}-${builder}-${f.path.replace(/\//g, '_')}`);
        writeFileSync(out, f.content);
        files++;
        try {
          execFileSync('nix-instantiate', ['--parse', out], {
            stdio: ['ignore', 'ignore', 'pipe'],
            env: { ...process.env, NIX_CONFIG: 'build-users-group =\nsubstituters =\nexperimental-features = nix-command flakes' },
          });
        } catch (e) {
          failures.push(`${name} × ${builder}: ${f.path}: ${String((e as { stderr?: Buffer }).stderr ?? e).split('\n')[0]}`);
        }
      }
    }
  }
  rmSync(tmp, { recursive: true, force: true });
  console.log(`generated ${files} files for ${readdirSync(corpus).length} crates × ${builders.length} builders: ${files - failures.length} parse with nix-instantiate, ${failures.length} fail`);
  for (const f of failures) console.log(`  FAIL ${f}`);

  const nushell = join(corpus, 'nushell');
  const total: number[] = [];
  const parts = { load: [] as number[], infer: [] as number[], generate: [] as number[] };
  let size = '';
  for (let i = 0; i < 15; i++) {
    const t0 = performance.now();
    const ws = loadWorkspace(nushell);
    const t1 = performance.now();
    const inferred = infer(ws);
    const t2 = performance.now();
    const plan = planInit(ws, inferred, { ...defaultInitOptions(ws), flake: true }, (p) => existsSync(join(nushell, p)));
    const t3 = performance.now();
    if (!plan.files.length) throw new Error('no files');
    total.push(t3 - t0);
    parts.load.push(t1 - t0);
    parts.infer.push(t2 - t1);
    parts.generate.push(t3 - t2);
    size = `${ws.members.length} members, ${ws.lock?.packages.length ?? 0} locked crates, ${defaultInitOptions(ws).builder}`;
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  console.log(
    `nixify nushell (${size}) end to end: first ${total[0]!.toFixed(1)} ms (cold JIT), median ${median(total).toFixed(1)} ms, best ${Math.min(...total).toFixed(1)} ms (target < 150 ms); ` +
      `median load ${median(parts.load).toFixed(1)} + infer ${median(parts.infer).toFixed(1)} + generate ${median(parts.generate).toFixed(1)} ms`,
  );
  if (failures.length) process.exitCode = 1;
})();
