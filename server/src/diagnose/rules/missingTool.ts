// A build step needs an executable that is not in nativeBuildInputs
// (protoc for prost-build, cmake, libclang for bindgen, perl for openssl-src …).
import { intentFix, srcBindingOf } from '../../fixes/intentFixes';
import { inputStyle } from '../../fixes/nixEdits';
import { diag, type DiagnosisRule, type Matcher, type RuleContext } from '../rule';
import { inputsPlacement } from '../site';
import type { Confidence, LogLine } from '../types';
import { CARGO_STDERR } from '../text';
import { CROSS_LINKER, crossTarget, linkerVar, STDENV_CC } from './missingTool/crossLinker';
import {
  BINDGEN_HEADER,
  BINDGEN_HEADER_WHY,
  bindgenLibclangPanic,
  CMAKE_RS_AT,
  CMAKE_RS_WHY,
  CMAKE_SPAWN_NOT_FOUND,
  DOC_TESTS,
  DOCTEST_FAILED,
  PANIC_AT,
  REMAKE,
  RUNNING,
  RUSTDOC_WHY,
  UNWRAP_PANIC,
} from './missingTool/followUps';
import { MISSING_TOOL_MARKERS } from './missingTool/markers';
import { ANY_PATTERN, EXPRS, HINTS, LINE_GATE, PATTERNS } from './missingTool/patterns';
import {
  ANY_SCRIPT_PANIC,
  chainSpawned,
  CUSTOM_BUILD,
  ENOENT_ALONE,
  FHS_PROGRAM_NOT_FOUND,
  IN_PATH,
  lastMatch,
  NODE_ENOENT_CODE,
  NODE_SPAWN,
  NODE_SYSCALL,
  PY_EXECUTE_CHILD,
  PY_SPAWN,
  SCRIPT_PANIC,
  UNNAMED_NOTFOUND,
} from './missingTool/spawnErrors';
import { attrFor, fileNamed, LLVM_SYS } from './missingTool/toolAttr';
import { scriptDownloaderSpawn } from './networkSandbox';
import { HOOK_FUNCTION_ATTR, STDENV_SETUP_FUNCTIONS, TOOL_ATTR } from './tables';
import { nixpkgsWasmBindgenCli, wasmBindgenAttr } from './toolVersion';

// Tools that edit ELF files only (patchelf, chrpath): on darwin, whose binaries are Mach-O, no input makes their step pass.
const ELF_EDITORS = new Set(['patchelf', 'chrpath']);
const DARWIN_BUILD = /-stdenv-darwin\/|\/private\/tmp\/nix-build-|-apple-darwin\b/;

