// `nixify diagnose` on the output of a real Nix 2.8 `nix build` without -L: the builder printed pkg-config's own
// error and then 40 lines of noise, so the output keeps only noise. The whole log, read with the real `nix log`
// (the build ran in this store), holds the cause; --no-nix-log finds only what the tail shows; a build not in this
// store, a log that is gone and a missing `nix` give the original diagnosis and one line why. Then the process
// control around `nix log` (a timeout, Ctrl-C), with a stand-in `nix` that only sleeps: no real Nix is that slow.
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { after, before, describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';
import type { Diagnostic } from 'vscode-languageserver/node';
import { resolveNix } from '../../../client/src/run/resolveNix';
import { logViewUri } from '../../../shared/src/logView';
import { diagnose } from '../../../server/src/cli/diagnose';
import { initParsers } from '../../../server/src/parse/treeSitter';
import { nixLogReader } from '../../../server/src/pipeline/nixLog';
import { startLsp, type LspSession } from '../../lsp/client';
import { NIX_MISSING } from '../nix';
import { runNix } from './runNix';

const repoRoot = join(__dirname, '..', '..', '..');
const FIXTURE = join(repoRoot, 'test', 'fixtures', 'nix-builds', 'cut-log');
const CLI = join(repoRoot, 'dist', 'cli.js');
const DRV = /\/nix\/store\/[0-9a-z]{32}-demo-sys-0\.1\.0\.drv/;
let dir = '';
let logFile = '';
let drv = '';

async function run(args: string[]): Promise<{ code: number; out: string }> {
  const stdout = new PassThrough();
  let out = '';
  stdout.on('data', (b) => (out += b));
  const code = await diagnose(args, { stdout, stderr: new PassThrough(), stdin: Readable.from([]), cwd: dir });
  return { code, out };
}

interface Entry {
  category: string;
  kind?: string;
  file?: string;
  message: string;
  read?: boolean;
  from?: string;
  drv?: string;
}

before(async () => {
  await initParsers();
  dir = mkdtempSync(join(tmpdir(), 'nixify-cut-'));
  cpSync(FIXTURE, dir, { recursive: true });
  // A tag of its own: a build of this run, its log written now.
  const r = await runNix(['build', '-f', 'default.nix', '--argstr', 'tag', `${process.pid}-${Date.now()}`, '--no-link'], { cwd: dir });
  assert.notEqual(r.code, 0, r.output);
  assert.match(r.output, /last \d+ log lines:/, r.output);
  assert.doesNotMatch(r.output, /pkg-config search path/, 'the cause is above the tail');
  drv = DRV.exec(r.output)![0];
  logFile = join(dir, 'build.log');
  writeFileSync(logFile, r.output);
});
after(() => rmSync(dir, { recursive: true, force: true }));

describe('nixify diagnose reads the whole log of a cut build (real Nix 2.8)', { skip: existsSync('/usr/bin/pkg-config') ? false : 'no /usr/bin/pkg-config for the builder to run' }, () => {
  it('finds the cause from `nix log` and places it; says the whole log was read and from where', async () => {
    const { code, out } = await run([logFile, '--root', dir, '--json']);
    assert.equal(code, 1, out);
    const found: Entry[] = JSON.parse(out);
    assert.deepEqual(
      found.map((d) => [d.kind ?? d.category, d.file]),
      [
        ['openssl', 'default.nix'],
        ['whole-log', undefined],
      ],
    );
    assert.equal(found[1]!.read, true);
    assert.equal(found[1]!.drv, drv);
    assert.match(found[1]!.from!, new RegExp(`^(?:nix log|nix-store -l) ${drv}$`));
    const text = await run([logFile, '--root', dir]);
    assert.match(text.out, /^default\.nix:\d+:\d+: error \[openssl, certain\] /m);
    assert.match(
      text.out,
      new RegExp(`^info \\[whole-log\\] This log held only the last lines of \`demo-sys-0\\.1\\.0\`: its whole log was read with \`(?:nix log|nix-store -l) ${drv}\` \\(\\d+ bytes\\)\\.$`, 'm'),
    );
  });

  it('--no-nix-log: only what the tail shows (the failing step), nothing said of a whole log', async () => {
    const { code, out } = await run([logFile, '--root', dir, '--json', '--no-nix-log']);
    assert.equal(code, 0);
    assert.deepEqual(
      (JSON.parse(out) as Entry[]).map((d) => d.kind),
      ['failing-step'],
    );
  });

  it('a build not in this store: the original diagnosis and one clear line why (exit 0)', async () => {
    const other = join(dir, 'elsewhere.log');
    const gone = '/nix/store/00000000000000000000000000000000-demo-sys-0.1.0.drv';
    writeFileSync(other, readFileSync(logFile, 'utf8').replaceAll(drv, gone));
    const { code, out } = await run([other, '--root', dir]);
    assert.equal(code, 0, out);
    const lines = out.trimEnd().split('\n');
    assert.equal(lines.length, 2, out);
    assert.match(lines[0]!, /info \[failing-step\] `demo-sys-0\.1\.0` failed with exit code 1/);
    assert.match(
      lines[1]!,
      /^info \[whole-log\] The whole log of `demo-sys-0\.1\.0` could not be read \(`(?:nix log|nix-store -l) \/nix\/store\/0{32}-demo-sys-0\.1\.0\.drv`: error: .*\): this diagnosis reads only the last lines Nix printed of it\.$/,
    );
  });

  it('a log Nix no longer has (its file removed, as after a collection): the same', async () => {
    const r = await runNix(['build', '-f', 'default.nix', '--argstr', 'tag', `gone-${process.pid}-${Date.now()}`, '--no-link'], { cwd: dir });
    const d = DRV.exec(r.output)![0];
    const base = d.slice('/nix/store/'.length);
    // Where the local store keeps build logs (Nix's default, or NIX_LOG_DIR), by the drv's base name: `xy/rest[.bz2]`.
    const logs = join(process.env.NIX_LOG_DIR ?? '/nix/var/log/nix', 'drvs', base.slice(0, 2));
    const files = [base.slice(2), `${base.slice(2)}.bz2`].map((f) => join(logs, f)).filter((f) => existsSync(f));
    assert.equal(files.length, 1, `the build's log in ${logs}`);
    rmSync(files[0]!);
    const file = join(dir, 'gone.log');
    writeFileSync(file, r.output);
    const { code, out } = await run([file, '--root', dir, '--json']);
    assert.equal(code, 0, out);
    const found: Entry[] = JSON.parse(out);
    assert.deepEqual(
      found.map((x) => [x.kind, x.read]),
      [
        ['failing-step', undefined],
        ['whole-log', false],
      ],
    );
    assert.match(found[1]!.message, /could not be read \(.*error: build log of derivation '.*' is not available\)/);
  });

  it('no `nix` on PATH: the same, saying so (the bundled CLI, PATH empty)', () => {
    const r = spawnSync(process.execPath, [CLI, 'diagnose', logFile, '--root', dir], { encoding: 'utf8', env: { PATH: '' } });
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /^info \[whole-log\] The whole log of `demo-sys-0\.1\.0` could not be read \(`nix` is not on PATH\)/m);
  });
});

