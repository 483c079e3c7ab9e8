// A network failure right after cargo's `Updating git repository` is that git fetch's: a git dependency the
// build did not vendor (git-deps), not crates the registry would give (network-sandbox's use-cargo-lock).
// Round12 c16 (2017 buildRustPackage, old curl's `Couldn't resolve host 'github.com'`) and real cargo 1.95 (s61).
// A window that cut the announcement still shows cargo's own chain of that fetch (`failed to clone into: …/git/db/…`,
// `Unable to update <url>`): round14 e17 (naersk) and a real Nix 2.8 build of real cargo 1.95 in the sandbox.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { diagnoseText } from '../../../../server/src/diagnose/diagnoser';
import { heldout } from './helpers';

const SOURCES = join(__dirname, '..', '..', '..', 'fixtures', 'logs', 'wordings', 'sources');
const s61 = readFileSync(join(SOURCES, 's61-cargo-git-dependency-unresolvable-host.log'), 'utf8');
const n28 = readFileSync(join(SOURCES, 'n28-cargo-git-clone-window-resolver.log'), 'utf8');

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

  it('round14 e17 and real Nix 2.8 + cargo 1.95: the 10-line window starts at `failed to clone into: …/git/db/<name>-<hash>` → git-deps naming it', () => {
    const e17 = diagnoseText(heldout(14, 'e17-git-deps-naersk-deps-git-clone-network-failure-sandbox-helix.log'));
    assert.deepEqual(
      e17.map((d) => [d.category, d.details?.source, d.fixes.length]),
      [['git-deps', 'jsonrpc', 0]],
    );
    assert.deepEqual(
      diagnoseText(n28).map((d) => [d.category, d.details?.source, d.fixes.length]),
      [['git-deps', 'tinyjson', 0]],
    );
  });

  it('the whole chain cut before its announcement names the URL (`unable to update <url>`, any case), the database only when no URL is in view', () => {
    const chain = s61.split('\n').slice(4).join('\n');
    assert.deepEqual(
      diagnoseText(chain).map((d) => [d.category, d.details?.source]),
      [['git-deps', 'https://nixify-test.invalid/hello.git']],
    );
    const old = chain.replace('unable to update', 'Unable to update').replace('failed to clone into:', 'failed to fetch into');
    assert.deepEqual(
      diagnoseText(old).map((d) => [d.category, d.details?.source]),
      [['git-deps', 'https://nixify-test.invalid/hello.git']],
    );
  });

  it('not a git source’s chain: a registry’s `Unable to update registry …` or a registry announced after the chain stays network-sandbox', () => {
    const registry = ['  Unable to update registry `crates-io`', 'Caused by:', '  failed to resolve address for index.crates.io: Name or service not known; class=Net (12)'];
    assert.deepEqual(
      diagnoseText(registry.join('\n')).map((d) => d.category),
      ['network-sandbox'],
    );
    const after = [
      '  failed to clone into: /build/cargo-home/git/db/tinyjson-025269adf4034dd3',
      '    Updating crates.io index',
      'error: failed to resolve address for index.crates.io: Name or service not known',
    ];
    assert.deepEqual(
      diagnoseText(after.join('\n')).map((d) => d.category),
      ['network-sandbox'],
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

  it('Nix’s own git fetcher failing to resolve a host (builtins.fetchGit, real Nix 2.8 and 2.26) runs outside any sandbox → no network-sandbox', () => {
    for (const name of ['n28-fetchgit-dns.log', 'n226-fetchgit-dns.log']) {
      const cats = diagnoseText(readFileSync(join(SOURCES, name), 'utf8')).map((d) => d.category);
      assert.ok(!cats.includes('network-sandbox') && !cats.includes('git-deps'), `${name}: ${cats.join(', ')}`);
    }
  });
});
