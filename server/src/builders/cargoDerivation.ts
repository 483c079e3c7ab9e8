// Hand-written derivations that run cargo themselves: `stdenv.mkDerivation`
// with cargo/rustc in its inputs or phases (often with rustup or a
// cargoSetupHook). Nixify does not generate these, but reads them so checks
// and build diagnoses land on them like on any builder call.
import type { CallFamily } from './types';

/** Attributes whose text shows the derivation compiles Rust with cargo. */
const RUST_SIGNS = /\b(cargo|rustc|rustup)\b|cargoSetupHook|rustPlatform\.|rust-bin\.|fenix\./;
const WHERE = new Set(['nativeBuildInputs', 'buildInputs', 'buildPhase', 'installPhase', 'checkPhase', 'configurePhase', 'preBuild', 'cargoDeps']);

export const cargoDerivation = {
  name: 'mkDerivation',
  calls: [{ kind: 'mkDerivation.cargo', compiles: true, packageDerivation: true, doCheck: 'when-set' }],
  recognise: {
    // stdenv.mkDerivation, pkgs.stdenv.mkDerivation, clangStdenv.mkDerivation …
    kindOf: (parts) => (parts.at(-1) === 'mkDerivation' && parts.length > 1 && /stdenv/i.test(parts.at(-2)!) ? 'mkDerivation.cargo' : undefined),
    accepts: (bindings) => bindings.some((b) => WHERE.has(b.name) && RUST_SIGNS.test(b.text)),
  },
} as const satisfies CallFamily;
