// pkg-config module → nixpkgs attribute: nixpkgs' own mapping first
// (data/pkgConfigModules.json, generated from pkgs/top-level/pkg-config by
// scripts/gen-pkg-config-modules.mjs; the diagnosis reads the same file), then
// modules it lacks whose providing package was checked by hand
// (data/pkgConfigSupplement.json), then the module's own name checked against
// the recorded nixpkgs attributes (data/nixpkgsAttrs.json): `libdrm` → libdrm,
// `libfoo-1.0` → foo. Never an attribute outside that record.
import attrsData from '../data/nixpkgsAttrs.json';
import modulesData from '../data/pkgConfigModules.json';
import supplementData from '../data/pkgConfigSupplement.json';

const MODULES: Record<string, string | null> = { ...(supplementData as { modules: Record<string, string> }).modules, ...(modulesData as { modules: Record<string, string | null> }).modules };
/** Every attribute inference may emit, with the file of nixpkgs that defines it. */
export const NIXPKGS_ATTRS: Readonly<Record<string, string>> = (attrsData as { attrs: Record<string, string> }).attrs;

/** The attribute providing pkg-config module `module`; null when libc provides it; undefined when unknown. */
export function attrForModule(module: string): string | null | undefined {
  if (Object.hasOwn(MODULES, module)) return MODULES[module];
  const stem = module.replace(/[-_.]?\d+(\.\d+)*$/, '');
  const cands = [module, stem, stem.replace(/^lib/, ''), `lib${stem}`, stem.toLowerCase()];
  // A module spelled with or without `lib` (`lzma` → liblzma → xz), then an attribute of that name.
  for (const cand of cands) if (cand && Object.hasOwn(MODULES, cand) && MODULES[cand]) return MODULES[cand];
  for (const cand of cands) if (cand && Object.hasOwn(NIXPKGS_ATTRS, cand)) return cand;
  return undefined;
}
