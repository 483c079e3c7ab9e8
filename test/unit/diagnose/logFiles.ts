// Every `.log` below a folder (the fixtures, the held-out rounds, the shared corpus), for the
// tests that hold the diagnosis to the same answer on every real log we have.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

export function logsUnder(dir: string, out: string[] = []): string[] {
  if (!existsSync(dir)) return out;
  for (const e of readdirSync(dir)) {
    const p = join(dir, e);
    if (statSync(p).isDirectory()) logsUnder(p, out);
    else if (e.endsWith('.log')) out.push(p);
  }
  return out;
}
