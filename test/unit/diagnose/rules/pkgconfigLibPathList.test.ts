// The pkg-config crate's report of a failed probe seen only by its PKG_CONFIG_PATH list, the module's name cut off
// (round53 s03, round133 xb03; the newer crate's one-entry-a-line form, round156 xy02 and xy04): a probe failed, the
// library out of view (possible, no input guessed).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { diagnoseText } from '../../../../server/src/diagnose/diagnoser';
import { heldout } from './helpers';

const summary = (text: string) => diagnoseText(text).map((d) => [d.category, d.fixes, d.confidence]);

describe('pkgconfig-lib: PKG_CONFIG_PATH as the pkg-config crate reports it, the module cut off', () => {
  it('round133 xb03 and round53 s03 → a probe failed, no input named', () => {
    assert.deepEqual(summary(heldout(133, 'xb03.log')), [['pkgconfig-lib', [], 'possible']]);
    assert.deepEqual(summary(heldout(53, 's03.log')), [['pkgconfig-lib', [], 'possible']]);
  });

  it('two directories are not the list, and a named module is said as before', () => {
    assert.deepEqual(summary('/nix/store/a-zlib-dev/lib/pkgconfig:/nix/store/b-bzip2-dev/lib/pkgconfig'), []);
  });

  it('the same list in a shell’s listing of its environment (`declare -x`, `export`) → no probe said', () => {
    const list = '/nix/store/a-x-dev/lib/pkgconfig:/nix/store/b-y-dev/lib/pkgconfig:/nix/store/c-z-dev/lib/pkgconfig:/nix/store/d-w-dev/lib/pkgconfig';
    for (const dump of [`declare -x PKG_CONFIG_PATH="${list}"`, `export PKG_CONFIG_PATH=${list}`]) assert.deepEqual(summary([dump, 'make: *** [Makefile:12: all] Error 2'].join('\n')), [], dump);
  });

  // pkg-config-rs ≥ 0.3.28's ProbeFailure Display (read in its source, 0.3.28–0.3.34): the search path's variable
  // (nixpkgs' wrapper's PKG_CONFIG_PATH_FOR_TARGET first), then `    - <dir>` an entry, under cargo's two-space indent;
  // its command line quotes an argument with a space (quote_if_needed: a version range).
  const entry = (h: string, name: string) => `      - /nix/store/${h.repeat(32)}-${name}-dev/lib/pkgconfig`;
  const entries = [entry('a', 'zlib-1.3.1'), entry('b', 'bzip2-1.0.8'), entry('c', 'cairo-1.18.4'), entry('d', 'fontconfig-2.17.1')];

  it('round156 xy02 and xy04: the newer report’s list only, one entry a line → a probe failed, no input named', () => {
    assert.deepEqual(summary(heldout(156, 'xy02.log')), [['pkgconfig-lib', [], 'possible']]);
    assert.deepEqual(summary(heldout(156, 'xy04.log')), [['pkgconfig-lib', [], 'possible']]);
  });

  it('the newer report whole, or its list with the hint after it → the module’s attribute, as before', () => {
    const report = [
      '  pkg-config exited with status code 1',
      "  > PKG_CONFIG_ALLOW_SYSTEM_CFLAGS=1 pkg-config --libs --cflags gtk4 'gtk4 >= 4.0'",
      '',
      '  The system library `gtk4` required by crate `gdk4-sys` was not found.',
      '  The file `gtk4.pc` needs to be installed and the PKG_CONFIG_PATH environment variable must contain its parent directory.',
      '  PKG_CONFIG_PATH_FOR_TARGET contains the following:',
      ...entries,
      '',
      '  HINT: you may need to install a package such as gtk4, gtk4-dev or gtk4-devel.',
    ];
    const want = [['pkgconfig-lib', [{ kind: 'add-inputs', buildInputs: ['gtk4'] }], 'certain']];
    assert.deepEqual(summary(report.join('\n')), want);
    assert.deepEqual(summary(report.slice(6).join('\n')), want);
  });

  it('the report’s header alone says a probe failed; two entries, or entries broken by another line, do not', () => {
    assert.deepEqual(summary(['  PKG_CONFIG_PATH contains the following:', entries[0]].join('\n')), [['pkgconfig-lib', [], 'possible']]);
    assert.deepEqual(summary(entries.slice(0, 2).join('\n')), []);
    assert.deepEqual(summary([entries[0], entries[1], '   Compiling foo v0.1.0', entries[2], entries[3]].join('\n')), []);
  });

  it('the report cut after its command (round5 v11’s first lines, with the list after them) → the module the command probed', () => {
    const lines = heldout(5, 'v11-pkgconfig-alsa-ntied.log').split('\n');
    const at = lines.findIndex((x) => x.includes('pkg-config exited with status code'));
    const cut = [...lines.slice(at, at + 3), ...entries.map((e) => `>${e}`)].join('\n');
    assert.deepEqual(summary(cut), [['pkgconfig-lib', [{ kind: 'add-inputs', buildInputs: ['alsa-lib'] }], 'certain']]);
    // A cross build's: nixpkgs' pkg-config wrapper sets PKG_CONFIG to its target-prefixed name, which the command shows.
    const cross = [lines[at]!, lines[at + 1]!.replace(' pkg-config --', ' aarch64-unknown-linux-gnu-pkg-config --'), lines[at + 2]!, ...entries.map((e) => `>${e}`)];
    assert.deepEqual(summary(cross.join('\n')), [['pkgconfig-lib', [{ kind: 'add-inputs', buildInputs: ['alsa-lib'] }], 'certain']]);
    // The command without the status line above it is any shell's.
    assert.deepEqual(summary([lines[at + 1]!, ...entries.slice(0, 2)].join('\n')), []);
  });
});
