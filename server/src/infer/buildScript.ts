// What a crate's own files say about the native things its build needs: the
// `links` key and build-dependencies of its Cargo.toml, and what its build
// script probes (pkg-config / system-deps / vcpkg names, CMake, cc, bindgen,
// autotools) and which environment variables it reads. One extractor for two
// callers: inference reading the local cargo cache (registry.ts), and the
// generator of the committed data table (scripts/infer/gen-sys-facts.ts) over
// crate sources that can be read here (Debian's librust-*-dev packages).
// Plain text in, plain data out: no file system, no parser state.
import { parse } from 'smol-toml';

export interface SysFacts {
  /** The crate version these facts were read from. */
  version: string;
  /** `links = "…"` of [package]: the native library the crate says it links. */
  links?: string;
  /** pkg-config modules the build script probes (pkg_config / system-deps metadata / vcpkg names). */
  pkgConfig: string[];
  /** pkg-config modules asked only for a variable (a library directory for dlopen), never linked. */
  pkgConfigVariables?: string[];
  /** pkg-config modules probed only when a feature of the crate is on (x11's `xlib` → x11). */
  pkgConfigByFeature?: Record<string, string[]>;
  /** Build tools its build script drives. */
  cmake?: true;
  cc?: true;
  /** bindgen is a build-dependency: "always" unless optional (then behind a feature). */
  bindgen?: 'always' | 'optional';
  autotools?: true;
  /**
   * Libraries the build script names to the linker itself (`cargo:rustc-link-lib=[KIND=]NAME`, also after a
   * `{}` placeholder for the kind), not through a probe: libbpf-sys prints bpf, elf and z.
   */
  linkLibs?: string[];
  /** The build script runs pkg-config itself (a literal `"pkg-config"` command: libbpf-sys' vendored build checks for it). */
  runsPkgConfig?: true;
  /** Environment variables the build script reads (the crate's own knobs, not Cargo's). */
  env?: string[];
  /** The crate's features (names only). */
  features?: string[];
  /** Its default features. */
  defaultFeatures?: string[];
}

type Table = Record<string, unknown>;
const isTable = (v: unknown): v is Table => typeof v === 'object' && v !== null && !Array.isArray(v);

// Variables Cargo itself sets or that every build script reads: not a crate's choice.
const CARGO_ENV =
  /^(CARGO|OUT_DIR$|TARGET$|HOST$|PROFILE$|OPT_LEVEL$|DEBUG$|NUM_JOBS$|RUSTC|RUSTDOC|DEP_|PATH$|CC$|CXX$|AR$|CFLAGS$|CXXFLAGS$|LDFLAGS$|PKG_CONFIG|DOCS_RS$|SOURCE_DATE_EPOCH$|HOME$|LD_LIBRARY_PATH$)/;

