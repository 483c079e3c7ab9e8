// Evaluation errors whose wording no rule knows (a `throw` in a library such as
// rust-overlay's component resolution): Nix's `--show-trace` hint says the error
// was raised while evaluating, so it is an eval-error, with no fix (no guess).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import { diagnoseText } from '../../../../server/src/diagnose/diagnoser';
import { fixesFor } from '../../../../server/src/diagnose/toFixes';
import { initParsers } from '../../../../server/src/parse/treeSitter';
import { heldout, ws } from './helpers';

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

  it('a message no vocabulary knows, without the hint (nix-build, a build tool), is not guessed at', () => {
    const log = ['error: resolution failed for rust-default-1.55.0', '       - the docs are missing for aarch64-apple-darwin'].join('\n');
    assert.deepEqual(diagnoseText(log), []);
  });

  it("rust-overlay's own words without the hint are its throw's (evalVocabulary.ts TOOLCHAIN_OVERLAY_MESSAGE)", () => {
    const log = ['error: Component resolution failed for rust-default-1.55.0', "       - Host component `rust-docs` doesn't support target `aarch64-apple-darwin`"].join('\n');
    assert.deepEqual(
      diagnoseText(log).map((d) => [d.category, d.message]),
      [['eval-error', 'Component resolution failed for rust-default-1.55.0']],
    );
  });

  it("real Nix 2.26: the message after 2.20+'s trace block (bare `error:`, frames, truncation hint, then `error: <message>`) → eval-error", () => {
    const ds = diagnoseText(readFileSync(join(LOGS, 'wordings', 'sources', 'n226-throw-after-trace.log'), 'utf8'));
    assert.deepEqual(
      ds.map((d) => [d.category, d.message, d.fixes]),
      [['eval-error', 'tool has been removed: it was unmaintained', []]],
    );
  });

  it("real Nix 2.26: a fetch failing inside the trace block (builtins.fetchurl's DNS) is Nix's I/O, not the expression's", () => {
    assert.deepEqual(diagnoseText(readFileSync(join(LOGS, 'wordings', 'sources', 'n226-builtins-fetchurl-dns.log'), 'utf8')), []);
  });

  it('a trace block whose message another rule explains is left to it', () => {
    const log = [
      'error:',
      "       … while fetching the input 'git+file:///home/user/demo'",
      '',
      '       error: Path \'Cargo.lock\' in the repository "/home/user/demo" is not tracked by Git.',
      '',
    ].join('\n');
    assert.ok(!diagnoseText(log).some((d) => d.category === 'eval-error'));
  });
});

describe("eval-error: rust-overlay's manifests older than the toolchain asked for", () => {
  before(() => initParsers());
  const update = [{ kind: 'run', argv: ['nix', 'flake', 'lock', '--update-input', 'rust-overlay'] }];
  it('round9 z03: `No stable 1.80.* is available` after a truncated trace (nix develop) → eval-error, update the rust-overlay input', () => {
    const ds = diagnoseText(heldout(9, 'z03-eval-no-stable-toolchain-rust-overlay-too-old-cosmic-comp.log'));
    assert.deepEqual(
      ds.map((d) => [d.category, d.fixes, d.details]),
      [['eval-error', update, { toolchain: 'stable 1.80' }]],
    );
    assert.match(ds[0]!.message, /predates the Rust toolchain asked for/);
  });

  it("real Nix 2.26 and 2.8 output of rust-overlay's selector wording → the same", () => {
    for (const f of ['n226-rust-overlay-no-stable-toolchain.log', 'n28-rust-overlay-no-stable-toolchain.log']) {
      const ds = diagnoseText(readFileSync(join(LOGS, 'wordings', 'sources', f), 'utf8'));
      assert.deepEqual(
        ds.map((d) => [d.category, d.fixes]),
        [['eval-error', update]],
        f,
      );
    }
  });

  it('its other throws (lib/rust-bin.nix: `Stable X is not available`, `Nightly D …`, `Beta D …`) after the 2.8 hint', () => {
    for (const [msg, asked] of [
      ['Stable 1.99.0 is not available', 'stable 1.99.0'],
      ['Nightly 2099-01-01 is not available', 'nightly 2099-01-01'],
      ['Beta 2099-01-01 is not available', 'beta 2099-01-01'],
    ]) {
      const ds = diagnoseText([`error: ${msg}`, "(use '--show-trace' to show detailed location information)", ''].join('\n'));
      assert.deepEqual(
        ds.map((d) => [d.category, d.details?.toolchain]),
        [['eval-error', asked]],
        msg,
      );
    }
  });

  it("real Nix 2.26 internal-json (`nix eval --log-format internal-json`, the editor's format): the same", () => {
    const ds = diagnoseText(readFileSync(join(LOGS, '2.26-eval-rust-overlay-no-stable.internal-json.log'), 'utf8'));
    assert.deepEqual(
      ds.map((d) => [d.category, d.fixes]),
      [['eval-error', update]],
    );
  });

  it('real Nix 2.8 and 2.26: `rust-bin.stable."1.80.0"` missing (the excerpt names rust-bin) → the same, at the position Nix gives', () => {
    for (const f of ['n28-rust-bin-version-attribute-missing.log', 'n226-rust-bin-version-attribute-missing.log']) {
      const ds = diagnoseText(readFileSync(join(LOGS, 'wordings', 'sources', f), 'utf8'));
      assert.deepEqual(
        ds.map((d) => [d.category, d.fixes, d.details?.toolchain, d.location?.path, d.location?.line]),
        [['eval-error', update, 'stable 1.80.0', '/home/user/demo/attr.nix', 8]],
        f,
      );
    }
  });

  it('a version-like attribute missing elsewhere (not rust-bin) stays a plain evaluation error', () => {
    const log = ["error: attribute '2.1.0' missing", '', '       at /home/user/demo/default.nix:3:5:', '', '            3|   src = sources."2.1.0";', '             |     ^', ''].join('\n');
    assert.deepEqual(
      diagnoseText(log).map((d) => [d.category, d.fixes, d.location?.line]),
      [['eval-error', [], 3]],
    );
  });

  it("the command names the flake's own input for oxalica/rust-overlay (flake.lock); no flake.lock with it → no command", () => {
    const d = diagnoseText(heldout(9, 'z03-eval-no-stable-toolchain-rust-overlay-too-old-cosmic-comp.log'))[0]!;
    const lock = (name: string, original: object) =>
      JSON.stringify({
        nodes: { root: { inputs: { nixpkgs: 'nixpkgs', [name]: name } }, nixpkgs: { original: { type: 'github', owner: 'NixOS', repo: 'nixpkgs' } }, [name]: { original } },
        root: 'root',
        version: 7,
      });
    const withLock = (text: string) => ws({ 'flake.nix': '{ outputs = _: { }; }\n', 'flake.lock': text });
    const titles = (w: ReturnType<typeof ws>) => fixesFor(d, w.nixFiles, w.files).map((f) => f.title);
    assert.deepEqual(titles(withLock(lock('rust_overlay', { type: 'github', owner: 'oxalica', repo: 'rust-overlay' }))), ['Run `nix flake lock --update-input rust_overlay`']);
    assert.deepEqual(titles(withLock(lock('rusty', { type: 'git', url: 'https://github.com/oxalica/rust-overlay.git' }))), ['Run `nix flake lock --update-input rusty`']);
    assert.deepEqual(titles(withLock(lock('fenix', { type: 'github', owner: 'nix-community', repo: 'fenix' }))), []);
    assert.deepEqual(titles(ws({ 'shell.nix': '{ }\n' })), []);
  });
});
