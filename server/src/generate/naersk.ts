// naersk flake: pure-Nix Cargo.lock parsing (no IFD), a deps-only derivation
// then the package. naersk ignores rust-toolchain files, so a toolchain the
// crate asks for is passed in explicitly.
import { envEntries, nativeInputs, packageFlake, postInstallEntries } from './builders';
import { inputsExpr, metaEntries, srcExpr, type GenContext } from './context';
import { nixpkgsInput, rustOverlayInput, toolchainExpr, type FlakeExtras, type FlakeInput } from './flake';
import { attrs, call, code, inlineCode, kv, lambda, list, raw, str, type Entry } from './nixWriter';

export function naerskFlake(ctx: GenContext, extras?: FlakeExtras): string {
  const tc = toolchainExpr(ctx);
  const inputs: FlakeInput[] = [nixpkgsInput, { name: 'naersk', url: 'github:nix-community/naersk', followsNixpkgs: true }, ...(tc ? [rustOverlayInput] : [])];
  const lets: Entry[] = [];
  if (tc) lets.push(kv('toolchain', raw(tc), 'naersk does not read rust-toolchain files: the toolchain is passed in.'));
  lets.push(kv("naersk'", call('pkgs.callPackage', raw('naersk'), tc ? attrs([kv('cargo', raw('toolchain')), kv('rustc', raw('toolchain'))]) : attrs([]))));
  const args: Entry[] = [kv('src', srcExpr(ctx, 'pkgs.lib'))];
  const cargoFlags: string[] = [];
  if (ctx.ws.members.length > 1 || ctx.pkg.dir) {
    // Without a name naersk calls a workspace "rust-workspace-unknown".
    args.push(kv('pname', str(ctx.pname)));
    cargoFlags.push('--package', ctx.pname);
  }
  if (ctx.opts.features?.length) cargoFlags.push('--features', ctx.opts.features.join(','));
  if (ctx.opts.noDefaultFeatures) cargoFlags.push('--no-default-features');
  if (cargoFlags.length) args.push(kv('cargoBuildOptions', lambda('x', raw(code`x ++ ${inlineCode(list(cargoFlags.map(str)))}`))));
  const natives = nativeInputs(ctx);
  if (natives.length) args.push(kv('nativeBuildInputs', inputsExpr(natives, 'pkgs.', 'pkgs.lib', 'pkgs.stdenv')));
  if (ctx.inferred.buildInputs.length) args.push(kv('buildInputs', inputsExpr(ctx.inferred.buildInputs, 'pkgs.', 'pkgs.lib', 'pkgs.stdenv')));
  args.push(...envEntries(ctx));
  args.push(...postInstallEntries(ctx));
  args.push(kv('meta', attrs(metaEntries(ctx, 'pkgs.lib'))));
  return packageFlake(ctx, tc, inputs, lets, [kv('default', call("naersk'.buildPackage", attrs(args)))], extras);
}
