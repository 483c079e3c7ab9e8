// Apple's frameworks as nixpkgs' darwin SDKs package them (data/darwinFrameworks.json, generated from nixpkgs' own
// framework lists by scripts/gen-darwin-frameworks.mjs): which name is a framework, and its attribute in the era
// before the 2024 SDK rework (nixpkgs 24.11), when each framework was an input of its own. From 24.11 on the default
// `apple-sdk` holds every framework of its version and the per-framework attributes are stubs.
import data from '../../data/darwinFrameworks.json';

const FRAMEWORKS = data.frameworks as Record<string, string[]>;

/** Whether nixpkgs' SDKs package a framework of this name. */
export function isSdkFramework(name: string): boolean {
  return Object.hasOwn(FRAMEWORKS, name);
}

/**
 * The pre-24.11 attribute for a framework: the 10.12 SDK's (`darwin.apple_sdk.frameworks.X`, the default there) when it
 * has it, else the 11.0 SDK's (`darwin.apple_sdk_11_0.frameworks.X`); undefined for a name neither SDK packages (a
 * project's own framework, a misspelling).
 */
export function frameworkAttr(name: string): string | undefined {
  const eras = Object.hasOwn(FRAMEWORKS, name) ? FRAMEWORKS[name]! : undefined;
  if (!eras) return undefined;
  return eras.includes('10.12') ? `darwin.apple_sdk.frameworks.${name}` : `darwin.apple_sdk_11_0.frameworks.${name}`;
}
