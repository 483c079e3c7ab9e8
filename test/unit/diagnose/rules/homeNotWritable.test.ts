import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { diagnoseText } from '../../../../server/src/diagnose/diagnoser';
import { round1 } from './helpers';

describe('home-not-writable', () => {
  it('a write under /proc/homeless-shelter (Nix ≥ 2.24) → writableTmpDirAsHomeHook', () => {
    const [d, ...rest] = diagnoseText("       > /usr/bin/mkdir: cannot create directory '/proc/homeless-shelter': No such file or directory\n");
    assert.equal(rest.length, 0);
    assert.equal(d?.category, 'home-not-writable');
    assert.deepEqual(d!.fixes, [{ kind: 'add-inputs', nativeBuildInputs: ['writableTmpDirAsHomeHook'] }]);
  });

  it("Nix's own `home directory '/homeless-shelter' exists` after an unsandboxed build (NixOS-WSL#481)", () => {
    assert.deepEqual(
      diagnoseText(round1('h14-home-exists-nixos-wsl.log')).map((d) => d.category),
      ['home-not-writable'],
    );
  });

  it('a build.rs caching in ~/.cache is not told to switch to cargoLock or away from rustup', () => {
    const log = "thread 'main' panicked at build.rs:4:5:\ncannot create /homeless-shelter/.cache/foo: Permission denied (os error 13)\n";
    const ds = diagnoseText(log);
    assert.deepEqual(
      ds.map((d) => d.category),
      ['home-not-writable'],
    );
    assert.ok(!ds.some((d) => d.fixes.some((f) => f.kind === 'use-cargo-lock' || f.kind === 'replace-input')));
  });

  it("rustup's ~/.rustup is rustup's problem, not HOME's", () => {
    const ds = diagnoseText("error: could not create home directory: '/homeless-shelter/.rustup': Permission denied (os error 13)\n");
    assert.deepEqual(
      ds.map((d) => d.category),
      ['network-sandbox'],
    );
    assert.deepEqual(ds[0]!.fixes[0], { kind: 'replace-input', from: 'rustup', to: ['cargo', 'rustc'] });
  });
});
