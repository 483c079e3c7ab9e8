// The failing-step finding (diagnose/failingStep.ts): when no rule recognises
// the cause, which derivation failed, in which phase, what it printed last,
// and whether the paste was cut. The logs under fixtures/logs/failing-step are
// real Nix 2.8 output (one real Nix 2.26 run: 2.26-*) of fixtures/nix-builds/failing-step (a builtins.derivation that prints
// stdenv's phase headers and the cargo hooks' lines, then fails in the phase
// asked) and real cargo 1.95 output of a build script that exits 3; the nom log
// is the same Nix 2.8 output in nix-output-monitor's layout (its wording as
// the held-out pastes show it). Cut pastes are those logs cut at other lines.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { Diagnoser, diagnoseText } from '../../../server/src/diagnose/diagnoser';
import { isFailingStep } from '../../../server/src/diagnose/failingStep';
import type { Diagnostic } from '../../../server/src/diagnose/types';

const LOGS = join(__dirname, '..', '..', 'fixtures', 'logs');
const DIR = join(LOGS, 'failing-step');
const read = (f: string) => readFileSync(join(DIR, f), 'utf8');

/** The one finding, by the byte path (prefilter) — which must say exactly what decoding every line says. */
function step(text: string): Diagnostic {
  const d = new Diagnoser({ failingStep: true });
  d.push(Buffer.from(text));
  const ds = d.end();
  assert.deepEqual(ds, diagnoseText(text, { noPrefilter: true, failingStep: true }));
  assert.equal(ds.length, 1, JSON.stringify(ds));
  const f = ds[0]!;
  assert.ok(isFailingStep(f));
  assert.equal(f.category, 'other');
  assert.equal(f.severity, 'info');
  assert.deepEqual(f.fixes, []);
  return f;
}

const DRV = '/nix/store/wipdzzbpibnksrhqf1lga0cj1cwzjbk7-demo-tool-1.2.3.drv';

describe('failing step: real Nix 2.8 output, whole', () => {
  for (const [file, phase, hook, code, error] of [
    ['2.8-nix-build-check-phase.log', 'checkPhase', 'cargoCheckHook', '3', 'Error: the frobnicator refused: quota exceeded (code 7)'],
    ['2.26-nix-build-check-phase.log', 'checkPhase', 'cargoCheckHook', '3', 'Error: the frobnicator refused: quota exceeded (code 7)'],
    ['2.8-nix-build-legacy-check-phase.log', 'checkPhase', 'cargoCheckHook', '3', 'Error: the frobnicator refused: quota exceeded (code 7)'],
    ['2.8-nix-build-check-phase.internal-json.log', 'checkPhase', 'cargoCheckHook', '3', 'Error: the frobnicator refused: quota exceeded (code 7)'],
    ['2.8-nix-build-L-build-phase.log', 'buildPhase', 'cargoBuildHook', '1', 'error: linker `xyz` said: something unusual happened'],
    ['nom-check-phase.log', 'checkPhase', 'cargoCheckHook', '3', 'Error: the frobnicator refused: quota exceeded (code 7)'],
  ] as const) {
    it(`${file}: the derivation, its phase and the last error`, () => {
      const f = step(read(file));
      assert.equal(f.details?.name, 'demo-tool-1.2.3');
      assert.equal(f.details?.phase, phase);
      assert.equal(f.details?.hook, hook);
      assert.equal(f.details?.exitCode, code);
      assert.equal(f.details?.lastError, error);
      assert.equal(f.details?.cut, undefined);
      assert.match(
        f.message,
        new RegExp(`^\`demo-tool-1\\.2\\.3\` failed in its ${phase === 'checkPhase' ? 'check' : 'build'} phase \\(${hook}\\) with exit code ${code}; the last error it printed: `),
      );
      assert.match(f.message, /No known cause recognised, so Nixify offers no fix\.$/);
      if (file !== '2.8-nix-build-L-build-phase.log') assert.equal(f.drv, DRV);
    });
  }

  it('no error printed: the last lines, not Nix’s own', () => {
    const f = step(read('2.8-nix-build-install-phase-no-error.log'));
    assert.equal(f.details?.phase, 'installPhase');
    assert.equal(f.details?.exitCode, '2');
    assert.equal(f.details?.lastError, undefined);
    assert.match(f.message, /failed in its install phase \(cargoInstallHook\) with exit code 2; the last lines it printed: .*Executing cargoInstallHook\./);
    assert.doesNotMatch(f.message, /For full logs|builder for/);
  });
});

