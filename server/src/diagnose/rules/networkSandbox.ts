// Something in the build tried the network, which the Nix sandbox does not
// have: cargo fetching crates (fix: vendor from Cargo.lock, the way the
// builder does it), rustup downloading a toolchain (fix: nixpkgs' cargo and
// rustc), or a build script download.
import { intentFix } from '../../fixes/intentFixes';
import { REGISTRY_SEARCHED } from './cargoLock';
import { diag, type DiagnosisRule, type Matcher, type RuleContext } from '../rule';
import { inputsPlacement } from '../site';
import { CARGO_STDERR, drvName } from '../text';
import type { Diagnostic, FixIntent } from '../types';

const NET =
  /Could not resolve host(?:name)?|Couldn't resolve host(?: name| ')|Temporary failure in name resolution|failed to lookup address information|Network is unreachable|dns error|Name or service not known/i;
// Other resolvers' words for a name they could not look up: Node (`getaddrinfo EAI_AGAIN registry.npmjs.org`),
// Go (`dial tcp: lookup proxy.golang.org on …:53`), urllib3 (`NameResolutionError`); tested only when named.
const NET_OTHER = /getaddrinfo (?:EAI_AGAIN|ENOTFOUND)\b|dial tcp: lookup \S+ on |NameResolutionError/;
const isNet = (t: string) => NET.test(t) || ((t.includes('getaddrinfo') || t.includes('dial tcp') || t.includes('NameResolution')) && NET_OTHER.test(t));
// cargo's own sentence for a registry request that failed, whatever the transport said under it (curl's `[6] Couldn't
// resolve host`, `[35] SSL connect error` of a sandbox without certificates, `[7] Couldn't connect`): the sparse index's
// `download of config.json failed` / `download of 3/s/syn failed` (registry/http_remote.rs), `failed to get successful
// HTTP response from \`https://…\``. A build reaching for the registry at all is what the sandbox forbids.
export const CARGO_REGISTRY_FAILED = /\bdownload of (?:config\.json|[\w-]{1,2}\/[\w-]{1,2}\/[\w.+-]+|[\w-]{1,3}\/[\w.+-]+) failed\s*$|\bfailed to get successful HTTP response from `https?:\/\//;
// A build script announcing the variable that names where it downloads from (`cargo:rerun-if-env-changed=RUSTY_V8_MIRROR`,
// `…_ARCHIVE`, `…_DOWNLOAD_URL`, `…_BINARIES_URL`): a script that fetches a prebuilt archive unless given one. Its output
// is printed only when it failed; said when nothing else explains the failure and the log ends in that output (a
// window cut before its panic) or cargo said the script failed.
export const DOWNLOAD_KNOB = /^\s*(?:[\w.+-]+> )?cargo:rerun-if-env-changed=(\w+_(?:MIRROR|ARCHIVE|DOWNLOAD_URL|BINARIES_URL|BINARY_URL))\s*$/;
// A failed build script's own sentence that it could not download (`Error: "Failed to download a valid file from all
// sources"`, lindera's dictionaries), read within the few lines after cargo's `--- stderr` heading of that script's
// captured output: whatever the script fetches from, the sandbox has no network. Said only when nothing else explains
// the failure (a resolver's words are read above it, with the URL).
const SCRIPT_DOWNLOAD = /\b(?:[Ff]ailed to|[Uu]nable to|[Cc]ould not|[Cc]ouldn't|[Cc]annot) download\b/;
// A failed build script that could not spawn a downloader (sdl2-sys 0.33's `Error running command 'curl': No such file
// or directory (os error 2)`): the script means to download, which the sandbox forbids whether or not the program is
// there — adding curl only moves the failure to the resolver. missing-tool leaves these to this rule.
const DOWNLOADER_SPAWN = /(?:^|['"`\s/])(curl|wget)['"`]?(?: (?:was )?not found)?: (?:No such file or directory \(os error 2\)|Os \{ code: 2, kind: NotFound)/;
/** A downloader's spawn failure in a build script's captured stderr (`recent`: the lines before `t`, as RuleContext gives them). */
export function scriptDownloaderSpawn(t: string, recent: readonly string[]): string | undefined {
  if (!t.includes('curl') && !t.includes('wget')) return undefined;
  const m = DOWNLOADER_SPAWN.exec(t);
  return m && recent.some((x) => CARGO_STDERR.test(x)) ? m[1] : undefined;
}
const CARGO_FETCH = /failed to (?:download from|fetch|get) `|Updating crates\.io index|failed to load source for dependency|crates\.io|index\.crates\.io|crates\.io-index/;
// nixpkgs' fetchurl builder (`trying https://…`, `error checking the existence of https://tarballs.nixos.org/…`):
// a fixed-output fetch, which has the network; its failure to resolve a host is the network's, not the sandbox's.
const FIXED_OUTPUT_FETCH = /^(?:[\w.+-]+> )?(?:trying https?:\/\/|error checking the existence of https?:\/\/)/;
// What fixed-output fetchers print after (or around) a host they could not reach: nixpkgs' fetchurl builder
// giving up (`error: cannot download foo.tar.gz from any mirror`), nix-prefetch-git cloning into the
// output (`exporting https://… (rev …) into /nix/store/…`, `Initialized empty Git repository in /nix/store/…`).
// Nix's own git fetcher (builtins.fetchGit, `git+https` flake inputs) runs git on the host, outside any sandbox, and
// says so after git's `fatal: unable to access '…': Could not resolve host`: Nix ≤ 2.19 `program 'git' failed with exit
// code 128`, 2.20+ `could not read HEAD ref from repo at '…'` and `… while fetching the input '…'` (real Nix 2.8, 2.26).
const FIXED_OUTPUT_AFTER =
  /\bcannot download \S+ from any mirror\b|^(?:[\w.+-]+> )?(?:exporting \S+ \(rev \S+\) into \/nix\/store\/|Initialized empty Git repository in \/nix\/store\/)|^error: program 'git' failed with exit code \d+|^warning: could not read HEAD ref from repo at '|^\s*… while fetching the input '/;
/** Either, in one pass over each line of the look-back a network failure is read against (both flagless). */
const FIXED_OUTPUT_NEAR = new RegExp(`(?:${FIXED_OUTPUT_FETCH.source})|(?:${FIXED_OUTPUT_AFTER.source})`);
// nixpkgs' cargo vendoring fixed-output derivations (fetchCargoTarball's `-vendor.tar.gz`, fetchCargoVendor's
// `-vendor-staging`): they have the network, so cargo failing to resolve a host there is not the sandbox.
const VENDOR_FOD = /-vendor(?:\.tar\.gz|-staging)(?:\.drv)?$/;
// Nix's own downloads (substituters, fetchTarball, flake inputs, builtin:fetchurl) run outside any
// sandbox: `unable to download 'https://…': Couldn't resolve host name (6)` is the machine's network.
const NIX_DOWNLOAD = /unable to download '[^']+'/;
// Cargo asked to reach a registry with --offline/--frozen (the build's vendoring does not cover it).
const CARGO_OFFLINE_HTTP = /attempting to make an HTTP request, but --offline was specified/;
// What cargo announces before it fetches from a source: a git repository (`GitSource`), a registry's index,
// a crate's download. When the latest is a git repository's, the network failure is that fetch's: a git
// dependency the build did not vendor (git-deps'), not the crates the registry would give.
const CARGO_ANNOUNCE = /^\s*(?:Updating git repository `([^`]+)`|Updating (?:crates\.io index|registry `)|Downloading |Downloaded )/;
// Cargo's own context lines of a git source's fetch, in the `Caused by:` chain of its failure (cargo's sources/git/utils.rs
// and core/registry.rs, 2016–2026): `failed to clone into: $CARGO_HOME/git/db/<name>-<16 hex>` (the checkout's bare
// database; `failed to fetch into[:] …` when it existed), and `Unable to update <url>` (lower-case since cargo 1.7x) naming
// the git source — a registry is named `registry \`crates-io\``, never a bare URL. A window that cut cargo's
// `Updating git repository` announcement still shows these between the error and its resolver failure.
const GIT_CHAIN = /failed to (?:clone|fetch) into:? \S*\/git\/db\/([\w.+-]+?)-[0-9a-f]{16}\b|[Uu]nable to update ((?:https?|ssh|git):\/\/[^\s`'"]+)/;
// cargo's context for any failure to load a dependency's source. Right after cargo announced a git repository's fetch,
// it is that fetch's: in a Nix build, whose vendoring replaces every source it provides (cargo then announces no fetch),
// a git source cargo still fetches is one the vendoring left out — whatever the cause under it (no network in the
// sandbox, --offline, a cut window). Not a `file://` repository (readable in the sandbox), nor inside a vendoring
// fixed-output derivation (which has the network).
const GIT_GET = /(?:^|> )error: failed to get `[^`]+` as a dependency of package `/;
function gitFetchBefore(recent: readonly string[]): string | undefined {
  for (let i = recent.length - 1; i >= 0; i--) {
    const a = CARGO_ANNOUNCE.exec(recent[i]!);
    if (a) return a[1];
  }
  return undefined;
}
/** How many lines a network failure waits for a fixed-output fetcher's words before it is the sandbox's. */
const FOD_WAIT = 6;
const GIT_SEARCHED = /location searched: (?:Git repository )?[a-z][\w+.-]*:\/\//;
const OFFLINE_NO_VENDOR = /no matching package named `([^`]+)` found|no matching package found\s*$/;
// The same over lines when names near the missing one are among the candidates (real cargo 1.65 and 1.95):
// `no matching package found` / `searched package name: \`foo\`` / `perhaps you meant: …`.
const SEARCHED_NAME = /searched package name: `([^`]+)`/;
// Cargo < 1.84 says `location searched: registry \`crates-io\`` also for the vendor directory that replaces it; only
// its offline reminder (printed under --offline, not --frozen) leaves the network possible: without one the
// vendored sources lacked the crate, which is cargo-lock's: both rules read the one REGISTRY_SEARCHED.
// rustup itself failing (a `rustup` shim in nativeBuildInputs has no toolchain and cannot download one). Not rustup
// failing to create its home under /homeless-shelter, which comes first: home-not-writable's (the labelling guide's row).
// (rustup ≤ 1.27 without a default: `error: no override and no default toolchain set`; a pinned toolchain it
// cannot install: `error: toolchain 'stable-x86_64-unknown-linux-gnu' is not installed`.)
/** rustup's progress lines, which RUSTUP reads too: a failure only if rustup stops after them. */
const RUSTUP_INFO = /^\s*info: (?:syncing channel updates|downloading component)/;
/**
 * rustup going on past a download (`info: downloading component` after the channel's manifest, `info: installing
 * component`, `  stable-x86_64-unknown-linux-gnu installed - rustc 1.17.0 …`, `info: default toolchain set to`): the
 * download worked, so the network was there — rustup run by hand or in a dev shell, not inside a sandboxed build
 * (round20 k06).
 */
