import assert from 'node:assert/strict';
import { join } from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { before, describe, it } from 'node:test';
import { diagnose } from '../../../server/src/cli/diagnose';
import { initParsers } from '../../../server/src/parse/treeSitter';

const LOGS = join(__dirname, '..', '..', 'fixtures', 'logs');
const WS = join(LOGS, 'workspaces', 'crate');

async function run(args: string[], stdin = ''): Promise<{ code: number; out: string; err: string }> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (b) => (out += b));
  stderr.on('data', (b) => (err += b));
  // Unit tests run no program: `nix log` is read in test/nix/diagnose/wholeLog.test.ts.
  const code = await diagnose([...args, '--no-nix-log'], { stdout, stderr, stdin: Readable.from([stdin]), cwd: LOGS });
  return { code, out, err };
}

before(async () => {
  await initParsers();
});

describe('nixify diagnose', () => {
  it('--json: category, place and concrete edits; exit 1 for the error it reports', async () => {
    const { code, out } = await run(['2.8-rust-openssl-no-pkg-config.L.log', '--root', WS, '--json']);
    assert.equal(code, 1);
    const [d, ...rest] = JSON.parse(out);
    assert.equal(rest.length, 0);
    assert.equal(d.category, 'openssl');
    assert.equal(d.severity, 'error');
    assert.equal(d.file, 'package.nix');
    assert.deepEqual(d.range.start, { line: 7, character: 2 });
    assert.equal(d.fixes[0].title, 'Add openssl to buildInputs');
    assert.equal(d.fixes[0].edits[0].path, 'package.nix');
  });

  it('reads stdin with -, and prints [] when the log shows nothing', async () => {
    const { code, out } = await run(['-', '--root', WS, '--json'], '\n');
    assert.equal(code, 0);
    assert.deepEqual(JSON.parse(out), []);
  });

  it('no known cause: the failing step, as information with no fix (exit 0), placed on the failing derivation’s call', async () => {
    const { code, out } = await run(['failing-step/2.8-nix-build-check-phase.log', '--root', WS]);
    assert.equal(code, 0);
    assert.match(
      out,
      /^package\.nix:\d+:\d+: info \[failing-step\] `demo-tool-1\.2\.3` failed in its check phase \(cargoCheckHook\) with exit code 3; the last error it printed: Error: the frobnicator refused/m,
    );
    assert.doesNotMatch(out, /fix:/);
    const json = await run(['failing-step/2.8-nix-build-check-phase.log', '--root', WS, '--json']);
    const [d, ...rest] = JSON.parse(json.out);
    assert.equal(rest.length, 0);
    assert.equal(d.kind, 'failing-step');
    assert.equal(d.category, 'other');
    assert.equal(d.severity, 'info');
    assert.deepEqual(d.fixes, []);
  });

  it('a cut paste is said as cut, with the build it was in', async () => {
    const { code, out } = await run(['-'], "building '/nix/store/wipdzzbpibnksrhqf1lga0cj1cwzjbk7-demo-tool-1.2.3.drv'...\nRunning phase: buildPhase\n   Compiling demo-tool v1.2.3 (/build/source)\n");
    assert.equal(code, 0);
    assert.match(
      out,
      /: info \[failing-step\] The log of `demo-tool-1\.2\.3` shows no failure; it ends in its build phase; .*If the build failed, this log ends before the build's own error: run `nix log \/nix\/store\/wipdzzbpibnksrhqf1lga0cj1cwzjbk7-demo-tool-1\.2\.3\.drv` or paste from the first `error`\.$/m,
    );
  });

  it('readable summary without --json, exit 1 on an error', async () => {
    const { code, out } = await run(['2.8-nix-build-fod-hash-mismatch.log', '--root', WS]);
    assert.equal(code, 1);
    assert.match(out, /^package\.nix:3:1: error \[hash-mismatch, certain\] Hash mismatch in fixed-output derivation fod-test/m);
  });

  it('each finding says its confidence; a possible cause is said to be one, as a warning (exit 0), its fixes none preferred', async () => {
    const json = await run(['heldout/round24/o07.log', '--root', WS, '--json']);
    assert.equal(json.code, 0);
    const [d] = JSON.parse(json.out);
    assert.equal(d.category, 'openssl');
    assert.equal(d.confidence, 'possible');
    assert.equal(d.severity, 'warning');
    assert.match(d.message, /^Possible cause \(the log does not show it for certain\): openssl-sys 0\.9\.90/);
    assert.ok(d.fixes.length);
    assert.ok(!d.fixes.some((f: { preferred?: boolean }) => f.preferred));
    const text = await run(['heldout/round24/o07.log', '--root', WS]);
    assert.match(text.out, /^package\.nix:\d+:\d+: warning \[openssl, possible\] Possible cause/m);
    const claimed = JSON.parse((await run(['2.8-rust-openssl-no-pkg-config.L.log', '--root', WS, '--json'])).out);
    assert.equal(claimed[0].confidence, 'certain');
  });

  it('a check phase failing with no test named (round105 vz03, libtest summary only): the fix turns the check phase off, said to skip every test', async () => {
    const { code, out } = await run(['heldout/round105/vz03.log', '--root', WS]);
    assert.equal(code, 1);
    assert.match(out, /^package\.nix:\d+:\d+: error \[test-failure, likely\] 81 tests failed in the check phase/m);
    assert.match(out, /^ {4}fix: Turn the check phase off \(doCheck = false\): skips every test, not only the failing one$/m);
    const [d] = JSON.parse((await run(['heldout/round105/vz03.log', '--root', WS, '--json'])).out);
    assert.deepEqual(
      d.fixes.map((f: { edits: { path: string; edits: { newText: string }[] }[] }) => f.edits.map((e) => [e.path, e.edits.map((x) => x.newText)])),
      [[['package.nix', ['\n  doCheck = false;']]]],
    );
    assert.ok(!d.fixes[0].preferred);
  });

  it('exit 2 on unreadable input', async () => {
    const { code, err } = await run(['does-not-exist.log', '--root', WS]);
    assert.equal(code, 2);
    assert.match(err, /does-not-exist\.log: cannot read/);
  });
});
