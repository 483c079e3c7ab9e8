import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { diagnoseText } from '../../../../server/src/diagnose/diagnoser';
import { heldout } from './helpers';

describe('missing-tool', () => {
  it("a build's own check (openssl-src: `Command 'perl' not found. Is perl installed?`) → perl", () => {
    assert.deepEqual(
      diagnoseText(heldout(7, 'x03-missing-tool-perl-openssl-src-lux-nixpkgs.log')).map((d) => [d.category, d.fixes]),
      [['missing-tool', [{ kind: 'add-inputs', nativeBuildInputs: ['perl'] }]]],
    );
  });

  it('std\'s spawn error in a build script\'s panic (old prost-build: failed to spawn `"protoc" "--version"`) → protobuf', () => {
    assert.deepEqual(
      diagnoseText(heldout(7, 'x21-protoc-version-spawn-cargo2nix-2020.log')).map((d) => [d.category, d.fixes]),
      [['missing-tool', [{ kind: 'add-inputs', nativeBuildInputs: ['protobuf'] }]]],
    );
  });

  it("protoc in prost-build ≤ 0.10's wording (`Failed to find the protoc binary. The PROTOC environment variable is not set`) → protobuf", () => {
    const ds = diagnoseText(heldout(5, 'v19-protoc-prost-build-0.7-automata-pi.log'));
    assert.deepEqual(
      ds.map((d) => [d.category, d.fixes]),
      [['missing-tool', [{ kind: 'add-inputs', nativeBuildInputs: ['protobuf'] }]]],
    );
  });

  it("libclang in bindgen 0.60's wording, quotes not escaped (osmosis test-tube) → rustPlatform.bindgenHook", () => {
    assert.deepEqual(
      diagnoseText(heldout(5, 'v26-libclang-bindgen-0.60-osmosis-test-tube.log')).flatMap((d) => d.fixes),
      [{ kind: 'add-inputs', nativeBuildInputs: ['rustPlatform.bindgenHook'] }],
    );
  });

  it('a cross linker named by .cargo/config (`aarch64-linux-gnu-gcc`) → missing-tool naming the cross toolchain, no attribute guessed (cargo’s linker variable set to the stdenv’s compiler: missingToolCrossLinker.test.ts), no compile error besides', () => {
    const ds = diagnoseText(heldout(6, 'w16-missing-tool-cross-linker-nix-aarch64.log'));
    assert.deepEqual(
      ds.map((d) => [d.category, d.fixes.map((f) => f.kind), d.details?.tool]),
      [['missing-tool', ['set-env'], 'aarch64-linux-gnu-gcc']],
    );
    assert.match(ds[0]!.message, /pkgsCross/);
  });
});
