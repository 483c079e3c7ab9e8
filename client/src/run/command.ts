// From a task definition to an argv: which Nix front end, which flags. Pure, so
// every Nix era's command line is unit-tested without running Nix.
import { dirname, join } from 'node:path';
import { isFileInstallable } from '../../../shared/src/installable';
import { supportsFlakes, supportsInternalJson, type NixVersion } from './nixVersion';

export const NIX_COMMANDS = ['build', 'run', 'flake-check', 'develop'] as const;
export type NixCommand = (typeof NIX_COMMANDS)[number];

/** The `"type": "nix"` task definition (package.json taskDefinitions mirrors it). */
export interface NixTaskDefinition {
  command: NixCommand;
  /** `.#default`, `.#packages.x86_64-linux.foo`, a flake ref, or a Nix file (`default.nix`) for `nix-build`. */
  installable?: string;
  /** Extra arguments for Nix, after the user's `nixify.nix.extraArgs`. */
  args?: string[];
}

export interface Invocation {
  file: string;
  args: string[];
  /** Output is `@nix {…}` records (else plain text). */
  json: boolean;
  /** Needs a real terminal (an interactive shell). */
  interactive: boolean;
}

export class UnsupportedError extends Error {}

/** A path to a Nix file rather than a flake installable: built with legacy `nix-build`. */
/** The flake reference of an installable: `.#foo` → `.`. */
export function flakeRef(installable: string): string {
  const i = installable.indexOf('#');
  return i === -1 ? installable : installable.slice(0, i) || '.';
}

/** Human label for a definition: `nix build .#default`. */
export function taskLabel(def: NixTaskDefinition): string {
  const inst = def.installable ?? defaultInstallable(def.command);
  if (def.command === 'build' && isFileInstallable(inst)) return `nix-build ${inst}`;
  if (def.command === 'flake-check') return `nix flake check ${flakeRef(inst)}`;
  return `nix ${def.command} ${inst}`;
}

export function defaultInstallable(command: NixCommand): string {
  return command === 'flake-check' ? '.' : '.#default';
}

/** Key for diagnostics of this task: what was built, not how. */
export function installableKey(def: NixTaskDefinition): string {
  const inst = def.installable ?? defaultInstallable(def.command);
  return def.command === 'flake-check' ? `check:${flakeRef(inst)}` : inst;
}

export function invocation(def: NixTaskDefinition, nix: { path: string; version: NixVersion }, extraArgs: string[] = []): Invocation {
  const inst = def.installable ?? defaultInstallable(def.command);
  const user = [...extraArgs, ...(def.args ?? [])];
  const json = supportsInternalJson(nix.version);
  // The JSON logger carries every build line; older Nix needs -L to show them at all.
  const logFlags = json ? ['--log-format', 'internal-json', '-v'] : ['-L'];

  if (def.command === 'build' && isFileInstallable(inst)) {
    // nix-build needs no experimental features; it streams full logs in plain text.
    return { file: join(dirname(nix.path), 'nix-build'), args: [inst, ...user], json: false, interactive: false };
  }
  const needsFlakes = !isFileInstallable(inst);
  if (needsFlakes && !supportsFlakes(nix.version)) {
    throw new UnsupportedError(`${taskLabel(def)} needs flakes, which Nix ${nix.version.major}.${nix.version.minor} does not have (2.4 or newer does). Build a Nix file with nix-build instead.`);
  }
  const target = isFileInstallable(inst) ? ['-f', inst] : [inst];
  switch (def.command) {
    case 'build':
      return { file: nix.path, args: ['build', ...target, ...logFlags, ...user], json, interactive: false };
    case 'run':
      return { file: nix.path, args: ['run', ...target, ...logFlags, ...user], json, interactive: false };
    case 'flake-check':
      return { file: nix.path, args: ['flake', 'check', flakeRef(inst), ...logFlags, ...user], json, interactive: false };
    case 'develop':
      return { file: nix.path, args: ['develop', ...target, ...user], json: false, interactive: true };
  }
}

/**
 * The extra args with `--extra-experimental-features` covering `features`.
 * Flakes are useless without nix-command and vice versa for our tasks, so both
 * are enabled together; an existing flag is extended, not repeated.
 */
export function withExperimentalFeatures(extraArgs: readonly string[], features: readonly string[]): string[] {
  const want = new Set(features);
  if (want.has('flakes') || want.has('nix-command')) want.add('flakes').add('nix-command');
  const out = [...extraArgs];
  const i = out.indexOf('--extra-experimental-features');
  if (i !== -1 && i + 1 < out.length) {
    const have = out[i + 1]!.split(/\s+/).filter(Boolean);
    out[i + 1] = [...new Set([...have, ...want])].join(' ');
    return out;
  }
  return [...out, '--extra-experimental-features', [...want].sort().join(' ')];
}

/**
 * Re-locks one flake input. `nix flake update <input>` exists from Nix 2.19;
 * before that (Debian's 2.8 included) it is `nix flake lock --update-input`.
 */
export function updateInputArgs(version: NixVersion, input: string): string[] {
  const modern = version.major > 2 || (version.major === 2 && version.minor >= 19);
  return modern ? ['flake', 'update', input] : ['flake', 'lock', '--update-input', input];
}