describe("the language server reads it too, with the client's `nix`, only in a trusted workspace (the real server over stdio)", () => {
  // The server's own PATH has no Nix: a whole log read at all was read with the `nix` the build request named.
  const noNix = { ...process.env, PATH: '' };
  const sessions: LspSession[] = [];
  after(async () => {
    for (const s of sessions) await s.close();
  });
  const report = async (trusted: boolean, nixPath?: string) => {
    const lsp = await startLsp(dir, { trusted }, { env: noNix });
    sessions.push(lsp);
    const uri = pathToFileURL(join(dir, 'default.nix')).href;
    await lsp.conn.sendNotification('nixify/buildFinished', { rootUri: pathToFileURL(dir).href, installable: 'default.nix', exitCode: 1, logPath: logFile, ...(nixPath ? { nixPath } : {}) });
    return { lsp, shown: await lsp.waitForDiagnostics(uri, (d) => d.length > 0, 60_000) };
  };
  // The note links the client's decoded view of the log (the one "Show full build log" opens), whose
  // provider reads the log's path back from the query VS Code has decoded once.
  const note = (d: Diagnostic) => (d.relatedInformation ?? []).filter((r) => r.location.uri === logViewUri(logFile, 'default.nix')).map((r) => r.message);
  it('the view address gives the provider the log path back', () => {
    const u = new URL(logViewUri(logFile, 'default.nix'));
    assert.equal(u.protocol, 'nixify-log:');
    assert.equal(new URLSearchParams(decodeURIComponent(u.search.slice(1))).get('path'), logFile);
  });

  it("trusted, the client's resolved `nix` given: the cause from its `nix log`, the note beside it and in the log", { skip: NIX_MISSING }, async () => {
    const nix = await resolveNix();
    const { lsp, shown } = await report(true, nix.path);
    assert.deepEqual(
      shown.map((d) => d.code),
      ['openssl'],
    );
    const said = new RegExp(
      `^This log held only the last lines of \`demo-sys-0\\.1\\.0\`: its whole log was read with \`${nix.path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?: log|-store -l) ${drv}\` \\(\\d+ bytes\\)\\.$`,
    );
    assert.equal(note(shown[0]!).length, 1, JSON.stringify(shown[0]!.relatedInformation));
    assert.match(note(shown[0]!)[0]!, said);
    assert.equal(lsp.logMessages.filter((m) => said.test(m)).length, 1, lsp.logMessages.join('\n'));
  });

  it("trusted, no `nix` given and none on the server's PATH: the tail alone, and why", async () => {
    const { lsp, shown } = await report(true);
    assert.deepEqual(
      shown.map((d) => d.code),
      ['failing-step'],
    );
    assert.match(note(shown[0]!)[0] ?? '', /^The whole log of `demo-sys-0\.1\.0` could not be read \(`nix` is not on PATH\)/);
    assert.ok(
      lsp.logMessages.some((m) => m.includes('`nix` is not on PATH')),
      lsp.logMessages.join('\n'),
    );
  });

  it('untrusted: runs nothing, the tail alone, nothing said of a whole log', { skip: NIX_MISSING }, async () => {
    const { lsp, shown } = await report(false, (await resolveNix()).path);
    assert.deepEqual(
      shown.map((d) => [d.code, note(d).length]),
      [['failing-step', 0]],
    );
    assert.ok(!lsp.logMessages.some((m) => m.includes('whole log')), lsp.logMessages.join('\n'));
  });

  // A plain LSP client (Neovim, Helix) has no build report: it names the `nix` in the command's 4th argument.
  const viaCommand = async (trusted: boolean, nix?: unknown) => {
    const lsp = await startLsp(dir, { trusted }, { env: noNix });
    sessions.push(lsp);
    const args = [logFile, dir, 'default.nix', ...(nix === undefined ? [] : [nix])];
    const r: any = await lsp.conn.sendRequest('workspace/executeCommand', { command: 'nixify.diagnoseBuildLog', arguments: args });
    return { lsp, r, shown: await lsp.waitForDiagnostics(pathToFileURL(join(dir, 'default.nix')).href, (d) => d.length > 0, 60_000) };
  };

  it('nixify.diagnoseBuildLog, trusted, the `nix` named in its 4th argument: the cause from its `nix log`, the note beside it', { skip: NIX_MISSING }, async () => {
    const nix = await resolveNix();
    const { lsp, r, shown } = await viaCommand(true, nix.path);
    assert.deepEqual(
      r.diagnostics.map((d: Diagnostic) => d.code),
      ['openssl'],
    );
    assert.deepEqual(
      shown.map((d) => d.code),
      ['openssl'],
    );
    assert.match(note(shown[0]!)[0] ?? '', new RegExp(`its whole log was read with \`${nix.path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?: log|-store -l) `));
    assert.ok(
      lsp.logMessages.some((m) => m.includes('its whole log was read with')),
      lsp.logMessages.join('\n'),
    );
  });

  it("nixify.diagnoseBuildLog, trusted, no `nix` named and none on the server's PATH: the tail alone, and why", async () => {
    const { r } = await viaCommand(true);
    assert.deepEqual(
      r.diagnostics.map((d: Diagnostic) => d.code),
      ['failing-step'],
    );
  });

  it('nixify.diagnoseBuildLog, untrusted, a `nix` named: runs nothing, the tail alone', { skip: NIX_MISSING }, async () => {
    const { lsp, r, shown } = await viaCommand(false, (await resolveNix()).path);
    assert.deepEqual(
      r.diagnostics.map((d: Diagnostic) => d.code),
      ['failing-step'],
    );
    assert.equal(note(shown[0]!).length, 0);
    assert.ok(!lsp.logMessages.some((m) => m.includes('whole log')), lsp.logMessages.join('\n'));
  });

  it('nixify.diagnoseBuildLog, a `nix` that is not an executable file: a clear error, nothing read', async () => {
    const lsp = await startLsp(dir, { trusted: true }, { env: noNix });
    sessions.push(lsp);
    for (const bad of [join(dir, 'no-such-nix'), 'nix', join(dir, 'default.nix'), 42]) {
      await assert.rejects(lsp.conn.sendRequest('workspace/executeCommand', { command: 'nixify.diagnoseBuildLog', arguments: [logFile, dir, 'default.nix', bad] }), (e: Error) => {
        assert.match(e.message, /the `nix` to read the whole log with \(4th argument\) is not (an absolute path|found, or not an executable file|a path)/);
        return true;
      });
    }
  });
});

