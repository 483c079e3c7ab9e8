// Runs one hostile operation for hostileInput.test.ts in a process of its own, so that a hang (a regular expression
// backtracking, a read that blocks) is killed by the test's timer instead of blocking the whole run. Prints JSON.
import { compileGlob, matchGlob } from '../../../server/src/model/glob';
import { readCrateFile } from '../../../server/src/model/safeRead';
import { ModelError } from '../../../server/src/model/types';
import { loadWorkspace } from '../../../server/src/model/workspace';
import { initParsers } from '../../../server/src/parse/treeSitter';

export type ChildOp = { op: 'glob'; pattern: string; subjects: string[] } | { op: 'load'; dir: string } | { op: 'read'; dir: string; rel: string };

function run(o: ChildOp): unknown {
  try {
    if (o.op === 'glob') return o.subjects.map((s) => matchGlob(compileGlob(o.pattern), s));
    if (o.op === 'read') return { text: readCrateFile(o.dir, o.rel) ?? null };
    const ws = loadWorkspace(o.dir);
    return { members: ws.members.map((m) => m.dir), dependencies: ws.members[0]?.dependencies.length };
  } catch (e) {
    return { error: { message: (e as Error).message, model: e instanceof ModelError, file: e instanceof ModelError ? (e.file ?? null) : null } };
  }
}

void initParsers().then(() => process.stdout.write(JSON.stringify(run(JSON.parse(process.argv[2]!) as ChildOp))));
