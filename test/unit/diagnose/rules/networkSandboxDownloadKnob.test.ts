// A build script announcing the variable that names where it downloads a prebuilt archive from (rusty_v8's
// RUSTY_V8_MIRROR / RUSTY_V8_ARCHIVE, skia's SKIA_BINARIES_URL): with its failure cut (round113 wh04) or cargo saying the
// script failed, and nothing else explaining it, the download is the likeliest cause: possible, no fix.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { diagnoseText } from '../../../../server/src/diagnose/diagnoser';
import { heldout } from './helpers';

const read = (text: string) => diagnoseText(text).map((d) => [d.category, d.confidence]);

describe('network-sandbox: a build script that downloads a prebuilt archive', () => {
  it("round113 wh04: rusty_v8's script output cut after its RUSTY_V8_MIRROR line → possible", () => {
    assert.deepEqual(read(heldout(113, 'wh04.log')), [['network-sandbox', 'possible']]);
  });

  it("cargo's failure of the script, the variable above → possible, the variable named", () => {
    const log = [
      'error: failed to run custom build command for `skia-bindings v0.60.0`',
      '--- stdout',
      'cargo:rerun-if-env-changed=SKIA_BINARIES_URL',
      'cargo:rerun-if-env-changed=CC',
      'more output',
      'and more',
      'x',
      'y',
      'z',
      'w',
      'v',
    ].join('\n');
    const ds = diagnoseText(log);
    assert.deepEqual(
      ds.map((d) => [d.category, d.confidence]),
      [['network-sandbox', 'possible']],
    );
    assert.match(ds[0]!.message, /SKIA_BINARIES_URL/);
  });

  it('the variable in a build that went on (no failure of the script, the log goes past it) → nothing', () => {
    const log = ['cargo:rerun-if-env-changed=RUSTY_V8_ARCHIVE', ...Array.from({ length: 12 }, (_, i) => `   Compiling crate${i} v1.0.0`)].join('\n');
    assert.deepEqual(read(log), []);
  });
});
