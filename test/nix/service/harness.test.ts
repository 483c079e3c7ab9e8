// The generated NixOS module through the NixOS harness (harness/harness.ts):
// real lib.evalModules with NixOS' own systemd/nginx option files, the unit
// rendered by systemd-lib's serviceToUnit, then systemd-analyze security
// --offline / verify and nginx -t in the Nix 2.26 chroot. Skips with the
// reason where the chroot or the fetched NixOS files are absent (CI).
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import { planService, type ServiceOptions } from '../../../server/src/generate/service';
import { loadWorkspace } from '../../../server/src/model/workspace';
import { ensureParser, initParsers } from '../../../server/src/parse/treeSitter';
import { checkService, harnessSkipReason, type HarnessResult } from './harness/harness';

const repoRoot = join(__dirname, '..', '..', '..');
const fixtures = join(repoRoot, 'test', 'fixtures', 'service');
const work = join(repoRoot, '.cache', 'test-nixos-harness');
const skip = harnessSkipReason() ?? false;
before(() => Promise.all([initParsers(), ensureParser('rust')]));

const opts: ServiceOptions = { module: true, docker: false, vmTest: false, nginxPath: '/forum/', virtualHost: 'example.org' };

function run(crate: string, edit: (moduleText: string) => string = (t) => t, o: ServiceOptions = opts): HarnessResult {
  const plan = planService(loadWorkspace(crate), o);
  const files = plan.files.map((f) => (f.path === 'nixos/module.nix' ? { ...f, content: edit(f.content) } : f));
  return checkService(files, plan.model, join(work, crate.split('/').pop()!));
}

function assertPasses(r: HarnessResult): void {
  for (const p of r.paths) {
    assert.ok(p.evaluated, `${p.path}: ${p.error}`);
    assert.deepEqual(p.failedAssertions, [], p.path);
    assert.ok(p.nginx?.ok, `nginx -t at ${p.path}: ${p.nginx?.out}\n${p.nginxConf}`);
    assert.ok(p.verify?.ok, `systemd-analyze verify at ${p.path}: ${p.verify?.out}\n${p.unit}`);
    assert.ok(p.exposure !== undefined && p.exposure <= 2.0, `exposure ${p.exposure} at ${p.path}\n${p.security}`);
  }
}

describe('the generated module in the NixOS harness', { skip }, () => {
  for (const crate of ['clap-port', 'port-env', 'hardcoded', 'assets', 'sysinfo-monitor', 'sqlite-app', 'postgres-app'])
    it(`${crate}: evaluates with NixOS' own options, nginx -t passes at /forum/ and /, verify is clean, exposure <= 2.0`, () => {
      const r = run(join(fixtures, crate));
      assertPasses(r);
      assert.ok(r.paths[0]!.unit!.includes('ExecStart="/nix/store/'), r.paths[0]!.unit);
      assert.match(r.paths[0]!.nginxConf!, /location \/forum\/ \{/);
      assert.match(r.paths[0]!.nginxConf!, /location = \/forum \{/);
      assert.doesNotMatch(r.paths[1]!.nginxConf!, /X-Forwarded-Prefix/);
    });

  it('sysinfo: no ProcSubset=pid and its process list visible, still within exposure 2.0', () => {
    const r = run(join(fixtures, 'sysinfo-monitor'));
    assert.doesNotMatch(r.paths[0]!.unit!, /ProcSubset=/);
    assert.match(r.paths[0]!.unit!, /ProtectProc=default/);
    assert.ok(r.paths[0]!.exposure! <= 2.0);
  });

  it('sqlite: starts in its StateDirectory with static/ mounted there; postgres: ordered after the local postgresql.service with the socket URL', () => {
    const s = run(join(fixtures, 'sqlite-app')).paths[0]!.unit!;
    assert.match(s, /WorkingDirectory=\/var\/lib\/notes/);
    assert.match(s, /BindReadOnlyPaths=\/nix\/store\/\S+-notes\/share\/notes\/static:\/var\/lib\/notes\/static/);
    const p = run(join(fixtures, 'postgres-app')).paths[0]!.unit!;
    assert.match(p, /^After=network-online.target postgresql.service$/m);
    assert.match(p, /^Requires=postgresql.service$/m);
    assert.match(p, /^Environment="DATABASE_URL=postgresql:\/\/\/ledger\?host=\/run\/postgresql&user=ledger"$/m);
  });

  it('the sample crate (examples/axum-openssl) passes too', () => assertPasses(run(join(repoRoot, 'examples', 'axum-openssl'))));

  it('is strict: a Restart value systemd does not know fails NixOS own serviceConfig check', () => {
    const r = run(join(fixtures, 'clap-port'), (t) => t.replace('Restart = "on-failure";', 'Restart = "sometimes";'));
    assert.equal(r.paths[0]!.evaluated, false);
    assert.match(r.paths[0]!.error!, /serviceConfig|Restart/);
  });

  it('is strict: the empty X-Forwarded-Prefix the module once wrote at / fails nginx -t', () => {
    const r = run(join(fixtures, 'clap-port'), (t) => t.replace(/lib\.optionalString \(base != ""\) ("proxy_set_header X-Forwarded-Prefix \$\{base\};")/, '$1'));
    assert.equal(r.paths[0]!.nginx?.ok, true);
    assert.equal(r.paths[1]!.nginx?.ok, false);
    assert.match(r.paths[1]!.nginx!.out, /invalid number of arguments/);
  });

  it('is strict: weaker hardening shows in the exposure score', () => {
    const r = run(join(fixtures, 'clap-port'), (t) => t.replace(/ProtectSystem = "strict";/, 'ProtectSystem = false;').replace(/PrivateUsers = !lowPort;/, 'PrivateUsers = false;'));
    const base = run(join(fixtures, 'clap-port'));
    assert.ok(r.paths[0]!.exposure! > base.paths[0]!.exposure!, `${r.paths[0]!.exposure} vs ${base.paths[0]!.exposure}`);
  });

  it('is strict: a unit key systemd does not know fails verify', () => {
    const r = run(join(fixtures, 'clap-port'), (t) => t.replace('RemoveIPC = true;', 'RemoveIPC = true;\n        NoSuchSetting = true;'));
    assert.equal(r.paths[0]!.verify?.ok, false);
    assert.match(r.paths[0]!.verify!.out, /NoSuchSetting/);
  });
});
