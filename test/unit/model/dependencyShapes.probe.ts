// Run by dependencyShapes.test.ts with --allow-natives-syntax: loads the workspace at argv[2] and
// prints, as JSON, how many distinct key orders and how many distinct hidden classes its members'
// dependencies have.
import { loadWorkspaceAt } from '../../../server/src/model/workspace';
import { initParsers } from '../../../server/src/parse/treeSitter';

const sameMap = new Function('a', 'b', 'return %HaveSameMap(a, b)') as (a: object, b: object) => boolean;

void (async () => {
  await initParsers();
  const deps = loadWorkspaceAt(process.argv[2]!).members.flatMap((m) => m.dependencies);
  const orders = new Set(deps.map((d) => Object.keys(d).join()));
  const classes: object[] = [];
  for (const d of deps) if (!classes.some((c) => sameMap(c, d))) classes.push(d);
  process.stdout.write(JSON.stringify({ deps: deps.length, orders: orders.size, classes: classes.length }));
})();
