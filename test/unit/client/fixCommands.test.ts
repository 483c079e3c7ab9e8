// Protocol-level fix commands reach VS Code through one mapping; every target
// is a command the extension declares.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { FIX_COMMAND_IDS, toVscodeAction } from '../../../client/src/fixCommands';
import { FixCommands } from '../../../shared/src/protocol';

const pkg = JSON.parse(readFileSync(join(__dirname, '..', '..', '..', 'package.json'), 'utf8'));
const declared = new Set<string>(pkg.contributes.commands.map((c: { command: string }) => c.command));

describe('fix commands in the VS Code client', () => {
  it('maps every protocol fix command to a declared extension command', () => {
    for (const id of Object.values(FixCommands)) assert.ok(declared.has(FIX_COMMAND_IDS[id]), `${id} → ${FIX_COMMAND_IDS[id]}`);
  });

  it("rewrites a code action's command and leaves others alone", () => {
    const action = { title: 'git add data.txt', command: { title: 'git add data.txt', command: 'git-add', arguments: ['/ws', 'data.txt'] } };
    assert.deepEqual(toVscodeAction(action as never), { title: 'git add data.txt', command: { title: 'git add data.txt', command: 'nixify.gitAdd', arguments: ['/ws', 'data.txt'] } });
    const bare = { title: 'Show log', command: 'nixify.showLog', arguments: ['/tmp/x.log'] };
    assert.deepEqual(toVscodeAction(bare as never), bare);
    assert.deepEqual(toVscodeAction({ title: 'run', command: 'run-in-workspace', arguments: ['/ws', ['cargo', 'generate-lockfile']] } as never), {
      title: 'run',
      command: 'nixify.runInWorkspace',
      arguments: ['/ws', ['cargo', 'generate-lockfile']],
    });
  });
});
