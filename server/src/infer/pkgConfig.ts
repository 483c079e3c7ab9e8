// pkg-config module → nixpkgs attribute: nixpkgs' own mapping first
// (data/pkgConfigModules.json, generated from pkgs/top-level/pkg-config by
// scripts/gen-pkg-config-modules.mjs; the diagnosis reads the same file), then
// modules it lacks whose providing package was checked by hand
// (data/pkgConfigSupplement.json), then the module's own name checked against
// the recorded nixpkgs attributes (data/nixpkgsAttrs.json): `libdrm` → libdrm,
// `libfoo-1.0` → foo. Never an attribute outside that record.
import attrsData from '../data/nixpkgsAttrs.json';
import modulesData from '../data/pkgConfigModules.json';
import propagatedData from '../data/nixpkgsPropagated.json';
import requiresData from '../data/pkgConfigRequires.json';
import supplementData from '../data/pkgConfigSupplement.json';

const SUPPLEMENT = supplementData as { modules: Record<string, string>; preferred: Record<string, string>; linkNames: Record<string, string> };
// nixpkgs' own table wins over the supplement, except where nixpkgs defines an alias for consumers (udev).
const NIXPKGS_MODULES = (modulesData as { modules: Record<string, string | null> }).modules;
const MODULES: Record<string, string | null> = { ...SUPPLEMENT.modules, ...NIXPKGS_MODULES, ...SUPPLEMENT.preferred };
/** Every attribute inference may emit, with the file of nixpkgs that defines it. */
export const NIXPKGS_ATTRS: Readonly<Record<string, string>> = (attrsData as { attrs: Record<string, string> }).attrs;

/** The attribute providing pkg-config module `module`; null when libc provides it; undefined when unknown. `attrNames: false`: only modules nixpkgs' tables know, no attribute of the same name. */
export function attrForModule(module: string, opts: { attrNames?: boolean } = {}): string | null | undefined {
  if (Object.hasOwn(MODULES, module)) return MODULES[module];
  const stem = module.replace(/[-_.]?\d+(\.\d+)*$/, '');
  const cands = [module, stem, stem.replace(/^lib/, ''), `lib${stem}`, stem.toLowerCase()];
  // A module spelled with or without `lib` (`lzma` → liblzma → xz), or an attribute of that name.
  // Each spelling in turn, as a module and (unless asked not to) as an attribute: `pcre2` is the attribute
  // pcre2 before its stem `pcre` is a module.
  for (const cand of cands) {
    if (cand && Object.hasOwn(MODULES, cand) && MODULES[cand]) return MODULES[cand];
    if (cand && opts.attrNames !== false && Object.hasOwn(NIXPKGS_ATTRS, cand)) return cand;
  }
  return undefined;
}

// Linker names (`-lNAME`) whose library's pkg-config module is not NAME or libNAME: the module whose
// Libs line gives that -l (zlib.pc: -lz, bzip2.pc: -lbz2, alsa.pc: -lasound, gtk+-3.0.pc: -lgtk-3,
// xscrnsaver.pc: -lXss). The inference and the diagnosis both read -l names through this one list.
const LINK_NAME_MODULE: Record<string, string> = { z: 'zlib', bz2: 'bzip2', asound: 'alsa', 'gtk-3': 'gtk+-3.0', 'gdk-3': 'gdk-3.0', Xss: 'xscrnsaver' };
// Libraries of the C runtime and the compilers' own: always there, nothing to add. Not `unwind`: on
// Linux nixpkgs' stdenv is gcc's, whose libgcc_s carries the unwinder (_Unwind_*) but installs no
// libunwind.so, so `-lunwind` only links with nixpkgs' libunwind (found through its .pc, like any library).
const TOOLCHAIN_LIBS = /^(c|m|dl|rt|pthread|util|resolv|atomic|stdc\+\+|c\+\+|c\+\+abi|gcc|gcc_s|gcc_eh)$/;

/**
 * The pkg-config modules that may provide `-lNAME`, most likely first: a known differently named one,
 * NAME, libNAME, then both lower-cased (library files keep their case, `-lX11`; modules are lower-case, `x11`).
 */
export function linkNameModules(name: string): string[] {
  const lower = name.toLowerCase();
  const out = [LINK_NAME_MODULE[name], name, `lib${name}`, lower, `lib${lower}`].filter((m): m is string => !!m);
  return [...new Set(out)];
}

/**
 * The attribute providing the library the linker knows as `-lNAME`, through its pkg-config module
 * (linkNameModules); null for the C runtime's; undefined when unknown. Module tables only: a linker
 * name is too short to match attribute names safely.
 */
export function attrForLinkName(name: string): string | null | undefined {
  if (TOOLCHAIN_LIBS.test(name)) return null;
  for (const m of linkNameModules(name)) if (Object.hasOwn(MODULES, m)) return MODULES[m];
  // A library that installs no .pc file (lm-sensors' libsensors): the supplement's linker-name entries.
  return Object.hasOwn(SUPPLEMENT.linkNames, name) ? SUPPLEMENT.linkNames[name] : undefined;
}

