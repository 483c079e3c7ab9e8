// cargo's `no matching package named `x` found` names where it looked: `location searched:` and the source's
// Display — a registry (`registry `crates-io``, `crates.io index`), vendored sources (`directory source`), or a
// git source (its bare URL with `?branch=…#rev`, `Git repository <url>` in newer cargo). A git source searched
// means cargo read that repository (fetched, or the builder's copy) and found no such package in it: not a
// dependency that needed the network. Round17 h25 (crate2nix's `cargo metadata` against a git workspace without
// its sibling crate, older cargo's bare URL) and real cargo 1.95 (wordings/sources/s66).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { diagnoseText } from '../../../../server/src/diagnose/diagnoser';
import { heldout } from './helpers';

const SOURCES = join(__dirname, '..', '..', '..', 'fixtures', 'logs', 'wordings', 'sources');
const s66 = readFileSync(join(SOURCES, 's66-cargo-git-source-lacks-package.log'), 'utf8');
const categories = (text: string) => diagnoseText(text).map((d) => d.category);

describe('network-sandbox: a package missing from a git source cargo searched is not the network', () => {
  it('round17 h25: crate2nix’s cargo metadata, `location searched: https://…git?branch=…#rev` → nothing', () => {
    assert.deepEqual(categories(heldout(17, 'h25-other-crate2nix-ifd-git-workspace-sibling-no-matching-package.log')), []);
  });

  it('real cargo 1.95: `location searched: Git repository file:///…` → nothing', () => {
    assert.deepEqual(categories(s66), []);
  });

  it('the same failure searched in the registry, offline, is still the sandbox’s', () => {
    const registry = s66
      .replace(/^location searched: .*$/m, 'location searched: crates.io index')
      .replace(/^required by package .*$/m, (l) => `${l}\nAs a reminder, you're using offline mode (--offline) which can sometimes cause surprising resolution failures,`);
    assert.deepEqual(categories(registry), ['network-sandbox']);
  });
});
