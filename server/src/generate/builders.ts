// The flake.nix of each builder. buildRustPackage's flake wraps package.nix;
// crane, naersk and crate2nix live in the flake itself.
import { flakeDescription } from './common';
import { indentedString } from './service';
import { inputsExpr, metaEntries, srcExpr, type GenContext } from './context';
import { devTools, flakeNix, nixpkgsInput, pkgsWithOverlay, rustOverlayInput, toolchainExpr, type FlakeExtras, type FlakeInput } from './flake';
import { attrs, call, escapeString, kv, list, raw, str, type Entry, type Nix } from './nixWriter';

const sysRef = '${system}';
const selfPkg = (name: string) => `self.packages.${sysRef}.${name}`;

function envEntries(ctx: GenContext): Entry[] {
  return ctx.inferred.env.map((e) => kv(e.name, raw(e.nix.replace(/\$\{([A-Za-z_][\w-]*)/g, '${pkgs.$1')), e.because));
}

/** Static assets: the wrapper tool joins the inputs, postInstall copies the folders and wraps the binary. */
function serviceEntries(ctx: GenContext, base: string, indent: number): Entry[] {
  const add = ctx.packageAdditions;
  if (!add?.postInstall) return [];
  const why = add.because.join('; ');
  return [
    kv('nativeBuildInputs', raw(`${base} ++ [ ${add.nativeBuildInputs.map((a) => `pkgs.${a}`).join(' ')} ]`), why),
    kv('postInstall', raw(indentedString(add.postInstall, indent + 2))),
  ];
}

function printInputs(ctx: GenContext): string {
  return `[ ${ctx.inferred.nativeBuildInputs.map((i) => `pkgs.${i.attr}`).join(' ')} ]`;
}

function wasmMembers(ctx: GenContext) {
  return ctx.ws.members.filter((m) => m.package && m.lib?.crateTypes.includes('cdylib') && m.dependencies.some((d) => d.package === 'wasm-bindgen'));
}

function extraMembers(ctx: GenContext): { name: string; bin?: string }[] {
  return ctx.binaryMembers.filter((m) => m !== ctx.pkg).map((m) => ({ name: m.package!.name, bin: m.bins[0]?.name }));
}

export function buildRustPackageFlake(ctx: GenContext, extras?: FlakeExtras): string {
  const tc = toolchainExpr(ctx);
  const inputs: FlakeInput[] = [nixpkgsInput, ...(tc ? [rustOverlayInput] : [])];
  const lets: Entry[] = [];
  let callArgs: Nix = attrs([]);
  if (tc) {
    lets.push(kv('toolchain', raw(tc), ctx.toolchain?.kind === 'file' ? `Builds with the toolchain ${ctx.toolchain.file} asks for.` : undefined));
    lets.push(kv('rustPlatform', call('pkgs.makeRustPlatform', attrs([kv('cargo', raw('toolchain')), kv('rustc', raw('toolchain'))]))));
    callArgs = attrs([{ inherit: ['rustPlatform'] }]);
  }
  const packages: Entry[] = [kv('default', call('pkgs.callPackage', raw('./package.nix'), callArgs))];
  for (const m of extraMembers(ctx)) {
    packages.push(
      kv(
        m.name,
        raw(
          `${selfPkg('default')}.overrideAttrs (old: {\n          pname = ${escapeString(m.name)};\n          cargoBuildFlags = [ "--package" ${escapeString(m.name)} ];\n          cargoTestFlags = [ "--package" ${escapeString(m.name)} ];\n          meta = old.meta // { mainProgram = ${escapeString(m.bin ?? m.name)}; };\n        })`,
        ),
      ),
    );
  }
  return packageFlake(ctx, tc, inputs, lets, packages, extras);
}

/** A flake around one package derivation: the package is the check, its inputs make the devShell. */
function packageFlake(ctx: GenContext, tc: string | undefined, inputs: FlakeInput[], lets: Entry[], packages: Entry[], extras?: FlakeExtras): string {
  return flakeNix(
    {
      description: flakeDescription(ctx.pname, ctx.pkg.package?.description),
      inputs,
      pkgsExpr: tc ? pkgsWithOverlay() : undefined,
      perSystemLets: lets,
      packages,
      checks: [kv('default', raw(selfPkg('default')))],
      devShell: call('pkgs.mkShell', attrs([kv('inputsFrom', list([raw(selfPkg('default'))])), kv('packages', devTools('pkgs.', tc ? 'toolchain' : undefined))])),
      appProgram: ctx.mainProgram ? `pkgs.lib.getExe ${selfPkg('default')}` : undefined,
      submodules: ctx.ws.git.submodules.length > 0,
    },
    extras,
  );
}

export function craneFlake(ctx: GenContext, extras?: FlakeExtras): string {
  const tc = toolchainExpr(ctx, 'p');
  const nextest = ctx.exists('.config/nextest.toml');
  const inputs: FlakeInput[] = [nixpkgsInput, { name: 'crane', url: 'github:ipetkov/crane' }, { name: 'advisory-db', url: 'github:rustsec/advisory-db', flake: false }, ...(tc ? [rustOverlayInput] : [])];
  const common: Entry[] = [{ inherit: ['src'] }, kv('strictDeps', raw('true'))];
  if (ctx.inferred.nativeBuildInputs.length) common.push(kv('nativeBuildInputs', inputsExpr(ctx.inferred.nativeBuildInputs, 'pkgs.', 'pkgs.lib', 'pkgs.stdenv')));
  if (ctx.inferred.buildInputs.length) common.push(kv('buildInputs', inputsExpr(ctx.inferred.buildInputs, 'pkgs.', 'pkgs.lib', 'pkgs.stdenv')));
  if (ctx.inferred.env.length) common.push(kv('env', attrs(envEntries(ctx))));
  if (ctx.opts.features?.length) common.push(kv('cargoExtraArgs', str(`--locked --features ${ctx.opts.features.join(',')}${ctx.opts.noDefaultFeatures ? ' --no-default-features' : ''}`)));
  const pkgArgs = (name: string, main?: string): Nix =>
    ({
      t: 'update',
      left: raw('commonArgs'),
      right: attrs([
        { inherit: ['cargoArtifacts'] },
        ...(ctx.ws.members.length > 1 ? [kv('pname', str(name)), kv('cargoExtraArgs', str(`--locked --package ${name}`))] : []),
        kv('doCheck', raw('false'), 'Tests run once, in checks.tests, not in every package build.'),
        ...(name === ctx.pname ? serviceEntries(ctx, '(commonArgs.nativeBuildInputs or [ ])', 12) : []),
        kv('meta', attrs(name === ctx.pname ? metaEntries(ctx, 'pkgs.lib') : main ? [kv('mainProgram', str(main))] : [])),
      ]),
    }) as Nix;
  const lets: Entry[] = [
    kv('craneLib', raw(tc ? `(crane.mkLib pkgs).overrideToolchain (p: ${tc})` : 'crane.mkLib pkgs')),
    { key: 'src', value: ctx.ws.assetDirs.length || ctx.ws.members.some((m) => m.buildScript) ? srcExpr(ctx, 'pkgs.lib') : raw('craneLib.cleanCargoSource ./.'), comment: 'Rust sources, Cargo files and the non-Rust files the build reads.' },
    kv('commonArgs', attrs(common)),
    kv('cargoArtifacts', raw('craneLib.buildDepsOnly commonArgs'), 'Dependencies build once and are reused by the package and every check.'),
    kv('package', call('craneLib.buildPackage', pkgArgs(ctx.pname, ctx.mainProgram))),
  ];
  const packages: Entry[] = [kv('default', raw('package'))];
  for (const m of extraMembers(ctx)) packages.push(kv(m.name, call('craneLib.buildPackage', pkgArgs(m.name, m.bin))));
  // wasm32 cdylib members build for the browser with their own dependency build;
  // the host binaries keep the native target.
  for (const w of wasmMembers(ctx)) {
    const name = w.package!.name;
    lets.push(
      kv(
        `${name}Args`,
        { t: 'update', left: raw('commonArgs'), right: attrs([kv('pname', str(name)), kv('cargoExtraArgs', str(`--locked --package ${name}`)), kv('CARGO_BUILD_TARGET', str('wasm32-unknown-unknown')), kv('doCheck', raw('false'), 'Tests cannot run on the wasm32 target.')]) } as Nix,
      ),
    );
    packages.push(kv(name, call('craneLib.buildPackage', { t: 'update', left: raw(`${name}Args`), right: attrs([kv('cargoArtifacts', raw(`craneLib.buildDepsOnly ${name}Args`))]) } as Nix)));
  }
  const withArtifacts = (extra: Entry[]): Nix => ({ t: 'update', left: raw('commonArgs'), right: attrs([{ inherit: ['cargoArtifacts'] }, ...extra]) }) as Nix;
  const checks: Entry[] = [
    { inherit: ['package'] },
    kv('clippy', call('craneLib.cargoClippy', withArtifacts([kv('cargoClippyExtraArgs', str('--all-targets -- --deny warnings'))]))),
    kv('doc', call('craneLib.cargoDoc', withArtifacts([kv('env.RUSTDOCFLAGS', str('--deny warnings'))]))),
    kv('fmt', call('craneLib.cargoFmt', attrs([{ inherit: ['src'] }]))),
    kv('audit', call('craneLib.cargoAudit', attrs([{ inherit: ['src', 'advisory-db'] }]))),
  ];
  checks.push(
    nextest
      ? kv('tests', call('craneLib.cargoNextest', withArtifacts([kv('partitions', raw('1')), kv('partitionType', str('count'))])))
      : kv('tests', call('craneLib.cargoTest', withArtifacts([]))),
  );
  return flakeNix(
    {
      description: flakeDescription(ctx.pname, ctx.pkg.package?.description),
      inputs,
      pkgsExpr: tc ? pkgsWithOverlay() : undefined,
      perSystemLets: lets,
      packages,
      checks,
      devShell: call('craneLib.devShell', attrs([kv('checks', raw(`self.checks.${sysRef}`)), kv('packages', list([raw('pkgs.rust-analyzer')]))])),
      appProgram: ctx.mainProgram ? `pkgs.lib.getExe ${selfPkg('default')}` : undefined,
      submodules: ctx.ws.git.submodules.length > 0,
    },
    extras,
  );
}

export function naerskFlake(ctx: GenContext, extras?: FlakeExtras): string {
  const tc = toolchainExpr(ctx);
  const inputs: FlakeInput[] = [nixpkgsInput, { name: 'naersk', url: 'github:nix-community/naersk', followsNixpkgs: true }, ...(tc ? [rustOverlayInput] : [])];
  const lets: Entry[] = [];
  if (tc) lets.push(kv('toolchain', raw(tc)));
  lets.push(kv("naersk'", call('pkgs.callPackage', raw('naersk'), tc ? attrs([kv('cargo', raw('toolchain')), kv('rustc', raw('toolchain'))]) : attrs([]))));
  const args: Entry[] = [kv('src', srcExpr(ctx, 'pkgs.lib'))];
  if (ctx.ws.members.length > 1) args.push(kv('pname', str(ctx.pname)), kv('cargoBuildOptions', raw(`x: x ++ [ "--package" ${escapeString(ctx.pname)} ]`)));
  if (ctx.inferred.nativeBuildInputs.length) args.push(kv('nativeBuildInputs', inputsExpr(ctx.inferred.nativeBuildInputs, 'pkgs.', 'pkgs.lib', 'pkgs.stdenv')));
  if (ctx.inferred.buildInputs.length) args.push(kv('buildInputs', inputsExpr(ctx.inferred.buildInputs, 'pkgs.', 'pkgs.lib', 'pkgs.stdenv')));
  for (const e of envEntries(ctx)) args.push(e);
  if (ctx.packageAdditions?.postInstall) {
    const i = args.findIndex((a) => 'key' in a && a.key === 'nativeBuildInputs');
    if (i !== -1) args.splice(i, 1);
    args.push(...serviceEntries(ctx, ctx.inferred.nativeBuildInputs.length ? printInputs(ctx) : '[ ]', 10));
  }
  args.push(kv('meta', attrs(metaEntries(ctx, 'pkgs.lib'))));
  return packageFlake(ctx, tc, inputs, lets, [kv('default', call("naersk'.buildPackage", attrs(args)))], extras);
}

export function crate2nixFlake(ctx: GenContext, extras?: FlakeExtras): string {
  const inputs: FlakeInput[] = [nixpkgsInput, { name: 'crate2nix', url: 'github:nix-community/crate2nix' }];
  // appliedCargoNix runs crate2nix during evaluation (import from derivation):
  // always in sync with Cargo.lock, at the price of IFD. Commit a generated
  // Cargo.nix instead where IFD is not allowed (nixpkgs, some CI).
  const lets: Entry[] = [
    {
      key: 'cargoNix',
      value: call(`crate2nix.tools.${sysRef}.appliedCargoNix`, attrs([kv('name', str(ctx.pname)), kv('src', srcExpr(ctx, 'pkgs.lib'))])),
      comment: 'One derivation per crate: a change to one crate rebuilds only that crate. nixpkgs\' defaultCrateOverrides add the native inputs of well-known -sys crates.',
    },
  ];
  const build = (name: string) => (ctx.ws.members.length > 1 ? `cargoNix.workspaceMembers.${escapeString(name)}.build` : 'cargoNix.rootCrate.build');
  const packages: Entry[] = [kv('default', raw(build(ctx.pname)))];
  for (const m of extraMembers(ctx)) packages.push(kv(m.name, raw(build(m.name))));
  return flakeNix(
    {
      description: flakeDescription(ctx.pname, ctx.pkg.package?.description),
      inputs,
      perSystemLets: lets,
      packages,
      checks: [kv('default', raw(selfPkg('default')))],
      devShell: call('pkgs.mkShell', attrs([kv('packages', list([...['cargo', 'rustc', 'clippy', 'rustfmt', 'rust-analyzer'].map((t) => raw(`pkgs.${t}`)), ...ctx.inferred.nativeBuildInputs.map((i) => raw(`pkgs.${i.attr}`)), ...ctx.inferred.buildInputs.map((i) => raw(`pkgs.${i.attr}`))]))])),
      appProgram: ctx.mainProgram ? `"\${${selfPkg('default')}}/bin/${ctx.mainProgram}"` : undefined,
      submodules: ctx.ws.git.submodules.length > 0,
    },
    extras,
  );
}
