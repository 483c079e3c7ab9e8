// A cut build's whole log: which failed builds a log holds only Nix's tail of (recorded real Nix 2.8 and 2.26 output
// of test/fixtures/nix-builds/cut-log, and Nix 2.3's and 2.30's framing written from their source), and the whole
// log — the recorded output of the real `nix log` — read after the original through the same Diagnoser.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import { Diagnoser } from '../../../server/src/diagnose/diagnoser';
import { isFailingStep } from '../../../server/src/diagnose/failingStep';
import { WholeLogFramer, wholeLogNote } from '../../../server/src/diagnose/wholeLog';
import { initParsers } from '../../../server/src/parse/treeSitter';
import { diagnoseLog, diagnosisWorkspace, type WholeLogReader } from '../../../server/src/pipeline/diagnose';

const CUT = join(__dirname, '..', '..', 'fixtures', 'logs', 'cut');
const WS = join(__dirname, '..', '..', 'fixtures', 'nix-builds', 'cut-log');
const read = (f: string) => readFileSync(join(CUT, f));
const drvIn = (log: Buffer) => /\/nix\/store\/[0-9a-z]{32}-demo-sys-0\.1\.0\.drv/.exec(log.toString())![0];

/** The cut logs a Diagnoser reads, the same with and without the prefilter and the failing step, whole or a byte at a time. */
function cutLogs(log: Buffer) {
  const seen = [{ failingStep: true }, {}, { noPrefilter: true }].map((o) => {
    const d = new Diagnoser(o);
    d.push(log);
    d.end();
    return d.cutLogs;
  });
  const bytes = new Diagnoser({ failingStep: true });
  for (let i = 0; i < log.length; i++) bytes.push(log.subarray(i, i + 1));
  bytes.end();
  for (const s of [...seen.slice(1), bytes.cutLogs]) assert.deepEqual(s, seen[0]);
  return seen[0];
}

/** A reader that hands over a recorded log, in pieces that split lines. */
const replay =
  (log: Buffer, from = 'nix log'): WholeLogReader =>
  async (cut, push) => {
    for (let i = 0; i < log.length; i += 7) push(log.subarray(i, i + 7));
    return { from: `${from} ${cut.drv}` };
  };

before(async () => {
  await initParsers();
});

describe('cut logs: the failed builds a log holds only the tail of', () => {
  it("Nix 2.8's `nix build` and `nix-build -Q`: the tail header's build, and 'For full logs' names `nix log`", () => {
    for (const f of ['2.8-nix-build.log', '2.8-nix-build-legacy-Q.log']) {
      const log = read(f);
      assert.deepEqual(cutLogs(log), [{ drv: drvIn(log), command: 'nix log' }], f);
    }
  });

  it("Nix 2.26: the command on the line after 'For full logs, run:', `nix-store -l` without nix-command", () => {
    const log = read('2.26-nix-build.log');
    assert.deepEqual(cutLogs(log), [{ drv: drvIn(log), command: 'nix log' }]);
    const legacy = read('2.26-nix-build-legacy-Q-no-nix-command.log');
    assert.deepEqual(cutLogs(legacy), [{ drv: drvIn(legacy), command: 'nix-store -l' }]);
  });

  it("Nix 2.3 (tail on the failure's line, no command named) and 2.30+ (`Cannot build`, `Last N log lines`)", () => {
    const a = '/nix/store/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa-app-1.0.drv';
    const v23 = `building '${a}'...\nerror: builder for '${a}' failed with exit code 1; last 10 log lines:\n  noise\n  more noise\nerror: build of '${a}' failed\n`;
    assert.deepEqual(cutLogs(Buffer.from(v23)), [{ drv: a }]);
    const v230 = [
      `error: Cannot build '${a}'.`,
      '       Reason: builder failed with exit code 1.',
      '       Output paths:',
      '         /nix/store/bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb-app-1.0',
      '       Last 25 log lines:',
      '       > noise',
      '       For full logs, run:',
      `         \x1b[1mnix log ${a}\x1b[0m`,
      '',
    ].join('\n');
    assert.deepEqual(cutLogs(Buffer.from(v230)), [{ drv: a, command: 'nix log' }]);
  });

  it('a whole log (-L, the output of `nix log` itself) has none', () => {
    assert.deepEqual(cutLogs(readFileSync(join(CUT, '..', '2.8-rust-openssl-no-pkg-config.L.log'))), []);
    assert.deepEqual(cutLogs(read('2.8-nix-log.log')), []);
  });
});

