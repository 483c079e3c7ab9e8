// package.nix for nixpkgs' rustPlatform.buildRustPackage, in today's idiom:
// finalAttrs when something uses it, name and version read from Cargo.toml, a filtered src, the lock
// imported (or cargoHash), inferred inputs with their reasons, lib.licenses.
// Plus default.nix for nix-build and the flake.nix that wraps package.nix.
import { GIT_HASH_NOTE } from './common';
import { envEntries, extraMembers, memberVersion, nativeInputs, packageFlake, postInstallEntries, selfPkg } from './builders';
import { inputsExpr, memberMetaEntries, metaEntries, srcExpr, type GenContext } from './context';
import { nixpkgsInput, rustOverlayInput, toolchainExpr, type FlakeExtras, type FlakeInput } from './flake';
import { attrs, call, code, file, fn, ident, inherit, kv, lambda, letIn, list, name, pathExpr, quotedKey, raw, refVariables, str, type Code, type Entry, type Nix } from './nixWriter';

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
  const formals = new Set(['lib', 'rustPlatform']);
  for (const i of [...natives, ...inferred.buildInputs]) formals.add(i.attr.split('.')[0]!);
  if ([...natives, ...inferred.buildInputs].some((i) => i.linuxOnly)) formals.add('stdenv');
  for (const e of inferred.env) if (typeof e.value === 'string') for (const v of refVariables(e.value)) formals.add(v);

  const memberToml = pathExpr(pkg.dir ? `${pkg.dir}/Cargo.toml` : 'Cargo.toml');
  const v = versionExpr(ctx);
  const lets: Entry[] = [kv('cargoToml', raw(code`lib.importTOML ${memberToml}`)), ...v.lets];

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
  body.push(...postInstallEntries(ctx));
  body.push(kv('meta', attrs(metaEntries(ctx, 'lib'))));
  // `finalAttrs:` only when something refers to it: bound and unused, it makes the file need
  // nixpkgs 25.05 or later (buildRustPackage took a plain attrset before) for nothing.
  const withFinal = file(fn([...formals].map(ident), letIn(lets, call('rustPlatform.buildRustPackage', lambda('finalAttrs', attrs(body))))));
  if ((withFinal.match(/\bfinalAttrs\b/g) ?? []).length > 1) return withFinal;
  return file(fn([...formals].map(ident), letIn(lets, call('rustPlatform.buildRustPackage', attrs(body)))));
}

/** default.nix for `nix-build` users without flakes. */
export function defaultNix(): string {
  return file(fn(['pkgs ? import <nixpkgs> { }'], call('pkgs.callPackage', raw('./package.nix'), attrs([]))));
}

export function buildRustPackageFlake(ctx: GenContext, extras?: FlakeExtras): string {
  const tc = toolchainExpr(ctx);
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
  return packageFlake(ctx, tc, inputs, lets, packages, extras);
}
