// Toolchain programs missing from the build's PATH. rustdoc for the doc-tests: cargo runs `rustdoc` from PATH (unless RUSTDOC says otherwise) and reports
// `doctest failed, to rerun pass `--doc`` with the spawn error under `Caused by:` (cargo's ops/cargo_test.rs adds
// the cause only when rustdoc did not end as libtest's 101). Real Nix 2.8 + cargo 1.95 in the sandbox with no
// rustdoc on PATH (n28), and round14 e12 (naersk + fenix's cargo and rustc, the window cut after `Caused by:`).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { diagnoseText } from '../../../../server/src/diagnose/diagnoser';
import { heldout } from './helpers';

const SOURCES = join(__dirname, '..', '..', '..', 'fixtures', 'logs', 'wordings', 'sources');
const n28 = readFileSync(join(SOURCES, 'n28-cargo-test-rustdoc-not-on-path.log'), 'utf8');
const tools = (text: string) => diagnoseText(text).map((d) => [d.category, d.details?.tool, d.fixes.length]);

describe('missing-tool: rustdoc for the doc-tests', () => {
  it('real Nix 2.8 + cargo 1.95: `could not execute process `rustdoc …` (never executed)`, arguments with parentheses → rustdoc, no attribute guessed', () => {
    assert.deepEqual(tools(n28), [['missing-tool', 'rustdoc', 0]]);
    const [d] = diagnoseText(n28);
    assert.match(d!.message, /toolchain that includes rustdoc/);
    assert.doesNotMatch(d!.message, /log is cut/);
  });

  it('round14 e12: the window ends right after `Caused by:`, rustdoc printed nothing under `Doc-tests` → rustdoc, said to be inferred', () => {
    const ds = diagnoseText(heldout(14, 'e12-missing-tool-naersk-fenix-do-check-doctest-rustdoc-not-executed.log'));
    assert.deepEqual(
      ds.map((d) => [d.category, d.details?.tool, d.fixes.length]),
      [['missing-tool', 'rustdoc', 0]],
    );
    assert.match(ds[0]!.message, /log is cut after `Caused by:`/);
    // The same cut followed by Nix's own line, and cargo before 1.6x (`test failed, to rerun pass '--doc'`).
    const cut = ['   Doc-tests dt', "error: test failed, to rerun pass '--doc'", '', 'Caused by:', "For full logs, run 'nix log /nix/store/0rv3wfavh33gwgr7ga9nmpd2j57025za-dt.drv'."];
    assert.deepEqual(tools(cut.join('\n')), [['missing-tool', 'rustdoc', 0]]);
  });

  it('rustdoc that ran (its output under `Doc-tests`, or a cause that is not a spawn failure) or a doc-test failing as libtest does → nothing', () => {
    const ran = ['   Doc-tests dt', '', 'running 1 test', 'test src/lib.rs - add (line 3) ... FAILED', 'error: doctest failed, to rerun pass `--doc`', '', 'Caused by:'];
    assert.deepEqual(
      tools(ran.join('\n')).filter(([c]) => c === 'missing-tool'),
      [],
    );
    const killed = ['   Doc-tests dt', 'error: doctest failed, to rerun pass `--doc`', '', 'Caused by:', "  process didn't exit successfully: `rustdoc --test src/lib.rs` (signal: 9, SIGKILL: kill)"];
    assert.deepEqual(tools(killed.join('\n')), []);
    assert.deepEqual(tools(['   Doc-tests dt', 'error: doctest failed, to rerun pass `--doc`'].join('\n')), []);
  });
});

describe('missing-tool: cargo subcommands nixpkgs ships inside another package', () => {
  it('real cargo 1.95 `no such command: `clippy`` / `fmt` (cargo runs cargo-<name> from PATH) → clippy, rustfmt', () => {
    const ds = diagnoseText(readFileSync(join(SOURCES, 's63-cargo-no-such-command-clippy-fmt.log'), 'utf8'));
    assert.deepEqual(
      ds.map((d) => [d.category, d.details?.tool, d.fixes]),
      [
        ['missing-tool', 'cargo-clippy', [{ kind: 'add-inputs', nativeBuildInputs: ['clippy'] }]],
        ['missing-tool', 'cargo-fmt', [{ kind: 'add-inputs', nativeBuildInputs: ['rustfmt'] }]],
      ],
    );
  });
});
