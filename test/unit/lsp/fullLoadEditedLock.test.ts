// A Cargo.toml edit the resolution reads makes the language server load the workspace in full;
// an open Cargo.lock is then read by its change, as between lock edits (WorkspaceIndex.get →
// cachedEditedLock), not joined into a new text and parsed block by block again. On a 10× lock
// that join and parse was ≈ 60 ms of the analysis thread inside the first such edit (bench:lsp).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import { PieceTextDocument } from '../../../server/src/lsp/textDocument';
import { WorkspaceIndex } from '../../../server/src/lsp/workspaceIndex';
import { initParsers } from '../../../server/src/parse/treeSitter';

before(() => initParsers());

const ROOT = join(__dirname, '..', '..', '..', 'examples', 'axum-openssl');

describe('a full workspace load with Cargo.lock open in the editor', () => {
  it('reads the lock by its change, never its joined text, and equals a load of the same texts from scratch', () => {
    const lockPath = join(ROOT, 'Cargo.lock');
    const tomlPath = join(ROOT, 'Cargo.toml');
    const lock = new PieceTextDocument(`file://${lockPath}`, 'toml', 1, readFileSync(lockPath, 'utf8'));
    const texts = new Map<string, string>();
    let lockJoins = 0;
    const index = new WorkspaceIndex(
      {
        textOf: (p) => {
          if (p !== lockPath) return texts.get(p);
          lockJoins++;
          return lock.getText();
        },
        editedOf: (p) => (p === lockPath ? lock.edited() : undefined),
      },
      () => false,
    );
    const fresh = () => new WorkspaceIndex({ textOf: (p) => (p === lockPath ? lock.getText() : texts.get(p)) }, () => false);
    assert.ok(index.get(ROOT).ws?.lock);

    // A version bump in the lock (read by its change), then a manifest edit the resolution reads (a full load).
    const text = lock.getText();
    const at = text.indexOf('version = "', text.indexOf('[[package]]')) + 'version = "'.length;
    const start = lock.positionAt(at);
    lock.update([{ range: { start, end: start }, text: '9' }], 2);
    index.invalidate(lockPath);
    assert.deepEqual(index.get(ROOT).ws, fresh().get(ROOT).ws);
    texts.set(tomlPath, `${readFileSync(tomlPath, 'utf8')}\n[profile.release]\nlto = true\n`);
    index.invalidate(tomlPath);
    const joinsBefore = lockJoins;
    const loaded = index.get(ROOT);
    assert.equal(lockJoins, joinsBefore, 'the full load joined the open lock');
    const scratch = fresh().get(ROOT);
    assert.equal(loaded.error?.message, scratch.error?.message);
    assert.deepEqual(loaded.ws, scratch.ws);
    assert.deepEqual(index.inferred(ROOT), fresh().inferred(ROOT));
  });

  it('once the lock is closed unsaved, a full load reads the disk’s lock, not the buffer it last read by change', () => {
    const lockPath = join(ROOT, 'Cargo.lock');
    const tomlPath = join(ROOT, 'Cargo.toml');
    const disk = readFileSync(lockPath, 'utf8');
    const lock = new PieceTextDocument(`file://${lockPath}`, 'toml', 1, disk);
    let open = true;
    const texts = new Map<string, string>();
    const index = new WorkspaceIndex(
      { textOf: (p) => (p === lockPath ? (open ? lock.getText() : undefined) : texts.get(p)), editedOf: (p) => (p === lockPath && open ? lock.edited() : undefined) },
      () => false,
    );
    const version = (ws: ReturnType<WorkspaceIndex['get']>['ws']) => ws?.lock?.packages[0]?.version;
    const onDisk = version(new WorkspaceIndex({ textOf: (p) => texts.get(p) }, () => false).get(ROOT).ws);
    assert.ok(onDisk);
    const at = disk.indexOf('version = "', disk.indexOf('[[package]]')) + 'version = "'.length;
    const start = lock.positionAt(at);
    lock.update([{ range: { start, end: start }, text: '9' }], 2);
    index.invalidate(lockPath);
    assert.equal(version(index.get(ROOT).ws), `9${onDisk}`);

    open = false;
    index.invalidate(lockPath);
    texts.set(tomlPath, `${readFileSync(tomlPath, 'utf8')}\n[profile.release]\nlto = true\n`);
    index.invalidate(tomlPath);
    const loaded = index.get(ROOT);
    assert.equal(version(loaded.ws), onDisk);
    assert.equal(loaded.reads?.files.get('Cargo.lock'), disk, 'the load read the lock from the disk');
    assert.deepEqual(loaded.ws, new WorkspaceIndex({ textOf: (p) => texts.get(p) }, () => false).get(ROOT).ws);
  });
});
