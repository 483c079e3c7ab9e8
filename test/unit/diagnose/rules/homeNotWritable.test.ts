import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { diagnoseText } from '../../../../server/src/diagnose/diagnoser';
import { heldout, round1 } from './helpers';

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

  it("rustup unable to create ~/.rustup is HOME's (the labelling guide's row; round15 f01), its fix rustup replaced: a writable HOME would only let it reach for the network", () => {
    const ds = diagnoseText("error: could not create home directory: '/homeless-shelter/.rustup': Permission denied (os error 13)\n");
    assert.deepEqual(
      ds.map((d) => d.category),
      ['home-not-writable'],
    );
    assert.deepEqual(ds[0]!.fixes[0], { kind: 'replace-input', from: 'rustup', to: ['cargo', 'rustc'] });
  });

  const hook = [{ kind: 'add-inputs', nativeBuildInputs: ['writableTmpDirAsHomeHook'] }];

  it("cargo's package cache lock under ~/.cargo (round8 y30: cargo 1.36+, no CARGO_HOME set)", () => {
    const ds = diagnoseText(heldout(8, 'y30-home-cargo-package-cache-lock-mozilla-cbindgen-2019.log'));
    assert.deepEqual(
      ds.map((d) => d.category),
      ['home-not-writable'],
    );
    assert.deepEqual(ds[0]!.fixes, hook);
    assert.equal(ds[0]!.details?.path, '/homeless-shelter/.cargo/.package-cache');
  });

  it("cargo's lock wording on a Nix ≥ 2.24 HOME, under the -L prefix (synthesised)", () => {
    const log = [
      'mycrate> error: failed to acquire package cache lock',
      'mycrate>',
      'mycrate> Caused by:',
      'mycrate>   failed to open: /proc/homeless-shelter/.cargo/.package-cache',
      'mycrate>',
      'mycrate> Caused by:',
      'mycrate>   No such file or directory (os error 2)',
      '',
    ].join('\n');
    const ds = diagnoseText(log);
    assert.deepEqual(
      ds.map((d) => d.category),
      ['home-not-writable'],
    );
    assert.equal(ds[0]!.details?.path, '/proc/homeless-shelter/.cargo/.package-cache');
  });

  it('a path under HOME that is only read, with no failure on its line, is not this', () => {
    assert.deepEqual(diagnoseText('note: CARGO_HOME is /homeless-shelter/.cargo\n'), []);
  });

  it("a tool whose whole error is a pathless EACCES (round8 y31: wasm-pack's cache dir, -L prefixed crane build)", () => {
    const ds = diagnoseText(heldout(8, 'y31-home-wasm-pack-cache-permission-denied-nickel-crane.log'));
    assert.deepEqual(
      ds.map((d) => d.category),
      ['home-not-writable'],
    );
    assert.deepEqual(ds[0]!.fixes, hook);
  });

  it("wasm-pack's error printing (`Error: …` then each cause) without the prefix, said once (synthesised)", () => {
    const log = 'Error: Permission denied (os error 13)\nCaused by: Permission denied (os error 13)\nError: Permission denied (os error 13)\n';
    assert.deepEqual(
      diagnoseText(log).map((d) => d.category),
      ['home-not-writable'],
    );
  });

  it('EACCES that names its path, or is part of a longer message, is not taken for HOME', () => {
    assert.deepEqual(
      diagnoseText('error: failed to write /nix/store/abc-src/Cargo.lock: Permission denied (os error 13)\n').filter((d) => d.category === 'home-not-writable'),
      [],
    );
    assert.deepEqual(diagnoseText('Caused by: Permission denied (os error 13)\n'), []);
  });
});
