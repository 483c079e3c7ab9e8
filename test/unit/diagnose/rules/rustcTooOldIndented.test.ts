// rustc's closing `For more information about this error, try \`rustc --explain E0554\`` is never indented by
// rustc; a paste nested in a list is, whole (round12 c04: E0554 under a crate2nix build that stopped honouring
// the rust-toolchain file, every line one or two spaces in). Real cargo 1.95 output (wordings/sources/s60).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { diagnoseText } from '../../../../server/src/diagnose/diagnoser';
import { heldout } from './helpers';

const SOURCES = join(__dirname, '..', '..', '..', 'fixtures', 'logs', 'wordings', 'sources');
const s60 = readFileSync(join(SOURCES, 's60-rustc-e0554-stable.log'), 'utf8');

function toolchainFixes(text: string): string[] {
  return diagnoseText(text).map((d) => `${d.category}:${d.fixes.map((f) => f.kind).join('+')}`);
}

describe('rustc-too-old: E0554 in an indented paste', () => {
  it('round12 c04: the paste indented by one and two spaces → rustc-too-old with a toolchain fix', () => {
    assert.deepEqual(toolchainFixes(heldout(12, 'c04-rustc-too-old-e0554-feature-stable-crate2nix-nci-toolchain-file.log')), ['rustc-too-old:rust-toolchain']);
  });

  it('real cargo 1.95 stable: as printed and indented by two spaces → rustc-too-old, not the code’s error', () => {
    assert.deepEqual(toolchainFixes(s60), ['rustc-too-old:rust-toolchain']);
    const indented = s60.replace(/^/gm, '  ');
    assert.deepEqual(toolchainFixes(indented), ['rustc-too-old:rust-toolchain']);
  });

  it('another code’s closing line, indented or not, is not rustc-too-old’s', () => {
    const other = s60.replace(/E0554/g, 'E0425');
    assert.ok(!toolchainFixes(other.replace(/^/gm, '  ')).some((c) => c.startsWith('rustc-too-old')));
  });
});
