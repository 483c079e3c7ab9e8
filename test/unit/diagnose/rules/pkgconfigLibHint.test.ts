// The pkg-config crate ≥ 0.3.28 ends its error with the module again after the search path's entries
// (its lib.rs at the 0.3.28–0.3.34 tags): a Nix build's PKG_CONFIG_PATH_FOR_TARGET lists one entry per input,
// so Nix's `last 10 log lines` keep only those and the hint. Debian's pkg-config crate here is 0.3.25, so the
// lines are the crate's format strings in Nix 2.x's window.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { diagnoseText } from '../../../../server/src/diagnose/diagnoser';

const window = (tail: string[]) =>
  [
    "error: builder for '/nix/store/0k4q7d3m9x2v6b1n5c8z4p7r2s6t3w9y-demo-0.1.0.drv' failed with exit code 101;",
    '       last 10 log lines:',
    ...tail.map((l) => `       > ${l}`.trimEnd()),
    "       For full logs, run 'nix log /nix/store/0k4q7d3m9x2v6b1n5c8z4p7r2s6t3w9y-demo-0.1.0.drv'.",
  ].join('\n');
const entries = ['glib-2.80.2-dev', 'cairo-1.18.0-dev', 'pango-1.52.2-dev', 'harfbuzz-8.5.0-dev', 'gdk-pixbuf-2.42.12-dev', 'graphene-1.10.8-devdoc'].map(
  (p, i) => `      - /nix/store/${String(i).repeat(32)}-${p}/lib/pkgconfig`,
);

describe("pkgconfig-lib: the pkg-config crate's hint, all a window over the search path keeps", () => {
  it('`HINT: you may need to install a package such as gtk4, …` → gtk4', () => {
    const log = window(['  PKG_CONFIG_PATH_FOR_TARGET contains the following:', ...entries, '', '  HINT: you may need to install a package such as gtk4, gtk4-dev or gtk4-devel.']);
    assert.deepEqual(
      diagnoseText(log).map((d) => [d.category, d.fixes]),
      [['pkgconfig-lib', [{ kind: 'add-inputs', buildInputs: ['gtk4'] }]]],
    );
  });

  it("`The file `x.pc` needs to be installed …` and the hint without a search path name the module; OpenSSL stays the openssl rule's", () => {
    const pc = window([
      '  The file `libudev.pc` needs to be installed and the PKG_CONFIG_PATH environment variable must contain its parent directory.',
      '  The PKG_CONFIG_PATH environment variable is not set.',
    ]);
    assert.deepEqual(
      diagnoseText(pc).map((d) => [d.category, d.details?.attr]),
      [['pkgconfig-lib', 'udev']],
    );
    const ssl = window([
      '  The PKG_CONFIG_PATH environment variable is not set.',
      '',
      '  HINT: if you have installed the library, try setting PKG_CONFIG_PATH to the directory containing `openssl.pc`.',
    ]);
    assert.deepEqual(
      diagnoseText(ssl).map((d) => d.category),
      ['openssl'],
    );
  });
});
