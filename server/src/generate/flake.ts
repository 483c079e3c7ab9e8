// flake.nix shapes shared by every builder: inputs, a forAllSystems helper
// without flake-utils, and outputs assembled from per-system attrsets.
//
// Extension point: other generators (NixOS module, Docker image, VM test) add
// outputs through FlakeExtras instead of editing the text. planInit's `extras`
// callback returns them, and every builder's flake merges them:
//   topLevel      → system-independent outputs: `nixosModules.default = …;`
//   packages      → `packages.<system>.*`, code where `pkgs`, `system`, `self` are in scope
//   checks        → `checks.<system>.*`, same scope (`nixos = pkgs.callPackage ./nixos/test.nix { … }`)
//   perSystemLets → extra `let` bindings of the per-system function
//   inputs        → extra flake inputs (passed to `outputs` by name)
import { NIXPKGS_URL, SYSTEMS } from './common';
import { SELF_SUBMODULES_NIX, type GenContext, type Submodules } from './context';
import { WASM_TARGET } from './wasm';
import { assertE, attrs, call, code, escapeString, file, fn, ident, kv, lambda, letIn, list, name, pathExpr, raw, str, textStr, type Code, type Entry, type Nix } from './nixWriter';

export interface FlakeInput {
  name: string;
  url: string;
  /** Inputs that are plain sources (advisory-db). */
  flake?: boolean;
  followsNixpkgs?: boolean;
}

export interface FlakeExtras {
  /** Top-level outputs such as `nixosModules.default`. */
  topLevel?: Entry[];
  /** Extra `packages.<system>.*` entries, as code using `pkgs` and `system`. */
  packages?: Entry[];
  /** Extra `checks.<system>.*` entries (same scope as packages). */
  checks?: Entry[];
  /** Extra `let` bindings in the per-system function, after the builder's own. */
  perSystemLets?: Entry[];
  /** Extra flake inputs; their names become arguments of `outputs`. */
  inputs?: FlakeInput[];
}

export interface FlakeSpec {
  description: string;
  inputs: FlakeInput[];
  /** `let` bindings inside the per-system function (pkgs and system are in scope). */
  perSystemLets: Entry[];
  packages: Entry[];
  checks: Entry[];
  devShell: Nix;
  /** Code for `apps.<system>.default.program`, or undefined for no app. */
  appProgram?: Code;
  /** `pkgs = …` for the system: default `nixpkgs.legacyPackages.${system}`. */
  pkgsExpr?: Code;
  submodules?: Submodules;
}

/**
 * `assert …;` at the top of the outputs: the submodules are not empty. A flake built as
 * `.#…` gets them as empty folders (Nix 2.8 checked), and cargo would fail later on a missing file.
 */
function submodulesCheck(s: Submodules): Code {
  const paths = s.paths.map((p) => pathExpr(p));
  const msg = escapeString(
    `git submodules (${s.paths.join(', ')}) are empty in the flake's source: build '.?submodules=1#default' (or, with Nix ${SELF_SUBMODULES_NIX} or later, set inputs.self.submodules = true), after git submodule update --init.`,
  );
  const full = (p: Code) => code`builtins.pathExists ${p} && builtins.readDir ${p} != { }`;
  if (paths.length === 1) return code`${full(paths[0]!)} || throw ${msg}`;
  const items = paths.slice(1).reduce((acc, p) => code`${acc} ${p}`, paths[0]!);
  return code`builtins.all (dir: ${full(code`dir`)}) [ ${items} ] || throw ${msg}`;
}

export function flakeNix(spec: FlakeSpec, extras: FlakeExtras = {}): string {
  const inputs: Entry[] = [];
  const sub = spec.submodules;
  if (sub?.form === 'self-input')
    inputs.push(kv('self.submodules', raw('true'), `The source has git submodules. Needs Nix ${SELF_SUBMODULES_NIX} or later; older Nix: delete this line and build '.?submodules=1#default'.`));
  const allInputs = [...spec.inputs, ...(extras.inputs ?? []).filter((i) => !spec.inputs.some((j) => j.name === i.name))];
  for (const i of allInputs) {
    if (i.flake === false) inputs.push(kv(name(i.name), attrs([kv('url', str(i.url)), kv('flake', raw('false'))])));
    else if (i.followsNixpkgs) inputs.push(kv(name(i.name), attrs([kv('url', str(i.url)), kv('inputs.nixpkgs.follows', str('nixpkgs'))])));
    else inputs.push(kv(code`${name(i.name)}.url`, str(i.url)));
  }
  // Input names are also the outputs function's formals: identifiers only.
  const args = [code`self`, ...allInputs.map((i) => ident(i.name))];
  const pkgs = spec.pkgsExpr ?? code`nixpkgs.legacyPackages.\${system}`;
  // Everything of one system in one place; each output picks its part.
  const perSystemBody = attrs([
    kv('packages', attrs([...spec.packages, ...(extras.packages ?? [])])),
    ...(spec.appProgram ? [kv('apps', attrs([kv('default', attrs([kv('type', str('app')), kv('program', raw(spec.appProgram))]))]))] : []),
    kv('devShells', attrs([kv('default', spec.devShell)])),
    kv('checks', attrs([...spec.checks, ...(extras.checks ?? [])])),
  ]);
  const pick = (out: 'packages' | 'apps' | 'devShells' | 'checks') => kv(out, call('forAllSystems', lambda('system', raw(`(perSystem system).${out}`))));
  const outputs: Entry[] = [pick('packages')];
  if (spec.appProgram) outputs.push(pick('apps'));
  outputs.push(pick('devShells'), pick('checks'));
  // `nix fmt`: nixfmt is the RFC 166 formatter (nixfmt-rfc-style is now a deprecated alias).
  outputs.push(kv('formatter', call('forAllSystems', lambda('system', raw('nixpkgs.legacyPackages.${system}.nixfmt')))));
  outputs.push(...(extras.topLevel ?? []));
  const body = letIn(
    [
      kv('systems', list(SYSTEMS.map(str))),
      kv('forAllSystems', raw('nixpkgs.lib.genAttrs systems')),
      kv('perSystem', lambda('system', letIn([kv('pkgs', raw(pkgs)), ...spec.perSystemLets, ...(extras.perSystemLets ?? [])], perSystemBody))),
    ],
    attrs(outputs),
  );
  const outputs_ =
    sub?.form === 'url'
      ? kv(
          'outputs',
          fn(args, assertE(submodulesCheck(sub), body)),
          `The source has git submodules: build '.?submodules=1#default' (every Nix with flakes). inputs.self.submodules = true would make '.#default' see them, but Nix before ${SELF_SUBMODULES_NIX} rejects a flake that sets it.`,
        )
      : kv('outputs', fn(args, body));
  const top = attrs([kv('description', textStr(spec.description)), kv('inputs', attrs(inputs)), outputs_]);
  return file(top);
}

