// A build's findings are kept per build target — what was built, whichever folder the build ran in and however
// the installable was spelt — and a newer build of that target clears them, even while the older log is still
// being read; other targets keep theirs. The logs are real Nix 2.8 nix-build output of fixtures/run/fail's default.nix
// and fixtures/build-store's other.nix (the same builder under another name).
import assert from 'node:assert/strict';
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Connection, Diagnostic } from 'vscode-languageserver/node';
import { BuildDiagnosticsStore, buildTarget } from '../../../server/src/lsp/build';
import { NixModelCache } from '../../../server/src/lsp/nixModels';
import { initParsers } from '../../../server/src/parse/treeSitter';

const FIXTURE = join(__dirname, '..', '..', 'fixtures', 'build-store');
const FAIL = join(__dirname, '..', '..', 'fixtures', 'run', 'fail');
let dir = '';
before(() => {
  dir = mkdtempSync(join(tmpdir(), 'nixify-build-store-'));
  cpSync(FIXTURE, dir, { recursive: true });
  cpSync(FAIL, dir, { recursive: true });
  mkdirSync(join(dir, 'sub'));
});
after(() => rmSync(dir, { recursive: true, force: true }));

/** A store publishing (a plain Nix folder: straight to the connection) into `last`: uri → what it shows now. */
function store() {
  const last = new Map<string, Diagnostic[]>();
  const connection = { sendDiagnostics: async (p: { uri: string; diagnostics: Diagnostic[] }) => void last.set(p.uri, p.diagnostics) } as unknown as Connection;
  const s = new BuildDiagnosticsStore({
    connection,
    diagnostics: { addProducer: () => undefined, publishNow: () => undefined } as never,
    nixModels: async () => new NixModelCache(),
    textOf: () => undefined,
    cargoRootFor: () => undefined,
    loadParsers: initParsers,
  });
  const finished = (folder: string, installable: string, log: string, exitCode = 100) => s.finished(folder, { rootUri: `file://${folder}`, installable, exitCode, logPath: join(dir, 'logs', log) });
  const shown = (file: string) => (last.get(`file://${join(dir, file)}`) ?? []).map((d) => String(d.message));
  return { s, finished, shown, settle: () => new Promise((r) => setTimeout(r, 0)) };
}

describe('build findings per build target', () => {
  it('a new build of the same file, spelt otherwise or from a folder below, clears its findings; another file keeps its own', async () => {
    const { s, finished, shown, settle } = store();
    assert.equal((await finished(dir, 'default.nix', 'fail.log')).length, 1);
    assert.equal((await finished(dir, 'other.nix', 'other.log')).length, 1);
    assert.match(shown('default.nix')[0]!, /^`nixify-fail-demo` failed with exit code 3/);
    assert.match(shown('other.nix')[0]!, /^`nixify-other-demo` failed with exit code 3/);
    s.started(dir, './default.nix');
    await settle();
    assert.deepEqual(shown('default.nix'), []);
    assert.equal(shown('other.nix').length, 1);
    // Built from a folder below, its findings go where the file is; the next build from the top clears them.
    assert.equal((await finished(join(dir, 'sub'), '../other.nix', 'other.log')).length, 0, 'sub has no other.nix to place on');
    assert.equal(shown('other.nix').length, 0, 'the newer build of other.nix (from sub) replaced the older');
    await finished(dir, 'other.nix', 'other.log');
    assert.equal(shown('other.nix').length, 1);
    await finished(dir, './other.nix', 'other.log', 0);
    assert.deepEqual(shown('other.nix'), []);
  });

  it('a rebuild that starts while the failed build’s log is still being read: the stale findings are never shown', async () => {
    const { s, finished, shown } = store();
    const reading = finished(dir, 'default.nix', 'fail.log');
    s.started(dir, 'default.nix');
    assert.deepEqual(await reading, []);
    assert.deepEqual(shown('default.nix'), []);
    // Two finished builds read at once: the later one's findings stand, whichever is read first.
    const older = finished(dir, 'default.nix', 'fail.log');
    const newer = finished(dir, 'default.nix', 'fail.log', 0);
    assert.deepEqual(await older, []);
    assert.deepEqual(await newer, []);
    assert.deepEqual(shown('default.nix'), []);
  });
});

describe('buildTarget: what a build built', () => {
  it('a Nix file by its path, whatever the folder and spelling', () => {
    assert.equal(buildTarget('/ws', 'default.nix'), buildTarget('/ws', './default.nix'));
    assert.equal(buildTarget('/ws/sub', '../default.nix'), buildTarget('/ws', 'default.nix'));
    assert.notEqual(buildTarget('/ws', 'default.nix'), buildTarget('/ws/sub', 'default.nix'));
  });

  it('a flake output by its flake’s directory (found upwards, as Nix does) and attribute; checks apart', () => {
    const flake = mkdtempSync(join(tmpdir(), 'nixify-build-target-'));
    try {
      writeFileSync(join(flake, 'flake.nix'), '{ outputs = _: { }; }\n');
      mkdirSync(join(flake, 'crates', 'a'), { recursive: true });
      const top = buildTarget(flake, '.#default');
      for (const [folder, inst] of [
        [flake, '.'],
        [flake, '.#'],
        [flake, 'path:.#default'],
        [join(flake, 'crates', 'a'), '.#default'],
        [join(flake, 'crates'), '..#default'],
      ] as const) {
        assert.equal(buildTarget(folder, inst), top, `${folder} ${inst}`);
      }
      assert.notEqual(buildTarget(flake, '.#other'), top);
      assert.notEqual(buildTarget(flake, 'check:.'), top);
      assert.equal(buildTarget(join(flake, 'crates', 'a'), 'check:.'), buildTarget(flake, 'check:.'));
      assert.equal(buildTarget(flake, 'github:owner/repo#x'), buildTarget('/elsewhere', 'github:owner/repo#x'));
    } finally {
      rmSync(flake, { recursive: true, force: true });
    }
  });
});
