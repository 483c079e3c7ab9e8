// Programs a tool runs from places Nix does not fill: cargo-binutils' LLVM programs in the Rust toolchain's sysroot (its
// three sentences, src/tool.rs 2020–2025), a program a tool downloaded into its cache that NixOS' stub loader refuses,
// and bindgen's command-line program a build script spawns (real cargo 1.95, test/fixtures/logs/wordings/sources).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { diagnoseText } from '../../../../server/src/diagnose/diagnoser';
import { heldout } from './helpers';

const SOURCES = join(__dirname, '..', '..', '..', 'fixtures', 'logs', 'wordings', 'sources');
const summary = (text: string) => diagnoseText(text).map((d) => [d.category, d.details?.tool, d.fixes.flatMap((f) => ('nativeBuildInputs' in f ? f.nativeBuildInputs : [f.kind]))]);

describe("missing-tool: cargo-binutils' LLVM programs, which only the toolchain's llvm-tools component installs", () => {
  it('round90 vk08 (`Failed to execute tool: size`, before 2022 the only check) → llvm-size named, no input', () => {
    assert.deepEqual(summary(heldout(90, 'vk08.log')), [['missing-tool', 'llvm-size', []]]);
    assert.match(diagnoseText(heldout(90, 'vk08.log'))[0]!.message, /llvm-tools/);
  });

  it('its other sentences: `Could not find tool` (2022+, with its path and rustup hint), `Failed to find tool`; lld is rust-lld', () => {
    const found = [
      'Could not find tool: objcopy',
      'at: /nix/store/p747f1114jfdx5548bipz4d2dqli8024-rust-1.80.0/lib/rustlib/x86_64-unknown-linux-gnu/bin/llvm-objcopy',
      'Consider `rustup component add llvm-tools`',
    ];
    assert.deepEqual(summary(found.join('\n')), [['missing-tool', 'llvm-objcopy', []]]);
    assert.deepEqual(summary('Failed to find tool: nm\nerror: could not find the sysroot'), [['missing-tool', 'llvm-nm', []]]);
    assert.equal(diagnoseText('Could not find tool: lld\n')[0]?.details?.tool, 'rust-lld');
  });
});

describe('missing-tool: a program a tool downloaded into its cache, refused by NixOS’ stub loader', () => {
  it('round87 vh05 (trunk’s sass, run as its bundled dart) → sass named, no attribute (nixpkgs’ by-name data comes only whole)', () => {
    assert.deepEqual(summary(heldout(87, 'vh05.log')), [['missing-tool', 'sass', []]]);
  });

  it('the cache directory names the program and its version: wasm-opt-version_116 → binaryen; wasm-bindgen, which trunk takes only at the pinned version, → that version’s CLI', () => {
    const stub = (p: string) => `Could not start dynamically linked executable: ${p}\nNixOS cannot run dynamically linked executables intended for generic\nlinux environments out of the box.`;
    assert.deepEqual(summary(stub('/home/user/.cache/trunk/wasm-opt-version_116/bin/wasm-opt')), [['missing-tool', 'wasm-opt', ['binaryen']]]);
    assert.deepEqual(summary(stub('/home/user/.cache/trunk/wasm-bindgen-0.2.100/wasm-bindgen')), [['missing-tool', 'wasm-bindgen', ['wasm-bindgen-cli_0_2_100']]]);
    // A version nixpkgs does not package: named, built with buildWasmBindgenCli, no input guessed.
    const [old] = diagnoseText(stub('/home/user/.cache/trunk/wasm-bindgen-0.2.31/wasm-bindgen'));
    assert.deepEqual([old?.category, old?.fixes.length], ['missing-tool', 0]);
    assert.match(old!.message, /wasm-bindgen-cli 0\.2\.31 with buildWasmBindgenCli/);
  });

  it('not these: a rustup toolchain (round90 vk01) or a store path (round11 b10) the stub refused', () => {
    assert.deepEqual(summary(heldout(90, 'vk01.log')), []);
    assert.deepEqual(summary('Could not start dynamically linked executable: /nix/store/a9gs6b6hzi73pbd85r0qnxd7cr8ipxz7-rust/bin/rust-lld'), []);
  });
});

describe("missing-tool: bindgen's command-line program a build script spawns", () => {
  it('round92 vm06 (the quoted panic line) and real cargo 1.95 (`.expect("run bindgen")`) → rust-bindgen', () => {
    assert.deepEqual(summary(heldout(92, 'vm06.log')), [['missing-tool', 'bindgen', ['rust-bindgen']]]);
    const real = readFileSync(join(SOURCES, 'c195-build-script-expect-run-bindgen.log'), 'utf8');
    assert.deepEqual(summary(real), [['missing-tool', 'bindgen', ['rust-bindgen']]]);
  });
});
