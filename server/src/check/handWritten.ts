// A hand-written `stdenv.mkDerivation` that runs cargo itself fails in the Nix
// sandbox, which has no network, when it runs rustup (it downloads toolchains)
// or a `cargo build` with nothing vendored (cargo fetches crates.io). Both are
// certain: errors, with buildRustPackage's vendoring as the quick fix.
import { addAttr, addInputs, inputStyle } from '../fixes/nixEdits';
import { gitPackages } from '../model/cargoLock';
import { readCalls, type CallReading } from './nixValues';
import type { Check, Finding } from './types';

/** Attributes whose text runs commands in the build. */
const PHASES = [
  'buildPhase',
  'configurePhase',
  'preConfigure',
  'postConfigure',
  'preBuild',
  'postBuild',
  'installPhase',
  'preInstall',
  'postInstall',
  'checkPhase',
  'postUnpack',
  'postPatch',
  'shellHook',
];
/** rustup commands that download (a channel name, not a toolchain linked from the store with `rustup toolchain link`). */
const RUSTUP = /(^|[\s;&|(`$'"])rustup\s+(?:install|update|(?:target|component)\s+add|toolchain\s+install|(?:default|run|override\s+set)\s+(?:stable|beta|nightly|\d+\.\d+))\b/m;
/** cargo commands that resolve and fetch dependencies. */
const CARGO_FETCHES = /(^|[\s;&|(`'"])cargo\s+(?:\+\S+\s+)?(build|b|install|run|test|t|check|c|fetch|doc|bench|rustc)\b/m;
/** Signs that the dependencies are vendored or fetched by a fixed-output derivation. */
const VENDORED = /cargoSetupHook|importCargoLock|fetchCargoVendor|fetchCargoTarball|cargoVendorDir|vendor(ed)?[-_]?(dir|sources)|cargo\s+vendor|\[source\.|replace-with/;

export const handWrittenCargo: Check = ({ ws, nixFiles }) => {
  const findings: Finding[] = [];
  for (const file of nixFiles) {
    const calls = file.model.calls.filter((c) => c.kind === 'mkDerivation.cargo');
    for (const r of readCalls(file.text, calls)) {
      const phases = PHASES.filter((p) => r.texts.has(p));
      const rustupIn = phases.find((p) => RUSTUP.test(r.texts.get(p)!));
      if (rustupIn) {
        findings.push({
          code: 'rustup-in-build',
          severity: 'error',
          file: file.path,
          range: r.ranges.get(rustupIn) ?? r.call.range,
          message:
            `${rustupIn} runs rustup, which downloads toolchains from the network; the Nix sandbox has none, so the build fails. ` +
            'Take cargo and rustc from nixpkgs (rustPlatform.buildRustPackage), or a toolchain from rust-overlay or fenix in nativeBuildInputs.',
          fixes: [],
        });
        continue;
      }
      const cargoIn = phases.find((p) => CARGO_FETCHES.test(r.texts.get(p)!));
      if (!cargoIn || !ws.lock) continue;
      const fetched = ws.lock.packages.some((p) => p.source && !p.source.startsWith('path+'));
      if (!fetched) continue;
      const all = [...r.texts.values()].join('\n') + [...r.inputs.items.map((i) => i.attr)].join(' ');
      if (r.args.entries.has('cargoDeps') || r.args.entries.has('outputHash') || VENDORED.test(all)) continue;
      // Arguments Nixify cannot see may bring the vendored dependencies.
      const certain = r.args.complete;
      findings.push({
        code: 'cargo-without-vendor',
        severity: certain ? 'error' : 'hint',
        file: file.path,
        range: r.ranges.get(cargoIn) ?? r.call.range,
        message:
          `${cargoIn} runs cargo with no vendored dependencies, so cargo tries to fetch crates.io and fails in the Nix sandbox` +
          `${certain ? '' : ` (unless the arguments Nixify cannot see bring them: ${r.args.unknown.slice(0, 2).join('; ')})`}. ` +
          'Give the derivation `cargoDeps = rustPlatform.importCargoLock { lockFile = ./Cargo.lock; };` and `rustPlatform.cargoSetupHook` ' +
          'in nativeBuildInputs (cargo then builds offline), or use rustPlatform.buildRustPackage.',
        fixes: vendorFix(file.path, file.text, r, !gitPackages(ws.lock).length),
      });
    }
  }
  return findings;
};

function vendorFix(path: string, text: string, r: CallReading, noGitDeps: boolean): Finding['fixes'] {
  // importCargoLock needs an outputHashes entry per git dependency: then the fix is not a complete one.
  if (!noGitDeps || r.call.pathArg) return [];
  const prefix = inputStyle(text, r.call).prefix;
  const edits = [
    ...addInputs(text, r.call, { nativeBuildInputs: ['rustPlatform.cargoSetupHook'] }),
    addAttr(r.call, 'cargoDeps', `${prefix}rustPlatform.importCargoLock { lockFile = ./Cargo.lock; }`),
  ];
  return [{ title: 'Vendor the dependencies: cargoDeps from importCargoLock + rustPlatform.cargoSetupHook', edits: [{ path, edits }], preferred: true }];
}
