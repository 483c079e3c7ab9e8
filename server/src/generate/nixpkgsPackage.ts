// "Prepare for nixpkgs": pkgs/by-name/<xx>/<pname>/package.nix as nixpkgs
// reviewers ask for it today (pkgs/by-name/README.md, CONTRIBUTING.md, the
// Rust section of the manual, nixpkgs-vet): finalAttrs, a literal version,
// the source fetched from the forge at the release tag, cargoHash (nixpkgs
// vendors with fetchCargoVendor), strictDeps and __structuredAttrs, the
// inferred inputs, completions through installShellFiles and a version check
// when the program supports them, nix-update-script, and meta with an empty
// maintainers list for the person to fill in.
import { envEntries, nativeInputs, runtimeLibraries, runtimeRpathEntries } from './builders';
import { inputsExpr, normalizeDescription, type GenContext } from './context';
import { nixLicense } from './license';
import { attrs, call, code, escapeString, file, fn, ident, interpolated, istr, kv, lambda, list, raw, refVariables, str, textStr, type Code, type Entry, type Nix } from './nixWriter';
import type { CliSignals, CompletionCommand } from './nixpkgsSignals';
import { sourceFetcher, sourceTag, type SourceFetcher } from './nixpkgsSource';

export interface NixpkgsInput {
  /** `origin`'s URL and the tags of the local clone (empty outside a git repository). */
  remoteUrl?: string;
  tags: string[];
  signals: CliSignals;
  /** The source hash of the release tag, when the door could compute it from the local clone. */
  srcHash?: string;
}

export interface NixpkgsPlan {
  path: string;
  content: string;
  attrName: string;
  warnings: string[];
}

/** The nixpkgs attribute name: lowercase, dashes for underscores (nixpkgs' naming convention). */
export function nixpkgsAttrName(crate: string): string {
  return crate.toLowerCase().replace(/_/g, '-');
}

/** pkgs/by-name shards by the lowercased first two letters of the name. */
export function byNamePath(attr: string): string {
  return `pkgs/by-name/${attr.slice(0, 2).toLowerCase()}/${attr}/package.nix`;
}

/** `"…${expr}…"`: literal parts escaped, `exprs` interpolated between them. */
function interp(parts: string[], exprs: Code[]): Nix {
  return raw(interpolated(parts, exprs));
}

/** nixpkgs style: capitalised, no leading article, no trailing period. */
export function nixpkgsDescription(d: string): string {
  const t = normalizeDescription(d).replace(/^(?:an?|the)\s+(?=\S)/i, '');
  return t.charAt(0).toUpperCase() + t.slice(1);
}

function tagInterp(tagExpr: string): Nix {
  const [before, after] = tagExpr.split('${finalAttrs.version}') as [string, string | undefined];
  return after === undefined ? str(tagExpr) : interp([before, after], [code`finalAttrs.version`]);
}

function srcCall(s: SourceFetcher, tagExpr: string, hash: string | undefined, tagLiteral: string): Nix {
  const args: Entry[] = s.fetcher === 'fetchgit' ? [kv('url', str(s.url))] : [kv('owner', str(s.owner)), kv('repo', str(s.repo))];
  args.push(kv('tag', tagInterp(tagExpr)));
  args.push(
    hash
      ? kv('hash', str(hash), `The tree of the local tag ${tagLiteral}; if the forge's tag differs, the build reports the right hash.`)
      : kv('hash', raw('lib.fakeHash'), 'The first build fails and reports the real hash: put it here.'),
  );
  return call(s.fetcher, attrs(args));
}

/** The forge page of a file at the release tag, or the release page. */
function changelog(ctx: GenContext, s: SourceFetcher): Nix | undefined {
  if (s.fetcher === 'fetchgit') return undefined;
  const base = s.fetcher === 'fetchFromGitHub' ? `https://github.com/${s.owner}/${s.repo}` : `https://gitlab.com/${s.owner}/${s.repo}/-`;
  for (const dir of [...new Set([ctx.pkg.dir, ''])]) {
    for (const f of ['CHANGELOG.md', 'CHANGES.md', 'NEWS.md', 'RELEASES.md']) {
      const rel = dir ? `${dir}/${f}` : f;
      if (ctx.exists(rel)) return interp([`${base}/blob/`, `/${rel}`], [code`finalAttrs.src.tag`]);
    }
  }
  return interp([s.fetcher === 'fetchFromGitHub' ? `${base}/releases/tag/` : `${base}/releases/`, ''], [code`finalAttrs.src.tag`]);
}

