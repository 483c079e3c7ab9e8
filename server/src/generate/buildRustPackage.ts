// package.nix for nixpkgs' rustPlatform.buildRustPackage, in today's idiom:
// finalAttrs when something uses it, name and version read from Cargo.toml, a filtered src, the lock
// imported (or cargoHash), inferred inputs with their reasons, lib.licenses.
// Plus default.nix for nix-build and the flake.nix that wraps package.nix.
import { GIT_HASH_NOTE } from './common';
import { envEntries, extraMembers, memberVersion, nativeInputs, packageFlake, postInstallEntries, runtimeLibraries, runtimeRpathEntries, selfPkg } from './builders';
import { inputsExpr, memberMetaEntries, metaEntries, srcExpr, type GenContext } from './context';
import type { CargoManifest } from '../model/types';
import { BINDGEN_TARGET_NOTE, bindgenCli, cargoWasmPhases, featureFlags, WASM_TARGET, wasmMembers } from './wasm';
import { trunkPhases, type TrunkApp } from './trunk';
import { frontendName, frontendPreBuild, frontendVar, npmPackage } from './frontendPackage';
import { nixpkgsInput, rustOverlayInput, toolchainExpr, type FlakeExtras, type FlakeInput } from './flake';
import { compareVersions } from '../../../shared/src/version';
import {
  assertE,
  attrKey,
  attrs,
  call,
  code,
  escapeString,
  file,
  fn,
  ident,
  inherit,
  inlineCode,
  interpolated,
  istr,
  kv,
  lambda,
  letIn,
  list,
  name,
  pathExpr,
  quotedKey,
  raw,
  refVariables,
  str,
  type Code,
  type Entry,
  type Nix,
} from './nixWriter';

/** Build for wasm32 and run wasm-bindgen instead of buildRustPackage's cargo build and install. */
function wasmPhaseEntries(ctx: GenContext, m: CargoManifest): Entry[] {
  const phases = cargoWasmPhases(m, featureFlags(ctx.opts.features, ctx.opts.noDefaultFeatures));
  return [
    kv('buildPhase', istr(phases.buildPhase), `${m.package!.name} for the browser: cargo builds it for ${WASM_TARGET} (nixpkgs' rustc has that standard library).`),
    kv('installPhase', istr(phases.installPhase), `The module and its JS glue in $out. ${BINDGEN_TARGET_NOTE}`),
    kv('doCheck', raw('false'), 'Tests cannot run on the wasm32 target.'),
  ];
}

/** The tools `trunk build` runs besides wasm-bindgen and lld, with why. */
function trunkTools(t: TrunkApp): { attr: string; because: string }[] {
  return [{ attr: 'trunk', because: `builds the web app (${t.because})` }, { attr: 'binaryen', because: "wasm-opt: trunk's release builds optimise the module" }, ...t.tools];
}

/** Run trunk instead of buildRustPackage's cargo build and install: dist/ is $out. */
function trunkPhaseEntries(t: TrunkApp): Entry[] {
  const phases = trunkPhases(t);
  return [
    kv('buildPhase', istr(phases.buildPhase), `trunk builds ${t.member.package!.name} for ${WASM_TARGET}, runs wasm-bindgen and the page's pipelines into dist/.`),
    kv('installPhase', istr(phases.installPhase), 'The web app: a folder to serve.'),
    kv('doCheck', raw('false'), 'Tests cannot run on the wasm32 target.'),
  ];
}

/** `version = …`: the package's own, or the workspace's when it is inherited (`version.workspace = true`). */
function versionExpr(ctx: GenContext): { lets: Entry[]; version: Code } {
  const { pkg } = ctx;
  const inherited = pkg.package?.inherited.includes('version');
  if (!inherited) return { lets: [], version: code`cargoToml.package.version` };
  if (!pkg.dir) return { lets: [], version: code`cargoToml.workspace.package.version` };
  return { lets: [kv('workspaceToml', raw('lib.importTOML ./Cargo.toml'))], version: code`workspaceToml.workspace.package.version` };
}

