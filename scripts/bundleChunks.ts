// Which of the bundle's files a process parses before it runs anything: the entry and the chunks
// it imports statically (build.mjs, beside it, splits the CLI and the server into ES module chunks);
// a dynamic import() loads with the command or request that makes it. The start-load test and
// bench:coldStart read the same walk, so the figure the bench prints is the set the test holds.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The files of `dist` that `entry` loads at start (the entry included; a missing file is skipped). */
export function chunksAtStart(dist: string, entry: string): Set<string> {
  const seen = new Set<string>();
  const queue = [entry];
  while (queue.length) {
    const f = queue.pop()!;
    if (seen.has(f) || !existsSync(join(dist, f))) continue;
    seen.add(f);
    // Static imports only (`import{a as b}from"./chunk-X.mjs"`, `import"./chunk-Y.mjs"`), not import("…").
    for (const m of readFileSync(join(dist, f), 'utf8').matchAll(/(?<![\w$.])import\s*(?:[\w$*{}\s,]*from\s*)?["']\.\/([^"']+)["']/g)) queue.push(m[1]!);
  }
  return seen;
}
