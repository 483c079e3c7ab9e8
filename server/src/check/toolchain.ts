// rust-version newer than the pinned nixpkgs' rustc, and a rust-toolchain file
// the Nix build ignores: both fail (or build with the wrong compiler) only
// minutes into `nix build`.
import { nixpkgsPin } from './flakeLock';
import { compareVersions } from '../../../shared/src/version';
import { estimateRustc, releaseOf } from '../model/rustcEra';
import type { Check, Finding } from './types';
import { startOfFile } from '../model/ranges';

/** Toolchain overlays and helpers that make the Nix build honour a chosen rustc. */
export const OWN_TOOLCHAIN = /rust-bin\.|fromRustupToolchainFile|fromToolchainFile|fenix|rust-overlay|oxalica|toolchainOf|rustChannelOf/;

export const rustcTooOld: Check = ({ ws, fs, nixFiles }) => {
  const lockText = fs.readFile('flake.lock');
  if (!lockText) return [];
  if (nixFiles.some((f) => OWN_TOOLCHAIN.test(f.text))) return [];
  const pin = nixpkgsPin(lockText);
  const rustc = pin && estimateRustc(pin.ref, pin.lastModified);
  if (!rustc) return [];
  const findings: Finding[] = [];
  for (const m of ws.members) {
    const wanted = m.package?.rustVersion;
    if (!wanted || compareVersions(wanted, rustc.version) <= 0) continue;
    const where =
      rustc.basis === 'release-table'
        ? `nixpkgs ${rustc.channel}`
        : `the nixpkgs pinned in flake.lock (${pin!.ref ?? 'unstable'}, locked ${new Date(pin!.lastModified! * 1000).toISOString().slice(0, 10)})`;
    // A release branch stays on its rustc however often it is re-locked: moving on means another branch.
    const release = releaseOf(pin!.ref);
    const update = release
      ? `Point the ${pin!.input} input at a newer release branch or nixos-unstable (it follows ${pin!.ref}, which stays on rustc ${rustc.version} however often it is re-locked)`
      : `Update the ${pin!.input} input (\`nix flake update ${pin!.input}\`)`;
    findings.push({
      code: 'rustc-too-old',
      // Likely, not certain: Nixify does not evaluate which nixpkgs the package is built with.
      severity: 'warning',
      file: m.path,
      range: m.ranges.rustVersion ?? m.ranges.package ?? startOfFile(),
      message:
        `rust-version ${wanted} is newer than rustc ${rustc.version}${rustc.basis === 'date-model' ? ' (estimated)' : ''} in ${where}: ` +
        `the Nix build will fail. ${update}, or build with a rust-overlay toolchain ` +
        `(\`rust-bin.stable."${fullVersion(wanted)}".default\`).`,
      fixes: [],
    });
  }
  return findings;
};

export const toolchainIgnored: Check = ({ ws, nixFiles }) => {
  const tc = ws.toolchain;
  if (!tc || !nixFiles.some((f) => f.model.calls.length)) return [];
  if (nixFiles.some((f) => OWN_TOOLCHAIN.test(f.text) || f.text.includes(tc.file))) return [];
  return [
    {
      code: 'toolchain-ignored',
      severity: 'hint',
      file: tc.file,
      range: startOfFile(),
      message:
        `${tc.file} asks for ${tc.channel ?? 'a specific toolchain'}${tc.targets.length ? ` with ${tc.targets.join(', ')}` : ''}, ` +
        "but the Nix build uses nixpkgs' rustc and ignores this file. Use rust-overlay's `rust-bin.fromRustupToolchainFile " +
        `./${tc.file}\` to build with it.`,
      fixes: [],
    },
  ];
};

/** rust-overlay names its toolchains by full version: `rust-bin.stable."1.86.0"`, never `"1.86"`. */
export function fullVersion(v: string): string {
  const parts = v.split('.');
  while (parts.length < 3) parts.push('0');
  return parts.join('.');
}
