// cargo's `--- stderr` heading of a failed build script's captured output, one matcher for every rule that reads it
// (missing-tool's build-script panic and openssl-src-style runs, network-sandbox's download words, test-failure's
// compile-phase threads). Real lines: round10 a08 and round14 e01's `nix build -L` output, as the decoder hands them
// to the rules and as they were printed.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { LogDecoder } from '../../../server/src/diagnose/stream';
import { CARGO_STDERR } from '../../../server/src/diagnose/text';
import { heldout } from './rules/helpers';

const realHeadings = () =>
  [heldout(10, 'a08-missing-tool-build-rs-spawn-notfound-git-nixos-rebuild-lan-mouse.log'), heldout(14, 'e01-other-crane-vendor-cargo-deps-libsqlite3-sys-copy-bindings-permission-denied.log')]
    .flatMap((t) => t.split('\n'))
    .filter((l) => l.includes('--- stderr'));

describe("cargo's --- stderr heading (text.ts CARGO_STDERR)", () => {
  it('the real lines, decoded (the builder prefix taken off) and as printed (a prefix the decoder left)', () => {
    const raw = realHeadings();
    assert.equal(raw.length, 2);
    for (const l of raw) {
      assert.ok(CARGO_STDERR.test(LogDecoder.textOf(l)), l);
      assert.ok(CARGO_STDERR.test(l), l);
    }
  });

  it('not the stdout heading, nor the words inside another line', () => {
    for (const l of ['  --- stdout', 'lan-mouse>   --- stdout', "note: the heading is '--- stderr'", '--- stderr: x']) assert.ok(!CARGO_STDERR.test(l), l);
  });
});
