// A -sys crate's pkg-config lookup (or the linker) did not find a native
// library. The fix is the library in buildInputs (and pkg-config when that was missing too).
import { Bounded, diag, type Rule } from '../rule';
import { LINK_LIB_ATTR, PKG_CONFIG_ATTR } from './tables';

const SYSTEM_LIB = /The system library `([^`]+)` requir(?:ed by crate `([^`]+)`)?/;
const NOT_IN_PATH = /Package '?([\w.+-]+?)'?,? (?:was not found in the pkg-config search path|(?:required by '[^']*', )?not found)/;
const DID_NOT_EXIT = /pkg-config"?\s+"?--libs"?\s+"?--cflags"?\s+"?([\w.+-]+)"?`? did not exit successfully/;
const COULD_NOT_RUN = /Could not run `(?:[A-Z_]+=\S+ )*pkg-config --libs --cflags ([\w.+-]+)`/;
const NO_PKG_CONFIG = /The pkg-config command could not be found|`pkg-config` could not be found/;
const LINK = /(?:unable to find library|cannot find) -l([\w.+-]+)/;
const OPENSSL = new Set(['openssl', 'libssl', 'libcrypto', 'ssl', 'crypto']);

interface Lib {
  name: string;
  viaLinker: boolean;
  crate?: string;
  evidence: string[];
  drv?: string;
}

export function pkgconfigLibRule(): Rule {
  const libs = new Bounded<Lib>(32);
  let noPkgConfig = false;
  let lastLib: Lib | undefined;
  return {
    category: 'pkgconfig-lib',
    line(l, ctx) {
      const t = l.text;
      if (lastLib && NO_PKG_CONFIG.test(t)) {
        noPkgConfig = true;
        lastLib.evidence.push(t.trim());
        return;
      }
      if (!/pkg-config|system library|Package |-l/.test(t)) return;
      let m: RegExpExecArray | null;
      let name: string | undefined;
      let crate: string | undefined;
      let viaLinker = false;
      if ((m = SYSTEM_LIB.exec(t))) [name, crate] = [m[1], m[2]];
      else if ((m = NOT_IN_PATH.exec(t)) || (m = DID_NOT_EXIT.exec(t)) || (m = COULD_NOT_RUN.exec(t))) name = m[1];
      else if ((m = LINK.exec(t))) [name, viaLinker] = [m[1], true];
      if (!name || OPENSSL.has(name)) return;
      ctx.claim();
      const cur = libs.get(name) ?? { name, viaLinker, evidence: [], drv: l.drv };
      cur.crate ??= crate;
      cur.viaLinker &&= viaLinker;
      if (cur.evidence.length < 8) cur.evidence.push(t.trim().slice(0, 400));
      libs.set(name, cur);
      lastLib = cur;
    },
    finish(ctx) {
      for (const [, lib] of libs.entries()) {
        const attr = lib.viaLinker ? LINK_LIB_ATTR[lib.name] : PKG_CONFIG_ATTR[lib.name];
        const who = lib.crate ? ` (needed by ${lib.crate})` : '';
        const what = lib.viaLinker ? `The linker cannot find library -l${lib.name}` : `pkg-config cannot find ${lib.name}${who}`;
        const native = !lib.viaLinker && noPkgConfig ? ['pkg-config'] : undefined;
        const fixes = attr || native ? [{ kind: 'add-inputs' as const, ...(native ? { nativeBuildInputs: native } : {}), ...(attr ? { buildInputs: [attr] } : {}) }] : [];
        const advice = attr ? `: add ${attr} to buildInputs${native ? ' and pkg-config to nativeBuildInputs' : ''}.` : native ? ': add pkg-config to nativeBuildInputs.' : '; add the nixpkgs package that provides it to buildInputs.';
        ctx.emit(diag('pkgconfig-lib', what + advice, lib.evidence, fixes, { drv: lib.drv, details: { library: lib.name, ...(attr ? { attr } : {}), ...(lib.crate ? { crate: lib.crate } : {}) } }));
      }
      libs.clear();
    },
  };
}
