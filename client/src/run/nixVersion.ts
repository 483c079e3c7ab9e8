// Which Nix we talk to decides the command line: the new CLI and its JSON
// logger exist from 2.4 on; 2.3 has `nix build` but no flakes.
import { compareVersions } from '../../../shared/src/version';

export interface NixVersion {
  major: number;
  minor: number;
  patch: number;
  /** As printed, e.g. `nix (Nix) 2.8.0` or `nix (Determinate Nix 3.1.0) 2.26.3`. */
  text: string;
}

/** Parses `nix --version` output; the last dotted number is Nix's own version. */
export function parseNixVersion(output: string): NixVersion | undefined {
  const line = output.trim().split('\n')[0] ?? '';
  const all = [...line.matchAll(/(\d+)\.(\d+)(?:\.(\d+))?/g)];
  const m = all.at(-1);
  if (!m) return undefined;
  return { major: Number(m[1]), minor: Number(m[2]), patch: Number(m[3] ?? 0), text: line };
}

export function atLeast(v: NixVersion, major: number, minor: number): boolean {
  return compareVersions(`${v.major}.${v.minor}.${v.patch}`, `${major}.${minor}`) >= 0;
}

/** `--log-format internal-json` with the activity records we decode. */
export const supportsInternalJson = (v: NixVersion) => atLeast(v, 2, 4);

/** Flakes (`nix flake …`, `.#attr` installables). */
export const supportsFlakes = (v: NixVersion) => atLeast(v, 2, 4);