function completionScript(bin: string, c: CompletionCommand): string {
  const exe = `$out/bin/${shellQuote(bin)}`;
  const gen = (shell: string) => (c.kind === 'env' ? `COMPLETE=${shell} ${exe}` : `${exe} ${c.words.map(shellQuote).join(' ')} ${shell}`);
  return [`installShellCompletion --cmd ${shellQuote(bin)} \\`, `  --bash <(${gen('bash')}) \\`, `  --fish <(${gen('fish')}) \\`, `  --zsh <(${gen('zsh')})`, ''].join('\n');
}

function shellQuote(s: string): string {
  return /^[\w@%+=:,./-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
}

export function nixpkgsPackage(ctx: GenContext, input: NixpkgsInput): NixpkgsPlan {
  const warnings: string[] = [];
  const p = ctx.pkg.package!;
  const attr = nixpkgsAttrName(p.name);
  if (attr !== p.name) warnings.push(`nixpkgs names packages in lowercase with dashes: the attribute is ${attr} (the crate is ${p.name}).`);
  const version = p.version ?? '0.0.0';
  if (!p.version) warnings.push('Cargo.toml has no version: set `version` to the release being packaged.');
  const source = sourceFetcher(input.remoteUrl, p.repository);
  const tag = sourceTag(version, p.name, input.tags);
  if (!source) warnings.push('no GitHub, GitLab or https git remote and no `repository` in Cargo.toml: src needs the upstream URL (fetchgit { url = …; }).');
  if (!tag.exists) warnings.push(`there is no tag ${tag.literal} in this clone: nixpkgs builds a tagged release, so tag and push it (or change \`tag\`).`);
  const { signals } = input;
  warnings.push(...signals.notes);

  const natives = nativeInputs(ctx).map((i) => ({ ...i }));
  const bin = ctx.mainProgram;
  const completions = signals.completions && bin ? signals.completions : undefined;
  if (completions) natives.push({ attr: 'installShellFiles', bucket: 'nativeBuildInputs', because: 'installShellCompletion', crate: '', via: [] });
  const versionCheck = !!(signals.versionFlag && bin);

  const formals = new Set(['lib', 'rustPlatform', ...(source ? [source.fetcher] : [])]);
  for (const i of [...natives, ...ctx.inferred.buildInputs]) formals.add(i.attr.split('.')[0]!);
  if ([...natives, ...ctx.inferred.buildInputs].some((i) => i.linuxOnly) || completions || runtimeLibraries(ctx).length) formals.add('stdenv');
  for (const e of ctx.inferred.env) if (typeof e.value === 'string') for (const v of refVariables(e.value)) formals.add(v);
  if (versionCheck) formals.add('versionCheckHook');
  formals.add('nix-update-script');

  const body: Entry[] = [
    kv('pname', str(attr)),
    kv('version', str(version)),
    source
      ? kv('src', srcCall(source, tag.expr, tag.exists ? input.srcHash : undefined, tag.literal))
      : kv(
          'src',
          raw(code`throw ${escapeString(`${attr}: set src to the upstream repository at the release tag (fetchFromGitHub { owner, repo, tag, hash })`)}`),
          'Nixify found no upstream URL (git remote or Cargo.toml repository).',
        ),
    kv('cargoHash', raw('lib.fakeHash'), 'The first build fails and reports the real hash: put it here.'),
  ];
  if (ctx.ws.members.length > 1 || ctx.pkg.dir) {
    body.push(kv('cargoBuildFlags', list([str('--package'), str(p.name)]), 'One member of the workspace.'));
    body.push(kv('cargoTestFlags', list([str('--package'), str(p.name)])));
  }
  if (ctx.opts.features?.length) body.push(kv('buildFeatures', list(ctx.opts.features.map(str))));
  if (ctx.opts.noDefaultFeatures) body.push(kv('buildNoDefaultFeatures', raw('true')));
  body.push(kv('strictDeps', raw('true')), kv('__structuredAttrs', raw('true')));
  if (natives.length) body.push(kv('nativeBuildInputs', inputsExpr(natives, '', 'lib', 'stdenv')));
  if (ctx.inferred.buildInputs.length) body.push(kv('buildInputs', inputsExpr(ctx.inferred.buildInputs, '', 'lib', 'stdenv')));
  if (ctx.inferred.env.length) body.push(kv('env', attrs(envEntries(ctx, ''))));
  if (completions) {
    body.push(
      kv(
        'postInstall',
        call('lib.optionalString', raw('(stdenv.buildPlatform.canExecute stdenv.hostPlatform)'), istr(completionScript(bin!, completions))),
        'The program prints its own completions; it cannot run when cross-compiling.',
      ),
    );
  }
  body.push(...runtimeRpathEntries(ctx, ''));
  if (versionCheck) body.push(kv('nativeInstallCheckInputs', list([raw('versionCheckHook')])), kv('doInstallCheck', raw('true')));
  body.push(kv('passthru.updateScript', call('nix-update-script', attrs([]))));

  const meta: Entry[] = [];
  if (p.description) {
    const d = nixpkgsDescription(p.description);
    meta.push(kv('description', textStr(d)));
    if (d.toLowerCase().startsWith(p.name.toLowerCase()) || d.toLowerCase().startsWith(attr)) warnings.push(`meta.description should not start with the package name ("${d}"): say what it is.`);
  } else warnings.push('Cargo.toml has no description: meta.description is required in nixpkgs.');
  const forgeHome =
    source && source.fetcher !== 'fetchgit'
      ? source.fetcher === 'fetchFromGitHub'
        ? `https://github.com/${source.owner}/${source.repo}`
        : `https://gitlab.com/${source.owner}/${source.repo}`
      : source?.url.replace(/\.git$/, '');
  const home = p.homepage ?? forgeHome ?? p.repository;
  if (home) meta.push(kv('homepage', textStr(home)));
  const cl = source ? changelog(ctx, source) : undefined;
  if (cl) meta.push(kv('changelog', cl));
  const lic = nixLicense(p.license);
  if (lic.expr)
    meta.push(
      kv('license', lic.expr.length === 1 ? raw(lic.expr[0]!) : list(lic.expr.map(raw)), lic.unknown.length ? `${lic.unknown.join(', ')}: no lib.licenses attribute known; add it by hand` : undefined),
    );
  else {
    meta.push({ comment: `license: ${p.license ?? (p.licenseFile ? `see ${p.licenseFile}` : 'none in Cargo.toml')}; set meta.license to its lib.licenses attribute` });
    warnings.push('meta.license must name the upstream license (lib.licenses): set it by hand.');
  }
  meta.push(
    kv('maintainers', list([]), 'Add yourself (lib.maintainers.<your handle>): nixpkgs requires a maintainer; a new one is added to maintainers/maintainer-list.nix in the same pull request.'),
  );
  if (bin) meta.push(kv('mainProgram', str(bin)));
  body.push(kv('meta', attrs(meta)));

  // `finalAttrs:` only when something refers to it (the release tag does; a src left to the user does not): bound and unused is dead code.
  const withFinal = fn([...formals].map(ident), call('rustPlatform.buildRustPackage', lambda('finalAttrs', attrs(body))));
  const expr = (file(withFinal).match(/\bfinalAttrs\b/g) ?? []).length > 1 ? withFinal : fn([...formals].map(ident), call('rustPlatform.buildRustPackage', attrs(body)));
  warnings.push(
    `before the pull request: build it from a nixpkgs checkout (\`nix-build -A ${attr}\`), filling in ${input.srcHash && tag.exists ? 'cargoHash' : 'the hash and then cargoHash'} from the errors; add yourself to meta.maintainers; run nixpkgs-vet and nixfmt.`,
  );
  return { path: byNamePath(attr), content: file(expr), attrName: attr, warnings };
}