describe('failing step: the same failure in Nix 2.3’s and 2.30+’s layouts (Nix’s own lines re-laid out as fixtures/logs’ old-layout and new-layout logs are)', () => {
  const tail = read('2.8-nix-build-check-phase.log')
    .split('\n')
    .filter((l) => l.startsWith('       > '))
    .map((l) => l.slice(9));
  it('Nix 2.3: `builder for … failed …; last 10 log lines:`, a two-space tail, `error: build of … failed`', () => {
    const text = `building '${DRV}'...\nbuilder for '${DRV}' failed with exit code 3; last 10 log lines:\n${tail.map((l) => `  ${l}`).join('\n')}\nerror: build of '${DRV}' failed\n`;
    const f = step(text);
    assert.deepEqual(
      [f.details?.name, f.details?.phase, f.details?.exitCode, f.details?.lastError, f.details?.cut],
      ['demo-tool-1.2.3', 'checkPhase', '3', 'Error: the frobnicator refused: quota exceeded (code 7)', undefined],
    );
    // Cut inside the tail, before 2.3's closing line: the failure is named, and the paste said as cut.
    const cut = step(text.split('\n').slice(0, 6).join('\n') + '\n');
    assert.equal(cut.details?.name, 'demo-tool-1.2.3');
    assert.equal(cut.details?.cut, 'end');
  });
  it('Nix 2.30+: `Cannot build`, `Reason: builder failed with exit code N.`, `Last N log lines:`, `For full logs, run:`', () => {
    const out = DRV.replace(/\.drv$/, '');
    const text = `error: Cannot build '${DRV}'.\n       Reason: builder failed with exit code 3.\n       Output paths:\n         ${out}\n       Last 10 log lines:\n${tail.map((l) => `       > ${l}`).join('\n')}\n       For full logs, run:\n         nix log ${DRV}\n`;
    const f = step(text);
    assert.deepEqual(
      [f.details?.name, f.details?.phase, f.details?.exitCode, f.details?.lastError, f.details?.cut],
      ['demo-tool-1.2.3', 'checkPhase', '3', 'Error: the frobnicator refused: quota exceeded (code 7)', undefined],
    );
    const cut = step(text.split('\n').slice(0, 9).join('\n') + '\n');
    assert.equal(cut.details?.cut, 'end');
  });
});

describe('failing step: no derivation (a dev shell’s cargo, real cargo 1.95)', () => {
  it('names cargo’s step and the script’s error; cargo’s exit status closes it', () => {
    const f = step(read('cargo-dev-shell-build-script.log'));
    assert.equal(f.drv, undefined);
    assert.equal(f.details?.cargoStep, 'running the build script of `frob v0.1.0`');
    assert.equal(f.details?.lastError, 'Error: the frobnicator refused: quota exceeded (code 7)');
    assert.equal(f.details?.cut, undefined);
    assert.match(f.message, /^cargo failed running the build script of `frob v0\.1\.0`; the last error it printed: Error: the frobnicator/);
  });
});

/** The log without its lines from the first matching `from` on. */
const cutAt = (text: string, from: RegExp) => {
  const lines = text.split('\n');
  const i = lines.findIndex((l) => from.test(l));
  assert.ok(i > 0, `no line matches ${from}`);
  return lines.slice(0, i).join('\n') + '\n';
};

