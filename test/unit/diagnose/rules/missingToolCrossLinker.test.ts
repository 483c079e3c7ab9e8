// rustc told to link with a cross compiler's name (a project's cargo configuration, `target.<triple>.linker`) that the
// Nix build does not have: cargo's CARGO_TARGET_<TRIPLE>_LINKER outranks every configuration file, so set to the
// build's own C compiler it links for the same target (checked with real cargo 1.95: the same build links with it).
// The target comes from the name where only one can be (GCC's triplet, Debian's, MinGW-w64's); not for 32-bit ARM or
// i386, whose names stand for several Rust targets. Round12 c14 (zenith, aarch64-linux-gnu-gcc) and real cargo 1.95.
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { diagnoseText } from '../../../../server/src/diagnose/diagnoser';
import { placeDiagnostics } from '../../../../server/src/diagnose/place';
import { fixesFor } from '../../../../server/src/diagnose/toFixes';
import { applyEdits } from '../../../../server/src/fixes/nixEdits';
import { initParsers } from '../../../../server/src/parse/treeSitter';
import { heldout, wordingSource as source, ws } from './helpers';

before(async () => {
  await initParsers();
});

const vars = (text: string) => diagnoseText(text).map((d) => [d.category, d.fixes.map((f) => (f.kind === 'set-env' ? `${f.name}=${f.nix}` : f.kind))]);
const REAL = source('c195-cross-linker-config-not-found.log');
const named = (linker: string) => REAL.replaceAll('x86_64-unknown-linux-gnu-gcc', linker);

describe('missing-tool: a cross compiler named as the linker', () => {
  it('round12 c14 (Debian’s aarch64-linux-gnu-gcc, twice) → one set-env of CARGO_TARGET_AARCH64_UNKNOWN_LINUX_GNU_LINKER', () => {
    assert.deepEqual(vars(heldout(12, 'c14-missing-tool-cross-gcc-linker-named-native-aarch64-zenith-nixpkgs-2020.log')), [
      ['missing-tool', ['CARGO_TARGET_AARCH64_UNKNOWN_LINUX_GNU_LINKER="${stdenv.cc.targetPrefix}cc"']],
    ]);
  });

  it('real cargo 1.95 (GCC’s own triplet) and the other unambiguous names → that target’s variable', () => {
    assert.deepEqual(vars(REAL), [['missing-tool', ['CARGO_TARGET_X86_64_UNKNOWN_LINUX_GNU_LINKER="${stdenv.cc.targetPrefix}cc"']]]);
    const target = (linker: string) => (diagnoseText(named(linker))[0]?.fixes[0] as { name?: string } | undefined)?.name;
    assert.equal(target('riscv64-linux-gnu-gcc'), 'CARGO_TARGET_RISCV64GC_UNKNOWN_LINUX_GNU_LINKER');
    assert.equal(target('x86_64-linux-musl-gcc'), 'CARGO_TARGET_X86_64_UNKNOWN_LINUX_MUSL_LINKER');
    assert.equal(target('x86_64-w64-mingw32-gcc'), 'CARGO_TARGET_X86_64_PC_WINDOWS_GNU_LINKER');
  });

  it('names that stand for several Rust targets (32-bit ARM, i386) → the cross linker said, no variable guessed', () => {
    for (const linker of ['arm-linux-gnueabihf-gcc', 'i386-linux-gnu-gcc']) assert.deepEqual(vars(named(linker)), [['missing-tool', []]], linker);
  });

  it('the edit names the compiler as the file can: stdenv among the formals, pkgs. in a flake, `cc` (native) without stdenv', () => {
    const ds = diagnoseText(REAL);
    const at = (text: string, file = 'package.nix') => {
      const { files, nixFiles } = ws({ [file]: text });
      const [d] = placeDiagnostics(ds, nixFiles, files);
      return fixesFor(d!, nixFiles, files);
    };
    const pkg =
      '{\n  lib,\n  stdenv,\n  rustPlatform,\n}:\n\nrustPlatform.buildRustPackage {\n  pname = "demo";\n  version = "0.1.0";\n  src = ./.;\n  cargoHash = "sha256-AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=";\n}\n';
    const fixes = at(pkg);
    assert.deepEqual(
      fixes.map((f) => f.title),
      ['Set CARGO_TARGET_X86_64_UNKNOWN_LINUX_GNU_LINKER = "${stdenv.cc.targetPrefix}cc" in the build environment'],
    );
    assert.match(applyEdits(pkg, fixes[0]!.edits[0]!.edits!), /\n {2}env = \{\n {4}CARGO_TARGET_X86_64_UNKNOWN_LINUX_GNU_LINKER = "\$\{stdenv\.cc\.targetPrefix\}cc";\n {2}\};\n\}\n$/);
    assert.deepEqual(
      at(pkg.replace('  stdenv,\n', '')).map((f) => f.title),
      ['Set CARGO_TARGET_X86_64_UNKNOWN_LINUX_GNU_LINKER = "cc" in the build environment'],
    );
    const flake =
      '{\n  outputs = { nixpkgs, ... }:\n    let pkgs = nixpkgs.legacyPackages.x86_64-linux; in {\n      packages.x86_64-linux.default = pkgs.rustPlatform.buildRustPackage {\n        pname = "demo";\n        version = "0.1.0";\n        src = ./.;\n        cargoLock.lockFile = ./Cargo.lock;\n        buildInputs = [ pkgs.openssl ];\n      };\n    };\n}\n';
    assert.deepEqual(
      at(flake, 'flake.nix').map((f) => f.title),
      ['Set CARGO_TARGET_X86_64_UNKNOWN_LINUX_GNU_LINKER = "${pkgs.stdenv.cc.targetPrefix}cc" in the build environment'],
    );
  });
});
