// package.nix for nixpkgs' rustPlatform.buildRustPackage, in today's idiom:
// finalAttrs, name and version read from Cargo.toml, a filtered src, the lock
// imported (or cargoHash), inferred inputs with their reasons, lib.licenses.
import { GIT_HASH_NOTE } from './common';
import { inputsExpr, metaEntries, srcExpr, type GenContext } from './context';
import { attrs, call, file, fn, kv, lambda, letIn, list, quotedKey, raw, str, type Entry } from './nixWriter';
import { indentedString } from './service';

export function packageNix(ctx: GenContext): string {
  const { inferred, pkg, opts, ws } = ctx;
  const formals = new Set(['lib', 'rustPlatform']);
  const attrRoots = (xs: { attr: string }[]) => xs.forEach((i) => formals.add(i.attr.split('.')[0]!));
  attrRoots(inferred.nativeBuildInputs);
  attrRoots(inferred.buildInputs);
  const linuxOnly = [...inferred.nativeBuildInputs, ...inferred.buildInputs].some((i) => i.linuxOnly);
  if (linuxOnly) formals.add('stdenv');
  for (const e of inferred.env) for (const m of e.nix.matchAll(/\$\{([A-Za-z_][\w-]*)/g)) formals.add(m[1]!);

  const memberToml = pkg.dir ? `./${pkg.dir}/Cargo.toml` : './Cargo.toml';
  const lets: Entry[] = [kv('cargoToml', raw(`lib.importTOML ${memberToml}`))];
  const versionInherited = pkg.package?.inherited.includes('version');
  if (versionInherited && pkg.dir) lets.push(kv('workspaceToml', raw('lib.importTOML ./Cargo.toml')));

  const body: Entry[] = [
    kv('pname', raw('cargoToml.package.name')),
    kv('version', raw(versionInherited ? (pkg.dir ? 'workspaceToml.workspace.package.version' : 'cargoToml.workspace.package.version') : 'cargoToml.package.version')),
    { key: 'src', value: srcExpr(ctx, 'lib'), comment: 'Only what cargo reads: editing anything else does not rebuild.' },
  ];
  if (opts.vendoring === 'cargoHash') {
    body.push(kv('cargoHash', raw('lib.fakeHash'), 'After the first build, replace with the hash it reports (the editor offers the fix).'));
  } else if (ctx.gitDeps.length) {
    const seen = new Set<string>();
    const entries: Entry[] = [];
    for (const g of ctx.gitDeps) {
      if (seen.has(g.commit ?? g.source)) continue;
      seen.add(g.commit ?? g.source);
      entries.push(kv(quotedKey(g.key), raw('lib.fakeHash')));
    }
    body.push(kv('cargoLock', attrs([kv('lockFile', raw('./Cargo.lock')), { key: 'outputHashes', value: attrs(entries), comment: GIT_HASH_NOTE }])));
  } else {
    body.push(kv('cargoLock.lockFile', raw('./Cargo.lock')));
  }
  if (ws.members.length > 1 || pkg.dir) {
    body.push(kv('cargoBuildFlags', list([str('--package'), str(pkg.package!.name)])));
    body.push(kv('cargoTestFlags', list([str('--package'), str(pkg.package!.name)])));
  }
  if (opts.features?.length) body.push(kv('buildFeatures', list(opts.features.map(str))));
  if (opts.noDefaultFeatures) body.push(kv('buildNoDefaultFeatures', raw('true')));
  const add = ctx.packageAdditions;
  for (const a of add?.nativeBuildInputs ?? []) formals.add(a.split('.')[0]!);
  const native = [...inferred.nativeBuildInputs, ...(add?.nativeBuildInputs ?? []).map((attr) => ({ attr, bucket: 'nativeBuildInputs' as const, because: add!.because.join('; '), crate: '', via: [] }))];
  if (native.length) body.push(kv('nativeBuildInputs', inputsExpr(native, '', 'lib', 'stdenv')));
  if (inferred.buildInputs.length) body.push(kv('buildInputs', inputsExpr(inferred.buildInputs, '', 'lib', 'stdenv')));
  if (inferred.env.length) body.push(kv('env', attrs(inferred.env.map((e) => kv(e.name, raw(e.nix), e.because)))));
  if (add?.postInstall) body.push({ key: 'postInstall', value: raw(indentedString(add.postInstall, 4)), comment: add.because.join('; ') });
  body.push(kv('meta', attrs(metaEntries(ctx, 'lib'))));
  const expr = fn([...formals], letIn(lets, call('rustPlatform.buildRustPackage', lambda('finalAttrs', attrs(body)))));
  return file(expr);
}

/** default.nix for `nix-build` users without flakes. */
export function defaultNix(): string {
  return file(fn(['pkgs ? import <nixpkgs> { }'], call('pkgs.callPackage', raw('./package.nix'), attrs([]))));
}
