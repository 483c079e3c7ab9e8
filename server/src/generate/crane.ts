// crane flake: one dependency build (buildDepsOnly → cargoArtifacts) shared by
// the package, every workspace member and every check; source cleaning that
// keeps the non-Rust files the build reads; clippy/doc/fmt/tests/audit checks.
import type { CargoManifest } from '../model/types';
import { envEntries, extraMembers, memberVersion, postInstallEntries, runtimeRpathEntries, selfPkg, sysRef, specBase } from './builders';
import { inputsExpr, memberMetaEntries, metaEntries, type GenContext } from './context';
import { BINDGEN_TARGET_NOTE, bindgenCli, bindgenScript, WASM_TARGET, wasmMembers } from './wasm';
import { trunkRun } from './trunk';
import { frontendName, frontendPreBuild, frontendVar, npmPackage } from './frontendPackage';
import { craneSrc } from './src';
import { flakeNix, nixpkgsInput, rustOverlayInput, rustSrcEntries, toolchainExpr, type FlakeExtras, type FlakeInput } from './flake';
import { attrKey, attrs, call, code, ident, inherit, inlineCode, isIdent, istr, kv, list, name as attrName, pathExpr, raw, str, update, type Code, type Entry, type Nix } from './nixWriter';

/** Whether the crate runs its tests with cargo-nextest. */
function usesNextest(ctx: GenContext): boolean {
  return ctx.exists('.config/nextest.toml') || ctx.ws.members.some((m) => m.dependencies.some((d) => d.package === 'nextest-metadata'));
}

