// How a build says a program it probes for is absent, by the mechanism that prints it: std's io::Error after the
// name the message gives the program (Display `… (os error 2)`, Debug `Os { code: 2, kind: NotFound … }`; real cargo
// 1.95 build scripts), a shell that cannot run a program named by a system path a Nix build lacks (real Nix 2.26
// sandbox: `sh: 1: /usr/bin/pkg-config: not found`), and xcrun's words for an Xcode tool it cannot find.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { diagnoseText } from '../../../../server/src/diagnose/diagnoser';
import { heldout } from './helpers';

const LOGS = join(__dirname, '..', '..', '..', 'fixtures', 'logs');
const read = (name: string) => readFileSync(join(LOGS, name), 'utf8');
const told = (text: string) => diagnoseText(text).map((d) => [d.category, d.confidence, d.fixes]);
const adds = (attr: string) => [{ kind: 'add-inputs', nativeBuildInputs: [attr] }];

describe('missing-tool: a program a build script probes for', () => {
  it("std's Display form after the program's name (real cargo 1.95: `ruby not found: … (os error 2)`)", () => {
    assert.deepEqual(told(read('real-cargo-build-script-spawn-display.log')), [['missing-tool', 'certain', adds('ruby')]]);
  });

  it("std's Debug form after the name in backticks (real cargo 1.95: ``Unable to find `pg_config`: Os { code: 2, …``)", () => {
    assert.deepEqual(told(read('real-cargo-build-script-spawn-debug.log')), [['missing-tool', 'certain', adds('postgresql')]]);
  });

  it('round79 uz06 (rb-sys) and round74 uu02 (pgx, the title over a cut paste)', () => {
    assert.deepEqual(told(heldout(79, 'uz06.log')), [['missing-tool', 'certain', adds('ruby')]]);
    assert.deepEqual(told(heldout(74, 'uu02.log')), [['missing-tool', 'certain', adds('postgresql')]]);
  });

  it('the same errno after a file’s name, or a name no attribute provides as a program, says nothing', () => {
    assert.deepEqual(told('error: could not read Cargo.lock: No such file or directory (os error 2)'), []);
    assert.deepEqual(told('Failed to read source.properties: Os { code: 2, kind: NotFound, message: "No such file or directory" }'), []);
    assert.deepEqual(told(heldout(69, 'up05.log')), []);
  });
});

describe('missing-tool: a program called by a system path the build does not have', () => {
  it('real Nix 2.26 sandbox, plain and -L: the path patched to the name, the program’s package added', () => {
    for (const name of ['real-2.26-fhs-path.log', 'real-2.26-fhs-path.L.log']) {
      const d = diagnoseText(read(name));
      assert.deepEqual(
        d.map((x) => [x.category, x.confidence, x.fixes, x.details?.path]),
        [['missing-tool', 'certain', adds('pkg-config'), '/usr/bin/pkg-config']],
        name,
      );
      assert.match(d[0]!.message, /substituteInPlace <file> --replace-fail \/usr\/bin\/pkg-config pkg-config/);
    }
  });

  it('bash’s words for the same (real bash 5.2), in a failed Nix build', () => {
    const log = ['bash: line 1: /usr/bin/pg_config: No such file or directory', "error: builder for '/nix/store/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa-demo-0.1.0.drv' failed with exit code 127"].join('\n');
    assert.deepEqual(told(log), [['missing-tool', 'certain', adds('postgresql')]]);
  });

  it('outside a Nix build (cargo on a host, round7 x22) it is the host’s matter: nothing said', () => {
    assert.deepEqual(told(heldout(7, 'x22-other-usr-bin-file-fontconfig-configure-lapce-nixos.log')), []);
  });

  it('by name, the shell’s own `not found` (real Nix 2.26 sandbox)', () => {
    assert.deepEqual(told(read('real-2.26-shell-not-found.log')), [['missing-tool', 'certain', adds('ruby')]]);
  });
});

describe("missing-tool: xcrun's words for an Xcode tool", () => {
  it('round80 va03: the Metal Toolchain (Xcode 26), named with no input, as likely', () => {
    const d = diagnoseText(heldout(80, 'va03.log'));
    assert.deepEqual(
      d.map((x) => [x.category, x.confidence, x.fixes, x.details?.tool]),
      [['missing-tool', 'likely', [], 'metal']],
    );
  });

  it('Apple’s older wording names the utility the same way', () => {
    assert.deepEqual(
      diagnoseText('xcrun: error: unable to find utility "metal", not a developer tool or in PATH').map((x) => x.details?.tool),
      ['metal'],
    );
  });
});

describe("missing-tool: glibc's word-size stub header is no missing C header", () => {
  it("round102 vw02: glibc's gnu/stubs.h asking for gnu/stubs-32.h → nothing; a C library header missing still reads bindgen's", () => {
    const cats = (t: string) => diagnoseText(t).map((d) => d.category);
    assert.deepEqual(cats(readFileSync(join(LOGS, 'heldout', 'round102', 'vw02.log'), 'utf8')), []);
    assert.deepEqual(cats("/nix/store/x-glibc-2.37-8-dev/include/stdio.h:33:10: fatal error: 'stddef.h' file not found\n"), ['missing-tool']);
    assert.deepEqual(cats("/nix/store/x-glibc-2.37-8-dev/include/features.h:10:10: fatal error: 'gnu/stubs-64.h' file not found\n"), []);
  });
});
