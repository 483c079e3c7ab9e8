// Runs corpus cases [start, end) through the real CLI code in-process
// (`nixify check` and `nixify init --dry-run --json`), printing one JSON line
// per case; the parent (corpus.test.ts) enforces the time and memory limits.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../../server/src/cli';
import { writeCase } from './corpus';

async function run(args: string[], cwd: string): Promise<{ code: number; err: string }> {
  let err = '';
  const sink = { write: () => true };
  const io = { stdout: sink, stderr: { write: (s: string) => ((err += s), true) }, stdin: process.stdin, cwd } as never;
  const code = await runCli(args, io);
  return { code, err };
}

async function main() {
  const [start, end] = process.argv.slice(2).map(Number) as [number, number];
  const root = mkdtempSync(join(tmpdir(), 'nixify-corpus-'));
  try {
    for (let i = start; i < end; i++) {
      const dir = join(root, String(i));
      const t0 = Date.now();
      writeCase(dir, i);
      const results = [await run(['check', dir], root), await run(['init', dir, '--dry-run', '--json', '--builder', ['buildRustPackage', 'crane', 'naersk', 'crate2nix'][i % 4]!], root)];
      const bad = results.find((r) => /internal error/.test(r.err) || ![0, 1, 2].includes(r.code) || (r.code === 2 && !r.err.trim()));
      process.stdout.write(
        `${JSON.stringify({ i, ms: Date.now() - t0, rssMiB: Math.round(process.memoryUsage().rss / 2 ** 20), bad: bad ? bad.err.trim().slice(0, 300) || `exit ${bad.code}` : undefined })}\n`,
      );
      rmSync(dir, { recursive: true, force: true });
    }
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

void main();
