// Which workspace a file belongs to, memoised per directory (lsp/workspaceRoots.ts): a Cargo.toml
// edit forgets only the answers that could have read it (its directory and those under it), and
// what is found again equals what a fresh memo finds. On a real tree in a temporary folder, with
// the real findWorkspaceRoot (counted).
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { findWorkspaceRoot } from '../../../server/src/model/workspace';
import { initParsers } from '../../../server/src/parse/treeSitter';
import { WorkspaceRoots } from '../../../server/src/lsp/workspaceRoots';

const crate = (name: string) => `[package]\nname = "${name}"\nversion = "0.1.0"\nedition = "2021"\n`;

describe('workspace roots', () => {
  let tmp: string;
  let ws: string;
  let other: string;
  const write = (p: string, text: string) => {
    mkdirSync(dirname(p), { recursive: true });
    writeFileSync(p, text);
  };

  before(async () => {
    // findWorkspaceRoot parses manifests with tree-sitter (their ranges).
    await initParsers();
    tmp = mkdtempSync(join(tmpdir(), 'nixify-roots-'));
    ws = join(tmp, 'ws');
    other = join(tmp, 'other');
    write(join(ws, 'Cargo.toml'), '[workspace]\nmembers = ["crates/*"]\nresolver = "2"\n');
    for (const m of ['a', 'b']) write(join(ws, 'crates', m, 'Cargo.toml'), crate(m));
    write(join(other, 'Cargo.toml'), crate('other'));
  });
  after(() => rmSync(tmp, { recursive: true, force: true }));

  const files = () => ({
    a: join(ws, 'crates', 'a', 'src', 'lib.rs'),
    aDeep: join(ws, 'crates', 'a', 'src', 'bin', 'tool.rs'),
    b: join(ws, 'crates', 'b', 'src', 'lib.rs'),
    top: join(ws, 'build.rs'),
    other: join(other, 'src', 'main.rs'),
  });

  function counted() {
    const asked: string[] = [];
    const roots = new WorkspaceRoots(
      () => undefined,
      (dir) => (asked.push(dir), findWorkspaceRoot(dir)),
    );
    return { roots, asked };
  }

  const fresh = (p: string) => new WorkspaceRoots(() => undefined).rootFor(p);

  it("an edit to one member's manifest keeps the other members' and other workspaces' answers", () => {
    const { roots, asked } = counted();
    const f = files();
    for (const p of Object.values(f)) assert.equal(roots.rootFor(p), p === f.other ? other : ws);
    // One walk per nearest manifest: aDeep's stops at a's src/, memoised by a's walk.
    assert.deepEqual(asked, [join(ws, 'crates', 'a'), join(ws, 'crates', 'b'), ws, other]);

    asked.length = 0;
    roots.manifestChanged(join(ws, 'crates', 'a', 'Cargo.toml'), false);
    for (const p of [f.b, f.top, f.other]) roots.rootFor(p);
    assert.deepEqual(asked, [], 'found again though the edit could not have changed them');
    assert.equal(roots.rootFor(f.a), ws);
    assert.equal(roots.rootFor(f.aDeep), ws);
    assert.deepEqual(asked, [join(ws, 'crates', 'a')], "member a's directories are found again, once");
  });

  it('what an edit can change is found again, equal to a fresh memo', () => {
    const { roots } = counted();
    const f = files();
    for (const p of Object.values(f)) roots.rootFor(p);
    // Member a becomes a workspace of its own: its files move, b's stay.
    write(join(ws, 'crates', 'a', 'Cargo.toml'), `${crate('a')}\n[workspace]\n`);
    roots.manifestChanged(join(ws, 'crates', 'a', 'Cargo.toml'), false);
    for (const p of Object.values(f)) assert.equal(roots.rootFor(p), fresh(p), p);
    assert.equal(roots.rootFor(f.aDeep), join(ws, 'crates', 'a'));
    // The root's manifest drops the members: every answer under it is found again.
    write(join(ws, 'Cargo.toml'), '[workspace]\nmembers = []\n');
    roots.manifestChanged(join(ws, 'Cargo.toml'), false);
    for (const p of Object.values(f)) assert.equal(roots.rootFor(p), fresh(p), p);
    assert.equal(roots.rootFor(f.b), join(ws, 'crates', 'b'));
    assert.equal(roots.rootFor(f.other), other);
  });

  it('a manifest created or deleted on disk forgets every answer', () => {
    const { roots, asked } = counted();
    const f = files();
    for (const p of Object.values(f)) roots.rootFor(p);
    asked.length = 0;
    write(join(ws, 'crates', 'c', 'Cargo.toml'), crate('c'));
    roots.manifestChanged(join(ws, 'crates', 'c', 'Cargo.toml'), true);
    roots.rootFor(f.other);
    assert.deepEqual(asked, [other]);
  });
});
