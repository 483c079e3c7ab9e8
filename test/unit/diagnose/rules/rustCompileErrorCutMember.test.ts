// Cargo's headline for a workspace member it cannot load, in a log cut before the cause. Cargo 1.95's own output
// (a scratch workspace here): the member's directory absent → the headline, `referenced by workspace at …`, then
// `Caused by:` `failed to read …/Cargo.toml` `No such file or directory (os error 2)`; a bad `edition` → `Caused by:`
// `failed to parse manifest at …`; a TOML syntax error → its own `error: …` with a snippet, then the headline and its
// `referenced by` line with no cause at all. Round 27's r09 (`nix log`, Nix ≥ 2.30's build directory on macOS) stops at the headline.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { diagnoseText } from '../../../../server/src/diagnose/diagnoser';

const ROUND27 = join(__dirname, '..', '..', '..', 'fixtures', 'logs', 'heldout', 'round27');
const window = (lines: string[]) =>
  [
    "error: builder for '/nix/store/0k4q7d3m9x2v6b1n5c8z4p7r2s6t3w9y-demo-0.1.0.drv' failed with exit code 101;",
    `       last ${lines.length} log lines:`,
    ...lines.map((l) => `       > ${l}`.trimEnd()),
    "       For full logs, run 'nix log /nix/store/0k4q7d3m9x2v6b1n5c8z4p7r2s6t3w9y-demo-0.1.0.drv'.",
  ].join('\n');
const summary = (log: string) => diagnoseText(log).map((d) => [d.category, d.fixes.map((f) => (f.kind === 'include-in-src' ? f.path : f.kind))]);

describe('rust-compile-error: a workspace member cargo cannot load, the log cut before the cause', () => {
  it("round 27's r09: the headline last, under Nix's /nix/var/nix/builds directory → keep calepin-docs in src", () => {
    assert.deepEqual(summary(readFileSync(join(ROUND27, 'r09.log'), 'utf8')), [['rust-compile-error', ['calepin-docs']]]);
  });

  it("cargo 1.95's headline and its `referenced by` line, last in Nix's window → the member's directory", () => {
    const log = window(['error: failed to load manifest for workspace member `/build/source/crates/docs`', 'referenced by workspace at `/build/source/Cargo.toml`']);
    assert.deepEqual(summary(log), [['rust-compile-error', ['crates/docs']]]);
  });

  it('not after a TOML syntax error (cargo prints it first), nor with another cause under it, nor outside the source', () => {
    const syntax = window([
      'error: unclosed table, expected `]`',
      ' --> crates/docs/Cargo.toml:1:9',
      '  |',
      '1 | [package',
      '  |         ^',
      'error: failed to load manifest for workspace member `/build/source/crates/docs`',
      'referenced by workspace at `/build/source/Cargo.toml`',
    ]);
    assert.ok(!summary(syntax).some(([, f]) => (f as string[]).includes('crates/docs')));
    const edition = window([
      'error: failed to load manifest for workspace member `/build/source/crates/docs`',
      'referenced by workspace at `/build/source/Cargo.toml`',
      '',
      'Caused by:',
      '  failed to parse manifest at `/build/source/crates/docs/Cargo.toml`',
    ]);
    assert.ok(!summary(edition).some(([, f]) => (f as string[]).includes('crates/docs')));
    const outside = window(['error: failed to load manifest for workspace member `/home/u/ws/docs`', 'referenced by workspace at `/home/u/ws/Cargo.toml`']);
    assert.deepEqual(summary(outside), []);
  });

  it('the whole cause still reads as before: the member read fails with os error 2', () => {
    const log = window([
      'error: failed to load manifest for workspace member `/build/source/crates/docs`',
      'referenced by workspace at `/build/source/Cargo.toml`',
      '',
      'Caused by:',
      '  failed to read `/build/source/crates/docs/Cargo.toml`',
      '',
      'Caused by:',
      '  No such file or directory (os error 2)',
    ]);
    assert.deepEqual(summary(log), [['rust-compile-error', ['crates/docs']]]);
  });
});
