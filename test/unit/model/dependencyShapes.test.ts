// The language server reloads every member's manifest on each Cargo.toml edit and walks their
// dependencies many times; V8 keeps those walks fast only while dependencies with the same keys
// share a hidden class. Object spread gave each merged dependency (`x.workspace = true`, a path)
// a class of its own (507 on nushell). Checked with V8's own %HaveSameMap in a child process.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';

describe('dependency objects', () => {
  it('share one hidden class per key order, merged from [workspace.dependencies] or not', () => {
    const dir = mkdtempSync(join(tmpdir(), 'nixify-dep-shapes-'));
    try {
      const members = Array.from({ length: 8 }, (_, i) => `m${i}`);
      writeFileSync(
        join(dir, 'Cargo.toml'),
        `[workspace]\nmembers = [${members.map((m) => `"${m}"`).join(', ')}]\n\n[workspace.dependencies]\nserde = "1"\ntokio = { version = "1", default-features = false }\nbase = { path = "base" }\n`,
      );
      mkdirSync(join(dir, 'base', 'src'), { recursive: true });
      writeFileSync(join(dir, 'base', 'Cargo.toml'), '[package]\nname = "base"\nversion = "0.1.0"\n');
      for (const m of members) {
        mkdirSync(join(dir, m, 'src'), { recursive: true });
        writeFileSync(
          join(dir, m, 'Cargo.toml'),
          `[package]\nname = "${m}"\nversion = "0.1.0"\n\n[dependencies]\nserde.workspace = true\ntokio = { workspace = true, features = ["rt"] }\nbase.workspace = true\nlocal = { path = "../base", package = "base" }\nlog = "0.4"\n`,
        );
      }
      const out = execFileSync(process.execPath, ['--allow-natives-syntax', '--import', 'tsx', join(__dirname, 'dependencyShapes.probe.ts'), dir], { encoding: 'utf8' });
      const { deps, orders, classes } = JSON.parse(out) as { deps: number; orders: number; classes: number };
      assert.ok(deps >= 40, `${deps} dependencies read`);
      assert.equal(classes, orders, `${deps} dependencies in ${orders} key orders have ${classes} hidden classes`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
