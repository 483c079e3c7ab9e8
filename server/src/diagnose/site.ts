// What a rule's placement and fix see of the workspace for one diagnostic:
// the builder call that produced the failing derivation (matched by name), its
// file and text, the file the build evaluated, and small helpers to point at
// parts of a call. Built once per diagnostic by place.ts / toFixes.ts.
import { callKind, pnameSuffixOf } from '../builders';
import type { BuilderCall, NixBinding, NixFileModel } from '../model/nixTypes';
import type { Range } from '../model/types';
import { findText, mapLogPath, wholeLine, type LocateOptions, type WorkspaceFiles } from './locate';
import type { Placement } from './rule';
import { drvName } from './text';
import type { Diagnostic } from './types';

export interface PlaceOptions extends LocateOptions {
  /** The Nix file the build evaluated (flake.nix, default.nix …), when the caller knows. */
  builtFile?: string;
  /** A file of a published crate in the local cargo cache (`<name>-<version>/<rel>`): a dependency's panicking build script. */
  crateFile?: (name: string, version: string, rel: string) => string | undefined;
}

/** A call the Nix model does not recognise, found by the failing derivation's name (`pname = "…"`). */
export interface NamedSite {
  path: string;
  /** The `pname = "…";` / `name = "…";` binding line. */
  range: Range;
}

export interface Site {
  d: Diagnostic;
  files: WorkspaceFiles;
  nixFiles: NixFileModel[];
  opts: PlaceOptions;
  /** The Nix file the build came from, when it exists in the workspace. */
  built?: string;
  /** The recognised builder call of the failing derivation, its file and text. */
  call?: BuilderCall;
  path?: string;
  text: string;
  /** When no recognised call matches: where the failing derivation's name is written. */
  named?: NamedSite;
  /** The workspace file the diagnostic's log location maps to. */
  mapped?: string;
  read(path: string): string | undefined;
  at(file: string, range: Range): Placement;
  /** On the call: `r`, else the call's first line; undefined without a call. */
  onCall(r?: Range): Placement | undefined;
  binding(name: string): NixBinding | undefined;
}

/** The file a build most likely came from: given, else one with a Rust builder call, else flake.nix/default.nix when present. */
export function builtFileOf(nixFiles: NixFileModel[], files: WorkspaceFiles, opts: PlaceOptions = {}): string | undefined {
  if (opts.builtFile && files.paths.includes(opts.builtFile)) return opts.builtFile;
  const withCall = nixFiles.find((m) => m.calls.length && m.isFlake) ?? nixFiles.find((m) => m.calls.length);
  if (withCall) return withCall.path;
  for (const p of ['flake.nix', 'default.nix', 'package.nix', 'nix/default.nix']) if (files.paths.includes(p)) return p;
  return nixFiles[0]?.path;
}

/** Whether `drv` (a derivation name) was made by a call whose name is `name` (`foo` makes `foo-1.2`, `foo-1.2-vendor`). */
export function namedBy(drv: string, name: string): boolean {
  return drv === name || (drv.startsWith(name) && /^[-.]/.test(drv.slice(name.length)));
}

/** The builder call a failing derivation came from: by pname against the drv name, else the first one. */
export function targetFor(d: Diagnostic, nixFiles: NixFileModel[], built: string | undefined): { model: NixFileModel; call?: BuilderCall } | undefined {
  const name = d.drv ? drvName(d.drv) : undefined;
  let best: { model: NixFileModel; call: BuilderCall; score: number } | undefined;
  for (const model of nixFiles) {
    for (const call of model.calls) {
      const pname = call.pname?.stringValue;
      let score = model.path === built ? 1 : 0;
      if (name && pname && namedBy(name, pname)) {
        score += 10 + pname.length;
        // Calls sharing one pname (crane's package and its checks, through commonArgs): the check's own suffix decides.
        const suffix = pnameSuffixOf(call);
        if (suffix) score += namedBy(name, pname + suffix) ? 5 : -5;
      }
      if (callKind(call.kind).depsOnly && name && !/-deps(?:-|$)/.test(name)) score -= 5;
      if (!best || score > best.score) best = { model, call, score };
    }
  }
  if (best) return { model: best.model, call: best.call };
  const model = nixFiles.find((m) => m.path === built);
  return model ? { model } : undefined;
}

