// The pkg-config crate ≥ 0.3.26's error (its lib.rs ProbeFailure Display: `The system library \`{}\` required by crate
// \`{}\` was not found.`, then from 0.3.28 `The file \`{}.pc\` needs to be installed …`) pasted through Markdown,
// which takes the backticks as code spans and drops them. Round 29's t08 is that one line.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { diagnoseText } from '../../../../server/src/diagnose/diagnoser';

const ROUND29 = join(__dirname, '..', '..', '..', 'fixtures', 'logs', 'heldout', 'round29');
const X11 = /^(?:xorg\.libX11|libx11)$/;

describe("pkgconfig-lib: the pkg-config crate's error without its backticks", () => {
  it("round 29's t08: `The system library x11 required by crate x11 was not found` → libX11", () => {
    const d = diagnoseText(readFileSync(join(ROUND29, 't08.log'), 'utf8'));
    assert.deepEqual(
      d.map((x) => x.category),
      ['pkgconfig-lib'],
    );
    const fix = d[0]!.fixes[0] as { kind: string; buildInputs?: string[] };
    assert.equal(fix.kind, 'add-inputs');
    assert.match(fix.buildInputs?.[0] ?? '', X11);
  });

  it("the crate's whole message stripped of backticks, in Nix's window, names the module", () => {
    const log = [
      "error: builder for '/nix/store/0k4q7d3m9x2v6b1n5c8z4p7r2s6t3w9y-demo-0.1.0.drv' failed with exit code 101;",
      '       last 10 log lines:',
      '       > error: failed to run custom build command for `alsa-sys v0.3.1`',
      '       >   pkg-config exited with status code 1',
      '       >   > PKG_CONFIG_ALLOW_SYSTEM_LIBS=1 PKG_CONFIG_ALLOW_SYSTEM_CFLAGS=1 pkg-config --libs --cflags alsa',
      '       >',
      '       >   The system library alsa required by crate alsa-sys was not found.',
      '       >   The file alsa.pc needs to be installed and the PKG_CONFIG_PATH environment variable must contain its parent directory.',
      '       >   HINT: if you have installed the library, try setting PKG_CONFIG_PATH to the directory containing alsa.pc.',
      "       For full logs, run 'nix log /nix/store/0k4q7d3m9x2v6b1n5c8z4p7r2s6t3w9y-demo-0.1.0.drv'.",
    ].join('\n');
    assert.deepEqual(
      diagnoseText(log).map((x) => [x.category, x.details?.attr, x.fixes]),
      [['pkgconfig-lib', 'alsa-lib', [{ kind: 'add-inputs', buildInputs: ['alsa-lib'] }]]],
    );
    // Only the hint lines (a window that cut the first ones) still name it.
    const hint = log
      .split('\n')
      .filter((l) => !l.includes('system library') && !l.includes('--cflags'))
      .join('\n');
    assert.deepEqual(
      diagnoseText(hint).map((x) => [x.category, x.details?.attr]),
      [['pkgconfig-lib', 'alsa-lib']],
    );
  });
});
