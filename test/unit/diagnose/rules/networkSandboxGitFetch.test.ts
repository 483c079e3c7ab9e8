// A network failure right after cargo's `Updating git repository` is that git fetch's: a git dependency the
// build did not vendor (git-deps), not crates the registry would give (network-sandbox's use-cargo-lock).
// Round12 c16 (2017 buildRustPackage, old curl's `Couldn't resolve host 'github.com'`) and real cargo 1.95 (s61).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { diagnoseText } from '../../../../server/src/diagnose/diagnoser';
import { heldout } from './helpers';

const SOURCES = join(__dirname, '..', '..', '..', 'fixtures', 'logs', 'wordings', 'sources');
const s61 = readFileSync(join(SOURCES, 's61-cargo-git-dependency-unresolvable-host.log'), 'utf8');

describe('network-sandbox: a git repository’s fetch is git-deps’', () => {
  it('round12 c16: old curl’s wording after `Updating git repository` → git-deps naming the repository, no fix', () => {
    const ds = diagnoseText(heldout(12, 'c16-git-deps-legacy-build-rust-package-git-dependency-network-2017.log'));
    assert.deepEqual(
      ds.map((d) => [d.category, d.details?.source, d.fixes.length]),
      [['git-deps', 'https://github.com/hyperium/hyper', 0]],
    );
  });

  it('real cargo 1.95: libgit2’s unresolvable host after `Updating git repository` → git-deps only', () => {
    const ds = diagnoseText(s61);
    assert.deepEqual(
      ds.map((d) => [d.category, d.details?.source]),
      [['git-deps', 'https://nixify-test.invalid/hello.git']],
    );
  });

  it('the registry announced last (or old curl’s words after it) stays network-sandbox with the vendoring fix', () => {
    const registry = [
      '    Updating git repository `https://github.com/x/y`',
      '    Updating crates.io index',
      "warning: spurious network error (2 tries remaining): [12/-1] curl error: Couldn't resolve host 'github.com'",
    ];
    const ds = diagnoseText(registry.join('\n'));
    assert.deepEqual(
      ds.map((d) => [d.category, d.fixes.map((f) => f.kind)]),
      [['network-sandbox', ['use-cargo-lock']]],
    );
  });
});