describe('the `nix log` child is bounded and killed', () => {
  let bin = '';
  before(() => {
    bin = mkdtempSync(join(tmpdir(), 'nixify-slow-nix-'));
    // `exec`: the sleeping process is the child itself, so killing it leaves nothing behind.
    for (const name of ['nix', 'nix-store']) {
      writeFileSync(join(bin, name), `#!/bin/sh\necho $$ >> "${bin}/pids"\necho "Running phase: buildPhase"\nexec sleep 60\n`);
      chmodSync(join(bin, name), 0o755);
    }
  });
  after(() => rmSync(bin, { recursive: true, force: true }));

  const alive = (pid: number) => {
    try {
      process.kill(pid, 0);
      return true;
    } catch {
      return false;
    }
  };
  const pids = () => readFileSync(join(bin, 'pids'), 'utf8').trim().split('\n').map(Number);

  it('a timeout kills it: what it printed is kept, and why it stopped', async () => {
    const read = nixLogReader({ timeoutMs: 1500, env: { ...process.env, PATH: `${bin}:${process.env.PATH}` } });
    const got: Buffer[] = [];
    const r = await read({ drv }, (b) => got.push(Buffer.from(b)));
    assert.equal(Buffer.concat(got).toString(), 'Running phase: buildPhase\n');
    // The limit as set, not rounded to whole seconds.
    assert.deepEqual(r, { from: `nix log ${drv}`, partial: 'it took longer than 1.5 s' });
    for (const pid of pids()) assert.ok(!alive(pid), `pid ${pid} left running`);
  });

  it('a size limit stops it at that many bytes and says the limit as set', async () => {
    const read = nixLogReader({ maxBytes: 13, env: { ...process.env, PATH: `${bin}:${process.env.PATH}` } });
    const got: Buffer[] = [];
    const r = await read({ drv }, (b) => got.push(Buffer.from(b)));
    assert.equal(Buffer.concat(got).toString(), 'Running phase');
    assert.deepEqual(r, { from: `nix log ${drv}`, partial: 'it passed 13 bytes' });
    for (const pid of pids()) assert.ok(!alive(pid), `pid ${pid} left running`);
  });

  it('Ctrl-C (SIGINT to nixify) kills it and ends nixify as SIGINT does', async () => {
    rmSync(join(bin, 'pids'), { force: true });
    const child = spawn(process.execPath, [CLI, 'diagnose', logFile, '--root', dir], { env: { ...process.env, PATH: `${bin}:${process.env.PATH}` }, stdio: 'ignore' });
    const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_code, signal) => resolve(signal)));
    for (let i = 0; i < 300 && !existsSync(join(bin, 'pids')); i++) await new Promise((r) => setTimeout(r, 50));
    assert.ok(existsSync(join(bin, 'pids')), 'the stand-in nix started');
    child.kill('SIGINT');
    assert.equal(await exited, 'SIGINT');
    // The kill is sent before nixify exits, but a loaded machine may reap the stand-in later: wait for it, bounded.
    for (let i = 0; i < 100 && pids().some(alive); i++) await new Promise((r) => setTimeout(r, 50));
    for (const pid of pids()) assert.ok(!alive(pid), `pid ${pid} left running`);
  });

  it('a Ctrl-C as early as the child can send it (it signals nixify first thing) still kills it', async () => {
    const early = mkdtempSync(join(tmpdir(), 'nixify-early-int-'));
    try {
      for (const name of ['nix', 'nix-store']) {
        writeFileSync(join(early, name), `#!/bin/sh\necho $$ >> "${early}/pids"\nkill -INT $PPID\nexec sleep 60\n`);
        chmodSync(join(early, name), 0o755);
      }
      const child = spawn(process.execPath, [CLI, 'diagnose', logFile, '--root', dir], { env: { ...process.env, PATH: `${early}:${process.env.PATH}` }, stdio: 'ignore' });
      const signal = await new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_code, sig) => resolve(sig)));
      assert.equal(signal, 'SIGINT');
      const started = readFileSync(join(early, 'pids'), 'utf8').trim().split('\n').map(Number);
      for (let i = 0; i < 100 && started.some(alive); i++) await new Promise((r) => setTimeout(r, 50));
      for (const pid of started) assert.ok(!alive(pid), `pid ${pid} left running`);
    } finally {
      rmSync(early, { recursive: true, force: true });
    }
  });
});
