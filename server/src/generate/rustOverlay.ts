// rust-overlay's flake input and the snippet the rustc-too-old fix offers, apart from
// flake.ts: the extension shows the snippet, and importing flake.ts would bundle the
// generators and the inference's data into it.
import { code, escapeString, type Code } from './nixWriter';
import type { FlakeInput } from './flake';

export const rustOverlayInput: FlakeInput = { name: 'rust-overlay', url: 'github:oxalica/rust-overlay', followsNixpkgs: true };

/**
 * The bindings to paste into someone's own flake for a newer Rust (the
 * rustc-too-old fix shows it; Nixify does not rewrite a flake it did not write).
 */
export function rustOverlaySnippet(rustVersion: string | null): string {
  const channel = rustVersion ? `stable.${escapeString(rustVersion)}` : 'stable.latest';
  return [
    '# in inputs:',
    `${rustOverlayInput.name} = {`,
    `  url = "${rustOverlayInput.url}";`,
    '  inputs.nixpkgs.follows = "nixpkgs";',
    '};',
    '',
    '# in outputs, for each system:',
    `pkgs = ${pkgsWithOverlay()};`,
    `toolchain = pkgs.rust-bin.${channel}.default;`,
    'rustPlatform = pkgs.makeRustPlatform {',
    '  cargo = toolchain;',
    '  rustc = toolchain;',
    '};',
    '# then build with: pkgs.callPackage ./package.nix { inherit rustPlatform; }',
    '',
  ].join('\n');
}

/** `import nixpkgs { … overlays = [ rust-overlay ] }` when a toolchain overlay is needed. */
export function pkgsWithOverlay(): Code {
  return code`import nixpkgs { inherit system; overlays = [ rust-overlay.overlays.default ]; }`;
}
