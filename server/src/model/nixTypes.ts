// What the server knows about a Nix file: the Rust builder calls it contains and
// where each relevant attribute sits, so checks and fixes can edit exactly there.
import type { Range } from './types';

// The kinds of builder calls, declared by each builder (server/src/builders).
import type { BuilderKind } from '../builders';
export type { BuilderKind };

/** A binding `name = value;` with the ranges of both sides. */
export interface NixBinding {
  name: string; // dotted path as written: "env.OPENSSL_NO_VENDOR"
  range: Range; // whole binding incl. `;`
  nameRange: Range;
  valueRange: Range;
  /** The value when it is a plain string literal without interpolation. */
  stringValue?: string;
  /** Source text of the value. */
  text: string;
}

export interface NixList {
  range: Range; // the `[ … ]` (or whole expression when not a literal list)
  /** Elements as source text ("pkg-config", "pkgs.openssl", "rustPlatform.bindgenHook"). */
  items: { text: string; range: Range }[];
  /** True when the value is a literal list we can insert into; false for `commonArgs.x ++ …` etc. */
  literal: boolean;
  /** Indentation (spaces) used by elements, to insert new ones alike. */
  indent: string;
}

export interface BuilderCall {
  kind: BuilderKind;
  /** The function as written: "rustPlatform.buildRustPackage", "craneLib.buildPackage". */
  callee: string;
  range: Range; // the whole application
  /** The attrset passed (after `finalAttrs:` when present). */
  argsRange: Range;
  /** The argument is a bare path meaning `{ src = path; }` (naersk's `buildPackage ./.`): no attrset to edit. */
  pathArg?: Range;
  /** Where a new attribute would go: after the last binding, with its indentation. */
  insertAt: { position: { line: number; character: number }; indent: string; inline?: boolean };
  usesFinalAttrs: boolean;
  /** `commonArgs // { … }` style: the names of attrsets merged into the args. */
  mergedFrom: string[];
  pname?: NixBinding;
  version?: NixBinding;
  src?: NixBinding;
  cargoHash?: NixBinding;
  cargoLock?: {
    binding: NixBinding;
    lockFile?: NixBinding;
    outputHashes?: { binding: NixBinding; entries: NixBinding[] };
  };
  nativeBuildInputs?: NixList & { binding: NixBinding };
  buildInputs?: NixList & { binding: NixBinding };
  /** `env = { … }` entries and top-level UPPER_CASE bindings (older style). */
  env: NixBinding[];
  envBinding?: NixBinding;
  buildFeatures?: NixList & { binding: NixBinding };
  buildNoDefaultFeatures?: NixBinding;
  cargoExtraArgs?: NixBinding;
  buildAndTestSubdir?: NixBinding;
  cargoBuildFlags?: NixBinding;
  mainProgram?: NixBinding;
  meta?: NixBinding;
  /** Every top-level binding of the args, by name. */
  bindings: NixBinding[];
}

export interface NixFileModel {
  path: string; // relative to the workspace root
  /** Syntax errors (tree-sitter ERROR/MISSING nodes) with their ranges. */
  syntaxErrors: { message: string; range: Range }[];
  calls: BuilderCall[];
  /** `let` bindings visible at top level (e.g. commonArgs), for resolving `//` merges. */
  letBindings: NixBinding[];
  /** flake.nix: input names and their urls. */
  flakeInputs?: { name: string; url?: string; range: Range }[];
  /** Whether the file looks like a flake (top-level attrset with inputs/outputs). */
  isFlake: boolean;
}
