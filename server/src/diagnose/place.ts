// Puts each diagnostic where its fix goes: the rule of its category says where
// (rules/*.ts), else the position the log gives when it is a workspace file,
// else the builder call that produced the failing derivation, else the line
// that names that derivation. A diagnostic no workspace file explains keeps no file.
import type { NixFileModel } from '../model/nixTypes';
import { locationRange, wholeLine, type WorkspaceFiles } from './locate';
import type { Placement } from './rule';
import { ruleOf } from './rules';
import { readPanickingScript } from './scriptPanic';
import { siteFor, type PlaceOptions, type Site } from './site';
import type { Diagnostic } from './types';

export type { PlaceOptions } from './site';

/** A reader that reads each workspace file at most once. */
export function cachedReader(files: WorkspaceFiles): (p: string) => string | undefined {
  const texts = new Map<string, string | undefined>();
  return (p) => {
    if (!texts.has(p)) texts.set(p, files.read(p));
    return texts.get(p);
  };
}

/** Where a diagnostic goes when its rule has nothing more precise. */
export function genericPlacement(d: Diagnostic, s: Site): Placement | undefined {
  if (s.mapped && d.location) return s.at(s.mapped, locationRange(d.location, s.read(s.mapped)));
  const onCall = s.onCall();
  if (onCall) return onCall;
  if (s.named) return s.at(s.named.path, s.named.range);
  // The evaluated file (it exists: builtFileOf only names workspace files), at its first line.
  if (s.built) return s.at(s.built, wholeLine(s.read(s.built), 0));
  return undefined;
}

/**
 * Returns copies of the diagnostics with `file` and `range` set to where the
 * fix goes (and `related` places worth showing). Without any workspace file
 * that can explain it, a diagnostic keeps no file (never a made-up `flake.nix:1:1`).
 */
export function placeDiagnostics(diags: readonly Diagnostic[], nixFiles: NixFileModel[], files: WorkspaceFiles, opts: PlaceOptions = {}): Diagnostic[] {
  const read = cachedReader(files);
  return diags.map((found) => {
    let s = siteFor(found, nixFiles, files, opts, read);
    // A build script's unnamed NotFound: the script in the workspace (or cargo cache) names what it ran.
    const d = found.details?.buildScript ? readPanickingScript(found, s, opts.crateFile) : found;
    if (d !== found) s = { ...s, d };
    const own = ruleOf(d.category)?.place?.(d, s);
    // A rule may only add related places and leave the main one to the generic order.
    const place = own && 'file' in own ? own : genericPlacement(d, s);
    const placed = own?.related ?? place?.related;
    const related = d !== found && d.related?.length ? [...d.related, ...(placed ?? [])] : placed;
    if (!place) return { ...d, ...(related?.length ? { related } : {}) };
    return { ...d, file: place.file, range: place.range, ...(related?.length ? { related } : {}) };
  });
}