const REQUIRES = (requiresData as { modules: Record<string, { requires: string[] }> }).modules;
/** What nixpkgs' own files propagate, for the attributes read (data/nixpkgsPropagated.json). */
const NIXPKGS_PROPAGATES: Readonly<Record<string, { propagates: string[]; installs?: string[] }>> = (propagatedData as { attrs: Record<string, { propagates: string[]; installs?: string[] }> }).attrs;
let modulesByAttr: Map<string, string[]> | undefined;
const propagatedMemo = new Map<string, ReadonlySet<string>>();
const linkedMemo = new Map<string, ReadonlySet<string>>();

function ownModules(attr: string): string[] {
  if (!modulesByAttr) {
    modulesByAttr = new Map();
    for (const m of new Set([...Object.keys(MODULES), ...Object.keys(REQUIRES)])) {
      const a = attrForModule(m);
      if (a) modulesByAttr.set(a, [...(modulesByAttr.get(a) ?? []), m]);
    }
  }
  return modulesByAttr.get(attr) ?? [];
}

/** The other attributes whose pkg-config modules `attr`'s own files install (libdbusmenu-gtk3 installs dbusmenu-glib-0.4, libdbusmenu's module). */
function alsoInstalled(attr: string): string[] {
  const out: string[] = [];
  for (const m of NIXPKGS_PROPAGATES[attr]?.installs ?? []) {
    const a = attrForModule(m, { attrNames: false });
    if (a && a !== attr) out.push(a);
  }
  return out;
}

/** Whether `attr`'s propagation was read from its nixpkgs file (else it is taken from its .pc files' Requires). */
export function propagationRecorded(attr: string): boolean {
  return Object.hasOwn(NIXPKGS_PROPAGATES, attr);
}

/**
 * The attributes a build that lists `attr` has on its host platform along with it: what nixpkgs'
 * package file propagates (propagatedBuildInputs on Linux: gtk4 → cairo, gdk-pixbuf, glib, graphene,
 * pango, wayland; data/nixpkgsPropagated.json) and the attributes whose modules it installs itself
 * (libdbusmenu-gtk3 → libdbusmenu); for an attribute whose file was not read, what its pkg-config
 * modules require (data/pkgConfigRequires.json, Debian's .pc files: a .pc that requires another only
 * works with it on PKG_CONFIG_PATH, so nixpkgs usually propagates it — not always: its
 * libdbusmenu-gtk3 has gtk3 in buildInputs only, though its .pc requires gtk+-3.0).
 * Transitive; only recorded attributes (NIXPKGS_ATTRS); never `attr` itself.
 * Also the alias consumers use for a module `attr` itself installs (systemd → udev).
 */
export function propagatedBy(attr: string): ReadonlySet<string> {
  const memo = propagatedMemo.get(attr);
  if (memo) return memo;
  const found = new Set<string>();
  const attrQueue = [attr];
  const seenModules = new Set<string>();
  const reach = (a: string) => {
    if (a === attr || found.has(a)) return;
    found.add(a);
    if (propagationRecorded(a)) attrQueue.push(a);
  };
  while (attrQueue.length) {
    const a = attrQueue.pop()!;
    if (propagationRecorded(a)) {
      for (const p of NIXPKGS_PROPAGATES[a]!.propagates) reach(p);
      for (const i of alsoInstalled(a)) if (i !== attr) found.add(i);
      continue;
    }
    // Not read from nixpkgs: the chain of its modules' Requires, up to the modules of attributes that were.
    followRequires(ownModules(a), seenModules, (ra) => {
      if (ra) reach(ra);
      return !ra || !propagationRecorded(ra);
    });
  }
  const out = new Set([...found].filter((a) => Object.hasOwn(NIXPKGS_ATTRS, a)));
  // The consumers' alias of a module (udev for libudev) comes with the package nixpkgs' own table names
  // for that module (systemd installs libudev.pc and libudev.so too): listing systemd meets a libudev need.
  for (const [m, alias] of Object.entries(SUPPLEMENT.preferred)) if (NIXPKGS_MODULES[m] === attr && alias !== attr) out.add(alias);
  propagatedMemo.set(attr, out);
  return out;
}

/**
 * The attributes whose libraries `attr`'s libraries link, by its pkg-config modules' Requires, followed
 * through (x11-xcb.pc requires xcb: libX11 links libxcb). What a program that opens a library at run
 * time (dlopen) finds already loaded once it has `attr`: the dynamic loader follows what a library
 * links, not what nixpkgs propagates at build time. Never `attr` itself.
 */
export function linkedBy(attr: string): ReadonlySet<string> {
  const memo = linkedMemo.get(attr);
  if (memo) return memo;
  const out = new Set<string>();
  followRequires(ownModules(attr), new Set(), (a) => {
    if (a && a !== attr) out.add(a);
    return true;
  });
  linkedMemo.set(attr, out);
  return out;
}

/**
 * Walks the pkg-config Requires of `modules` (Debian's .pc files), once per module across calls that
 * share `seen`; `visit` gets each required module's attribute (if nixpkgs has one) and says whether
 * to go on through that module's own Requires.
 */
function followRequires(modules: Iterable<string>, seen: Set<string>, visit: (attr: string | null | undefined) => boolean): void {
  const queue = [...modules];
  while (queue.length) {
    const m = queue.pop()!;
    if (seen.has(m)) continue;
    seen.add(m);
    for (const r of REQUIRES[m]?.requires ?? []) if (visit(attrForModule(r))) queue.push(r);
  }
}
