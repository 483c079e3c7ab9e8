// The fixes of a placed diagnostic, computed against the files as they are now:
// each intent through its rule's `fixes` (which knows its category) or the
// generic intent edits. The first fix is preferred only when the rule says it
// exactly addresses the diagnostic, and never for a possible cause (confidence.ts).
import type { Fix } from '../check/types';
import { intentFix } from '../fixes/intentFixes';
import type { NixFileModel } from '../model/nixTypes';
import type { WorkspaceFiles } from './locate';
import { isClaim } from './confidence';
import { cachedReader } from './place';
import { ruleOf } from './rules';
import { siteFor, type PlaceOptions } from './site';
import type { Diagnostic } from './types';

export function fixesFor(d: Diagnostic, nixFiles: NixFileModel[], files: WorkspaceFiles, opts: PlaceOptions = {}): Fix[] {
  const s = siteFor(d, nixFiles, files, opts, cachedReader(files));
  const rule = ruleOf(d.category);
  // No rule (the failing-step finding): nothing to fix.
  if (!rule) return [];
  const out: Fix[] = [];
  for (const f of d.fixes) {
    // A bare-path argument (`naersk.buildPackage ./.`) has no attrset to edit: commands, hash
    // literals, and inputs or env (which turn the path into `{ src = ./.; … }`) apply.
    if (s.call?.pathArg && !['git-add', 'enable-flakes', 'rust-toolchain', 'run', 'replace-hash', 'add-inputs', 'set-env'].includes(f.kind)) continue;
    const fix = rule.fixes ? rule.fixes(d, s, f) : intentFix(f, s);
    if (fix && !out.some((o) => o.title === fix.title)) out.push(fix);
  }
  // Offered, not preferred: the evidence does not show the cause for certain.
  return isClaim(d) ? out : out.map(({ preferred: _, ...f }) => f);
}