/** cargoLock (with an outputHashes entry per git revision) or cargoHash. */
export function vendoringEntries(ctx: GenContext): Entry[] {
  if (ctx.opts.vendoring === 'cargoHash') {
    return [kv('cargoHash', raw('lib.fakeHash'), 'The first build fails and reports the real hash: put it here (the editor offers the fix).')];
  }
  if (!ctx.gitDeps.length) return [kv('cargoLock.lockFile', raw('./Cargo.lock'))];
  // importCargoLock wants one hash per git revision, keyed by the name-version
  // of any package at that revision (it throws on keys that match none).
  const seen = new Set<string>();
  const entries: Entry[] = [];
  for (const g of ctx.gitDeps) {
    if (seen.has(g.commit ?? g.source)) continue;
    seen.add(g.commit ?? g.source);
    entries.push(kv(quotedKey(g.key), raw('lib.fakeHash')));
  }
  return [kv('cargoLock', attrs([kv('lockFile', raw('./Cargo.lock')), kv('outputHashes', attrs(entries), GIT_HASH_NOTE)]))];
}

export function packageNix(ctx: GenContext): string {
  const { inferred, pkg, opts, ws } = ctx;
  const natives = nativeInputs(ctx);
  // A crate that is only a wasm library builds for the browser: lld links it, wasm-bindgen makes its JS glue;
  // a trunk app has trunk build it (with binaryen and the page's tools) into its dist/.
  const trunk = ctx.trunk.find((t) => t.member === pkg);
  const wasm = wasmMembers(ws).includes(pkg) || trunk ? bindgenCli(ws, '') : undefined;
  const wasmLets: Entry[] = [];
  if (wasm) {
    if (wasm.warning && !ctx.warnings.includes(wasm.warning)) ctx.warnings.push(wasm.warning);
    const direct = wasm.uses.length === 1 ? wasm.uses[0]! : undefined;
    if (!direct) wasmLets.push(kv('wasmBindgenCli', wasm.value, wasm.comment));
    natives.push(
      { attr: 'lld', bucket: 'nativeBuildInputs', because: "nixpkgs' rustc links wasm32 with lld", crate: '', via: [] },
      { attr: direct ?? 'wasmBindgenCli', bucket: 'nativeBuildInputs', because: direct ? wasm.comment : 'the wasm-bindgen-cli above', crate: '', via: [] },
      ...(trunk ? trunkTools(trunk).map((t) => ({ attr: t.attr, bucket: 'nativeBuildInputs' as const, because: t.because, crate: '', via: [] })) : []),
    );
  }
  const formals = new Set(['lib', 'rustPlatform']);
  for (const u of wasm?.uses ?? []) formals.add(u);
  for (const i of [...natives, ...inferred.buildInputs]) if (i.attr !== 'wasmBindgenCli') formals.add(i.attr.split('.')[0]!);
  if ([...natives, ...inferred.buildInputs].some((i) => i.linuxOnly) || runtimeLibraries(ctx).length) formals.add('stdenv');
  for (const e of inferred.env) if (typeof e.value === 'string') for (const v of refVariables(e.value)) formals.add(v);

  const memberToml = pathExpr(pkg.dir ? `${pkg.dir}/Cargo.toml` : 'Cargo.toml');
  const v = versionExpr(ctx);
  const lets: Entry[] = [kv('cargoToml', raw(code`lib.importTOML ${memberToml}`)), ...v.lets, ...wasmLets];
  ctx.frontend.forEach((f, i) =>
    lets.push(kv(frontendVar(i), npmPackage(f, frontendName(ctx, f), raw(v.version), ''), `The assets ${f.out} holds, built from ${f.dir || 'the root'}'s package.json.`)),
  );
  if (ctx.frontend.length) formals.add('buildNpmPackage');

  const body: Entry[] = [
    kv('pname', raw('cargoToml.package.name')),
    kv('version', raw(v.version)),
    kv('src', srcExpr(ctx, 'lib'), 'Only what cargo reads: editing anything else does not rebuild.'),
    ...vendoringEntries(ctx),
  ];
  if (ws.members.length > 1 || pkg.dir) {
    body.push(kv('cargoBuildFlags', list([str('--package'), str(pkg.package!.name)]), 'One member of the workspace.'));
    body.push(kv('cargoTestFlags', list([str('--package'), str(pkg.package!.name)])));
  }
  if (opts.features?.length) body.push(kv('buildFeatures', list(opts.features.map(str))));
  if (opts.noDefaultFeatures) body.push(kv('buildNoDefaultFeatures', raw('true')));
  if (natives.length) body.push(kv('nativeBuildInputs', inputsExpr(natives, '', 'lib', 'stdenv')));
  if (inferred.buildInputs.length) body.push(kv('buildInputs', inputsExpr(inferred.buildInputs, '', 'lib', 'stdenv')));
  if (inferred.env.length) body.push(kv('env', attrs(envEntries(ctx, ''))));
  if (wasm) body.push(...(trunk ? trunkPhaseEntries(trunk) : wasmPhaseEntries(ctx, pkg)));
  body.push(...frontendPreBuild(ctx.frontend));
  body.push(...postInstallEntries(ctx));
  if (!wasm) body.push(...runtimeRpathEntries(ctx, ''));
  body.push(kv('meta', attrs(metaEntries(ctx, 'lib'))));
  // `finalAttrs:` only when something refers to it: bound and unused, it makes the file need
  // nixpkgs 25.05 or later (buildRustPackage took a plain attrset before) for nothing.
  const withFinal = file(fn([...formals].map(ident), letIn(lets, call('rustPlatform.buildRustPackage', lambda('finalAttrs', attrs(body))))));
  if ((withFinal.match(/\bfinalAttrs\b/g) ?? []).length > 1) return withFinal;
  return file(fn([...formals].map(ident), letIn(lets, call('rustPlatform.buildRustPackage', attrs(body)))));
}

