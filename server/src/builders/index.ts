// The builder registry: every builder Nixify writes, and every family of
// builder calls it reads back. The `Builder` name type, the CLI's --builder
// choices, the editor's quick pick (sent in nixify/nixifyChoices), the plan,
// the Nix model's recognisers and what checks and diagnosis assume of a call
// all come from here. A new builder is one module beside this file, listed below.
import { buildRustPackage } from './buildRustPackage';
import { cargoDerivation } from './cargoDerivation';
import { crane } from './crane';
import { crate2nix } from './crate2nix';
import { naersk } from './naersk';
import type { BuilderSpec, CallFamily, CallKindSpec, DoCheck } from './types';

/** Builders `nixify init` and "Nixify this crate" can write, in the order they are offered. */
export const BUILDERS = [buildRustPackage, crane, naersk, crate2nix] as const;

/** Every family of calls the Nix model recognises: the builders, then hand-written derivations. */
export const CALL_FAMILIES: readonly CallFamily[] = [...BUILDERS, cargoDerivation];

export type Builder = (typeof BUILDERS)[number]['name'];
/** The kind of a builder call read from a Nix file. */
export type BuilderKind = ((typeof BUILDERS)[number] | typeof cargoDerivation)['calls'][number]['kind'];

export const BUILDER_NAMES: readonly Builder[] = BUILDERS.map((b) => b.name);

export function isBuilder(name: string): name is Builder {
  return (BUILDER_NAMES as readonly string[]).includes(name);
}

export function builderSpec(name: Builder): BuilderSpec {
  return BUILDERS.find((b) => b.name === name)!;
}

const KINDS = new Map<string, CallKindSpec>(CALL_FAMILIES.flatMap((f) => f.calls.map((c) => [c.kind, c] as const)));

/** What checks and diagnosis may assume of a call of this kind. */
export function callKind(kind: BuilderKind): CallKindSpec {
  return KINDS.get(kind)!;
}

/** What `doCheck = false;` does to the tests of a call (the callee's last part picks the function in a shared kind). */
export function doCheckOf(call: { kind: BuilderKind; callee: string; bindings: readonly { name: string; stringValue?: string }[] }): DoCheck | undefined {
  const spec = callKind(call.kind);
  const inBuild = spec.testsInBuildWhen;
  if (inBuild && call.bindings.some((b) => b.name === inBuild.attr && b.stringValue === inBuild.value)) return undefined;
  return spec.doCheckBy?.[call.callee.split('.').at(-1)!] ?? spec.doCheck;
}

/** The suffix a call's function adds to pname in its derivation's name (crane's checks), or undefined. */
export function pnameSuffixOf(call: { kind: BuilderKind; callee: string }): string | undefined {
  return callKind(call.kind).pnameSuffixBy?.[call.callee.split('.').at(-1)!];
}

export type { BuilderSpec, Capabilities, CallFamily, CallKindSpec, DoCheck } from './types';
