// Through a parse cache, a load after an edit of the root manifest that left its
// inheritance inputs ([workspace.package], [workspace.dependencies]) reading the
// same reuses what each unchanged member inherited last time; an edit of those
// inputs makes every member inherit anew. Either way the load equals a load
// without the cache.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { loadWorkspaceAt, newParseCache, nodeFs, type WorkspaceFs } from '../../../server/src/model/workspace';

const NUSHELL = join(__dirname, '..', '..', '..', '..', 'shared', 'corpus', 'crates', 'nushell');

function withRoot(text: string): WorkspaceFs {
  const disk = nodeFs(NUSHELL);
  return { ...disk, readFile: (p) => (p === 'Cargo.toml' ? text : disk.readFile(p)) };
}

describe("members' inheritance across loads", { skip: !existsSync(NUSHELL) && '../shared/corpus/crates/nushell not found' }, () => {
  it('is reused while the root inheritance inputs read the same, and made anew when they change', () => {
    const root = readFileSync(join(NUSHELL, 'Cargo.toml'), 'utf8');
    const cache = newParseCache();
    const first = loadWorkspaceAt(NUSHELL, { fs: withRoot(root), cache, skipScan: true });
    const member = (ws: typeof first) => ws.members.find((m) => m.dir !== '' && m.dependencies.some((d) => d.workspace))!;

    // A profile changed: the root re-parsed, its [workspace] the same but for positions.
    const profile = root.replace(/^opt-level = .*$/m, 'opt-level = 3');
    assert.notEqual(profile, root);
    const second = loadWorkspaceAt(NUSHELL, { fs: withRoot(profile), cache, skipScan: true });
    assert.deepEqual(second, loadWorkspaceAt(NUSHELL, { fs: withRoot(profile), skipScan: true }));
    assert.equal(member(second).dependencies, member(first).dependencies);
    assert.equal(member(second).package, member(first).package);

    // A workspace dependency's version changed: every member inherits again.
    const dep = /^(\w[\w-]*) = \{ version = "([^"]+)"/m.exec(root.slice(root.indexOf('[workspace.dependencies]')))!;
    const bumped = root.replace(`${dep[1]} = { version = "${dep[2]}"`, `${dep[1]} = { version = "${dep[2]}.9"`);
    assert.notEqual(bumped, root);
    const third = loadWorkspaceAt(NUSHELL, { fs: withRoot(bumped), cache, skipScan: true });
    assert.deepEqual(third, loadWorkspaceAt(NUSHELL, { fs: withRoot(bumped), skipScan: true }));
    assert.notEqual(member(third).dependencies, member(second).dependencies);
  });
});
