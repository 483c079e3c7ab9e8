// A -sys crate's pkg-config lookup (or the linker, or the dynamic loader) did
// not find a native library. The fix is the library in buildInputs (and
// pkg-config when that was missing too); the attribute comes from nixpkgs'
// own pkg-config table (data/pkgConfigModules.json), then from our tables.
import PKG_CONFIG_DATA from '../../data/pkgConfigModules.json';
import { intentFix } from '../../fixes/intentFixes';
import { Bounded, diag, pushEvidence, type DiagnosisRule, type Matcher } from '../rule';
import { inputsPlacement } from '../site';
import { LINK_LIB_ATTR, PKG_CONFIG_ATTR } from './tables';

const SYSTEM_LIB = /The system library `([^`]+)` requir(?:ed by crate `([^`]+)`)?/;
const NOT_IN_PATH = /Package '?([\w.+-]+?)'?,? (?:was not found in the pkg-config search path|(?:required by '[^']*', )?not found)/;
const DID_NOT_EXIT = /pkg-config"?\s+"?--libs"?\s+"?--cflags"?\s+"?([\w.+-]+)"?`? did not exit successfully/;
const COULD_NOT_RUN = /Could not run `(?:[A-Z_]+=\S+ )*"?pkg-config"? "?--libs"? "?--cflags"? "?([\w.+-]+?)"?(?=[\s`'"])/;
const NO_PKG_CONFIG = /The pkg-config command could not be found|`pkg-config` could not be found|ensure the pkg-config command is one of the/;
// pkg-config's own advice names the -sys crate when the library line was cut off.
const SYS_CRATE = /documentation of the ([\w-]+) crate/;
const LINK = /(?:unable to find library|cannot find) -l([\w.+-]+)/;
// The dynamic loader at build time (a build script or proc-macro linked against a library Nix did not provide).
const SHARED = /\blib([\w+-]+?)\.so(?:\.[\d.]+)?: cannot open shared object file/;
const OPENSSL = new Set(['openssl', 'libssl', 'libcrypto', 'ssl', 'crypto']);

const NIXPKGS: Record<string, string | null> = (PKG_CONFIG_DATA as { modules: Record<string, string | null> }).modules;

/** The nixpkgs attribute providing a pkg-config module: nixpkgs' own table first. null: libc provides it. */
export function pkgConfigAttr(module: string): string | null | undefined {
  if (module in NIXPKGS) return NIXPKGS[module];
  return PKG_CONFIG_ATTR[module];
}

interface Lib {
  name: string;
  viaLinker: boolean;
  crate?: string;
  evidence: string[];
  drv?: string;
}

function create(): Matcher {
  const libs = new Bounded<Lib>(32);
  let noPkgConfig = false;
  let lastLib: Lib | undefined;
  // pkg-config missing with no library named (a window that cut the library off).
  let bare: { evidence: string[]; crate?: string; drv?: string; openssl: boolean } | undefined;
  return {
    line(l, ctx) {
      const t = l.text;
      if (NO_PKG_CONFIG.test(t) || (bare && SYS_CRATE.test(t))) {
        noPkgConfig = true;
        if (lastLib) {
          pushEvidence(lastLib.evidence, t.trim(), 8);
          return;
        }
        bare ??= { evidence: [], drv: l.drv ?? ctx.lastFailedDrv, openssl: false };
        pushEvidence(bare.evidence, t.trim(), 8);
        bare.crate ??= SYS_CRATE.exec(t)?.[1];
      }
      if (bare && /openssl/i.test(t)) bare.openssl = true;
      if (!/pkg-config|system library|Package |-l|\.so/.test(t)) return;
      let m: RegExpExecArray | null;
      let name: string | undefined;
      let crate: string | undefined;
      let viaLinker = false;
      if ((m = SYSTEM_LIB.exec(t))) [name, crate] = [m[1], m[2]];
      else if ((m = NOT_IN_PATH.exec(t)) || (m = DID_NOT_EXIT.exec(t)) || (m = COULD_NOT_RUN.exec(t))) name = m[1];
      else if ((m = LINK.exec(t)) || (m = SHARED.exec(t))) [name, viaLinker] = [m[1], true];
      // A program from the store that cannot load its own libraries is a broken package, not a missing input.
      if (!name || OPENSSL.has(name) || (SHARED.test(t) && /\/nix\/store\/[^\s:]+: error while loading/.test(t))) return;
      ctx.claim();
      const cur = libs.get(name) ?? { name, viaLinker, evidence: [], drv: l.drv };
      cur.crate ??= crate;
      cur.viaLinker &&= viaLinker;
      pushEvidence(cur.evidence, t.trim(), 8);
      libs.set(name, cur);
      lastLib = cur;
    },
    finish(ctx) {
      // openssl-sys' own failure is the openssl rule's.
      if (bare && !libs.size && !bare.openssl && !(bare.crate && /openssl/.test(bare.crate))) {
        const who = bare.crate ? ` (for ${bare.crate})` : '';
        ctx.emit(
          diag(
            'pkgconfig-lib',
            `pkg-config is not available in the build${who}: add pkg-config to nativeBuildInputs (and the library ${bare.crate ?? 'it looks for'} to buildInputs).`,
            bare.evidence,
            [{ kind: 'add-inputs', nativeBuildInputs: ['pkg-config'] }],
            {
              drv: bare.drv,
              details: { library: bare.crate ?? 'unknown' },
            },
          ),
        );
      }
      bare = undefined;
      for (const [, lib] of libs.entries()) {
        const attr = lib.viaLinker ? LINK_LIB_ATTR[lib.name] : pkgConfigAttr(lib.name);
        const who = lib.crate ? ` (needed by ${lib.crate})` : '';
        const what = lib.viaLinker ? `The linker cannot find library -l${lib.name}` : `pkg-config cannot find ${lib.name}${who}`;
        const native = !lib.viaLinker && noPkgConfig ? ['pkg-config'] : undefined;
        const fixes = attr || native ? [{ kind: 'add-inputs' as const, ...(native ? { nativeBuildInputs: native } : {}), ...(attr ? { buildInputs: [attr] } : {}) }] : [];
        const advice = attr
          ? `: add ${attr} to buildInputs${native ? ' and pkg-config to nativeBuildInputs' : ''}.`
          : native
            ? ': add pkg-config to nativeBuildInputs.'
            : '; add the nixpkgs package that provides it to buildInputs.';
        ctx.emit(diag('pkgconfig-lib', what + advice, lib.evidence, fixes, { drv: lib.drv, details: { library: lib.name, ...(attr ? { attr } : {}), ...(lib.crate ? { crate: lib.crate } : {}) } }));
      }
      libs.clear();
    },
  };
}

export const pkgconfigLibRule: DiagnosisRule = {
  category: 'pkgconfig-lib',
  markers: ['pkg-config', 'system library', 'Package ', 'find library', 'cannot find -l', 'cannot open shared object', 'documentation of the'],
  create,
  place: inputsPlacement,
  fixes: (_d, s, f) => {
    const fix = intentFix(f, s);
    return fix && { ...fix, preferred: f.kind === 'add-inputs' };
  },
};
