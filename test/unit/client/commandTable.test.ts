// The command table is the one list of the extension's commands: the same ids
// as package.json, every command the server invokes among them, and the ones
// VS Code disables in untrusted workspaces gated in the table too.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { COMMANDS } from '../../../client/src/commandTable';
import { ClientCommands } from '../../../shared/src/protocol';

const pkg = JSON.parse(readFileSync(join(__dirname, '..', '..', '..', 'package.json'), 'utf8'));
const declared: { command: string; enablement?: string }[] = pkg.contributes.commands;
const table = Object.values(COMMANDS) as { id: string; untrusted?: string }[];

describe('command table', () => {
  it('has exactly the commands package.json contributes', () => {
    assert.deepEqual(table.map((c) => c.id).sort(), declared.map((c) => c.command).sort());
  });

  it('includes every command the server invokes', () => {
    for (const id of Object.values(ClientCommands))
      assert.ok(
        table.some((c) => c.id === id),
        id,
      );
  });

  it("says what did not run, from the command's arguments", () => {
    const msg = COMMANDS.gitAdd.untrusted('/ws', 'Cargo.lock');
    assert.match(msg, /^`git add Cargo.lock` did not run: Nixify runs nothing \(no nix, no git\) in a folder you have not trusted\. Trust it to allow this, or run it yourself\.$/);
    assert.match(COMMANDS.runInWorkspace.untrusted('/ws', ['cargo', 'generate-lockfile']), /^`cargo generate-lockfile` did not run/);
    assert.match(COMMANDS.build.untrusted, /Nix builds evaluate and run code from this workspace/);
  });

  it('gates every command VS Code only enables in a trusted workspace', () => {
    for (const c of declared.filter((d) => d.enablement?.includes('isWorkspaceTrusted'))) {
      assert.ok(table.find((t) => t.id === c.command)?.untrusted, `${c.command} explains itself when untrusted`);
    }
  });
});
