// Native inputs of a crate that has no row in table.ts, from what the crate
// itself says: its build script's probes and tools (buildScript.ts facts, read
// from the local cargo cache or the committed data table), or, with no facts
// at all, its Cargo.lock edges (a -sys crate that depends on pkg-config and
// is named after its library). Rules are about kinds of build scripts, not
// about crate names.
import type { LockPackage } from '../model/types';
import type { SysFacts } from './buildScript';
import { platformOnly } from './knowledge';
import { attrForLinkName, attrForModule } from './pkgConfig';
import sysData from '../data/sysCrates.json';

export interface Signal {
  native: string[];
  build: string[];
  env: Record<string, string | boolean>;
  note: string;
  runtime?: true;
}

const DATA = (sysData as unknown as { crates: Record<string, SysFacts & { from: string }> }).crates;

/** The committed facts for `crate` (any version), unless `without` holds it (leave-one-out scoring). */
export function dataFacts(crate: string, without?: ReadonlySet<string>): (SysFacts & { from: string }) | undefined {
  return without?.has(crate) ? undefined : DATA[crate];
}

/** Every attribute the committed facts can yield, with every feature on and every library linked. */
export function factAttrs(): string[] {
  const out = new Set<string>();
  for (const f of Object.values(DATA)) {
    const s = fromFacts(f, new Set(f.features ?? []), 'all-system');
    for (const a of [...(s?.native ?? []), ...(s?.build ?? [])]) out.add(a);
  }
  return [...out].sort();
}

// Features that make a -sys crate build its own copy of the library.
const BUNDLING = /^(bundled|vendored|static|build|build-from-source|static-link|vendor|bundled-.*|vendored-.*|static-.*)$/;
// Bundling features that name the choice outright (`bundled`, `vendored`): when one is on, the build script
// builds its copy and a `pkg-config` feature that is on too only lets the link path probe, which that build
// skips (libsqlite3-sys: its default features turn `pkg-config` on, and `bundled` wins in its build script).
const EXPLICIT_BUNDLING = /^(bundled|vendored|bundled-.*|vendored-.*)$/;
// Features that ask a crate which can build its own copy for the system library instead (zstd-sys `pkg-config`).
const SYSTEM_FEATURE = /^(pkg-config|pkgconfig|use-pkg-config|system|system-lib|system-libs|use-system-lib|use-system-libs|dynamic-linking)$/;
// Features that make a binding open its library with dlopen instead of linking it (wayland-sys `dlopen`,
// jack-sys `dynamic_loading`): `dynamic-linking` is the opposite (link the shared library).
const DLOPEN_FEATURE = /^(dlopen|dynamic[-_]loading|runtime[-_]loading|runtime[-_]dlopen)$/;
// Env knobs that ask a crate which builds its own copy by default for the system one instead.
const SYSTEM_KNOB = /(_NO_VENDOR|_USE_PKG_CONFIG|_SYSTEM_LIB\w*|SYSTEM_LIBONIG|_USE_SYSTEM\w*)$/;

// -sys crates that bind the kernel or an OS API and link no C library.
const PURE_SYS = /^(linux-raw-sys|libc|errno-sys|dirs-sys|inotify-sys|windows-sys)$/;

// Build-dependencies that compile or configure C sources: a crate with one may build its own copy.
const BUILD_HELPERS = ['cc', 'cmake', 'make-cmd', 'autotools', 'autocfg-sys', 'meson', 'nasm-rs', 'vcpkg'];

const toolsOf = (deps: string[]) => new Set(deps.map((d) => d.split(' ')[0]!));

