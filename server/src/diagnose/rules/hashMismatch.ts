// A fixed-output derivation (cargo vendor, fetchgit, fetchurl) produced a
// different hash than the one written in the Nix file: replace it with `got`.
import { drvName } from '../text';
import { diag, type Rule } from '../rule';

const FOD = /hash mismatch in fixed-output derivation '([^']+)'/;
const DOWNLOAD = /hash mismatch in file downloaded from '([^']+)'/;
const SPECIFIED = /^\s*(?:specified|wanted):\s+(\S+)/;
const GOT = /^\s*got:\s+(\S+)/;
const OUT_OF_DATE = /ERROR: (cargoHash|cargoSha256)(?: or cargoSha256)? is out of date/;

export function hashMismatchRule(): Rule {
  let pending: { drv?: string; url?: string; specified?: string; evidence: string[]; left: number } | undefined;
  return {
    category: 'hash-mismatch',
    line(l, ctx) {
      const t = l.text;
      if (pending) {
        let m: RegExpExecArray | null;
        if ((m = SPECIFIED.exec(t))) {
          pending.specified = m[1];
          pending.evidence.push(t.trim());
          return ctx.claim();
        }
        if ((m = GOT.exec(t))) {
          const p = pending;
          pending = undefined;
          p.evidence.push(t.trim());
          ctx.claim();
          const name = p.drv ? drvName(p.drv) : undefined;
          const what = name ? `fixed-output derivation ${name}` : `download ${p.url}`;
          return ctx.emit(
            diag('hash-mismatch', `Hash mismatch in ${what}: the Nix file says ${p.specified ?? '(unknown)'}, the build produced ${m[1]}.`, p.evidence, [
              { kind: 'replace-hash', ...(p.specified ? { specified: p.specified } : {}), got: m[1]!, ...(name ? { drvName: name } : {}) },
            ], { drv: p.drv, details: { got: m[1]!, ...(p.specified ? { specified: p.specified } : {}) } }),
          );
        }
        if (--pending.left <= 0) pending = undefined;
      }
      if (!/hash mismatch|out of date/.test(t)) return;
      let m = FOD.exec(t);
      if (m) {
        pending = { drv: m[1], evidence: [t.trim()], left: 6 };
        return ctx.claim();
      }
      m = DOWNLOAD.exec(t);
      if (m) {
        pending = { url: m[1], evidence: [t.trim()], left: 6 };
        return ctx.claim();
      }
      m = OUT_OF_DATE.exec(t);
      if (m) {
        ctx.claim();
        const ev = [...ctx.recent(2).filter((x) => x.trim()), t.trim()];
        ctx.emit(
          diag('hash-mismatch', `${m[1]} is out of date: Cargo.lock changed since it was computed. Set it to a fake hash, build, and copy the reported hash back.`, ev, [
            { kind: 'reset-hash', attr: 'cargoHash' },
          ], { drv: l.drv ?? ctx.lastFailedDrv }),
        );
      }
    },
  };
}