/** Facts of one crate from its Cargo.toml text and the texts of its build script files. */
export function extractSysFacts(manifestText: string, buildScripts: string[]): SysFacts {
  const toml = parse(manifestText) as Table;
  const pkg = isTable(toml.package) ? toml.package : {};
  const facts: SysFacts = { version: String(pkg.version ?? ''), pkgConfig: [] };
  if (typeof pkg.links === 'string') facts.links = pkg.links;

  const buildDeps = new Map<string, boolean>(); // name → optional
  const collect = (t: unknown) => {
    if (!isTable(t)) return;
    for (const [k, v] of Object.entries(t)) {
      const name = isTable(v) && typeof v.package === 'string' ? v.package : k;
      const optional = isTable(v) && v.optional === true;
      buildDeps.set(name, (buildDeps.get(name) ?? true) && optional);
    }
  };
  collect(toml['build-dependencies']);
  collect(toml.build_dependencies);
  if (isTable(toml.target)) for (const t of Object.values(toml.target)) if (isTable(t)) collect(t['build-dependencies']);

  const pc = new Set<string>();
  const vars = new Set<string>();
  // system-deps: one entry per library under [package.metadata.system-deps].
  const meta = isTable(pkg.metadata) ? pkg.metadata['system-deps'] : undefined;
  if (isTable(meta)) {
    for (const [key, v] of Object.entries(meta)) {
      if (typeof v === 'string') pc.add(key);
      else if (isTable(v)) pc.add(typeof v.name === 'string' ? v.name : key);
    }
  }
  const text = buildScripts.join('\n').replace(/\/\/[^\n]*/g, '');
  // pkg_config::probe_library("x"), Config::new()….probe("x"), find_library("x"), vcpkg::find_package("x").
  for (const m of text.matchAll(/\b(?:probe_library|probe|find_library|find_package)\s*\(\s*"([^"]+)"/g)) pc.add(m[1]!);
  // A probe in a loop over a literal list: `for lib in ["a", "b"] { … probe(lib) … }`.
  if (/pkg_config/.test(text)) {
    for (const m of text.matchAll(/get_variable\s*\(\s*"([^"]+)"/g)) vars.add(m[1]!);
    // x11-dl style tables of ("name", "pkgconfig name") pairs read with get_variable.
    if (/get_variable\s*\(\s*[a-z_]+\s*,/.test(text)) for (const m of text.matchAll(/\(\s*"[a-z0-9_]+"\s*,\s*"([a-z0-9_.+-]+)"\s*\)/g)) vars.add(m[1]!);
  }
  // A probe over a literal table of (module, version, feature) rows: each module hangs on its feature.
  const features = isTable(toml.features) ? new Set(Object.keys(toml.features)) : new Set<string>();
  const byFeature: Record<string, string[]> = {};
  if (/\.probe\s*\(\s*[a-z_]+\s*\)/.test(text)) {
    for (const m of text.matchAll(/\(\s*"([A-Za-z0-9_.+-]+)"\s*,\s*"[0-9.]+"\s*,\s*"([a-z0-9_-]+)"\s*\)/g)) {
      if (features.has(m[2]!)) (byFeature[m[2]!] ??= []).push(m[1]!);
    }
  }
  if (Object.keys(byFeature).length) facts.pkgConfigByFeature = byFeature;
  facts.pkgConfig = [...pc].sort();
  const onlyVars = [...vars].filter((v) => !pc.has(v)).sort();
  if (onlyVars.length) facts.pkgConfigVariables = onlyVars;

  if (buildDeps.has('cmake') || /\bcmake::(Config|build)\b/.test(text)) facts.cmake = true;
  if (buildDeps.has('cc') || /\bcc::Build\b/.test(text)) facts.cc = true;
  if (buildDeps.has('bindgen')) facts.bindgen = buildDeps.get('bindgen') ? 'optional' : 'always';
  if (buildDeps.has('autotools') || /\bautotools::|"\.\/configure"|\bconfigure\b.*\bCommand::new/.test(text)) facts.autotools = true;

  const linkLibs = new Set<string>();
  for (const m of text.matchAll(/rustc-link-lib=(?:\{\})?(?:(static|dylib|framework)(?::[+-][a-z-]+(?:,[+-][a-z-]+)*)?=)?([A-Za-z0-9_][A-Za-z0-9_.+-]*)/g)) {
    // A literal `static=NAME` is an archive the build script made itself (cc, make), `framework=` Apple's.
    if (!m[1] || m[1] === 'dylib') linkLibs.add(m[2]!);
  }
  if (linkLibs.size) facts.linkLibs = [...linkLibs].sort();
  if (/\(\s*"pkg-config"\s*[,)]/.test(text)) facts.runsPkgConfig = true;

  const env = new Set<string>();
  for (const m of text.matchAll(/\b(?:var|var_os|env|env_var|env_var_os|getenv)\s*\(\s*"([A-Z][A-Z0-9_]+)"/g)) if (!CARGO_ENV.test(m[1]!)) env.add(m[1]!);
  // rerun-if-env-changed names the knobs too, also where the name is built with format!.
  for (const m of text.matchAll(/rerun-if-env-changed=([A-Z][A-Z0-9_]+)/g)) if (!CARGO_ENV.test(m[1]!)) env.add(m[1]!);
  if (env.size) facts.env = [...env].sort();

  if (isTable(toml.features)) {
    const names = Object.keys(toml.features)
      .filter((f) => f !== 'default')
      .sort();
    if (names.length) facts.features = names;
    const d = toml.features.default;
    if (Array.isArray(d) && d.length) facts.defaultFeatures = d.map(String).sort();
  }
  return facts;
}