/**
 * What in a generated package.nix needs which nixpkgs (lib/.version of the first release
 * that has it; checked in nix-community/nixpkgs.lib's history): default.nix imports
 * whatever `<nixpkgs>` is, so it says so before a confusing missing-attribute error.
 */
const NEEDS: { uses: RegExp; release: string; what: string }[] = [
  { uses: /\blib\.fileset\./, release: '23.11', what: 'lib.fileset' },
  // lib.fileset.fileFilter's `file.hasExt` landed after the 23.11 branch-off (2023-11-23).
  { uses: /\bfile\.hasExt\b/, release: '24.05', what: "lib.fileset.fileFilter's file.hasExt" },
  // buildRustPackage took a function of finalAttrs from 25.05 on (lib.extendMkDerivation).
  { uses: /buildRustPackage \(?finalAttrs:/, release: '25.05', what: 'rustPlatform.buildRustPackage (finalAttrs: …)' },
];

/** The oldest nixpkgs release package.nix works with, and why; undefined when it uses nothing recent. */
export function nixpkgsNeeded(packageText: string): { release: string; what: string[] } | undefined {
  const used = NEEDS.filter((n) => n.uses.test(packageText));
  if (!used.length) return undefined;
  const release = used
    .map((n) => n.release)
    .sort(compareVersions)
    .at(-1)!;
  return { release, what: used.filter((n) => n.release === release).map((n) => n.what) };
}

/** default.nix for `nix-build` users without flakes: it states the nixpkgs package.nix needs. */
export function defaultNix(packageText: string): string {
  const needs = nixpkgsNeeded(packageText);
  const callIt = call('pkgs.callPackage', raw('./package.nix'), attrs([]));
  if (!needs) return file(fn(['pkgs ? import <nixpkgs> { }'], callIt));
  const why = needs.what.join(', ');
  const check = code`pkgs.lib.assertMsg (pkgs.lib.versionAtLeast pkgs.lib.version ${escapeString(needs.release)}) ${interpolated(
    [`package.nix needs nixpkgs ${needs.release} or later (${why}); <nixpkgs> here is `, `: update the channel, or pass a newer one (nix-build --arg pkgs 'import /path/to/nixpkgs { }').`],
    [code`pkgs.lib.version`],
  )}`;
  return file(fn(['pkgs ? import <nixpkgs> { }'], assertE(check, callIt)), `nix-build without flakes. package.nix needs nixpkgs ${needs.release} or later (${why}).`);
}

export function buildRustPackageFlake(ctx: GenContext, extras?: FlakeExtras): string {
  const tc = toolchainExpr(ctx, 'pkgs', true);
  const inputs: FlakeInput[] = [nixpkgsInput, ...(tc ? [rustOverlayInput] : [])];
  const lets: Entry[] = [];
  let callArgs: Nix = attrs([]);
  if (tc) {
    lets.push(
      kv(
        'toolchain',
        raw(tc),
        ctx.toolchain?.kind === 'file'
          ? `Builds with the toolchain ${ctx.toolchain.file} asks for.`
          : `rust-version ${ctx.toolchain?.kind === 'version' ? ctx.toolchain.version : ''} is newer than nixpkgs' rustc.`,
      ),
    );
    lets.push(kv('rustPlatform', call('pkgs.makeRustPlatform', attrs([kv('cargo', raw('toolchain')), kv('rustc', raw('toolchain'))]))));
    callArgs = attrs([inherit(['rustPlatform'])]);
  }
  const packages: Entry[] = [kv('default', call('pkgs.callPackage', raw('./package.nix'), callArgs))];
  for (const m of extraMembers(ctx)) {
    // The same derivation, building another member: one lock, one vendor directory.
    packages.push(
      kv(
        name(m.name),
        call(
          code`${selfPkg(code`default`)}.overrideAttrs`,
          lambda(
            'old',
            attrs([
              kv('pname', str(m.name)),
              kv('version', memberVersion(m.member)),
              kv('cargoBuildFlags', list([str('--package'), str(m.name)])),
              kv('cargoTestFlags', list([str('--package'), str(m.name)])),
              kv('meta', attrs(memberMetaEntries(ctx, m.member, 'pkgs.lib', m.bin ?? m.name)), "This member's own description, license and binary."),
            ]),
          ),
        ),
      ),
    );
  }
  // Other wasm32 members and trunk apps: the same derivation (one vendor directory) built for wasm32.
  const wasm = wasmMembers(ctx.ws).filter((m) => m !== ctx.pkg && !ctx.trunk.some((t) => t.member === m));
  const trunk = ctx.trunk.filter((t) => t.member !== ctx.pkg);
  if (wasm.length || trunk.length) {
    const cli = bindgenCli(ctx.ws, 'pkgs.');
    if (cli.warning && !ctx.warnings.includes(cli.warning)) ctx.warnings.push(cli.warning);
    lets.push(kv('wasmBindgenCli', cli.value, cli.comment));
  }
  for (const m of wasm) {
    const more = inlineCode(list(tc ? [raw('wasmBindgenCli')] : [raw('pkgs.lld'), raw('wasmBindgenCli')]));
    packages.push({
      key: name(m.package!.name),
      value: call(
        code`${selfPkg(code`default`)}.overrideAttrs`,
        lambda(
          'old',
          attrs([
            kv('pname', str(m.package!.name)),
            kv('version', memberVersion(m)),
            kv('nativeBuildInputs', raw(code`(old.nativeBuildInputs or [ ]) ++ ${more}`), tc ? undefined : "nixpkgs' rustc links wasm32 with lld."),
            ...wasmPhaseEntries(ctx, m),
            // The service's postInstall wraps the host binary, which this package does not have.
            ...(ctx.packageAdditions?.postInstall ? [kv('postInstall', str(''))] : []),
            kv('meta', attrs(memberMetaEntries(ctx, m, 'pkgs.lib', undefined)), "This member's own description and license."),
          ]),
        ),
      ),
      comment: `${m.package!.name} for the browser (${WASM_TARGET}).`,
    });
  }
  for (const t of trunk) {
    const m = t.member;
    const tools = [...(tc ? [] : [{ attr: 'lld', because: '' }]), ...trunkTools(t)];
    const more = inlineCode(list([raw('wasmBindgenCli'), ...tools.map((x) => raw(code`pkgs.${attrKey(x.attr)}`))]));
    packages.push({
      key: name(m.package!.name),
      value: call(
        code`${selfPkg(code`default`)}.overrideAttrs`,
        lambda(
          'old',
          attrs([
            kv('pname', str(m.package!.name)),
            kv('version', memberVersion(m)),
            kv(
              'nativeBuildInputs',
              raw(code`(old.nativeBuildInputs or [ ]) ++ ${more}`),
              tools
                .filter((x) => x.because)
                .map((x) => `${x.attr}: ${x.because}`)
                .join('; ') + (tc ? '' : "; lld: nixpkgs' rustc links wasm32 with it"),
            ),
            ...trunkPhaseEntries(t),
            ...(ctx.packageAdditions?.postInstall ? [kv('postInstall', str(''))] : []),
            kv('meta', attrs(memberMetaEntries(ctx, m, 'pkgs.lib', undefined)), "This member's own description and license."),
          ]),
        ),
      ),
      comment: `${m.package!.name}: the web app trunk builds; a folder to serve.`,
    });
  }
  return packageFlake(ctx, tc, inputs, lets, packages, extras);
}