describe('failing step: cut pastes', () => {
  it('cut before the builder’s error (legacy nix-build, streamed): what to run if it failed, but not said as cut (it shows no failure)', () => {
    const f = step(cutAt(read('2.8-nix-build-legacy-check-phase.log'), /^Error: the frobnicator/));
    assert.equal(f.details?.cut, undefined);
    assert.equal(f.details?.phase, 'checkPhase');
    assert.equal(f.details?.lastError, undefined);
    assert.equal(f.drv, DRV);
    assert.match(
      f.message,
      /^The log of `demo-tool-1\.2\.3` shows no failure; it ends in its check phase \(cargoCheckHook\); the last lines it printed: .*If the build failed, this log ends before the build's own error: run `nix log \/nix\/store\/\S+-demo-tool-1\.2\.3\.drv` or paste from the first `error`\.$/,
    );
  });

  it('cut after the error but before Nix’s closing line (-L)', () => {
    const f = step(cutAt(read('2.8-nix-build-L-build-phase.log'), /^error: builder for/));
    assert.equal(f.details?.cut, 'end');
    assert.equal(f.details?.lastError, 'error: linker `xyz` said: something unusual happened');
    assert.match(f.message, /This log ends without Nix's closing line \(`builder for … failed`\) or cargo's: if it was cut/);
  });

  it('cut inside the tail (nix build): the failure is named, the error not shown', () => {
    const f = step(cutAt(read('2.8-nix-build-check-phase.log'), /> test a \.\.\. ok/));
    assert.equal(f.details?.name, 'demo-tool-1.2.3');
    assert.equal(f.details?.cut, 'end');
    assert.match(f.message, new RegExp(`This log ends before the build's own error: run \`nix log ${DRV.replace(/\./g, '\\.')}\``));
  });

  it('cut inside the tail before its last phase (real Nix 2.26 nix build): the phase the tail reached is not said to be where it failed', () => {
    const f = step(cutAt(read('2.26-nix-build-check-phase.log'), /> Running phase: checkPhase/));
    assert.equal(f.details?.cut, 'end');
    assert.match(f.message, /^`demo-tool-1\.2\.3` failed with exit code 3; what this log holds of its output ends in its build phase \(cargoBuildHook\); the last lines it printed: /);
    assert.doesNotMatch(f.message, /failed in its/);
  });

  it('an error that is also among the last lines is one evidence line', () => {
    const f = step('error: linking with `cc` failed: exit status: 1\n');
    assert.deepEqual(f.evidence, ['error: linking with `cc` failed: exit status: 1']);
  });

  it('a log that ends in long lines: each said no longer than an evidence line', () => {
    const long = `  = note: "cc" "-m64" ${'"/build/source/target/release/deps/x.o" '.repeat(300)}`;
    const f = step(`${read('2.8-nix-build-legacy-check-phase.log').split('\n').slice(0, 5).join('\n')}\n${long}\n${long}\n`);
    assert.ok(f.message.length < 2000, String(f.message.length));
  });

  it('a one-line paste with no newline: its one line is its first (read at the log’s end)', () => {
    const f = step('  --> src/main.rs:3:5');
    assert.equal(f.details?.cut, 'both');
    assert.match(f.message, /It starts inside a compiler message or a linker command/);
  });

  it('a paste that starts inside rustc’s message or a linker command', () => {
    const body = read('2.8-nix-build-L-build-phase.log');
    for (const first of ['  |', '  --> src/main.rs:3:5', '  = note: "cc" "-m64" "/build/source/target/release/deps/x.o"']) {
      const f = step(`${first}\n${body}`);
      assert.equal(f.details?.cut, 'start', first);
      assert.match(f.message, /It starts inside a compiler message or a linker command/);
    }
    assert.equal(step(body).details?.cut, undefined);
    // Chunks that end anywhere (inside the first line, inside a blank start) read the same first line.
    const text = `\n  \n  |\n${body}`;
    const bytes = Buffer.from(text);
    for (const size of [1, 2, 3, 5, 7]) {
      const d = new Diagnoser({ failingStep: true });
      for (let i = 0; i < bytes.length; i += size) d.push(bytes.subarray(i, i + size));
      assert.equal(d.end()[0]?.details?.cut, 'start', String(size));
    }
  });

  it('a whole log from nix-build that succeeded (its output path last) has no failing step', () => {
    const d = new Diagnoser({ failingStep: true });
    d.push("building '/nix/store/4prm8p8xpfp49z46vhggpjkq0b8ifsbr-hello-test.drv'...\nbuilding hello\n/nix/store/4prm8p8xpfp49z46vhggpjkq0b8ifsbr-hello-test\n");
    assert.deepEqual(d.end(), []);
  });

  it('a whole log from nix-build that succeeded after its builder printed an `error:` line (real Nix 2.8) has no failing step', () => {
    const text = read('2.8-nix-build-legacy-succeeded-error-word.log');
    assert.match(text, /^error: the probe for feature xyz failed/m);
    for (const d of [new Diagnoser({ failingStep: true }), new Diagnoser({ failingStep: true, noPrefilter: true })]) {
      d.push(Buffer.from(text));
      assert.deepEqual(d.end(), []);
    }
  });

  it('a whole log from `nix build -L` that succeeded (real Nix 2.8: nothing follows the last phase) is not said to have failed or stopped', () => {
    const f = step(read('2.8-nix-build-L-succeeded.log'));
    assert.equal(f.details?.lastError, undefined);
    assert.match(f.message, /^The log of `demo-tool-1\.2\.3` shows no failure; it ends in its fixup phase; /);
    assert.match(f.message, /If the build failed, this log ends before the build's own error: run `nix log \/nix\/store\/\S+-demo-tool-1\.2\.3\.drv`/);
    assert.doesNotMatch(f.message, /stopped|failed in|This log ends/);
    assert.equal(f.details?.cut, undefined);
  });

  it('whole logs of builds that succeeded (real Nix 2.8: `nix build -L`, `nix build`, internal-json) are not said to be cut', () => {
    const real = join(__dirname, '..', '..', '..', '..', 'shared', 'corpus', 'logs', 'real-nix-2.8');
    const files = [join(DIR, '2.8-nix-build-L-succeeded.log'), join(LOGS, '2.8-rust-openssl-ok.L.log')];
    for (const f of ['flake-build-ok.log', 'flake-build-ok.internal-json.log']) {
      try {
        readFileSync(join(real, f));
        files.push(join(real, f));
      } catch {
        // ../shared absent: the repository's own logs only.
      }
    }
    for (const file of files) assert.equal(step(readFileSync(file, 'utf8')).details?.cut, undefined, file);
  });
});

describe('failing step: only Nix’s own closing lines close the log (real Nix 2.8 and 2.26 of fixtures/nix-builds/tool-says-failed)', () => {
  // The builder's tools print `… failed with exit code 1` (clang, execa) and `failed to build archive` (rustc) before it exits 1.
  const files = ['2.8-nix-build-legacy', '2.8-nix-build-L', '2.8-nix-build', '2.26-nix-build-L', '2.26-nix-build'].map((f) => `${f}-tool-says-failed.log`);
  for (const file of files) {
    it(`${file}: whole, not cut`, () => {
      const f = step(read(file));
      assert.equal(f.details?.name, 'demo-linker-0.1.0');
      assert.equal(f.details?.exitCode, '1');
      assert.equal(f.details?.cut, undefined);
    });
    // Streamed output cut before Nix's `error: builder for …`; a tail (nix build) cut inside it, before `For full logs`.
    const streamed = !/-nix-build-tool/.test(file);
    it(`${file}: cut ${streamed ? 'before Nix’s closing line' : 'inside the tail'}, said as cut`, () => {
      const f = step(cutAt(read(file), streamed ? /^error: builder for/ : /For full logs/));
      assert.equal(f.details?.cut, 'end');
      assert.match(
        f.message,
        streamed
          ? /This log ends without Nix's closing line \(`builder for … failed`\) or cargo's: if it was cut/
          : /This log ends without Nix's closing line \(`builder for … failed`\): if it was cut/,
      );
    });
  }

  it('Nix ≤ 2.1’s ‘’ quotes (a developed-on held-out paste): its `builder for ‘…’ failed` names the derivation and closes the log', () => {
    const f = step(readFileSync(join(LOGS, 'heldout', 'round28', 's01.log'), 'utf8'));
    assert.equal(f.details?.name, 'rustc-2016-03-22-g6cc502c');
    assert.equal(f.details?.exitCode, '2');
    assert.equal(f.details?.cut, undefined);
    assert.doesNotMatch(f.message, /builder for|build of|couldn't be built/);
  });
});

describe('failing step: held-out pastes their collectors describe as cut', () => {
  const HELDOUT = join(LOGS, 'heldout');
  // Each note says where the view starts and ends: inside rustc's `= note:` with the linker's command, cut inside it.
  for (const [file, cut] of [
    ['round24/o13.log', 'both'],
    ['round26/q11.log', 'both'],
    ['round31/w04.log', 'both'],
    // "the view starts inside the paste"; cargo's own closing summary is in view.
    ['round12/c07-other-rust-overlay-nightly-gcc-ld-wrapper-darwin-sdk-setup-missing-build-std-crane.log', 'start'],
  ] as const) {
    it(`${file}: cut ${cut}`, () => {
      const f = step(readFileSync(join(HELDOUT, file), 'utf8'));
      assert.equal(f.details?.cut, cut);
      assert.match(f.message, /It starts inside a compiler message or a linker command/);
      if (cut === 'both') assert.match(f.message, /If the build failed, this log ends before the build's own error/);
    });
  }
});

describe('failing step: only when no rule found a cause, and only when asked', () => {
  it('a recognised cause keeps its diagnostic alone', () => {
    const text = readFileSync(join(LOGS, '2.8-rust-openssl-no-pkg-config.L.log'), 'utf8');
    const ds = diagnoseText(text, { failingStep: true });
    assert.ok(ds.length);
    assert.ok(!ds.some(isFailingStep));
    assert.deepEqual(ds, diagnoseText(text));
  });

  it('off by default (rules’ tests, a build that succeeded)', () => {
    assert.deepEqual(diagnoseText(read('2.8-nix-build-check-phase.log')), []);
  });

  it('every fixture, corpus and held-out log: the byte path says what decoding every line says', () => {
    const dirs = [
      LOGS,
      DIR,
      ...readdirSync(join(LOGS, 'heldout'))
        .filter((d) => d.startsWith('round'))
        .map((d) => join(LOGS, 'heldout', d)),
    ];
    const corpus = join(__dirname, '..', '..', '..', '..', 'shared', 'corpus', 'logs');
    for (const sub of ['github', 'real-nix-2.8']) {
      try {
        readdirSync(join(corpus, sub));
        dirs.push(join(corpus, sub));
      } catch {
        // ../shared absent: the repository's own logs only.
      }
    }
    let n = 0;
    for (const dir of dirs) {
      for (const f of readdirSync(dir).filter((x) => x.endsWith('.log'))) {
        const bytes = readFileSync(join(dir, f));
        const d = new Diagnoser({ failingStep: true });
        for (let i = 0; i < bytes.length; i += 4093) d.push(bytes.subarray(i, i + 4093));
        const got = d.end();
        assert.deepEqual(got, diagnoseText(bytes.toString('utf8'), { noPrefilter: true, failingStep: true }), f);
        assert.ok(got.filter(isFailingStep).length <= 1 && (!got.some(isFailingStep) || got.length === 1), f);
        n++;
      }
    }
    assert.ok(n > 100);
  });
});

describe('failing step: phase headers read on their bytes (and remembered for them) say what decoding every line says', () => {
  it('headers in every shape the decoder reads otherwise (CI prefix, carriage return, tail-like starts, a Nix level as prefix, a box, non-ASCII, over the line cap), repeated, in chunks', () => {
    const shapes = [
      'Running phase: buildPhase',
      'demo> Running phase: checkPhase',
      'demo> Executing cargoCheckHook',
      'running 2 tests',
      'Running phase: installPhase',
      '2024-05-01T10:00:00.1234567Z Running phase: configurePhase',
      '2024-05-01T10:00:00.1234567Z \u000b> Running phase: patchPhase',
      'progress\rRunning phase: fixupPhase',
      '    > Running phase: unpackPhase',
      '\u000b> Running phase: distPhase',
      '\f> Executing cargoBuildHook',
      'error> Running phase: buildPhase',
      '┃ Running phase: checkPhase',
      'dëmo> Running phase: buildPhase',
      '\u00a0> Running phase: installPhase',
      'configuring',
      'installing   ',
      'constructor',
      `demo> Running phase: ${'x'.repeat(300)}`,
      'Running phase: installCheckPhase',
      'running 1 test',
      'Executing cargoNextestHook',
      'running install tests',
    ];
    const d = (s: string) => `${s}\n`;
    // Every shape once (so the remembered path reads the next ones), then each shape after every other (the step's
    // hook depends on the header before), then the failure: the finding says the state those two left.
    const warm = shapes.map(d).join('');
    let phases = 0;
    for (const a of shapes) {
      for (const b of shapes) {
        const text = `${warm}${d(a)}${d(b)}Error: quota exceeded\n`;
        const want = diagnoseText(text, { noPrefilter: true, failingStep: true, maxLineLength: 200 });
        assert.equal(want.length, 1);
        if (want[0]!.details?.phase) phases++;
        const bytes = Buffer.from(text);
        for (const [size, jsScan] of [
          [1, false],
          [7, true],
          [1 << 20, false],
        ] as const) {
          const got = new Diagnoser({ failingStep: true, jsScan, maxLineLength: 200 });
          for (let i = 0; i < bytes.length; i += size) got.push(bytes.subarray(i, i + size));
          assert.deepEqual(got.end(), want, `${JSON.stringify(a)} then ${JSON.stringify(b)}, chunks of ${size}${jsScan ? ', JavaScript scan' : ''}`);
        }
      }
    }
    assert.equal(phases, shapes.length ** 2);
  });
});
