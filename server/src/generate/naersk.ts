// naersk flake: pure-Nix Cargo.lock parsing (no IFD), a deps-only derivation
// then the package. naersk ignores rust-toolchain files, so a toolchain the
// crate asks for is passed in explicitly.
import type { CargoManifest } from '../model/types';
import { envEntries, extraMembers, memberVersion, nativeInputs, packageFlake, postInstallEntries, runtimeRpathEntries } from './builders';
import { inputsExpr, memberMetaEntries, metaEntries, srcExpr, type GenContext } from './context';
import { nixpkgsInput, rustOverlayInput, toolchainExpr, type FlakeExtras, type FlakeInput } from './flake';
import { frontendName, frontendPreBuild, frontendVar, npmPackage } from './frontendPackage';
import { BINDGEN_TARGET_NOTE, bindgenCli, bindgenScript, WASM_TARGET, wasmMembers } from './wasm';
import { attrs, call, code, inlineCode, istr, kv, lambda, list, name, raw, str, update, type Entry, type Nix } from './nixWriter';

export function naerskFlake(ctx: GenContext, extras?: FlakeExtras): string {
  const tc = toolchainExpr(ctx, 'pkgs', true);
  const inputs: FlakeInput[] = [nixpkgsInput, { name: 'naersk', url: 'github:nix-community/naersk', followsNixpkgs: true }, ...(tc ? [rustOverlayInput] : [])];
  const lets: Entry[] = [];
  if (tc) lets.push(kv('toolchain', raw(tc), 'naersk does not read rust-toolchain files: the toolchain is passed in.'));
  lets.push(kv("naersk'", call('pkgs.callPackage', raw('naersk'), tc ? attrs([kv('cargo', raw('toolchain')), kv('rustc', raw('toolchain'))]) : attrs([]))));
  const workspace = ctx.ws.members.length > 1 || ctx.pkg.dir !== '';
  const featureFlags: string[] = [];
  if (ctx.opts.features?.length) featureFlags.push('--features', ctx.opts.features.join(','));
  if (ctx.opts.noDefaultFeatures) featureFlags.push('--no-default-features');
  const buildOptions = (flags: string[]): Entry[] => (flags.length ? [kv('cargoBuildOptions', lambda('x', raw(code`x ++ ${inlineCode(list(flags.map(str)))}`)))] : []);
  const common: Entry[] = [kv('src', srcExpr(ctx, 'pkgs.lib'))];
  const natives = nativeInputs(ctx);
  if (natives.length) common.push(kv('nativeBuildInputs', inputsExpr(natives, 'pkgs.', 'pkgs.lib', 'pkgs.stdenv')));
  if (ctx.inferred.buildInputs.length) common.push(kv('buildInputs', inputsExpr(ctx.inferred.buildInputs, 'pkgs.', 'pkgs.lib', 'pkgs.stdenv')));
  common.push(...envEntries(ctx));
  // Frontend builds the program reads: put in place before cargo runs.
  ctx.frontend.forEach((f, i) =>
    lets.push(kv(frontendVar(i), npmPackage(f, frontendName(ctx, f), memberVersion(ctx.pkg), 'pkgs.'), `The assets ${f.out} holds, built from ${f.dir || 'the root'}'s package.json.`)),
  );
  common.push(...frontendPreBuild(ctx.frontend));
  // wasm32 members: built for that target with cargo, then wasm-bindgen writes the JS glue.
  const wasm = wasmMembers(ctx.ws).filter((m) => !ctx.trunk.some((t) => t.member === m));
  if (wasm.length) {
    const cli = bindgenCli(ctx.ws, 'pkgs.');
    if (cli.warning && !ctx.warnings.includes(cli.warning)) ctx.warnings.push(cli.warning);
    lets.push(kv('wasmBindgenCli', cli.value, cli.comment));
  }
  const wasmEntries = (m: CargoManifest): Entry[] => [
    kv('CARGO_BUILD_TARGET', str(WASM_TARGET), `${m.package!.name} for the browser.`),
    kv('copyBins', raw('false'), 'A wasm module, no binaries: wasm-bindgen installs it below.'),
    kv(
      'nativeBuildInputs',
      raw(
        code`${natives.length ? (workspace ? code`naerskArgs.nativeBuildInputs ++ ` : code`${inlineCode(inputsExpr(natives, 'pkgs.', 'pkgs.lib', 'pkgs.stdenv'))} ++ `) : code``}${inlineCode(list(tc ? [raw('wasmBindgenCli')] : [raw('pkgs.lld'), raw('wasmBindgenCli')]))}`,
      ),
      tc ? undefined : "nixpkgs' rustc links wasm32 with lld.",
    ),
    kv('postInstall', istr(bindgenScript(m)), `The module and its JS glue in $out. ${BINDGEN_TARGET_NOTE}`),
  ];
  const isWasm = (m: CargoManifest) => wasm.includes(m);
  if (!workspace) {
    const args = [
      ...common.filter((e) => !(isWasm(ctx.pkg) && 'key' in e && e.key === 'nativeBuildInputs')),
      ...buildOptions(featureFlags),
      ...(isWasm(ctx.pkg) ? wasmEntries(ctx.pkg) : [...postInstallEntries(ctx), ...runtimeRpathEntries(ctx, 'pkgs.')]),
      kv('meta', attrs(metaEntries(ctx, 'pkgs.lib'))),
    ];
    return packageFlake(ctx, tc, inputs, lets, [kv('default', call("naersk'.buildPackage", attrs(args)))], extras);
  }
  // naersk names the derivation from `name` (not `pname`; without it a workspace is
  // "rust-workspace") and takes `version` from the root Cargo.toml, which a workspace may
  // not have: both come from the member. One package per binary member, each its own build.
  lets.push(kv('naerskArgs', attrs(common), 'What every member package shares.'));
  const memberArgs = (m: CargoManifest, more: Entry[], meta: Entry[]): Nix =>
    update(
      raw('naerskArgs'),
      attrs([kv('name', str(m.package!.name)), kv('version', memberVersion(m)), ...buildOptions(['--package', m.package!.name, ...featureFlags]), ...more, kv('meta', attrs(meta))]),
    );
  const packages: Entry[] = [
    kv(
      'default',
      call("naersk'.buildPackage", memberArgs(ctx.pkg, isWasm(ctx.pkg) ? wasmEntries(ctx.pkg) : [...postInstallEntries(ctx), ...runtimeRpathEntries(ctx, 'pkgs.')], metaEntries(ctx, 'pkgs.lib'))),
    ),
  ];
  for (const m of extraMembers(ctx)) {
    packages.push(kv(name(m.name), call("naersk'.buildPackage", memberArgs(m.member, [], memberMetaEntries(ctx, m.member, 'pkgs.lib', m.bin)))));
  }
  for (const m of wasm.filter((x) => x !== ctx.pkg)) {
    packages.push(kv(name(m.package!.name), call("naersk'.buildPackage", memberArgs(m, wasmEntries(m), memberMetaEntries(ctx, m, 'pkgs.lib', undefined)))));
  }
  return packageFlake(ctx, tc, inputs, lets, packages, extras);
}
