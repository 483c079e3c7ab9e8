// Real cargo builds inside the Nix sandbox (Debian's crate sources, no
// nixpkgs), run through the task runner's process layer and reported to the
// real language server: rustc's error lands on the identifier in src/main.rs,
// openssl-sys's failure is diagnosed as openssl with its inputs.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { resolveNix, type NixInfo } from '../../../client/src/run/resolveNix';
import { runNixTask } from '../../../client/src/run/runner';
import { BuildView } from '../../../client/src/run/view';
import { repoRoot, startLsp } from '../../lsp/client';
import { failedBuildReported } from './failedBuild';
import { nixConfig, rustSysroot } from '../diagnose/runNix';

const SYSROOT = rustSysroot();
const REGISTRY = '/usr/share/cargo/registry';
const hasOpensslSys = existsSync(REGISTRY) && readdirSync(REGISTRY).some((n) => n.startsWith('openssl-sys-'));
const FIXTURES = join(repoRoot, 'test', 'fixtures', 'nix-builds', 'rust');

describe('real cargo builds through the task runner', { skip: !SYSROOT && 'no Rust toolchain' }, () => {
  let nix: NixInfo;
  const dirs: string[] = [];
  const env = { ...process.env, NIX_CONFIG: nixConfig({ sandboxPaths: SYSROOT ? [SYSROOT] : [] }) };
  before(async () => {
    nix = await resolveNix({ env });
  });
  after(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

  function scenario(crate: string, options: Record<string, string | boolean>): string {
    const dir = mkdtempSync(join(tmpdir(), `nixify-rust-${crate}-`));
    dirs.push(dir);
    cpSync(join(FIXTURES, 'crates', crate), dir, { recursive: true });
    cpSync(join(FIXTURES, 'flake.nix'), join(dir, 'flake.nix'));
    cpSync(join(FIXTURES, 'builder.sh'), join(dir, 'builder.sh'));
    const attrs = Object.entries({ name: crate, bin: join(SYSROOT!, 'bin'), ...options }).map(([k, v]) => `${k} = ${typeof v === 'boolean' ? v : JSON.stringify(v)};`);
    writeFileSync(join(dir, 'options.nix'), `{ ${attrs.join(' ')} }\n`);
    execFileSync('git', ['init', '-q', dir]);
    execFileSync('git', ['-C', dir, 'add', '.']);
    return dir;
  }

  it('rustc error: from a live build to a diagnostic on the identifier, over the language server', async () => {
    const dir = scenario('compile-error', {});
    const view = new BuildView(false);
    const lines: string[] = [];
    const run = runNixTask({ command: 'build', installable: '.#default', args: ['--no-link'] }, { cwd: dir, nix, env, onEvent: (e) => lines.push(...view.event(e)) });
    const r = await run.done;
    assert.equal(r.code, 1);
    assert.ok(
      lines.some((l) => /^compile-error> .*error\[E0425\]/.test(l)),
      lines.join('\n'),
    );
    console.log(`  cargo build in nix: ${r.ms} ms`);

    const lsp = await startLsp(dir);
    try {
      const t0 = performance.now();
      await lsp.conn.sendNotification('nixify/buildFinished', { rootUri: `file://${dir}`, installable: run.installable, exitCode: r.code, logPath: run.logPath });
      const uri = `file://${dir}/src/main.rs`;
      const ds = await lsp.waitForDiagnostics(uri, (d) => d.length > 0);
      console.log(`  build failure → diagnostics (cargo log, ${readFileSync(run.logPath).length} bytes): ${(performance.now() - t0).toFixed(1)} ms`);
      assert.equal(ds[0].code, 'rust-compile-error');
      const line = readFileSync(join(dir, 'src/main.rs'), 'utf8').split('\n')[ds[0].range.start.line]!;
      assert.equal(line.slice(ds[0].range.start.character, ds[0].range.end.character), 'undefined_name');
    } finally {
      await lsp.close();
    }
  });

  it('openssl-sys without pkg-config: diagnosed as openssl with pkg-config and openssl as inputs', { skip: !hasOpensslSys && 'librust-openssl-sys-dev not installed' }, async () => {
    const dir = scenario('openssl', { registryDir: REGISTRY, withPkgConfig: false });
    const lsp = await failedBuildReported(dir, nix, env);
    try {
      const ds = await lsp.waitForDiagnostics(`file://${dir}/flake.nix`, (d) => d.some((x: any) => x.code === 'openssl'));
      const d = ds.find((x: any) => x.code === 'openssl');
      assert.deepEqual(d.data.intents, [{ kind: 'add-inputs', nativeBuildInputs: ['pkg-config'], buildInputs: ['openssl'] }]);
    } finally {
      await lsp.close();
    }
  });
});