const RUSTUP_GOT = /^\s*info: (?:downloading component|installing component|default toolchain set to)|\binstalled - rustc \d/;
const RUSTUP =
  /rustup could not choose a version|^error: rustup\b|^\s*(?:info|error): (?:syncing channel updates|downloading component|could not download)|rustup-init|^\s*error: (?:no override and no default toolchain set|toolchain '[^']+' is not installed)/;

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

function fixedOutputNear(recent: readonly string[]): boolean {
  for (const x of recent) if (FIXED_OUTPUT_NEAR.test(x)) return true;
  return false;
}

function create(): Matcher {
  let emittedFor = new Set<string>();
  // The last download variable a build script announced (DOWNLOAD_KNOB), and whether cargo said a build script failed.
  let knob: { env: string; line: string; drv?: string } | undefined;
  let scriptFailed = false;
  // A failed build script's own download failure (SCRIPT_DOWNLOAD), the first the log shows.
  let scriptDownload: { line: string; drv?: string; program?: string } | undefined;
  // cargo's sentence for a failed registry request (CARGO_REGISTRY_FAILED): said at the end when no cause under it (a
  // resolver's failure, read above) was.
  let registry: { evidence: string[]; drv?: string } | undefined;
  // The git source a `Caused by:` chain in progress is fetching (a URL, else the name of cargo's git database), by derivation.
  const gitChain = new Map<string, string>();
  // awaitReminder: the derivation key of an older-wording failure waiting for cargo's offline reminder on the next line.
  let offline: { pkg: string; evidence: string[]; drv?: string; registry?: boolean; awaitReminder?: string } | undefined;
  const offlineDiag = (ctx: RuleContext) => {
    const o = offline!;
    offline = undefined;
    ctx.emit(
      diag('network-sandbox', `Cargo cannot find ${o.pkg}: dependencies are not vendored and the sandbox has no network. Vendor them from Cargo.lock.`, o.evidence, [{ kind: 'use-cargo-lock' }], {
        drv: o.drv,
        confidence: 'certain',
      }),
    );
  };
  // cargo's `failed to get \`x\` as a dependency of package …` right after its `Updating git repository \`url\``, with
  // ctx.emitted and ctx.held then: waits for the cause under `Caused by:`, which a cut window may not show (see GIT_GET).
  let gitGet: { url: string; evidence: string[]; drv?: string; emitted: number } | undefined;
  // A network failure waiting a few lines for a fixed-output fetcher's words (which cancel it).
  let pending: { d: Diagnostic; left: number; key?: string } | undefined;
  const flush = (ctx: RuleContext) => {
    const p = pending;
    pending = undefined;
    if (p) ctx.emit(p.d);
  };
  return {
    busy: () => !!pending || offline?.awaitReminder !== undefined,
    finish: (ctx) => {
      // No reminder came: not offline, so the vendored sources lacked it.
      if (offline?.awaitReminder !== undefined) offline = undefined;
      flush(ctx);
      const r = registry;
      registry = undefined;
      if (r && ctx.emitted === 0) {
        ctx.emit(
          diag('network-sandbox', 'Cargo tried to fetch dependencies inside the Nix sandbox, which has no network: vendor them from Cargo.lock.', r.evidence, [{ kind: 'use-cargo-lock' }], {
            drv: r.drv,
            // cargo's own sentence that its registry request failed.
            confidence: 'certain',
          }),
        );
      }
      const k = knob;
      knob = undefined;
      if (k && ctx.emitted === 0 && (scriptFailed || ctx.recent(8).some((x) => x.includes(k.line)))) {
        ctx.emit(
          diag(
            'network-sandbox',
            `A build script that downloads a prebuilt archive failed (it reads ${k.env} for where to get it; the log stops before its reason): the sandbox has no network. Fetch the archive with Nix (fetchurl) and point the script's variable at it in the derivation's environment.`,
            [k.line],
            [],
            // The script's own variable for its download, its failure cut: read from the script's kind, not its words.
            { drv: k.drv ?? ctx.lastFailedDrv, details: { env: k.env, cause: 'cut' }, confidence: 'possible' },
          ),
        );
      }
      scriptFailed = false;
      const sd = scriptDownload;
      scriptDownload = undefined;
      if (sd && ctx.emitted === 0) {
        ctx.emit(
          diag(
            'network-sandbox',
            `${sd.program ? `A build script runs ${sd.program} to download what it needs (${sd.line}); the sandbox has no network, so adding ${sd.program} would not help.` : `A build script failed to download what it needs (${sd.line}): the sandbox has no network.`} Fetch the file with Nix (fetchurl) and give it to the script the way it documents (an environment variable or a path it reads first).`,
            [sd.line],
            [],
            // The script's own words that its download failed, in its captured stderr; why (the resolver's words) not in view.
            { drv: sd.drv ?? ctx.lastFailedDrv, details: { cause: 'script-download', ...(sd.program ? { program: sd.program } : {}) }, confidence: 'likely' },
          ),
        );
      }
      // The git fetch failed and no rule explained it after (the cause was cut): the fetch itself says the source is not vendored.
      const g = gitGet;
      // Counted with what other rules held back then (released before any finish): an error held across this line is no cause found after it.
      // (A held error may be dropped on release: fewer than then is nothing found either.)
      if (g && ctx.emitted + ctx.held <= g.emitted) {
        ctx.emit(
          diag(
            'git-deps',
            `Cargo fetched the git dependency ${g.url} inside the Nix build: the build's vendoring does not provide it (vendored, cargo would not fetch it). Vendor it with the rest (cargoLock.lockFile with its outputHashes entry, or the builder's own git-dependency support).`,
            g.evidence,
            [],
            // The fetch is in view, its failure's cause was cut.
            { drv: g.drv ?? ctx.lastFailedDrv, details: { source: g.url }, confidence: 'possible' },
          ),
        );
      }
    },
    line(l, ctx) {
      const t = l.text;
      if (t.includes('rerun-if-env-changed=')) {
        const k = DOWNLOAD_KNOB.exec(t);
        if (k) knob = { env: k[1]!, line: t.trim(), drv: l.drv ?? ctx.lastFailedDrv };
        return;
      }
      if (t.includes('custom build command')) scriptFailed = true;
      if (!scriptDownload) {
        const program = scriptDownloaderSpawn(t, ctx.recent(8));
        if (program || (t.includes(' download') && SCRIPT_DOWNLOAD.test(t) && ctx.recent(8).some((x) => CARGO_STDERR.test(x))))
          scriptDownload = { line: t.trim(), drv: l.drv ?? ctx.lastFailedDrv, program };
      }
      if (!registry && (t.includes('download of ') || t.includes('successful HTTP')) && CARGO_REGISTRY_FAILED.test(t)) {
        const drv = l.drv ?? ctx.lastFailedDrv;
        // A vendoring fixed-output derivation has the network: its failure there is the network's.
        if (!(drv && VENDOR_FOD.test(drvName(drv))))
          registry = {
            evidence: [
              ...ctx
                .recent(6)
                .filter((x) => CARGO_FETCH.test(x) || GIT_GET.test(x))
                .map((x) => x.trim()),
              t.trim(),
            ],
            drv,
          };
        return;
      }
      if (offline?.awaitReminder !== undefined && !/^\s*\.\.\. which /.test(t)) {
        if (/offline mode/.test(t)) {
          offline.evidence.push(t.trim());
          emittedFor.add(offline.awaitReminder);
          ctx.claim();
          return offlineDiag(ctx);
        }
        offline = undefined;
      }
      if (pending) {
        if (FIXED_OUTPUT_AFTER.test(t)) {
          pending = undefined;
          return;
        }
        if (pending.key !== undefined && RUSTUP_GOT.test(t)) {
          // rustup went on past the download it announced: it had the network (not a sandboxed build).
          emittedFor.delete(pending.key);
          pending = undefined;
          return;
        }
        if (--pending.left <= 0) flush(ctx);
      }
      if (ctx.inTests) return; // a test needing the network is test-failure's
      if (!gitGet && t.includes('as a dependency of package') && GIT_GET.test(t)) {
        const before = ctx.recent(3).filter((x) => x.trim());
        const url = before.length ? CARGO_ANNOUNCE.exec(before.at(-1)!.replace(/^[\w.+-]+> /, ''))?.[1] : undefined;
        const drvPath = l.drv ?? ctx.lastFailedDrv;
        // Only a Nix builder's output: cargo run by hand has the network. The line's own framing says so, or a build
        // announced and not failed (legacy nix-build's unprefixed output) — not a build that failed earlier in the log
        // (a paste that goes on with cargo run by hand).
        const inBuild = l.source === 'build' || !!l.drv || ctx.building;
        if (url && inBuild && !url.startsWith('file:') && !(drvPath && VENDOR_FOD.test(drvName(drvPath))))
          gitGet = { url, evidence: [before.at(-1)!.trim(), t.trim()], drv: drvPath, emitted: ctx.emitted + ctx.held };
      }
      if (t.includes('--offline was specified') && CARGO_OFFLINE_HTTP.test(t)) {
        ctx.claim();
        const key = l.drv ?? ctx.lastFailedDrv ?? '';
        if (emittedFor.has(key)) return;
        emittedFor.add(key);
        const before = ctx.recent(4).filter((x) => /failed to (?:download|query|load)|Caused by:/.test(x));
        return ctx.emit(
          diag(
            'network-sandbox',
            'Cargo had to download crates the build does not vendor, with no network (--offline): vendor them from Cargo.lock.',
            [...before, t.trim()],
            [{ kind: 'use-cargo-lock' }],
            {
              drv: l.drv ?? ctx.lastFailedDrv,
              confidence: 'certain',
            },
          ),
        );
      }
      const key = l.drv ?? ctx.lastFailedDrv ?? '';
      let m: RegExpExecArray | null;
      if ((m = OFFLINE_NO_VENDOR.exec(t))) {
        offline = { pkg: m[1] ?? 'a package', evidence: [t.trim()], drv: l.drv };
        return ctx.claim();
      }
      if (offline && offline.evidence.length === 1 && (m = SEARCHED_NAME.exec(t))) {
        offline.pkg = m[1]!;
        offline.evidence.push(t.trim());
        return;
      }
      // Searched in vendored sources: they lack what Cargo.toml asks, which is Cargo.lock's staleness (cargo-lock's), not the network.
      // Searched in a git source (cargo's SourceId Display: the bare URL with `?branch=…#rev`, `Git repository <url>` since
      // cargo 1.8x): cargo read that repository (fetched, or the builder's copy of it) and it has no such package — not the network.
      if (offline && (t.includes('location searched: directory source') || GIT_SEARCHED.test(t))) {
        offline = undefined;
        return;
      }
      if (offline && offline.awaitReminder === undefined && /offline mode|location searched: (?:crates\.io index|registry `)|required by package/.test(t)) {
        offline.evidence.push(t.trim());
        if (REGISTRY_SEARCHED.test(t)) offline.registry = true;
        if (/offline mode|required by package/.test(t) && !emittedFor.has(key)) {
          ctx.claim();
          // The older wording decides only on the line after (and any `... which` lines of the dependency path).
          if (offline.registry && !t.includes('offline mode')) {
            offline.awaitReminder = key;
            return;
          }
          emittedFor.add(key);
          return offlineDiag(ctx);
        }
        return;
      }
      const chain = (t.includes('git/db/') || t.includes('nable to update ')) && GIT_CHAIN.exec(t);
      if (chain) {
        // The URL names the source better than the database directory; a chain names both, the URL first.
        const known = gitChain.get(key);
        if (!known || chain[2] || !known.includes('://')) gitChain.set(key, chain[2] ?? chain[1]!);
        if (gitChain.size > 64) gitChain.delete(gitChain.keys().next().value!);
        return;
      }
      const net = isNet(t);
      const rustup = !net && RUSTUP.test(t);
      if (!net && !rustup) return;
      if (net && (NIX_DOWNLOAD.test(t) || FIXED_OUTPUT_FETCH.test(t) || fixedOutputNear(ctx.recent(8)))) return;
      const drvPath = l.drv ?? ctx.lastFailedDrv;
      if (net && drvPath && VENDOR_FOD.test(drvName(drvPath))) return;
      ctx.claim();
      if (emittedFor.has(key)) return;
      if (emittedFor.size > 64) emittedFor = new Set();
      emittedFor.add(key);
      const before = ctx.recent(8);
      const evidence = [...before.filter((x) => CARGO_FETCH.test(x) || isNet(x) || /^Caused by:/.test(x.trim())), t.trim()];
      const chained = gitChain.get(key);
      gitChain.delete(key);
      // A chain's git source counts unless a registry's fetch was announced after it in view.
      const git = net ? (gitFetchBefore(before) ?? (chained && !before.some((x) => CARGO_ANNOUNCE.test(x)) ? chained : undefined)) : undefined;
      if (git) {
        // Which entry vendors it depends on the builder and Cargo.lock: said, not guessed (as gitDeps.ts's offline checkout).
        return ctx.emit(
          diag(
            'git-deps',
            `Cargo tried to fetch the git dependency ${git} inside the Nix sandbox, which has no network: it is not vendored. Vendor it with the rest (cargoLock.lockFile with its outputHashes entry).`,
            [...before.filter((x) => gitFetchBefore([x]) === git || GIT_CHAIN.test(x)).map((x) => x.trim()), t.trim()],
            [],
            { drv: drvPath, details: { source: git }, confidence: 'certain' },
          ),
        );
      }
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
      // rustup's progress line alone is no failure of its own: the sandbox is inferred from rustup running in it.
      const confidence = !net && RUSTUP_INFO.test(t) ? 'possible' : 'certain';
      const d = diag('network-sandbox', message, evidence, fixes, { drv: drvPath, details: Object.keys(details).length ? details : undefined, confidence });
      // rustup's announcement alone (`info: syncing channel updates`, `info: downloading component`) is no failure yet:
      // it waits for rustup to go on (RUSTUP_GOT cancels it) or to stop there.
      if (!net && RUSTUP_INFO.test(t)) {
        flush(ctx);
        pending = { d, left: FOD_WAIT, key };
        return;
      }
      if (!net) return ctx.emit(d);
      flush(ctx);
      pending = { d, left: FOD_WAIT };
    },
  };
}

export const networkSandboxRule: DiagnosisRule = {
  category: 'network-sandbox',
  markers: [
    ...NET_MARKERS,
    'no matching package',
    'searched package name',
    'offline mode',
    'location searched',
    'required by package',
    'rustup',
    'syncing channel',
    'downloading component',
    'could not download',
    '--offline was specified',
    'default toolchain set',
    'is not installed',
    'git/db/',
    'nable to update ',
    'as a dependency of package',
    // DOWNLOAD_KNOB's variable suffixes, and cargo's failure of a build script.
    '_MIRROR',
    '_ARCHIVE',
    '_DOWNLOAD_URL',
    '_BINARIES_URL',
    '_BINARY_URL',
    'custom build command',
    // SCRIPT_DOWNLOAD's (`could not download` is above).
    'ailed to download',
    'nable to download',
    "ouldn't download",
    'annot download',
    // DOWNLOADER_SPAWN's std errors.
    '(os error 2)',
    'kind: NotFound',
    // CARGO_REGISTRY_FAILED.
    'download of ',
    'successful HTTP response',
  ],
  create,
  place(d, s) {
    if (d.fixes[0]?.kind === 'replace-input') return inputsPlacement(d, s);
    return s.onCall((s.call?.cargoHash ?? s.call?.cargoLock?.binding)?.range);
  },
  fixes: (_d, s, f) => intentFix(f, s),
};
