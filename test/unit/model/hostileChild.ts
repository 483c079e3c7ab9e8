// Runs one hostile operation for hostileInput.test.ts in a process of its own, so that a hang (a regular expression
// backtracking, a read that blocks) is killed by the test's timer instead of blocking the whole run. Prints JSON.
import { compileGlob, matchGlob, type Glob } from '../../../server/src/model/glob';
import { readCrateFile } from '../../../server/src/model/safeRead';
import { ModelError } from '../../../server/src/model/types';
import { loadWorkspace } from '../../../server/src/model/workspace';

export type ChildOp = { op: 'glob'; pattern: string; subjects: string[] } | { op: 'load'; dir: string } | { op: 'read'; dir: string; rel: string };

/**
 * The pattern's matches, and the work the matcher did for them: each read of one of the pattern's tokens, counted
 * through a proxy of each component's token list (the machine's speed does not enter into it).
 */
function globWork(pattern: string, subjects: string[]): { matches: boolean[]; reads: number; tokens: number } {
  const g = compileGlob(pattern);
  let reads = 0;
  const counted: Glob = {
    segs: g.segs.map((s) =>
      s.any
        ? s
        : {
            any: false,
            toks: new Proxy(s.toks, {
              get(t, k, r) {
                if (typeof k === 'string' && /^\d+$/.test(k)) reads++;
                return Reflect.get(t, k, r) as unknown;
              },
            }),
          },
    ),
  };
  const matches = subjects.map((s) => matchGlob(counted, s));
  return { matches, reads, tokens: g.segs.reduce((n, s) => n + (s.any ? 0 : s.toks.length), 0) };
}

function run(o: ChildOp): unknown {
  try {
    if (o.op === 'glob') return globWork(o.pattern, o.subjects);
    if (o.op === 'read') return { text: readCrateFile(o.dir, o.rel) ?? null };
    const ws = loadWorkspace(o.dir);
    return { members: ws.members.map((m) => m.dir), dependencies: ws.members[0]?.dependencies.length };
  } catch (e) {
    return { error: { message: (e as Error).message, model: e instanceof ModelError, file: e instanceof ModelError ? (e.file ?? null) : null } };
  }
}

process.stdout.write(JSON.stringify(run(JSON.parse(process.argv[2]!) as ChildOp)));
