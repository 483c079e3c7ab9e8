// The Dioxus CLI (dx) runs wasm-opt on the app's wasm after wasm-bindgen. Its wasm_opt module takes its own
// downloaded binaryen, or — with downloads off (prefer-no-downloads, as a sandboxed build must) — wasm-opt from
// PATH, and otherwise bails `Missing wasm-opt` under the context `Failed to create wasm-opt instance`. So the
// sentence means no wasm-opt on the build's PATH: nixpkgs' binaryen. Round17 h09 and anyhow's chain as printed
// with one cause (no numbering) and with several.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { diagnoseText } from '../../../../server/src/diagnose/diagnoser';
import { heldout } from './helpers';

const BINARYEN = [{ kind: 'add-inputs', nativeBuildInputs: ['binaryen'] }];

describe('missing-tool: dx’s `Missing wasm-opt`', () => {
  it('round17 h09: `dx build` in a flake derivation, Nix’s `name> ` prefix → binaryen', () => {
    const ds = diagnoseText(heldout(17, 'h09-missing-tool-dioxus-cli-dx-build-missing-wasm-opt-flake.log'));
    assert.deepEqual(
      ds.map((d) => d.category),
      ['missing-tool'],
    );
    assert.deepEqual(ds[0]!.fixes, BINARYEN);
    assert.equal(ds[0]!.details?.tool, 'wasm-opt');
  });

  it('anyhow’s chain with one cause (`Caused by:` then the cause, unnumbered) → binaryen', () => {
    const ds = diagnoseText(['ERROR dx build: Failed to create wasm-opt instance', '', 'Caused by:', '    Missing wasm-opt', ''].join('\n'));
    assert.deepEqual(
      ds.map((d) => d.fixes),
      [BINARYEN],
    );
  });

  it('the words inside another sentence are not dx’s error', () => {
    assert.deepEqual(diagnoseText('- Added missing wasm-opt feature flags to support modern WebAssembly\nMissing wasm-opt flags: --enable-simd\n'), []);
  });
});

// wasm-pack takes wasm-opt from PATH (`find_wasm_opt`'s `which("wasm-opt")`) before it
// downloads binaryen's release from GitHub (binary-install's `failed to download from {url}`), and wraps the error
// with `To disable \`wasm-opt\`, add \`wasm-opt = false\` …`; a sandboxed build cannot download. Round20 k08, and the
// error as wasm-pack prints it (`Error: …`, then anyhow's `Caused by: …` with the same lines) under Nix's `name> `.
describe('missing-tool: wasm-pack downloading binaryen for wasm-opt', () => {
  const wrap = (e: string) => [
    `Error: ${e}`,
    'To disable `wasm-opt`, add `wasm-opt = false` to your package metadata in your `Cargo.toml`.',
    `Caused by: ${e}`,
    'To disable `wasm-opt`, add `wasm-opt = false` to your package metadata in your `Cargo.toml`.',
  ];
  for (const [name, text] of [
    ['round20 k08 (a Nix build in /tmp/nix-build-…)', heldout(20, 'k08.log')],
    [
      'wasm-pack 0.12 in a derivation, `-L` prefix',
      [
        'demo> [INFO]: Optimizing wasm binaries with `wasm-opt`...',
        ...wrap('failed to download from https://github.com/WebAssembly/binaryen/releases/download/version_117/binaryen-version_117-x86_64-linux.tar.gz'),
      ]
        .map((l) => `demo> ${l}`)
        .join('\n'),
    ],
    ['no release for the platform', wrap('no prebuilt wasm-opt binaries are available for this platform: Unrecognized target!').join('\n')],
  ] as const) {
    it(`${name} → binaryen`, () => {
      const ds = diagnoseText(text);
      assert.deepEqual(
        ds.map((d) => [d.category, d.details?.tool, d.fixes]),
        [['missing-tool', 'wasm-opt', BINARYEN]],
      );
    });
  }

  it('another download failing (a crate tarball, wasm-bindgen) is not this', () => {
    assert.deepEqual(
      diagnoseText('Error: failed to download from https://github.com/WebAssembly/wabt/releases/download/1.0.0/wabt.tar.gz\n').map((d) => d.details?.tool),
      [],
    );
  });
});