/** Inputs from a crate's facts. `features`: those on for it; `policy`: InferOptions.vendored. */
export function fromFacts(f: SysFacts, features: ReadonlySet<string>, policy: 'system' | 'bundled' | 'all-system', lockDeps?: readonly string[]): Signal | undefined {
  // The crate's own Cargo.lock entry says which build helpers this build compiles: a probe
  // behind an optional pkg-config (drm-sys' `use_bindgen`) or an optional cmake cannot run without them.
  if (lockDeps?.length) {
    const deps = toolsOf([...lockDeps]);
    const probes = deps.has('pkg-config') || deps.has('system-deps') || deps.has('vcpkg');
    f = {
      ...f,
      pkgConfig: probes ? f.pkgConfig : [],
      pkgConfigByFeature: probes ? f.pkgConfigByFeature : undefined,
      cmake: f.cmake && deps.has('cmake') ? true : undefined,
      bindgen: f.bindgen === 'always' && !deps.has('bindgen') ? undefined : f.bindgen,
    };
  }
  const native = new Set<string>();
  const build = new Set<string>();
  const env: Record<string, string | boolean> = {};
  const bundledOn = [...features].some((x) => BUNDLING.test(x) && (f.features ?? []).includes(x));
  const knob = f.env?.find((e) => SYSTEM_KNOB.test(e));
  const explicitOn = [...features].some((x) => EXPLICIT_BUNDLING.test(x) && (f.features ?? []).includes(x));
  const systemOn = !explicitOn && [...features].some((x) => SYSTEM_FEATURE.test(x) && (f.features ?? []).includes(x));
  // A crate that builds its own copy unless a knob says otherwise: nixpkgs mostly lets it (and so does
  // 'system'); a feature that asks for the system library (`pkg-config`) outweighs both, except an explicit `bundled`/`vendored`.
  const ownCopy = explicitOn || (!systemOn && (bundledOn || (knob !== undefined && policy !== 'all-system')));
  const modules = new Set(f.pkgConfig);
  for (const [feat, ms] of Object.entries(f.pkgConfigByFeature ?? {})) if (features.has(feat)) for (const m of ms) modules.add(m);
  if (!ownCopy && policy !== 'bundled') {
    for (const m of modules) {
      const a = attrForModule(m);
      if (a) build.add(a);
    }
    if (build.size) native.add('pkg-config');
    if (knob && build.size) env[knob] = true;
  }
  // Nothing probed and nothing compiled, but a `links` name: the library is handed to the linker by that name.
  if (!modules.size && !f.cc && !f.cmake && !f.autotools && f.links && policy !== 'bundled') {
    // `links` names the library as the linker knows it (`sensors` for libsensors), often also its module.
    const a = attrForModule(f.links) ?? attrForLinkName(f.links);
    if (a) build.add(a);
  }
  // Libraries other than its own (`links`) that the build script hands to the linker by name with no
  // probe (libbpf-sys: elf and z besides its own bpf, which its default vendored-libbpf builds): each must
  // be there — unless a bundling feature that is on builds that very library (vendored-zlib, vendored-libelf).
  // Its own library follows the crate's bundling signals above and below; these are linked whatever the policy.
  if (!modules.size) {
    const own = new Set(f.links ? [f.links, f.links.replace(/^lib/, '')] : []);
    const builtHere = new Set(
      [...features].filter((x) => /^(vendored|bundled)[-_]/.test(x) && (f.features ?? []).includes(x)).map((x) => attrForModule(x.replace(/^[a-z]+-/, ''), { attrNames: false })),
    );
    for (const l of (f.linkLibs ?? []).filter((x) => !own.has(x))) {
      const a = attrForLinkName(l);
      if (a && !builtHere.has(a)) build.add(a);
    }
    if (f.runsPkgConfig && build.size) native.add('pkg-config');
  }
  if (f.cmake && (ownCopy || !modules.size)) native.add('cmake');
  if (f.bindgen === 'always') native.add('rustPlatform.bindgenHook');
  if (!native.size && !build.size) return undefined;
  return { native: [...native], build: [...build], env, note: ownCopy ? 'builds its bundled copy' : `its build script probes ${[...modules].join(', ') || 'for tools'}` };
}

const SYS_NAME = /[-_]sys([-_][a-z0-9]+){0,2}$/;

/** Names a -sys crate's library may go by: `libfoo-sys` → libfoo, foo; `yeslogic-fontconfig-sys` → fontconfig; `cairo-sys-rs` → cairo; `librsvg-rebind-sys` → librsvg. */
function libraryNames(crate: string): string[] {
  const stem = crate.replace(SYS_NAME, '').replace(/([-_]rs)?([-_]sys)?$/, '');
  const parts = stem.split(/[-_]/);
  const out: string[] = [];
  // Every run of words, longest first: `librsvg-rebind-sys` → librsvg, `yeslogic-fontconfig-sys` → fontconfig.
  for (let n = parts.length; n >= 1; n--)
    for (let i = 0; i + n <= parts.length; i++) {
      const w = parts.slice(i, i + n);
      out.push(w.join('-'), w.join('_'), w.join(''));
    }
  return [...new Set(out)].filter((n) => n.length >= 2);
}

/**
 * Inputs of a -sys crate we hold no facts for, from its lock entry alone: it
 * finds its library with pkg-config (or system-deps) and is named after it
 * (`libfoo-sys`, `foo-sys`). A version with build metadata naming an upstream
 * release (`2.0.15+zstd.1.5.7`) ships that library's sources and builds them
 * when the system has none: nothing needed, as with a `bundled`/`static`
 * feature. An opt-in `vendored` copy is replaced by the system library, the
 * way nixpkgs packages do (OPENSSL_NO_VENDOR). CMake and bindgen come from
 * those crates' own rows when the build really compiles them.
 */
