// crate2nix flake: one derivation per crate (nixpkgs' buildRustCrate), so a
// change to one crate rebuilds only that crate, driven through crate2nix's
// tools so there is no manual `crate2nix generate` step to forget.
import { extraMembers, runtimeRpathNote, runtimeRpathScript, selfPkg, specBase } from './builders';
import { srcExpr, type GenContext } from './context';
import { flakeNix, nixpkgsInput, rustOverlayInput, rustSrcEntries, toolchainExpr, type FlakeExtras, type FlakeInput } from './flake';
import { attrKey, attrs, call, code, escapeString, interpolated, kv, lambda, list, name, raw, str, type Code, type Entry, type Nix } from './nixWriter';

export function crate2nixFlake(ctx: GenContext, extras?: FlakeExtras): string {
  const tc = toolchainExpr(ctx);
  const inputs: FlakeInput[] = [nixpkgsInput, { name: 'crate2nix', url: 'github:nix-community/crate2nix' }, ...(tc ? [rustOverlayInput] : [])];
  const generated = call('crate2nix.tools.${system}.generatedCargoNix', attrs([kv('name', str(ctx.pname)), kv('src', srcExpr(ctx, 'pkgs.lib'))]));
  // Arguments of the generated Cargo.nix: the toolchain for every crate, the features of the root crates.
  const cargoNixArgs: Entry[] = [];
  if (tc) {
    cargoNixArgs.push(
      kv(
        'buildRustCrateForPkgs',
        lambda('pkgs', call('pkgs.buildRustCrate.override', attrs([kv('rustc', raw('toolchain')), kv('cargo', raw('toolchain'))]))),
        ctx.toolchain?.kind === 'file' ? `Every crate builds with the toolchain ${ctx.toolchain.file} asks for.` : 'Every crate builds with the newer rustc that rust-version needs.',
      ),
    );
  }
  const features = [...(ctx.opts.noDefaultFeatures ? [] : ['default']), ...(ctx.opts.features ?? [])];
  if (ctx.opts.features?.length || ctx.opts.noDefaultFeatures) cargoNixArgs.push(kv('rootFeatures', list(features.map(str))));
  const lets: Entry[] = [];
  if (tc) lets.push(kv('toolchain', raw(tc)));
  lets.push(
    kv(
      'cargoNix',
      call('pkgs.callPackage', generated, attrs(cargoNixArgs)),
      "One derivation per crate: a change to one crate rebuilds only that crate. nixpkgs' defaultCrateOverrides add the native inputs of well-known -sys crates.\nGenerated while evaluating (import from derivation): always in sync with Cargo.lock, but not allowed in nixpkgs\nand slower to evaluate; to avoid it, run `crate2nix generate`, commit Cargo.nix and use `pkgs.callPackage ./Cargo.nix { }`.",
    ),
  );
  const workspace = ctx.ws.members.length > 1 || ctx.pkg.dir !== '';
  // defaultCrateOverrides give -sys crates what they link, not a program what it opens with dlopen:
  // the binaries' rpath gets those directories after fixup (buildRustCrate is a stdenv derivation).
  const rpath = runtimeRpathScript(ctx, 'pkgs.');
  if (rpath) lets.push(kv('runtimeRpath', rpath, runtimeRpathNote(ctx)));
  const crate = (member: string) => (workspace ? code`cargoNix.workspaceMembers.${escapeString(member)}.build` : code`cargoNix.rootCrate.build`);
  const build = (member: string) => (rpath ? code`${crate(member)}.overrideAttrs (old: { postFixup = (old.postFixup or "") + runtimeRpath; })` : crate(member));
  // buildRustCrate names meta.mainProgram after the crate, not its binary: a module, an image or
  // lib.getExe built on the package would start a missing path when they differ.
  const withMain = (drv: Code, bin: string | undefined): Nix => (bin ? call('pkgs.lib.addMetaAttrs', attrs([kv('mainProgram', str(bin))]), raw(rpath ? code`(${drv})` : drv)) : raw(drv));
  const packages: Entry[] = [kv('default', withMain(build(ctx.pname), ctx.mainProgram))];
  for (const m of extraMembers(ctx)) packages.push(kv(name(m.name), withMain(build(m.name), m.bin)));
  const shellInputs = [...ctx.inferred.nativeBuildInputs, ...ctx.inferred.buildInputs].map((i) => raw(code`pkgs.${attrKey(i.attr)}`));
  return flakeNix(
    {
      ...specBase(ctx, tc, inputs, lets),
      packages,
      checks: [kv('default', raw(selfPkg(code`default`)))],
      devShell: call(
        'pkgs.mkShell',
        attrs([
          kv(
            'packages',
            list([...(tc ? [raw('toolchain'), raw('pkgs.rust-analyzer')] : (['cargo', 'rustc', 'clippy', 'rustfmt', 'rust-analyzer'] as const).map((t) => raw(`pkgs.${t}`))), ...shellInputs]),
          ),
          ...rustSrcEntries(tc),
        ]),
      ),
      // buildRustCrate sets no meta.mainProgram, so the path is spelled out.
      // The name is text inside the string: escaped, never interpolated.
      appProgram: ctx.mainProgram ? interpolated(['', `/bin/${ctx.mainProgram}`], [selfPkg(code`default`)]) : undefined,
    },
    extras,
  );
}
