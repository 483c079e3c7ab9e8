// rustc was asked for a target its toolchain has no standard library for
// (`--target wasm32-unknown-unknown` with nixpkgs' host-only rustc):
// E0463 "can't find crate for `core`". Fix: a toolchain with that target.
import { isRustbuildStep, RUSTBUILD_STEP_MARKERS } from './rustbuild';
import { diag, type DiagnosisRule, type Matcher, type RuleContext } from '../rule';
import { compiledCrate, crateOfDrv, isSysrootCrate } from './compiledCrate';

const NO_CORE = /^error\[E0463\]: can't find crate for `(core|std|alloc|compiler_builtins)`/;
// The same words quoted alone, rustc's backticks turned into quotes as running text has them.
export const NO_CORE_QUOTED = /^\s*can't find crate for ['`‘](core|std)['`’]\s*$/;
// cargo's -Z build-std without the toolchain's standard library sources (core/compiler/standard_lib.rs: `"…/lib/rustlib/
// src/rust/library/Cargo.lock" does not exist, unable to build with the standard library, try:` then `rustup component
// add rust-src`; real cargo 1.95, older cargo without `library/`): the toolchain lacks its rust-src component.
export const NO_RUST_SRC = /\/lib\/rustlib\/src\/rust\/(?:library\/)?Cargo\.lock"? does not exist, unable to build with the standard library/;
// The same refusal with its quoted path on the line above (a paste or a document wrapping it there).
const NO_RUST_SRC_PATH = /\/lib\/rustlib\/src\/rust\/(?:library\/)?Cargo\.lock"\s*$/;
const NO_RUST_SRC_TAIL = /^\s*does not exist, unable to build with the standard library/;
// xargo, which builds the sysroot from the toolchain's rust-src before cargo runs (src/rustc.rs since 0.3.7: "`rust-src`
// component not found. Run `rustup component add rust-src`."; up to 0.3.6 `couldn't walk the sysroot` then `caused by:
// IO error for operation on …/lib/rustlib/src: No such file or directory`).
export const XARGO_NO_RUST_SRC = /`rust-src` component not found\. Run `rustup component add rust-src`|\bIO error for operation on \S*\/lib\/rustlib\/src: No such file or directory/;
const NOTE = /the `([\w.-]+)` target may not be installed/;
// rustc_metadata's other note, printed when the target's core was found but not its std: the
// target has no standard library at all (thumbv7em-none-eabihf), so no toolchain adds one; what
// needs std is a crate that does not declare `#![no_std]` (rustc names it), not the toolchain.
const NO_STD_TARGET = /target may not support the standard library|`std` is required by `[^`]+` because it does not declare `#!\[no_std\]`/;
// mozbuild's configure (Firefox, SpiderMonkey) logs a checked command's error output line by line behind this prefix.
const CONFIGURE_LOG = 'DEBUG: | ';
const TARGET_FLAG = /--target[= ]([\w.-]+-[\w.-]+)/;
// wasm-pack checks the sysroot itself before cargo runs: `Error: wasm32-unknown-unknown target not found in sysroot: "/nix/store/…-rustc-…"`.
const NOT_IN_SYSROOT = /\b([\w.]+-[\w.]+-[\w.-]+) target not found in sysroot\b/;
// rustup refusing the target itself: `component 'rust-std' for target 'riscv32imac-unknown-none-elf' is unavailable`,
// `toolchain '…' does not contain component 'rust-std' for target '…'`, `does not support target '…'`.
const RUSTUP_TARGET = /component '(?:rust-std|rust-std-[\w.-]+)' for target '([\w.-]+)'|does not support target '([\w.-]+)'/;
// cargo's summary of the crate that failed (read while waiting for the note).
const SUMMARY = /^error: [Cc]ould not compile `([^`]+)`/;
const TRIPLE = /\b((?:wasm32|wasm64|aarch64|x86_64|i686|armv7|arm|riscv64gc|thumbv\w+)-[\w]+-[\w-]+)\b/;

/** The sysroot builder (cargo's -Z build-std, xargo) refusing for want of the toolchain's rust-src, or undefined. */
function noRustSrc(t: string, ctx: RuleContext): string | undefined {
  if (t.includes('unable to build with the standard library'))
    return NO_RUST_SRC.test(t) || (NO_RUST_SRC_TAIL.test(t) && NO_RUST_SRC_PATH.test(ctx.recent(1)[0] ?? '')) ? "cargo's -Z build-std" : undefined;
  const xargo = t.includes('component not found. Run')
    ? XARGO_NO_RUST_SRC.test(t)
    : t.includes('/lib/rustlib/src: No such file') && XARGO_NO_RUST_SRC.test(t) && ctx.recent(3).some((x) => x.includes("couldn't walk the sysroot"));
  return xargo ? 'xargo' : undefined;
}

function create(): Matcher {
  // quoted: rustc's words in running text, not its line: likely.
  let pending: { crate?: string; evidence: string[]; drv?: string; left: number; target?: string; quoted?: boolean } | undefined;
  let done = false;
  // The Rust toolchain's own build (rustbuild.ts): a std it lacks there is its own build's, no target a package asks for.
  let rustbuild = false;
  const flush = (ctx: RuleContext) => {
    const p = pending;
    pending = undefined;
    if (!p || done || rustbuild) return;
    done = true;
    const target = p.target;
    ctx.emit(
      diag(
        'rust-target-missing',
        `The Rust toolchain has no ${p.crate ? `\`${p.crate}\`` : 'standard library'} for ${target ? `the ${target} target` : 'the requested target'}: build with a toolchain that includes it (rust-overlay's \`targets = [ "${target ?? '…'}" ]\`).`,
        p.evidence,
        [{ kind: 'rust-toolchain', ...(target ? { targets: [target] } : {}) }],
        { drv: p.drv, details: { ...(p.crate ? { crate: p.crate } : {}), ...(target ? { target } : {}) }, confidence: p.quoted ? 'likely' : 'certain' },
      ),
    );
  };
  return {
    busy: () => !!pending,
    line(l, ctx) {
      const t = l.text;
      if (!rustbuild && isRustbuildStep(t)) rustbuild = true;
      if (pending) {
        const s = SUMMARY.exec(t.trim());
        if (s && isSysrootCrate(s[1]!, compiledCrate(ctx.recent(8), s[1]))) {
          // The standard library's own crate failed: a build compiling std (compiledCrate.ts), whose
          // std is not the toolchain's to add a target to.
          pending = undefined;
          return;
        }
        if (NO_STD_TARGET.test(t)) {
          ctx.claim();
          pending = undefined;
          return;
        }
        const n = NOTE.exec(t);
        if (n) {
          pending.target = n[1];
          pending.evidence.push(t.trim());
          ctx.claim();
          return flush(ctx);
        }
        if (t.trim() && --pending.left <= 0) flush(ctx);
      }
      // The note alone, its E0463 line cut off (a `last 10 log lines` window): rustc_metadata prints it only for `core` or
      // `std` missing on a target other than the host's, so it says the same (real rustc 1.95, `--target` not installed).
      const note = !pending && !done && !rustbuild && t.includes('target may not be installed') ? NOTE.exec(t) : null;
      if (note) {
        ctx.claim();
        pending = { evidence: [t.trim()], drv: l.drv ?? ctx.lastFailedDrv, left: 6, target: note[1] };
        return;
      }
      const srcless = !done && !rustbuild ? noRustSrc(t, ctx) : undefined;
      if (srcless) {
        ctx.claim();
        done = true;
        return ctx.emit(
          diag(
            'rust-target-missing',
            `The Rust toolchain has no standard library sources (rust-src), which ${srcless} builds the standard library from: build with a toolchain that includes them (rust-overlay's \`extensions = [ "rust-src" ]\`, or a rust-toolchain file's \`components = [ "rust-src" ]\`).`,
            [t.trim()],
            [{ kind: 'rust-toolchain' }],
            { drv: l.drv ?? ctx.lastFailedDrv, details: { component: 'rust-src' }, confidence: 'certain' },
          ),
        );
      }
      const quoted = !pending && !done && !rustbuild && t.includes("can't find crate for") ? NO_CORE_QUOTED.exec(t) : null;
      if (quoted) {
        ctx.claim();
        pending = { crate: quoted[1]!, evidence: [t.trim()], drv: l.drv ?? ctx.lastFailedDrv, left: 6, quoted: true };
        return;
      }
      const sysroot = t.includes('not found in sysroot') ? NOT_IN_SYSROOT.exec(t) : t.includes("target '") ? RUSTUP_TARGET.exec(t) : null;
      if (sysroot) {
        ctx.claim();
        if (done) return;
        pending = { crate: 'std', evidence: [t.trim()], drv: l.drv ?? ctx.lastFailedDrv, left: 0, target: sysroot[1] ?? sysroot[2] };
        return flush(ctx);
      }
      // A configure script's compiler check logging rustc's stderr under its own prefix (mozbuild's `DEBUG: | ` lines,
      // the rustc command with its `--target=` just above as `DEBUG: Executing: …`): the same rustc refusal.
      const body = t.startsWith(CONFIGURE_LOG) ? t.slice(CONFIGURE_LOG.length) : t;
      const m = body.startsWith('error[E0463]') ? NO_CORE.exec(body) : null;
      if (!m) return;
      // Every crate compiled for the target fails alike: one diagnostic, every such line explained.
      ctx.claim();
      if (done) return;
      // Compiling the standard library's own crates (compiler_builtins as a crate, build-std): no
      // toolchain target gives them std; that setup is not one a toolchain edit fixes.
      const fromDrv = crateOfDrv(l.drv ?? ctx.lastFailedDrv);
      const compiled = fromDrv ? undefined : compiledCrate(ctx.recent(8));
      const crate = fromDrv ?? compiled?.name;
      if (crate && isSysrootCrate(crate, compiled)) return;
      const target =
        ctx
          .recent(8)
          .map((x) => TARGET_FLAG.exec(x)?.[1])
          .find(Boolean) ?? TRIPLE.exec(ctx.recent(8).join(' '))?.[1];
      pending = { crate: m[1]!, evidence: [t.trim()], drv: l.drv ?? ctx.lastFailedDrv, left: 6, target };
    },
    finish(ctx) {
      flush(ctx);
    },
  };
}

export const rustTargetMissingRule: DiagnosisRule = {
  category: 'rust-target-missing',
  markers: [
    ...RUSTBUILD_STEP_MARKERS,
    'error[E0463]',
    'target may not be installed',
    'not found in sysroot',
    "for target '",
    "support target '",
    'unable to build with the standard library',
    'component not found. Run',
    '/lib/rustlib/src: No such file',
    "can't find crate for",
  ],
  create,
};