function create(): Matcher {
  const seen = new Set<string>();
  // A build script's stdout that ended on `running "<program>" …`, waiting for its stderr's panic.
  let ran: { tool: string; evidence: string[]; stage: 'stdout' | 'stderr' | 'panic'; drv?: string } | undefined;
  let llvmWait: { line: string; drv?: string; why: string } | undefined;
  // make's `make: NAME: No such file or directory`, waiting for its next line: `*** No rule to make target 'NAME'` says
  // NAME was a makefile (real make 4.3 for `make -f NAME`), anything else that a recipe ran it.
  let makeWait: { tool: string; say: () => void } | undefined;
  // A doc-test run that printed nothing before cargo's failure, waiting for its `Caused by:` and the cause after it.
  let docWait: { crate: string; evidence: string[]; drv?: string; cause: boolean } | undefined;
  // cmake-rs' spawn failure before Rust 1.73, the panic's location on a line after its message: waiting for it.
  let cmakeWait: { line: string; drv?: string; left: number } | undefined;
  // bindgen's panic placed where it loads libclang (bindgenLibclangPanic): said at the end unless its message, in view
  // after the place from Rust 1.73 on, said it in its own words.
  let bindgenSite: { line: string; drv?: string } | undefined;
  const emitRustdoc = (ctx: RuleContext, evidence: string[], drv: string | undefined, inferred: boolean) => {
    if (seen.has('rustdoc')) return;
    seen.add('rustdoc');
    const cut = inferred ? ' (the log is cut after `Caused by:`, but rustdoc printed nothing before cargo reported it, so it never ran)' : '';
    // Inferred from a view cut after `Caused by:`: rustdoc's silence, not its own error, says it never ran.
    ctx.emit(diag('missing-tool', `rustdoc is not available in the build${cut}: ${RUSTDOC_WHY}.`, evidence, [], { drv, details: { tool: 'rustdoc' }, confidence: inferred ? 'possible' : 'certain' }));
  };
  const emitTool = (ctx: RuleContext, tool: string, attr: string, why: string, evidence: string[], drv: string | undefined, confidence: Confidence = 'certain') => {
    if (seen.has(tool)) return;
    seen.add(tool);
    const env = tool === 'protoc' ? ' (or set PROTOC)' : tool === 'libclang' ? ' (sets LIBCLANG_PATH)' : '';
    ctx.emit(
      diag('missing-tool', `${tool} is not available in the build (${why}): add ${attr} to nativeBuildInputs${env}.`, evidence, [{ kind: 'add-inputs', nativeBuildInputs: [attr] }], {
        drv,
        details: { tool, attr },
        confidence,
      }),
    );
  };
  const flushLlvm = (ctx: RuleContext, next?: string) => {
    const w = llvmWait!;
    llvmWait = undefined;
    const attr = attrFor('llvm-config', next ? [next] : [])!;
    emitTool(ctx, 'llvm-config', attr, w.why, next && LLVM_SYS.test(next) ? [w.line, next.trim()] : [w.line], w.drv);
  };
  // std's NotFound in a build script's panic that names no program Nixify knows: unwrapped (no words at all),
  // or `expect("could not run command")`'s words, which name none (a known program's name is the tool below).
  // Made once, not per line: the shipped bundle keeps names, so each closure made costs a defineProperty.
  const scriptPanic = (l: LogLine, t: string, ctx: RuleContext) => {
    const before = ctx.recent(8);
    // A build script's panic: at a `build.rs`, or at any Rust file once cargo's report of a build script shows — its
    // header, or its `--- stderr` section when a window cut the header (cargo-util's ProcessError lists a process's
    // captured output under `--- stdout`/`--- stderr`: a build script's; rustc's output is streamed, never listed there).
    const script = !!lastMatch(CUSTOM_BUILD, before) || before.some((x) => CARGO_STDERR.test(x));
    const at = lastMatch(SCRIPT_PANIC, [...before, t]) ?? (script ? lastMatch(ANY_SCRIPT_PANIC, [...before, t]) : null);
    if (!at) return;
    ctx.claim();
    const pkg = lastMatch(CUSTOM_BUILD, before)?.[1]?.replace(/ \(.*\)$/, '');
    const key = `build script ${pkg ?? ''}`;
    if (seen.has(key)) return;
    seen.add(key);
    const where = `${at[1]}:${at[2]}:${at[3]}`;
    return ctx.emit(
      diag(
        'missing-tool',
        `The build script${pkg ? ` of ${pkg}` : ''} stopped on a NotFound error it unwrapped at ${where}: std's error for a program it runs that is not on the build's PATH (git, too, is only there when listed), though also for a file it opens that src lacks. The log does not name it: see ${where}, and add that program to nativeBuildInputs.`,
        [...before.filter((x) => CUSTOM_BUILD.test(x) || ANY_SCRIPT_PANIC.test(x)).map((x) => x.trim()), t.trim()],
        [],
        // std's NotFound, the program unnamed (it may be a file src lacks).
        { drv: l.drv ?? ctx.lastFailedDrv, details: { buildScript: where, ...(pkg ? { package: pkg } : {}) }, confidence: 'likely' },
      ),
    );
  };
  // A runtime's spawn error (NODE_SPAWN, PY_SPAWN): the known attribute added, else the program named with no input guessed.
  const runtimeSpawn = (ctx: RuleContext, tool: string, why: string, t: string, l: LogLine) => {
    const attr = attrFor(tool, ctx.recent(8));
    if (!attr) return unknownTool(ctx, tool, `${why}, not on the build's PATH`, t, l);
    ctx.claim();
    return emitTool(ctx, tool, attr, `${why}, not on the build's PATH`, [t.trim()], l.drv ?? ctx.lastFailedDrv);
  };
  // A program called by a system path the sandbox lacks (FHS_PROGRAM_NOT_FOUND): by name from PATH, its package added.
  let fhsHeld: { path: string; tool: string; line: string } | undefined;
  const fhsProgram = (ctx: RuleContext, path: string, tool: string, t: string, drv: string | undefined) => {
    if (seen.has(tool)) return;
    seen.add(tool);
    const attr = attrFor(tool, ctx.recent(8));
    const add = attr ? ` and add ${attr} to nativeBuildInputs` : `, from the package that provides it in nativeBuildInputs`;
    ctx.emit(
      diag(
        'missing-tool',
        `The build runs ${tool} by the absolute path ${path}, which the build does not have (a sandboxed Nix build holds the store and /bin/sh only): call it by name from PATH instead (patch the path, e.g. substituteInPlace <file> --replace-fail ${path} ${tool})${add}.`,
        [t.trim()],
        attr ? [{ kind: 'add-inputs', nativeBuildInputs: [attr] }] : [],
        // The shell's own sentence names the path it could not run.
        { drv, details: { tool, path, ...(attr ? { attr } : {}) }, confidence: attr ? 'certain' : 'likely' },
      ),
    );
  };
  // A program the tool's own words name as missing, with no nixpkgs attribute known to provide it: named, no input guessed.
  const unknownTool = (ctx: RuleContext, tool: string, why: string, t: string, l: LogLine, advice?: string) => {
    ctx.claim();
    sayUnknown(ctx, tool, why, t, l, advice);
  };
  // Said after the line that named it (makeWait): the line it reads then is not the one it explains, so no claim.
  const sayUnknown = (ctx: RuleContext, tool: string, why: string, t: string, l: LogLine, advice = `add the package that provides ${tool} to nativeBuildInputs`) => {
    if (seen.has(tool)) return;
    seen.add(tool);
    ctx.emit(
      diag('missing-tool', `${tool} is not available in the build (${why}): ${advice}.`, [t.trim()], [], {
        drv: l.drv ?? ctx.lastFailedDrv,
        details: { tool },
        // The tool's own words, but no nixpkgs attribute known to provide the program.
        confidence: 'likely',
      }),
    );
  };
  return {
    busy: () => !!llvmWait || !!docWait || !!ran || !!makeWait || !!cmakeWait,
    finish(ctx) {
      if (llvmWait) flushLlvm(ctx);
      const b = bindgenSite;
      bindgenSite = undefined;
      // The place alone, the message cut: likely (a libclang found but not loadable panics there too).
      if (b) emitTool(ctx, 'libclang', 'rustPlatform.bindgenHook', 'bindgen panicked at the place in its own source where it loads libclang, the message cut off', [b.line], b.drv, 'likely');
      makeWait?.say();
      makeWait = undefined;
      const h = fhsHeld;
      fhsHeld = undefined;
      if (h && ctx.lastFailedDrv) fhsProgram(ctx, h.path, h.tool, h.line, ctx.lastFailedDrv);
      if (docWait?.cause) emitRustdoc(ctx, docWait.evidence, docWait.drv, true);
      docWait = undefined;
    },
    line(l, ctx) {
      const t = l.text;
      if (ran && t.trim()) {
        const r = ran;
        ran = undefined;
        if (r.stage === 'stdout' && CARGO_STDERR.test(t)) ran = { ...r, stage: 'stderr' };
        else if (r.stage === 'stderr' && PANIC_AT.test(t)) ran = { ...r, stage: 'panic', evidence: [...r.evidence, t.trim()] };
        else if (r.stage !== 'stdout' && UNWRAP_PANIC.test(t)) {
          const attr = attrFor(r.tool, ctx.recent(8));
          if (attr) {
            ctx.claim();
            // Read from the order of the lines (the command printed, then an unwrap's panic), not from a NotFound of its own.
            return emitTool(ctx, r.tool, attr, 'the build script runs it and stopped on the spawn error it unwrapped right after printing the command', [...r.evidence, t.trim()], r.drv, 'likely');
          }
        }
      }
      // Before Rust 1.73 the place ends the message's line, which PATTERNS read in bindgen's words.
      if (!t.includes('libclang') && bindgenLibclangPanic(t)) {
        bindgenSite ??= { line: t.trim(), drv: l.drv ?? ctx.lastFailedDrv };
        return ctx.claim();
      }
      if (cmakeWait && t.trim()) {
        const w = cmakeWait;
        cmakeWait = w.left > 1 ? { ...w, left: w.left - 1 } : undefined;
        if (CMAKE_RS_AT.test(t)) {
          cmakeWait = undefined;
          ctx.claim();
          return emitTool(ctx, 'cmake', attrFor('cmake', ctx.recent(8)) ?? 'cmake', CMAKE_RS_WHY, [w.line, t.trim()], w.drv);
        }
      }
      if (t.includes('failed to execute command: ') && CMAKE_SPAWN_NOT_FOUND.test(t)) {
        const at = ctx
          .recent(4)
          .filter((x) => CMAKE_RS_AT.test(x))
          .pop();
        if (at) {
          ctx.claim();
          return emitTool(ctx, 'cmake', attrFor('cmake', ctx.recent(8)) ?? 'cmake', CMAKE_RS_WHY, [at.trim(), t.trim()], l.drv ?? ctx.lastFailedDrv);
        }
        cmakeWait = { line: t.trim(), drv: l.drv ?? ctx.lastFailedDrv, left: 4 };
      }
      if (t.includes('running "')) {
        const m = RUNNING.exec(t);
        if (m) ran = { tool: m[1]!, evidence: [t.trim().slice(0, 200)], stage: 'stdout', drv: l.drv ?? ctx.lastFailedDrv };
      }
      if (makeWait && t.trim()) {
        const w = makeWait;
        makeWait = undefined;
        if (REMAKE.exec(t)?.[1] === w.tool) return ctx.claim();
        w.say();
      }
      if (llvmWait) {
        flushLlvm(ctx, t);
        if (LLVM_SYS.test(t)) return ctx.claim();
      }
      if (docWait && t.trim()) {
        const w = docWait;
        if (!w.cause && /^\s*Caused by:\s*$/.test(t)) {
          w.cause = true;
          w.evidence.push(t.trim());
          return ctx.claim();
        }
        docWait = undefined;
        // Cargo indents each cause under `Caused by:`; anything else right after it (Nix's `For full logs, run …`,
        // its next `error:`) means the window ended there, the cause cut off.
        if (w.cause && (!/^\s+\S/.test(t) || /For full logs|^\s*error:/.test(t))) emitRustdoc(ctx, w.evidence, w.drv, true);
      }
      if (t.includes('rerun pass') && DOCTEST_FAILED.test(t)) {
        const before = ctx.recent(8).filter((x) => x.trim());
        const run = DOC_TESTS.exec(before[before.length - 1] ?? '');
        if (run) docWait = { crate: run[1]!, evidence: [before[before.length - 1]!.trim(), t.trim()], drv: l.drv ?? ctx.lastFailedDrv, cause: false };
        return;
      }
      if (!LINE_GATE.test(t)) return;
      // bindgen's panic after its clang could not find a header (any library's, not only the C library's): bindgen runs
      // libclang outside nixpkgs' compiler wrapper, so the inputs' include paths reach it only as BINDGEN_EXTRA_CLANG_ARGS,
      // which bindgenHook sets from them. The header named, the library may also be missing from the inputs: likely.
      if (t.includes('Unable to generate bindings')) {
        const said = [...ctx.recent(4), t].find((x) => BINDGEN_HEADER.test(x));
        if (said) {
          ctx.claim();
          if (seen.has('libclang')) return;
          seen.add('libclang');
          const attr = 'rustPlatform.bindgenHook';
          return ctx.emit(
            diag(
              'missing-tool',
              `bindgen could not find a header (${BINDGEN_HEADER_WHY}): add ${attr} to nativeBuildInputs, with the header's library in buildInputs.`,
              [said.trim(), t.trim()],
              [{ kind: 'add-inputs', nativeBuildInputs: [attr] }],
              {
                drv: l.drv ?? ctx.lastFailedDrv,
                details: { tool: 'libclang', attr },
                confidence: 'likely',
              },
            ),
          );
        }
      }
      const spawned = t.includes('ENOENT')
        ? NODE_SPAWN.exec(t)
        : t.includes("syscall: 'spawn") && ctx.recent(2).some((x) => NODE_ENOENT_CODE.test(x))
          ? NODE_SYSCALL.exec(t)
          : t.includes('FileNotFoundError') && ctx.recent(3).some((x) => PY_EXECUTE_CHILD.test(x))
            ? PY_SPAWN.exec(t)
            : null;
      if (spawned) return runtimeSpawn(ctx, spawned[1]!, t.includes('FileNotFoundError') ? "Python's subprocess could not spawn it" : "Node's child_process could not spawn it", t, l);
      const fhs = t.includes('bin/') ? FHS_PROGRAM_NOT_FOUND.exec(t) : null;
      if (fhs) {
        ctx.claim();
        // Only a Nix build's (its derivation known here or by the log's end): the same words from a build run outside
        // Nix (cargo on a host without that path, round7 x22) are the host's matter, not the expression's.
        if (l.drv ?? ctx.lastFailedDrv) return fhsProgram(ctx, fhs[1]! + fhs[2]!, fhs[2]!, t, l.drv ?? ctx.lastFailedDrv);
        fhsHeld ??= { path: fhs[1]! + fhs[2]!, tool: fhs[2]!, line: t };
        return;
      }
      const notFound = t.includes('kind: NotFound');
      if (notFound && UNNAMED_NOTFOUND.test(t)) return scriptPanic(l, t, ctx);
      if ((notFound || t.includes('(os error 2)')) && ENOENT_ALONE.test(t)) {
        const said = ctx.recent(4).filter((x) => IN_PATH.test(x));
        const m = said.length ? IN_PATH.exec(said[said.length - 1]!) : null;
        if (m) {
          const attr = attrFor(m[1]!, ctx.recent(8));
          const why = 'a build script runs it and says so, std could not spawn it';
          if (!attr) return unknownTool(ctx, m[1]!, why, said[said.length - 1]!, l);
          ctx.claim();
          return emitTool(ctx, m[1]!, attr, why, [said[said.length - 1]!.trim(), t.trim()], l.drv ?? ctx.lastFailedDrv);
        }
        const c = chainSpawned(t, ctx.recent(2));
        if (c) {
          const attr = attrFor(c.tool, ctx.recent(8));
          const why = "an error chain says it could not start it, std's not-found error the cause right after";
          // A name with a file's extension is a file it meant to pass, as for SPAWN_VERB's sentence on one line.
          if (!attr) return fileNamed(c.tool) ? undefined : unknownTool(ctx, c.tool, why, c.line, l);
          ctx.claim();
          return emitTool(ctx, c.tool, attr, why, [c.line.trim(), t.trim()], l.drv ?? ctx.lastFailedDrv);
        }
      }
      if (!ANY_PATTERN(t)) return;
      for (let i = 0; i < PATTERNS.length; i++) {
        const p = PATTERNS[i]!;
        const h = HINTS[i]!;
        if (h.length && !h.some((w) => t.includes(w))) continue;
        const m = EXPRS[i]!.exec(t);
        if (!m) continue;
        const tool = typeof p.tool === 'string' ? p.tool : p.tool(m);
        // An ELF editor called in a darwin build (its stdenv's setup, its /private/tmp build directory, an apple-darwin
        // target in view): it could not edit a Mach-O binary once added, the step is Linux-only (round36 i01).
        if (ELF_EDITORS.has(tool) && [t, ...ctx.recent(8)].some((x) => DARWIN_BUILD.test(x))) return ctx.claim();
        if (CROSS_LINKER.test(tool)) {
          // A cross C toolchain's name (`aarch64-linux-gnu-gcc`), which rustc runs as the linker because the project's
          // cargo configuration says so (`target.<triple>.linker`): no attribute adds it under that name — nixpkgs' cross
          // compilers carry GCC's full triplet, a native build's is `cc`. Cargo's CARGO_TARGET_<TRIPLE>_LINKER outranks every
          // configuration file: set to the build's own compiler it links for the same target, natively or cross.
          ctx.claim();
          if (seen.has(tool)) return;
          seen.add(tool);
          const target = crossTarget(tool.replace(/-(?:gcc|cc|clang|ld)$/, ''));
          const name = target && linkerVar(target);
          return ctx.emit(
            diag(
              'missing-tool',
              name
                ? `The linker ${tool}, a cross compiler's name for ${target} (as a project's cargo configuration names it, target.<triple>.linker), is not available in the build: nixpkgs names its compilers otherwise. Set ${name} to the build's own C compiler (${STDENV_CC}: the cross compiler when the package is built by pkgsCross.<platform>, cc natively): cargo takes it over its configuration files.`
                : `The cross linker ${tool} is not available in the build: take it from the cross toolchain (pkgsCross.<platform>.stdenv.cc, with CARGO_TARGET_<TRIPLE>_LINKER pointing at it) or build for the host.`,
              [t.trim()],
              name ? [{ kind: 'set-env', name, nix: STDENV_CC }] : [],
              { drv: l.drv ?? ctx.lastFailedDrv, details: { tool, ...(target ? { target } : {}) }, confidence: 'certain' },
            ),
          );
        }
        // llvm-sys' sentence goes on to name its env knob on the next line: wait for it.
        if (tool === 'llvm-config' && attrFor(tool, ctx.recent(8)) === TOOL_ATTR[tool]) {
          llvmWait = { line: t.trim(), drv: l.drv ?? ctx.lastFailedDrv, why: p.why };
          return ctx.claim();
        }
        // rustc's own bundled linker (wasm32 and other lld targets): nixpkgs' host rustc does not ship it, a rust-overlay toolchain does.
        if (tool === 'rust-lld') {
          ctx.claim();
          if (seen.has(tool)) return;
          seen.add(tool);
          return ctx.emit(
            diag(
              'missing-tool',
              'The toolchain has no rust-lld, the linker rustc uses for this target: build with a rust-overlay toolchain that includes the target (it ships rust-lld).',
              [t.trim()],
              [{ kind: 'rust-toolchain' }],
              {
                drv: l.drv ?? ctx.lastFailedDrv,
                details: { tool },
                confidence: 'certain',
              },
            ),
          );
        }
        if (tool === 'rustdoc') {
          ctx.claim();
          return emitRustdoc(
            ctx,
            [
              ...ctx
                .recent(4)
                .filter((x) => DOC_TESTS.test(x) || DOCTEST_FAILED.test(x))
                .map((x) => x.trim()),
              t.trim(),
            ],
            l.drv ?? ctx.lastFailedDrv,
            false,
          );
        }
        // stdenv's own shell function (STDENV_SETUP_FUNCTIONS): no input provides it, so no program is missing.
        if (STDENV_SETUP_FUNCTIONS.has(tool)) return;
        // A setup hook's shell function the shell could not find (bash's `wrapProgram: command not found`, dash's
        // `wrapProgram: not found`; real Nix 2.8 builders): the hook's package, not a program's.
        const hook = Object.hasOwn(HOOK_FUNCTION_ATTR, tool) ? HOOK_FUNCTION_ATTR[tool] : undefined;
        if (hook) {
          ctx.claim();
          return emitTool(ctx, tool, hook, `a shell function of ${hook}'s setup hook, defined only when ${hook} is in nativeBuildInputs`, [t.trim()], l.drv ?? ctx.lastFailedDrv);
        }
        // trunk runs wasm-bindgen only at the version Cargo.lock pins for the crate (toolVersion.ts): that version's CLI.
        if (tool === 'wasm-bindgen' && p.version) {
          const v = p.version(m);
          const versioned = nixpkgsWasmBindgenCli(v);
          const why = `${p.why}; ${p.pins ?? 'trunk'} takes wasm-bindgen only at the version Cargo.lock pins for the crate, ${v}`;
          if (versioned) {
            ctx.claim();
            return emitTool(ctx, tool, versioned, why, [t.trim()], l.drv ?? ctx.lastFailedDrv);
          }
          return unknownTool(ctx, tool, why, t, l, `build wasm-bindgen-cli ${v} with buildWasmBindgenCli (nixpkgs has no ${wasmBindgenAttr(v)}) and add it to nativeBuildInputs`);
        }
        // A build script spawning a downloader means to download: network-sandbox's, the program's absence only the first symptom.
        if (scriptDownloaderSpawn(t, ctx.recent(8))) return;
        const attr = attrFor(tool, ctx.recent(8));
        const drv = l.drv ?? ctx.lastFailedDrv;
        // pkg-config's absence is explained by the openssl / pkgconfig-lib rules.
        if (!attr && p.named && !(p.mayBeFile && fileNamed(tool))) {
          if (p.hint !== 'make') return unknownTool(ctx, tool, p.why, t, l, p.advice);
          makeWait = { tool, say: () => sayUnknown(ctx, tool, p.why, t, { ...l, drv }, p.advice) };
          return ctx.claim();
        }
        if (!attr || tool === 'pkg-config' || tool === 'pkgconf') return notFound && p.hint === 'kind: NotFound' && !attr ? scriptPanic(l, t, ctx) : undefined;
        ctx.claim();
        if (p.hint === 'make') {
          makeWait = { tool, say: () => emitTool(ctx, tool, attr, p.why, [t.trim()], drv) };
          return;
        }
        return emitTool(ctx, tool, attr, p.why, [t.trim()], drv);
      }
    },
  };
}

export const missingToolRule: DiagnosisRule = {
  category: 'missing-tool',
  markers: MISSING_TOOL_MARKERS,
  create,
  // A build script's file that src drops (diagnose/scriptPanic.ts): on src; anything else where the inputs go.
  place: (d, s) => (d.fixes.some((f) => f.kind === 'include-in-src') ? s.onCall(srcBindingOf(s)?.range) : inputsPlacement(d, s)),
  fixes: (_d, s, f) => {
    if (f.kind === 'set-env') {
      // The stdenv as the file can name it (`pkgs.`-prefixed in a flake); a callPackage file without stdenv among its
      // formals gets `cc`, the native compiler's name (a cross build's stdenv would need the formal).
      const style = s.call && inputStyle(s.text, s.call);
      const nix = style?.prefix ? f.nix.replace('${stdenv.', '${pkgs.stdenv.') : style?.formals && !style.formals.names.includes('stdenv') ? '"cc"' : f.nix;
      return intentFix({ ...f, nix }, s);
    }
    const fix = intentFix(f, s);
    return fix && { ...fix, preferred: f.kind === 'add-inputs' };
  },
};
