import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { currentSystem, staticTasks, tasksFromFlakeShow } from '../../../client/src/run/detect';
import { renderLog } from '../../../client/src/run/render';

describe('task detection', () => {
  it('maps node platforms to Nix systems', () => {
    assert.equal(currentSystem('x64', 'linux'), 'x86_64-linux');
    assert.equal(currentSystem('arm64', 'darwin'), 'aarch64-darwin');
  });

  it('offers build/run/check/develop for a flake and nix-build for default.nix without evaluating', () => {
    const t = staticTasks({ flake: true, defaultNix: true }).map((x) => `${x.definition.command} ${x.definition.installable}`);
    assert.deepEqual(t, ['build .#default', 'run .#default', 'flake-check .', 'develop .#default', 'build default.nix']);
    assert.deepEqual(staticTasks({ flake: false, defaultNix: false }), []);
  });

  it('lists packages, apps, checks and dev shells of this system from `nix flake show --json`', () => {
    const show = {
      packages: { 'x86_64-linux': { server: { name: 'server-1.0', type: 'derivation' }, default: { name: 'cli-1.0', type: 'derivation' } }, 'aarch64-darwin': { other: {} } },
      apps: { 'x86_64-linux': { default: { type: 'app' } } },
      checks: { 'x86_64-linux': { clippy: { name: 'clippy', type: 'derivation' } } },
      devShells: { 'x86_64-linux': { default: { type: 'derivation' } } },
    };
    const t = tasksFromFlakeShow(show, 'x86_64-linux').map((x) => `${x.definition.command} ${x.definition.installable}${x.group ? ` (${x.group})` : ''}`);
    assert.deepEqual(t, ['build .#default (build)', 'build .#server (build)', 'run .#default', 'flake-check . (test)', 'build .#checks.x86_64-linux.clippy (test)', 'develop .#default']);
  });
});

describe('readable log', () => {
  it('renders internal-json records as prefixed builder lines and plain Nix messages, without ANSI', () => {
    const drv = '/nix/store/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa-app-0.1.0.drv';
    const raw = [
      `@nix {"action":"msg","level":4,"msg":"evaluating file '/x/flake.nix'"}`,
      `@nix {"action":"start","fields":["${drv}","",1,1],"id":1,"level":3,"text":"building","type":105}`,
      `@nix {"action":"result","fields":["\\u001b[1mwarning\\u001b[0m: unused"],"id":1,"type":101}`,
      `@nix {"action":"msg","level":0,"msg":"\\u001b[31;1merror:\\u001b[0m builder for '${drv}' failed with exit code 1"}`,
    ].join('\n');
    assert.deepEqual(renderLog([raw]), { text: `app-0.1.0> warning: unused\nerror: builder for '${drv}' failed with exit code 1\n`, cut: [] });
  });

  it("finds derivations whose log was cut to the last lines (the decoder reads Nix 2.8's and 2.26's framing)", () => {
    const a = '/nix/store/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa-app.drv';
    const b = '/nix/store/bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb-x.drv';
    const t = [
      `error: builder for '${a}' failed with exit code 1;`,
      '       last 10 log lines:',
      '       > oops',
      `       For full logs, run 'nix log ${a}'.`,
      `error: builder for '${b}' failed with exit code 2;`,
      '       last 25 log lines:',
      '       > oops',
      '       For full logs, run:',
      `         nix-store -l ${b}`,
    ].join('\n');
    assert.deepEqual(renderLog([t]).cut, [a, b]);
  });
});

describe('which file a build evaluated', () => {
  it('is the file for nix-build, flake.nix of the flake otherwise (also for flake checks)', async () => {
    const { builtFileFor } = await import('../../../server/src/lsp/build');
    const paths = ['flake.nix', 'sub/flake.nix', 'default.nix'];
    assert.equal(builtFileFor('./default.nix', paths), 'default.nix');
    assert.equal(builtFileFor('.#default', paths), 'flake.nix');
    assert.equal(builtFileFor('check:.', paths), 'flake.nix');
    assert.equal(builtFileFor('./sub#x', paths), 'sub/flake.nix');
    assert.equal(builtFileFor('github:o/r#x', paths), undefined);
  });
});