export function fromLock(pkg: LockPackage, features: ReadonlySet<string>, policy: 'system' | 'bundled' | 'all-system' = 'system'): Signal | undefined {
  // `foo-sys`, `foo-sys-rs`, and forks that add a word or two (`libmpv-sys-sirno`, `ffmpeg-sys-next`).
  if (!SYS_NAME.test(pkg.name)) return undefined;
  const deps = toolsOf(pkg.dependencies);
  // Bindings that open their library with dlopen (libloading, dlib) and build nothing: the
  // program finds the library at run time only if the package provides it. A binding that can do
  // either (wayland-sys: pkg-config to link, dlib behind `dlopen`) opens it when a dlopen feature is on.
  const loader = deps.has('libloading') || deps.has('dlib');
  const dlopenOn = [...features].some((x) => DLOPEN_FEATURE.test(x));
  if (loader && (dlopenOn || (!deps.has('cc') && !deps.has('cmake') && !deps.has('pkg-config') && !deps.has('system-deps')))) {
    const attr = libraryNames(pkg.name)
      .map((n) => attrForModule(n))
      .find((a) => a);
    return attr ? { native: [], build: [attr], env: {}, note: 'loads its library at run time (dlopen)', runtime: true } : undefined;
  }
  if (!deps.has('pkg-config') && !deps.has('system-deps')) {
    // No probe and nothing that could compile a copy: the crate names its library to the linker
    // (`#[link(name = "gbm")]`, `rustc-link-lib`), so the library must be there. Only names a
    // pkg-config table knows as a library; `*-linux-sys` crates bind kernel interfaces, not libraries.
    // A crate over linux-raw-sys (the kernel's uapi) binds kernel interfaces too (drm-sys: DRM ioctls, no libdrm).
    // `*-rs-sys` crates (libz-rs-sys, libbz2-rs-sys) are Rust implementations exporting the C API: nothing to link.
    if (BUILD_HELPERS.some((h) => deps.has(h)) || /(^|[-_])linux([-_]|$)/.test(pkg.name) || deps.has('linux-raw-sys') || /[-_]rs[-_]sys$/.test(pkg.name)) return undefined;
    const names = libraryNames(pkg.name);
    // Else as the linker knows it: `libsensors-sys` links -lsensors.
    const linked = names.map((n) => attrForModule(n, { attrNames: false })).find((a) => a) ?? names.map((n) => attrForLinkName(n.replace(/^lib/, ''))).find((a) => a);
    return linked && policy !== 'bundled' ? { native: [], build: [linked], env: {}, note: 'links its library by name (no pkg-config probe, nothing bundled)' } : undefined;
  }
  // It ships its library's sources when its version names an upstream release (`+zstd.1.5.7`), or when it
  // compiles C on top of other -sys crates' libraries (libssh2-sys over openssl-sys and libz-sys).
  const ships = deps.has('cc') && (/\+/.test(pkg.version) || [...deps].some((d) => d !== pkg.name && /[-_]sys$/.test(d) && !PURE_SYS.test(d) && !platformOnly(d)));
  // A bundling feature that is on builds the crate's copy: replacing it needs the crate's own env knob
  // (OPENSSL_NO_VENDOR), which only a table row or its build script's facts can name.
  // A feature asking for the system library (zstd-sys `pkg-config`) outweighs shipped sources and `static`,
  // but not an explicit `bundled`/`vendored` that is on too (libsqlite3-sys: pkg-config+vcpkg+bundled builds the copy).
  const explicit = [...features].some((x) => EXPLICIT_BUNDLING.test(x));
  const system = !explicit && [...features].some((x) => SYSTEM_FEATURE.test(x));
  const bundled = explicit || (!system && [...features].some((x) => BUNDLING.test(x)));
  if (bundled || (ships && !system && policy !== 'all-system')) return undefined;
  const attr = libraryNames(pkg.name)
    .map((n) => attrForModule(n))
    .find((a) => a);
  // A library we cannot name, from a crate that also compiles C (cc): most such crates build their own
  // copy when the probe fails (libz-sys), and pkg-config alone would not give the build the library anyway.
  if (!attr && deps.has('cc') && policy !== 'all-system') return undefined;
  return {
    native: ['pkg-config'],
    build: attr ? [attr] : [],
    env: {},
    note: attr ? 'finds its library with pkg-config' : 'finds a system library with pkg-config (unknown library: add it to buildInputs)',
  };
}