describe('the whole log read after the original', () => {
  const ws = () => diagnosisWorkspace(WS);

  it('finds the cause only the whole log shows (pkg-config, real 2.8 `nix log` output) and places it; says what was read', async () => {
    const original = read('2.8-nix-build.log');
    assert.doesNotMatch(original.toString(), /pkg-config search path/);
    const { diagnostics, wholeLogs } = await diagnoseLog([original], ws(), { root: WS, failingStep: true, wholeLog: replay(read('2.8-nix-log.log')) });
    assert.deepEqual(
      diagnostics.map((d) => [d.category, d.file]),
      [['openssl', 'default.nix']],
    );
    assert.deepEqual(wholeLogs, [{ drv: drvIn(original), from: `nix log ${drvIn(original)}`, bytes: read('2.8-nix-log.log').length }]);
    assert.match(wholeLogNote(wholeLogs[0]!), /^This log held only the last lines of `demo-sys-0\.1\.0`: its whole log was read with `nix log \/nix\/store\/\S+\.drv` \(\d+ bytes\)\.$/);

    const tail = await diagnoseLog([original], ws(), { root: WS, failingStep: true });
    assert.equal(tail.diagnostics.length, 1);
    assert.ok(isFailingStep(tail.diagnostics[0]!));
    assert.deepEqual(tail.wholeLogs, []);
  });

  it('a log given as text and ending without a newline reads the same', async () => {
    const original = read('2.8-nix-build.log').toString().trimEnd();
    const { diagnostics } = await diagnoseLog([original], ws(), { root: WS, failingStep: true, wholeLog: replay(read('2.8-nix-log.log')) });
    assert.deepEqual(
      diagnostics.map((d) => d.category),
      ['openssl'],
    );
  });

  it("Nix's framing from the original, the builder's lines from the whole log (2.26: the cause only the whole log shows)", async () => {
    const original = read('2.26-nix-build.log');
    const tail = await diagnoseLog([original], ws(), { root: WS, failingStep: true });
    assert.deepEqual(
      tail.diagnostics.map((d) => d.kind),
      ['failing-step'],
    );
    const { diagnostics } = await diagnoseLog([original], ws(), { root: WS, failingStep: true, wholeLog: replay(read('2.26-nix-log.log')) });
    // The shell's `sh: 3: /usr/bin/pkg-config: not found`, cut from Nix's tail: a program called by a path the sandbox lacks.
    assert.deepEqual(
      diagnostics.map((d) => [d.category, d.details?.path]),
      [['missing-tool', '/usr/bin/pkg-config']],
    );
    assert.equal(diagnostics[0]!.drv, '/nix/store/c2whc1j40z81haiql4pbaah4ad9962jl-demo-sys-0.1.0.drv');
  });

  it('a whole log that cannot be read: the original diagnosis, and why', async () => {
    const original = read('2.8-nix-build.log');
    const unreadable: WholeLogReader = async () => {
      throw new Error("`nix-store -l X`: error: build log of derivation 'X' is not available");
    };
    const r = await diagnoseLog([original], ws(), { root: WS, failingStep: true, wholeLog: unreadable });
    const tail = await diagnoseLog([original], ws(), { root: WS, failingStep: true });
    assert.deepEqual(r.diagnostics, tail.diagnostics);
    assert.equal(r.wholeLogs.length, 1);
    assert.match(
      wholeLogNote(r.wholeLogs[0]!),
      /^The whole log of `demo-sys-0\.1\.0` could not be read \(`nix-store -l X`: error: build log .* is not available\): this diagnosis reads only the last lines Nix printed of it\.$/,
    );
  });

  it('no reader is asked when the log is whole', async () => {
    let asked = 0;
    const r = await diagnoseLog([readFileSync(join(CUT, '..', '2.8-rust-openssl-no-pkg-config.L.log'))], ws(), {
      failingStep: true,
      wholeLog: async () => {
        asked++;
        return { from: 'x' };
      },
    });
    assert.equal(asked, 0);
    assert.deepEqual(r.wholeLogs, []);
  });
});

describe('WholeLogFramer', () => {
  it('frames lines as `-L` does, across chunks, after one `building` line; ends a last line without a newline', () => {
    const out: Buffer[] = [];
    const f = new WholeLogFramer('/nix/store/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa-app-1.0.drv', (b) => out.push(Buffer.from(b)));
    for (const c of ['one\ntw', 'o\n', '\nthr', 'ee']) f.push(Buffer.from(c));
    f.end();
    assert.equal(Buffer.concat(out).toString(), "building '/nix/store/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa-app-1.0.drv'...\napp-1.0> one\napp-1.0> two\napp-1.0> \napp-1.0> three\n");
    assert.equal(f.bytes, 14);
  });

  it('pushes nothing for an empty log', () => {
    const out: Uint8Array[] = [];
    const f = new WholeLogFramer('/nix/store/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa-app-1.0.drv', (b) => out.push(b));
    f.push(new Uint8Array(0));
    f.end();
    assert.deepEqual(out, []);
  });
});
