// A failed build script's own words that its download failed, in cargo's `--- stderr` section of that script: the
// sandbox has no network (round131 wz02: lindera's dictionary crates, `Failed to download a valid file from all
// sources`; round135 xd07: sdl2-sys spawning `curl`, whose absence is only the first symptom). The same words outside a build script's captured output (a tool run by the build, cargo's own registry
// request) are not this signal.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { diagnoseText } from '../../../../server/src/diagnose/diagnoser';
import { categories, heldout } from './helpers';

const script = (stderr: string) =>
  [
    'error: failed to run custom build command for `dict-data v0.4.1`',
    '',
    'Caused by:',
    "  process didn't exit successfully: `/build/source/target/release/build/dict-data-0123456789abcdef/build-script-build` (exit status: 1)",
    '  --- stdout',
    '  cargo:rerun-if-changed=build.rs',
    '',
    '  --- stderr',
    stderr,
    "error: builder for '/nix/store/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa-demo-0.1.0.drv' failed with exit code 101",
  ].join('\n');

describe('network-sandbox: a build script says its download failed', () => {
  it('round131 wz02 (lindera) → network-sandbox, likely, no fix', () => {
    const ds = diagnoseText(heldout(131, 'wz02.log'));
    assert.deepEqual(
      ds.map((d) => [d.category, d.confidence, d.fixes.length]),
      [['network-sandbox', 'likely', 0]],
    );
  });

  it('each wording a script uses, in its stderr → network-sandbox', () => {
    for (const w of ['  Error: "Failed to download a valid file from all sources"', '  unable to download the model archive', "  Error: couldn't download https://example.org/model.bin"])
      assert.deepEqual(categories(script(w)), ['network-sandbox'], w);
  });

  it('the words outside a build script’s stderr (a tool the build runs) → not network-sandbox', () => {
    const log = [
      'Running phase: buildPhase',
      'Error: failed to download from https://example.org/tool-1.0-x86_64-linux.tar.gz',
      "error: builder for '/nix/store/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa-demo-0.1.0.drv' failed with exit code 1",
    ].join('\n');
    assert.ok(!categories(log).includes('network-sandbox'));
  });

  it('round135 xd07: a build script that cannot spawn curl → network-sandbox, not curl missing', () => {
    const ds = diagnoseText(heldout(135, 'xd07.log'));
    assert.deepEqual(
      ds.map((d) => [d.category, d.details?.program]),
      [['network-sandbox', 'curl']],
    );
    assert.deepEqual(categories(script("  thread 'main' panicked at 'failed to run wget: Os { code: 2, kind: NotFound, message: \"No such file or directory\" }', build.rs:9:5")), ['network-sandbox']);
  });

  it('curl missing outside a build script (a shell in a phase) → still missing-tool', () => {
    assert.deepEqual(
      categories(
        [
          'Running phase: buildPhase',
          '/build/source/fetch.sh: line 3: curl: command not found',
          "error: builder for '/nix/store/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa-demo-0.1.0.drv' failed with exit code 127",
        ].join('\n'),
      ),
      ['missing-tool'],
    );
  });

  it('a script stderr saying nothing of a download → not network-sandbox', () => {
    assert.ok(!categories(script('  Error: "the dictionary is corrupt"')).includes('network-sandbox'));
  });
});
