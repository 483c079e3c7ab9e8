// A load after an edit that changed only a manifest's comments or blank lines
// (tomlTrivia.ts): every value the load derived is what it was, so instead of
// loading the workspace again (every member's manifest copied and its
// `workspace = true` keys inherited anew) and comparing the result with the
// last load, the last load is kept and only the edited manifest's positions
// are taken from its new text. A full load of the same texts gives the same
// workspace (test/unit/model/manifestPositions.test.ts).
import { parseCargoManifest } from './cargoToml';
import type { CargoManifest, Workspace } from './types';
// withFields: the dependency's keys in the same order (one hidden class, as the load builds them).
import { rememberManifest, withFields, type ParseCache } from './workspace';

/**
 * `ws` with the manifest at `path` (root-relative) read from `text`, which reads the same values as the
 * text `ws` was loaded from: its ranges, its dependencies' ranges and its `[workspace]` section (which holds
 * ranges) are the new text's; everything else is `ws`'s own objects. Undefined when the new text does not
 * line up with the load (then the caller loads in full).
 */
export function withManifestPositions(ws: Workspace, path: string, text: string, cache?: ParseCache): Workspace | undefined {
  const raw = parseCargoManifest(text, path);
  let lined = true;
  const moved = new Map<CargoManifest, CargoManifest>();
  const move = (m: CargoManifest): CargoManifest => {
    if (m.path !== path) return m;
    let out = moved.get(m);
    if (out) return out;
    // A load's dependencies are the manifest's own, in its order (inheritance fills them in, one for one).
    const deps = raw.dependencies;
    if (deps.length !== m.dependencies.length || deps.some((d, i) => d.name !== m.dependencies[i]!.name || d.kind !== m.dependencies[i]!.kind)) lined = false;
    out = { ...m, dependencies: m.dependencies.map((d, i) => withFields(d, { range: deps[i]?.range })), workspace: raw.workspace, ranges: raw.ranges };
    moved.set(m, out);
    return out;
  };
  const next: Workspace = { ...ws, rootManifest: move(ws.rootManifest), members: ws.members.map(move) };
  if (ws.pathCrates) next.pathCrates = ws.pathCrates.map(move);
  if (!lined) return undefined;
  if (cache) rememberManifest(cache, path, text, raw);
  return next;
}