export const nixpkgsInput: FlakeInput = { name: 'nixpkgs', url: NIXPKGS_URL };

/**
 * A rust-overlay toolchain expression for the crate's toolchain choice (pkgs must include the overlay).
 * `wasm`: the builder compiles wasm32 members, so the toolchain needs that target's standard
 * library. nixpkgs' rustc has it, so wasm alone brings no rust-overlay; a rust-overlay toolchain
 * gets the target added (a toolchain file without it: added in Nix, with a warning).
 */
export function toolchainExpr(ctx: GenContext, pkgs: 'pkgs' | 'p' = 'pkgs', buildsWasm = false): Code | undefined {
  const wasm = buildsWasm && (ctx.wasm || ctx.trunk.length > 0);
  const p = pkgs === 'p' ? code`p` : code`pkgs`;
  const wasmT = escapeString(WASM_TARGET);
  if (ctx.toolchain?.kind === 'file') {
    const fromFile = code`${p}.rust-bin.fromRustupToolchainFile ${pathExpr(ctx.toolchain.file)}`;
    const t = ctx.ws.toolchain;
    if (!wasm || t?.targets.includes(WASM_TARGET)) return fromFile;
    const warning = `${ctx.toolchain.file} does not list the ${WASM_TARGET} target the wasm32 members build for: the flake adds it to that toolchain (override { targets = … }); add "${WASM_TARGET}" to its targets so cargo outside Nix has it too.`;
    if (!ctx.warnings.includes(warning)) ctx.warnings.push(warning);
    // rust-overlay's override replaces the file's targets (its components stay): list them again.
    const targets = [...(t?.targets ?? []).map((x) => escapeString(x)), wasmT].join(' ');
    return code`(${fromFile}).override { targets = [ ${targets as Code} ]; }`;
  }
  // rust-src: rust-analyzer in the devShell reads the standard library from the toolchain's sysroot.
  const override = wasm ? code`.override { extensions = [ "rust-src" ]; targets = [ ${wasmT} ]; }` : code`.override { extensions = [ "rust-src" ]; }`;
  if (ctx.toolchain?.kind === 'version') return code`${p}.rust-bin.stable.${escapeString(ctx.toolchain.version)}.default${override}`;
  return undefined;
}

/**
 * What the devShell needs for rust-analyzer to find the standard library
 * sources: nixpkgs' rustc has them apart (rustPlatform.rustLibSrc); a
 * rust-overlay toolchain carries them as its rust-src component (added by
 * toolchainExpr, or listed in the toolchain file, else a warning).
 */
export function rustSrcEntries(tc: Code | undefined, pkgs: 'pkgs.' | '' = 'pkgs.'): Entry[] {
  if (tc) return [];
  return [kv('RUST_SRC_PATH', raw(`"\${${pkgs}rustPlatform.rustLibSrc}"`), 'rust-analyzer reads the standard library sources from here.')];
}

/** The warning for a toolchain file whose components leave rust-src out. */
export function rustSrcWarning(ctx: GenContext): string | undefined {
  const t = ctx.ws.toolchain;
  if (ctx.toolchain?.kind !== 'file' || !t || t.components.includes('rust-src')) return undefined;
  return `${t.file} does not list the rust-src component: rust-analyzer in the devShell cannot read the standard library; add "rust-src" to its components.`;
}

export { pkgsWithOverlay, rustOverlayInput, rustOverlaySnippet } from './rustOverlay';

export function devTools(prefix: 'pkgs.', toolchain?: Code): Nix {
  const tools = toolchain ? [raw(toolchain), raw(`${prefix}rust-analyzer`)] : (['cargo', 'rustc', 'clippy', 'rustfmt', 'rust-analyzer'] as const).map((t) => raw(`${prefix}${t}`));
  return list(tools);
}
