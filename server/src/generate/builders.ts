// Pieces every builder's flake.nix shares: references to the flake's own
// packages, the extra workspace members, env with `pkgs.` prefixes, inputs
// merged with what other generators add, and the flake around one package
// derivation (buildRustPackage and naersk).
import { flakeDescription } from './common';
import type { InferredInput } from '../infer/types';
import type { CargoManifest } from '../model/types';
import { memberMainProgram, type GenContext } from './context';
import { devTools, flakeNix, pkgsWithOverlay, rustSrcEntries, rustSrcWarning, type FlakeExtras, type FlakeInput } from './flake';
import { attrKey, attrs, call, code, istr, istrWith, kv, list, name, pathExpr, print, raw, refString, type Code, type Entry, type Nix } from './nixWriter';

export const sysRef = code`\${system}`;
export const selfPkg = (pkg: Code) => code`self.packages.${sysRef}.${pkg}`;

/** The inferred env, with package references written as `pkgs.x` (flake scope). */
export function envEntries(ctx: GenContext, prefix: 'pkgs.' | '' = 'pkgs.'): Entry[] {
  // The value is rebuilt from its text: `${attr.path}` holes become references (prefixed), the rest is escaped.
  return ctx.inferred.env.map((e) =>
    kv(name(e.name), typeof e.value === 'boolean' ? raw(e.value ? 'true' : 'false') : raw(refString(e.value, (p) => (prefix ? code`pkgs.${attrKey(p)}` : attrKey(p)))), e.because),
  );
}

/** Binary members other than the main package: one flake package each. */
export function extraMembers(ctx: GenContext): { name: string; bin?: string; member: CargoManifest }[] {
  return ctx.binaryMembers.filter((m) => m !== ctx.pkg).map((m) => ({ name: m.package!.name, bin: memberMainProgram(m), member: m }));
}

/** A member's own version, read from its Cargo.toml (or the workspace's when it inherits it), in flake scope. */
export function memberVersion(m: CargoManifest): Nix {
  if (m.package?.inherited.includes('version')) return raw('(pkgs.lib.importTOML ./Cargo.toml).workspace.package.version');
  return raw(code`(pkgs.lib.importTOML ${pathExpr(m.dir ? `${m.dir}/Cargo.toml` : 'Cargo.toml')}).package.version`);
}

/** nativeBuildInputs: the inferred ones plus what another generator (the service) adds. */
export function nativeInputs(ctx: GenContext): InferredInput[] {
  const out = [...ctx.inferred.nativeBuildInputs];
  const add = ctx.packageAdditions;
  if (add) for (const a of add.nativeBuildInputs) if (!out.some((i) => i.attr === a)) out.push({ attr: a, bucket: 'nativeBuildInputs', because: add.because.join('; '), crate: '', via: [] });
  return out;
}

/** `postInstall` from another generator, for a derivation's attributes. */
export function postInstallEntries(ctx: GenContext): Entry[] {
  const add = ctx.packageAdditions;
  // A shell script: closing quotes on their own line, as nixpkgs writes them.
  const script = add?.postInstall ? (add.postInstall.endsWith('\n') ? add.postInstall : `${add.postInstall}\n`) : undefined;
  return script ? [kv('postInstall', istr(script), add!.because.join('; ') || undefined)] : [];
}

/** Libraries the program opens with dlopen (InferredInput.loadedAtRunTime): none of its ELF files links them. */
export function runtimeLibraries(ctx: GenContext): InferredInput[] {
  return ctx.inferred.buildInputs.filter((i) => i.loadedAtRunTime);
}

/**
 * The script that lets the program find its dlopen'ed libraries. In buildInputs alone they do
 * not reach the binary: the linker wrapper adds an rpath entry only for libraries it links, and
 * fixup's shrink-rpath drops the rest. postFixup runs after that shrink and after strip, so the
 * directories it adds to every ELF file in $out/bin stay and no strip runs on the patched file
 * (nixpkgs' halloy adds them in postFixup; alacritty does it in postInstall, so it must strip first
 * and set dontPatchELF). Every builder here is a stdenv derivation, whose Linux stdenv brings
 * patchelf and setup.sh's isELF; Darwin has neither, so the script is empty off Linux.
 */
export function runtimeRpathScript(ctx: GenContext, prefix: 'pkgs.' | ''): Nix | undefined {
  const libs = runtimeLibraries(ctx);
  if (!libs.length) return undefined;
  const p = prefix ? code`pkgs.` : code``;
  const libPath = print(call(prefix ? 'pkgs.lib.makeLibraryPath' : 'lib.makeLibraryPath', list(libs.map((i) => raw(code`${p}${attrKey(i.attr)}`)))), 2);
  // nixfmt keeps `${lib.makeLibraryPath [ one ]}` on its line and opens `${` on its own lines for a longer list.
  const path = libPath.includes('\n') ? code`\n  ${libPath}\n` : libPath;
  const script = istrWith(['for f in "$out"/bin/*; do\n  if [ -f "$f" ] && isELF "$f"; then\n    patchelf --add-rpath "', '" "$f"\n  fi\ndone\n'], [path]);
  return call(prefix ? 'pkgs.lib.optionalString' : 'lib.optionalString', raw(prefix ? 'pkgs.stdenv.hostPlatform.isLinux' : 'stdenv.hostPlatform.isLinux'), script);
}

/** Why the postFixup (or crate2nix's runtimeRpath) is there, as its comment. */
export function runtimeRpathNote(ctx: GenContext): string {
  const names = runtimeLibraries(ctx).map((i) => i.attr);
  return `The program opens ${names.join(', ')} with dlopen at run time: their directories go on its rpath (linking alone does not put them there).`;
}

/** `postFixup` with runtimeRpathScript, for a derivation's attributes. */
export function runtimeRpathEntries(ctx: GenContext, prefix: 'pkgs.' | ''): Entry[] {
  const script = runtimeRpathScript(ctx, prefix);
  return script ? [kv('postFixup', script, runtimeRpathNote(ctx))] : [];
}

/** What every builder's flake shares: description, inputs, the pkgs it evaluates with, its per-system lets. */
export function specBase(ctx: GenContext, tc: Code | undefined, inputs: FlakeInput[], lets: Entry[]) {
  const w = rustSrcWarning(ctx);
  if (w && !ctx.warnings.includes(w)) ctx.warnings.push(w);
  return {
    description: flakeDescription(ctx.pname, ctx.pkg.package?.description),
    inputs,
    pkgsExpr: tc ? pkgsWithOverlay() : undefined,
    perSystemLets: lets,
    submodules: ctx.submodules,
  };
}

/** A flake around one package derivation: the package is the check, its inputs make the devShell. */
export function packageFlake(ctx: GenContext, tc: Code | undefined, inputs: FlakeInput[], lets: Entry[], packages: Entry[], extras?: FlakeExtras): string {
  return flakeNix(
    {
      ...specBase(ctx, tc, inputs, lets),
      packages,
      checks: [kv('default', raw(selfPkg(code`default`)))],
      devShell: call('pkgs.mkShell', attrs([kv('inputsFrom', list([raw(selfPkg(code`default`))])), kv('packages', devTools('pkgs.', tc ? code`toolchain` : undefined)), ...rustSrcEntries(tc)])),
      appProgram: ctx.mainProgram ? code`pkgs.lib.getExe ${selfPkg(code`default`)}` : undefined,
    },
    extras,
  );
}
