// Something in the build tried the network, which the Nix sandbox does not
// have: cargo fetching crates (fix: vendor from Cargo.lock, the way the
// builder does it), rustup downloading a toolchain (fix: nixpkgs' cargo and
// rustc), or a build script download.
import { intentFix } from '../../fixes/intentFixes';
import { diag, type DiagnosisRule, type Matcher } from '../rule';
import { inputsPlacement } from '../site';
import type { FixIntent } from '../types';

const NET =
  /Could not resolve host(?:name)?|Couldn't resolve host name|Temporary failure in name resolution|failed to lookup address information|Network is unreachable|dns error|Name or service not known/i;
// Other resolvers' words for a name they could not look up: Node (`getaddrinfo EAI_AGAIN registry.npmjs.org`),
// Go (`dial tcp: lookup proxy.golang.org on …:53`), urllib3 (`NameResolutionError`); tested only when named.
const NET_OTHER = /getaddrinfo (?:EAI_AGAIN|ENOTFOUND)\b|dial tcp: lookup \S+ on |NameResolutionError/;
const isNet = (t: string) => NET.test(t) || ((t.includes('getaddrinfo') || t.includes('dial tcp') || t.includes('NameResolution')) && NET_OTHER.test(t));
const CARGO_FETCH = /failed to (?:download from|fetch|get) `|Updating crates\.io index|failed to load source for dependency|crates\.io|index\.crates\.io|crates\.io-index/;
// nixpkgs' fetchurl builder (`trying https://…`, `error checking the existence of https://tarballs.nixos.org/…`):
// a fixed-output fetch, which has the network; its failure to resolve a host is the network's, not the sandbox's.
const FIXED_OUTPUT_FETCH = /^(?:[\w.+-]+> )?(?:trying https?:\/\/|error checking the existence of https?:\/\/)/;
const OFFLINE_NO_VENDOR = /no matching package named `([^`]+)` found/;
// rustup itself failing (a `rustup` shim in nativeBuildInputs has no toolchain and cannot download one).
const RUSTUP = /rustup could not choose a version|^error: rustup\b|\/homeless-shelter\/\.rustup\b|^\s*(?:info|error): (?:syncing channel updates|downloading component|could not download)|rustup-init/;

export const NET_MARKERS = [
  'esolve host',
  'ame resolution',
  'ookup address',
  'etwork is unreachable',
  'ns error',
  'NS error',
  'ame or service not known',
  'getaddrinfo',
  'dial tcp: lookup',
  'NameResolutionError',
];

function create(): Matcher {
  let emittedFor = new Set<string>();
  let offline: { pkg: string; evidence: string[]; drv?: string } | undefined;
  return {
    line(l, ctx) {
      const t = l.text;
      if (ctx.inTests) return; // a test needing the network is test-failure's
      const key = l.drv ?? ctx.lastFailedDrv ?? '';
      let m: RegExpExecArray | null;
      if ((m = OFFLINE_NO_VENDOR.exec(t))) {
        offline = { pkg: m[1]!, evidence: [t.trim()], drv: l.drv };
        return ctx.claim();
      }
      // Searched in vendored sources: they lack what Cargo.toml asks, which is Cargo.lock's staleness (cargo-lock's), not the network.
      if (offline && t.includes('location searched: directory source')) {
        offline = undefined;
        return;
      }
      if (offline && /offline mode|location searched: crates\.io index|required by package/.test(t)) {
        offline.evidence.push(t.trim());
        if (/offline mode|required by package/.test(t) && !emittedFor.has(key)) {
          emittedFor.add(key);
          const o = offline;
          offline = undefined;
          ctx.claim();
          return ctx.emit(
            diag(
              'network-sandbox',
              `Cargo cannot find ${o.pkg}: dependencies are not vendored and the sandbox has no network. Vendor them from Cargo.lock.`,
              o.evidence,
              [{ kind: 'use-cargo-lock' }],
              { drv: o.drv },
            ),
          );
        }
        return;
      }
      const net = isNet(t);
      const rustup = !net && RUSTUP.test(t);
      if (!net && !rustup) return;
      if (net && (FIXED_OUTPUT_FETCH.test(t) || ctx.recent(8).some((x) => FIXED_OUTPUT_FETCH.test(x)))) return;
      ctx.claim();
      if (emittedFor.has(key)) return;
      if (emittedFor.size > 64) emittedFor = new Set();
      emittedFor.add(key);
      const before = ctx.recent(8);
      const evidence = [...before.filter((x) => CARGO_FETCH.test(x) || isNet(x) || /^Caused by:/.test(x.trim())), t.trim()];
      const rustupBefore = rustup || before.some((x) => RUSTUP.test(x));
      const cargo = CARGO_FETCH.test(t) || before.some((x) => CARGO_FETCH.test(x));
      const url = /https?:\/\/[^\s`'")]+/.exec([...before, t].reverse().find((x) => /https?:\/\//.test(x)) ?? '')?.[0];
      let message: string;
      let fixes: FixIntent[];
      if (rustupBefore && !cargo) {
        message = 'rustup runs inside the Nix build, which has no network and no home directory: take cargo and rustc from nixpkgs (or a rust-overlay toolchain) instead of rustup.';
        fixes = [{ kind: 'replace-input', from: 'rustup', to: ['cargo', 'rustc'] }, { kind: 'rust-toolchain' }];
      } else if (cargo) {
        message = `Cargo tried to fetch dependencies${url ? ` (${url})` : ''} inside the Nix sandbox, which has no network: vendor them from Cargo.lock.`;
        fixes = [{ kind: 'use-cargo-lock' }];
      } else {
        message = `The build tried to reach the network${url ? ` (${url})` : ''}, which the Nix sandbox forbids: provide that file through Nix instead.`;
        fixes = [];
      }
      const details = { ...(url ? { url } : {}), ...(rustupBefore && !cargo ? { rustup: 'true' } : {}) };
      ctx.emit(diag('network-sandbox', message, evidence, fixes, { drv: l.drv ?? ctx.lastFailedDrv, details: Object.keys(details).length ? details : undefined }));
    },
  };
}

export const networkSandboxRule: DiagnosisRule = {
  category: 'network-sandbox',
  markers: [...NET_MARKERS, 'no matching package', 'offline mode', 'location searched', 'required by package', 'rustup', 'syncing channel', 'downloading component', 'could not download'],
  create,
  place(d, s) {
    if (d.fixes[0]?.kind === 'replace-input') return inputsPlacement(d, s);
    return s.onCall((s.call?.cargoHash ?? s.call?.cargoLock?.binding)?.range);
  },
  fixes: (_d, s, f) => intentFix(f, s),
};
