// Something in the build tried the network, which the Nix sandbox does not
// have: cargo fetching crates (fix: vendor with cargoLock), rustup, or a build script download.
import { diag, type Rule } from '../rule';

const NET = /Could not resolve host(?:name)?|Couldn't resolve host name|Temporary failure in name resolution|failed to lookup address information|Network is unreachable|dns error|Name or service not known/i;
const CARGO_FETCH = /failed to (?:download from|fetch|get) `|Updating crates\.io index|failed to load source for dependency|crates\.io|index\.crates\.io|crates\.io-index/;
const OFFLINE_NO_VENDOR = /no matching package named `([^`]+)` found/;
const RUSTUP = /homeless-shelter|rustup could not choose a version|error: rustup\b/;

export function networkSandboxRule(): Rule {
  let emittedFor = new Set<string>();
  let offline: { pkg: string; evidence: string[]; drv?: string } | undefined;
  return {
    category: 'network-sandbox',
    line(l, ctx) {
      const t = l.text;
      if (ctx.inTests) return; // a test needing the network is test-failure's
      const key = l.drv ?? ctx.lastFailedDrv ?? '';
      let m: RegExpExecArray | null;
      if ((m = OFFLINE_NO_VENDOR.exec(t))) {
        offline = { pkg: m[1]!, evidence: [t.trim()], drv: l.drv };
        return ctx.claim();
      }
      if (offline && /offline mode|location searched: crates\.io index|required by package/.test(t)) {
        offline.evidence.push(t.trim());
        if (/offline mode|required by package/.test(t) && !emittedFor.has(key)) {
          emittedFor.add(key);
          const o = offline;
          offline = undefined;
          ctx.claim();
          return ctx.emit(
            diag('network-sandbox', `Cargo cannot find ${o.pkg}: dependencies are not vendored and the sandbox has no network. Vendor them with cargoLock.lockFile.`, o.evidence, [{ kind: 'use-cargo-lock' }], { drv: o.drv }),
          );
        }
        return;
      }
      const net = NET.test(t);
      const rustup = !net && RUSTUP.test(t);
      if (!net && !rustup) return;
      ctx.claim();
      if (emittedFor.has(key)) return;
      if (emittedFor.size > 64) emittedFor = new Set();
      emittedFor.add(key);
      const before = ctx.recent(8);
      const evidence = [...before.filter((x) => CARGO_FETCH.test(x) || NET.test(x) || /^Caused by:/.test(x.trim())), t.trim()];
      const cargo = rustup || CARGO_FETCH.test(t) || before.some((x) => CARGO_FETCH.test(x));
      const url = /https?:\/\/[^\s`'")]+/.exec([...before, t].reverse().find((x) => /https?:\/\//.test(x)) ?? '')?.[0];
      const message = rustup
        ? 'rustup runs inside the Nix build, which has no network or home directory: build with rustPlatform (cargoLock.lockFile) or a toolchain from rust-overlay instead.'
        : cargo
          ? `Cargo tried to fetch dependencies${url ? ` (${url})` : ''} inside the Nix sandbox, which has no network: vendor them with cargoLock.lockFile.`
          : `The build tried to reach the network${url ? ` (${url})` : ''}, which the Nix sandbox forbids: provide that file through Nix instead.`;
      ctx.emit(diag('network-sandbox', message, evidence, cargo ? [{ kind: 'use-cargo-lock' }] : [], { drv: l.drv ?? ctx.lastFailedDrv, details: url ? { url } : undefined }));
    },
  };
}
