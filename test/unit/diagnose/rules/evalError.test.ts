// Evaluation errors whose wording no rule knows (a `throw` in a library such as
// rust-overlay's component resolution): Nix's `--show-trace` hint says the error
// was raised while evaluating, so it is an eval-error, with no fix (no guess).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { diagnoseText } from '../../../../server/src/diagnose/diagnoser';
import { heldout } from './helpers';

const LOGS = join(__dirname, '..', '..', '..', 'fixtures', 'logs');

describe('eval-error: a thrown message followed by the --show-trace hint', () => {
  it("round7's rust-overlay paste (rust-docs on aarch64-darwin) → eval-error with its notes, no fix", () => {
    const ds = diagnoseText(heldout(7, 'x29-eval-rust-overlay-component-rust-docs-aarch64-darwin.log'));
    assert.deepEqual(
      ds.map((d) => [d.category, d.message, d.fixes]),
      [['eval-error', 'Component resolution failed for rust-default-1.55.0', []]],
    );
    assert.ok(ds[0]!.evidence.some((e) => e.includes("Host component `rust-docs` doesn't support target")));
  });

  it('a real Nix 2.8 `nix build` of a throw → the same', () => {
    const ds = diagnoseText(readFileSync(join(LOGS, 'real-eval-throw.log'), 'utf8'));
    assert.deepEqual(
      ds.map((d) => [d.category, d.message, d.fixes.length]),
      [['eval-error', 'Component resolution failed for rust-default-1.55.0', 0]],
    );
  });

  it("Nix 2.20+'s truncated-trace hint counts too", () => {
    const log = [
      'error: Component resolution failed for rust-default-1.80.0',
      "       - Host component `rust-docs` doesn't support target `aarch64-apple-darwin`",
      "(stack trace truncated; use '--show-trace' to show the full, detailed trace)",
    ].join('\n');
    assert.deepEqual(
      diagnoseText(log).map((d) => d.category),
      ['eval-error'],
    );
  });

  it('the same message without the hint (nix-build, a build tool) is not guessed at', () => {
    const log = ['error: Component resolution failed for rust-default-1.55.0', "       - Host component `rust-docs` doesn't support target `aarch64-apple-darwin`"].join('\n');
    assert.deepEqual(diagnoseText(log), []);
  });
});
