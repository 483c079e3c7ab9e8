import assert from 'node:assert/strict';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { NixNotFoundError, NixResolver, nixCandidates, resolveNix } from '../../../client/src/run/resolveNix';

const dir = mkdtempSync(join(tmpdir(), 'nixify-resolve-'));
function fakeNix(sub: string, versionLine: string): string {
  mkdirSync(join(dir, sub), { recursive: true });
  const p = join(dir, sub, 'nix');
  writeFileSync(p, `#!/bin/sh\necho '${versionLine}'\n`);
  chmodSync(p, 0o755);
  return p;
}

describe('finding nix', () => {
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('orders setting, PATH, then the profile locations, expanding ~/', () => {
    const c = nixCandidates({ setting: '~/bin/nix', env: { PATH: '/a:/b:relative' }, home: '/home/u' });
    assert.deepEqual(c.slice(0, 5), ['/home/u/bin/nix', '/a/nix', '/b/nix', '/nix/var/nix/profiles/default/bin/nix', '/home/u/.nix-profile/bin/nix']);
  });

  it('validates candidates with --version and takes the first that answers', async () => {
    const broken = fakeNix('broken', 'not a version');
    const good = fakeNix('good', 'nix (Nix) 2.18.1');
    const info = await resolveNix({ env: { PATH: `${join(dir, 'missing')}:${join(dir, 'broken')}:${join(dir, 'good')}` }, home: join(dir, 'home') });
    assert.equal(info.path, good);
    assert.equal(info.version.minor, 18);
    assert.ok(broken);
  });

  it('fails clearly when the configured path is wrong instead of silently using another Nix', async () => {
    fakeNix('good', 'nix (Nix) 2.18.1');
    await assert.rejects(
      resolveNix({ setting: join(dir, 'nope', 'nix'), env: { PATH: join(dir, 'good') } }),
      (e: Error) => e instanceof NixNotFoundError && /nixify\.nix\.path/.test(e.message) && /nope/.test(e.message),
    );
  });

  it('says where it looked when there is no nix at all', async () => {
    await assert.rejects(
      resolveNix({ env: { PATH: join(dir, 'empty') }, home: join(dir, 'home') }),
      (e: Error) => e instanceof NixNotFoundError && /Install Nix/.test(e.message) && /\.nix-profile/.test(e.message),
    );
  });

  it('asks `nix --version` once per setting and PATH', async () => {
    let probes = 0;
    const good = fakeNix('good', 'nix (Nix) 2.18.1');
    const r = new NixResolver();
    const opts = { env: { PATH: join(dir, 'good') }, probe: async () => (probes++, 'nix (Nix) 2.18.1') };
    assert.equal((await r.get(opts)).path, good);
    await r.get(opts);
    assert.equal(probes, 1);
  });
});