export function craneFlake(ctx: GenContext, extras?: FlakeExtras): string {
  const tc = toolchainExpr(ctx, 'p', true);
  const inputs: FlakeInput[] = [
    nixpkgsInput,
    { name: 'crane', url: 'github:ipetkov/crane' },
    { name: 'advisory-db', url: 'github:rustsec/advisory-db', flake: false },
    ...(tc ? [rustOverlayInput] : []),
  ];
  const workspace = ctx.ws.members.length > 1 || ctx.pkg.dir !== '';
  const common: Entry[] = [inherit(['src']), kv('strictDeps', raw('true'))];
  const lets: Entry[] = [kv('craneLib', raw(tc ? code`(crane.mkLib pkgs).overrideToolchain (p: ${tc})` : 'crane.mkLib pkgs'))];
  if (workspace) {
    // crane reads name and version from the root Cargo.toml, which a workspace
    // may not have: take them from the main member (and its workspace).
    lets.push(kv('cargoToml', raw(code`pkgs.lib.importTOML ${pathExpr(ctx.pkg.dir ? `${ctx.pkg.dir}/Cargo.toml` : 'Cargo.toml')}`)));
    const inherited = ctx.pkg.package?.inherited.includes('version');
    if (inherited && ctx.pkg.dir) lets.push(kv('workspaceToml', raw('pkgs.lib.importTOML ./Cargo.toml')));
    common.push(kv('pname', raw('cargoToml.package.name')));
    common.push(kv('version', raw(inherited ? (ctx.pkg.dir ? 'workspaceToml.workspace.package.version' : 'cargoToml.workspace.package.version') : 'cargoToml.package.version')));
  }
  const natives = ctx.inferred.nativeBuildInputs;
  if (natives.length) common.push(kv('nativeBuildInputs', inputsExpr(natives, 'pkgs.', 'pkgs.lib', 'pkgs.stdenv')));
  // The service's tools (makeWrapper) only matter to the package, not to the dependency build.
  const add = ctx.packageAdditions;
  const serviceEntries: Entry[] = add?.postInstall
    ? [
        kv('nativeBuildInputs', raw(code`${natives.length ? code`commonArgs.nativeBuildInputs ++ ` : code``}${inlineCode(list(add.nativeBuildInputs.map((a) => raw(code`pkgs.${attrKey(a)}`))))}`)),
        ...postInstallEntries(ctx),
      ]
    : [];
  if (ctx.inferred.buildInputs.length) common.push(kv('buildInputs', inputsExpr(ctx.inferred.buildInputs, 'pkgs.', 'pkgs.lib', 'pkgs.stdenv')));
  if (ctx.inferred.env.length) common.push(kv('env', attrs(envEntries(ctx))));
  const featureArgs = `${ctx.opts.features?.length ? ` --features ${ctx.opts.features.join(',')}` : ''}${ctx.opts.noDefaultFeatures ? ' --no-default-features' : ''}`;
  if (featureArgs) common.push(kv('cargoExtraArgs', str(`--locked${featureArgs}`)));
  // Frontend builds the program reads: put in place before cargo runs (not in the dependency build, which does not read them).
  ctx.frontend.forEach((f, i) =>
    lets.push(kv(frontendVar(i), npmPackage(f, frontendName(ctx, f), memberVersion(ctx.pkg), 'pkgs.'), `The assets ${f.out} holds, built from ${f.dir || 'the root'}'s package.json.`)),
  );
  const web = frontendPreBuild(ctx.frontend);
  const pkgArgs = (name: string, main?: string, member?: CargoManifest): Nix =>
    update(
      raw('commonArgs'),
      attrs([
        inherit(['cargoArtifacts']),
        ...(workspace ? [kv('pname', str(name)), ...(member ? [kv('version', memberVersion(member))] : []), kv('cargoExtraArgs', str(`--locked --package ${name}${featureArgs}`))] : []),
        kv('doCheck', raw('false'), 'Tests run once, in checks.tests, not in every package build.'),
        ...web,
        ...(name === ctx.pname ? serviceEntries : []),
        // Only the packages: the dependency build (buildDepsOnly) installs no program.
        ...runtimeRpathEntries(ctx, 'pkgs.'),
        kv('meta', attrs(member ? memberMetaEntries(ctx, member, 'pkgs.lib', main) : metaEntries(ctx, 'pkgs.lib'))),
      ]),
    );
  lets.push(
    kv('src', craneSrc(ctx), 'Rust sources, Cargo files and the non-Rust files the build reads.'),
    kv('commonArgs', attrs(common)),
    kv('cargoArtifacts', raw('craneLib.buildDepsOnly commonArgs'), 'Dependencies build once and are reused by the package and every check.'),
    kv('package', call('craneLib.buildPackage', pkgArgs(ctx.pname, ctx.mainProgram))),
  );
  const packages: Entry[] = [kv('default', raw('package'))];
  for (const m of extraMembers(ctx)) packages.push(kv(attrName(m.name), call('craneLib.buildPackage', pkgArgs(m.name, m.bin, m.member))));
  // wasm32 members (cdylibs and trunk apps) build for the browser with their own
  // dependency build; the host binaries keep the native target.
  const wasm = wasmMembers(ctx.ws).filter((m) => !ctx.trunk.some((t) => t.member === m));
  if (wasm.length || ctx.trunk.length) {
    const cli = bindgenCli(ctx.ws, 'pkgs.');
    if (cli.warning && !ctx.warnings.includes(cli.warning)) ctx.warnings.push(cli.warning);
    lets.push(kv('wasmBindgenCli', cli.value, cli.comment));
  }
  // nixpkgs' rustc links wasm32 with lld (the deps build links the crate's dummy cdylib too);
  // a rust-overlay toolchain brings its own rust-lld.
  const lld = tc ? [] : [kv('nativeBuildInputs', raw(code`${natives.length ? code`commonArgs.nativeBuildInputs ++ ` : code``}[ pkgs.lld ]`), "nixpkgs' rustc links wasm32 with lld.")];
  const hasNatives = natives.length > 0 || lld.length > 0;
  /** `<name>Args`: commonArgs for one member built for wasm32 (a let binding), and its name. */
  const wasmArgs = (m: CargoManifest, i: number): Code => {
    const name = m.package!.name;
    // `<name>Args` when the package name makes a variable name, else a numbered one.
    const args = ident(isIdent(`${name}Args`) ? `${name}Args` : `wasm${i}Args`);
    lets.push(
      kv(
        args,
        update(
          raw('commonArgs'),
          attrs([
            kv('pname', str(name)),
            ...(workspace ? [kv('version', memberVersion(m))] : []),
            kv('cargoExtraArgs', str(`--locked --package ${name}${featureArgs}`)),
            kv('CARGO_BUILD_TARGET', str(WASM_TARGET)),
            kv('doCheck', raw('false'), 'Tests cannot run on the wasm32 target.'),
            ...lld,
          ]),
        ),
      ),
    );
    return args;
  };
  /** The member's package: the default when it is the main member, else its own attribute. */
  const place = (m: CargoManifest, pkg: Nix, comment: string) => {
    if (m === ctx.pkg)
      lets.splice(
        lets.findIndex((e) => 'key' in e && e.key === 'package'),
        1,
        kv('package', pkg, comment),
      );
    else packages.push({ key: attrName(m.package!.name), value: pkg, comment });
  };
  for (const [i, w] of wasm.entries()) {
    const args = wasmArgs(w, i);
    const pkg = call(
      'craneLib.buildPackage',
      update(
        raw(args),
        attrs([
          kv('cargoArtifacts', raw(code`craneLib.buildDepsOnly ${args}`)),
          kv('nativeBuildInputs', raw(code`${hasNatives ? code`${args}.nativeBuildInputs ++ ` : code``}[ wasmBindgenCli ]`)),
          kv('installPhaseCommand', istr(bindgenScript(w)), `The module and its JS glue in $out. ${BINDGEN_TARGET_NOTE}`),
          kv('meta', attrs(memberMetaEntries(ctx, w, 'pkgs.lib', undefined))),
        ]),
      ),
    );
    place(w, pkg, `${w.package!.name} for the browser (${WASM_TARGET}).`);
  }
  // Trunk apps: crane's buildTrunkPackage runs `trunk build` (with its own binaryen, dart-sass
  // and trunk) and installs dist/ as $out.
  for (const [i, t] of ctx.trunk.entries()) {
    const m = t.member;
    const args = wasmArgs(m, wasm.length + i);
    const tools = t.tools.filter((x) => x.attr !== 'dart-sass');
    const run = trunkRun(t);
    const pkg = call(
      'craneLib.buildTrunkPackage',
      update(
        raw(args),
        attrs([
          kv('cargoArtifacts', raw(code`craneLib.buildDepsOnly ${args}`)),
          kv('wasm-bindgen-cli', raw('wasmBindgenCli'), 'trunk runs wasm-bindgen: it must be the version in Cargo.lock.'),
          ...(tools.length
            ? [
                kv(
                  'nativeBuildInputs',
                  raw(code`${hasNatives ? code`${args}.nativeBuildInputs ++ ` : code``}${inlineCode(list(tools.map((x) => raw(code`pkgs.${attrKey(x.attr)}`))))}`),
                  tools.map((x) => x.because).join('; '),
                ),
              ]
            : []),
          ...(run.config ? [kv('trunkExtraArgs', str(`--config ${run.config}`), `trunk reads ${t.config} from the app's folder.`)] : []),
          ...(run.cd
            ? [
                kv('preBuild', istr(`cd ${run.cd}\n`), `trunk builds from the app's folder (${m.dir}/index.html); crane installs the dist/ next to the source root.`),
                kv('postBuild', istr(`mv dist ${run.up}\ncd ${run.up}\n`)),
              ]
            : []),
          kv('meta', attrs(memberMetaEntries(ctx, m, 'pkgs.lib', undefined))),
        ]),
      ),
    );
    place(m, pkg, `${m.package!.name}: the web app trunk builds (${t.because}); a folder to serve.`);
  }
  const withArtifacts = (extra: Entry[]): Nix => update(raw('commonArgs'), attrs([inherit(['cargoArtifacts']), ...web, ...extra]));
  const checks: Entry[] = [
    inherit(['package']),
    kv('clippy', call('craneLib.cargoClippy', withArtifacts([kv('cargoClippyExtraArgs', str('--all-targets -- --deny warnings'))]))),
    kv('doc', call('craneLib.cargoDoc', withArtifacts([kv('env.RUSTDOCFLAGS', str('--deny warnings'))]))),
    kv('fmt', call('craneLib.cargoFmt', attrs([inherit(['src'])]))),
    kv('audit', call('craneLib.cargoAudit', attrs([inherit(['src', 'advisory-db'])])), 'RustSec advisories for Cargo.lock (update the advisory-db input to refresh).'),
    usesNextest(ctx)
      ? kv('tests', call('craneLib.cargoNextest', withArtifacts([kv('partitions', raw('1')), kv('partitionType', str('count'))])), 'The crate configures cargo-nextest (.config/nextest.toml).')
      : kv('tests', call('craneLib.cargoTest', withArtifacts([]))),
  ];
  return flakeNix(
    {
      ...specBase(ctx, tc, inputs, lets),
      packages,
      checks,
      devShell: call(
        'craneLib.devShell',
        attrs([kv('checks', raw(code`self.checks.${sysRef}`), 'The inputs of every check, and the toolchain.'), kv('packages', list([raw('pkgs.rust-analyzer')])), ...rustSrcEntries(tc)]),
      ),
      appProgram: ctx.mainProgram ? code`pkgs.lib.getExe ${selfPkg(code`default`)}` : undefined,
    },
    extras,
  );
}