const NAME_BINDING = /^([ \t]*)(p?name)\s*=\s*"([^"$\\]+)"\s*;/gm;

/**
 * `pname = "x";` or `name = "x-1.0";` in a Nix file of the workspace (its walk lists no copies), whose value names the failing
 * derivation: the longest such value; between equal ones, in the file the build evaluated, else in a file whose
 * builder calls the registry recognises (a package file), else the first.
 */
export function namedSite(drv: string, nixFiles: NixFileModel[], read: (p: string) => string | undefined, built?: string): NamedSite | undefined {
  let best: (NamedSite & { rank: number[] }) | undefined;
  for (const m of nixFiles) {
    const text = read(m.path);
    if (!text) continue;
    for (const x of text.matchAll(NAME_BINDING)) {
      const value = x[3]!;
      if (!namedBy(drv, value)) continue;
      const rank = [value.length, m.path === built ? 1 : 0, m.calls.length ? 1 : 0];
      if (best && !before(rank, best.rank)) continue;
      const r = findText(text.slice(0, x.index) + x[0], x[0]);
      if (r) best = { path: m.path, range: { start: { line: r.start.line, character: x[1]!.length }, end: r.end }, rank };
    }
  }
  return best && { path: best.path, range: best.range };
}

/** Whether rank `a` beats `b` (compared element by element, higher first). */
function before(a: readonly number[], b: readonly number[]): boolean {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i]! > b[i]!;
  return false;
}

/** The first line of a call (where `rustPlatform.buildRustPackage {` is written). */
export function callHead(call: BuilderCall, text: string | undefined): Range {
  const r = wholeLine(text, call.range.start.line);
  return { start: call.range.start, end: r.end.character > call.range.start.character ? r.end : call.range.start };
}

export function siteFor(d: Diagnostic, nixFiles: NixFileModel[], files: WorkspaceFiles, opts: PlaceOptions, read: (p: string) => string | undefined): Site {
  const built = builtFileOf(nixFiles, files, opts);
  let target = targetFor(d, nixFiles, built);
  const drv = d.drv ? drvName(d.drv) : undefined;
  const pname = target?.call?.pname?.stringValue;
  // A derivation no recognised call names: where its name is written, when some file does.
  const named = drv && !(pname && namedBy(drv, pname)) ? namedSite(drv, nixFiles, read, built) : undefined;
  if (named && target?.call) target = nixFiles.find((m) => m.path === named.path) ? { model: nixFiles.find((m) => m.path === named.path)! } : undefined;
  const call = target?.call;
  const path = target?.model.path ?? built;
  const text = (path && read(path)) ?? '';
  const at = (file: string, range: Range): Placement => ({ file, range });
  return {
    d,
    files,
    nixFiles,
    opts,
    built,
    call,
    path,
    text,
    named,
    mapped: d.location ? mapLogPath(d.location.path, files, opts) : undefined,
    read,
    at,
    onCall: (r) => (call && path ? at(path, r ?? callHead(call, text)) : undefined),
    binding: (name) => call?.bindings.find((b) => b.name === name),
  };
}

/** Where added inputs go: the list they go into, else the call's first line. */
export function inputsPlacement(d: Diagnostic, s: Site): Placement | undefined {
  const call = s.call;
  const fix = d.fixes.find((f) => f.kind === 'add-inputs' || f.kind === 'replace-input');
  if (!call) return undefined;
  if (fix?.kind === 'replace-input') return s.onCall(call.nativeBuildInputs?.binding.range);
  if (fix?.kind === 'add-inputs') {
    if (fix.buildInputs?.length && call.buildInputs) return s.onCall(call.buildInputs.binding.range);
    if (fix.nativeBuildInputs?.length && call.nativeBuildInputs) return s.onCall(call.nativeBuildInputs.binding.range);
  }
  return s.onCall();
}
