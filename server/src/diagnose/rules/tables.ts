// Data the rules map log names onto nixpkgs attributes with. pkg-config
// modules and link names go through the one shared table (infer/pkgConfig.ts:
// nixpkgs' own pkg-config data, then the inference's supplement); only what it
// does not answer is kept here. Executables are plain rows.
import { attrForModule, linkNameModules } from '../../infer/pkgConfig';

/**
 * pkg-config modules that the shared table (nixpkgs' pkg-config data plus the
 * inference's supplement, read through infer/pkgConfig.ts) does not answer,
 * each with the nixpkgs attribute whose outputs install that `.pc` file. A
 * test holds this list to rows the shared table lacks, so the two never disagree.
 */
const MODULE_GAPS: Record<string, string> = {
  libarchive: 'libarchive',
  libffi: 'libffi',
  libcap: 'libcap',
  'ayatana-appindicator3-0.1': 'libayatana-appindicator',
  libnftnl: 'libnftnl',
  // X extensions whose .pc files nixpkgs' data leaves out.
  xfixes: 'xorg.libXfixes',
  xcomposite: 'xorg.libXcomposite',
  xdamage: 'xorg.libXdamage',
  liblz4: 'lz4',
};

/**
 * Linker `-l` names the shared list (infer/pkgConfig.ts linkNameModules) does
 * not answer: libraries with no pkg-config module in the tables, and the
 * compiler's own runtime, which the inference takes as always there but a
 * link that misses it is fixed with.
 */
const LINK_ONLY: Record<string, string> = {
  // nixpkgs renamed libmysqlclient to mariadb-connector-c, which installs libmysqlclient.so.
  mysqlclient: 'mariadb-connector-c',
  gcc_s: 'stdenv.cc.cc.lib',
  'stdc++': 'stdenv.cc.cc.lib',
  // Darwin only: glibc has iconv built in.
  iconv: 'libiconv',
  OpenCL: 'ocl-icd',
  xdo: 'xdotool',
};

/** The nixpkgs attribute providing a pkg-config module: the shared table first. null: libc provides it. */
export function pkgConfigAttr(module: string): string | null | undefined {
  const shared = attrForModule(module);
  if (shared !== undefined) return shared;
  return Object.hasOwn(MODULE_GAPS, module) ? MODULE_GAPS[module] : undefined;
}

/** The nixpkgs attribute providing the library of `-l<name>`. */
export function linkLibAttr(name: string): string | undefined {
  if (Object.hasOwn(LINK_ONLY, name)) return LINK_ONLY[name];
  for (const m of linkNameModules(name)) {
    const a = pkgConfigAttr(m);
    if (a) return a;
  }
  return undefined;
}

/** For the tests: the rows kept here, so they can be held to the shared table. */
export const DIAGNOSIS_ONLY_ROWS = { modules: MODULE_GAPS, link: LINK_ONLY } as const;

/** Executables a build looks up on PATH → the nixpkgs attribute for nativeBuildInputs. */
export const TOOL_ATTR: Record<string, string> = {
  protoc: 'protobuf',
  cmake: 'cmake',
  perl: 'perl',
  make: 'gnumake',
  gmake: 'gnumake',
  git: 'git',
  python: 'python3',
  python3: 'python3',
  ninja: 'ninja',
  meson: 'meson',
  nasm: 'nasm',
  yasm: 'yasm',
  go: 'go',
  autoreconf: 'autoreconf',
  autoconf: 'autoconf',
  automake: 'automake',
  libtool: 'libtool',
  m4: 'm4',
  bison: 'bison',
  flex: 'flex',
  clang: 'clang',
  gfortran: 'gfortran',
  'wasm-bindgen': 'wasm-bindgen-cli',
  // bindgen's command-line program (a build script running it rather than the library): nixpkgs' rust-bindgen.
  bindgen: 'rust-bindgen',
  'wasm-pack': 'wasm-pack',
  'wasm-opt': 'binaryen',
  npm: 'nodejs',
  node: 'nodejs',
  // A missing `cc` means the build has no stdenv compiler (mkShellNoCC, a profile, a bare
  // derivation): gcc is the wrapped compiler that installs cc/c++ wherever it is listed.
  cc: 'gcc',
  // musl's own gcc wrapper (a musl target's cc-rs default): nixpkgs' musl moves it to its dev output.
  'musl-gcc': 'musl.dev',
  gcc: 'gcc',
  'c++': 'gcc',
  'g++': 'gcc',
  'pkg-config': 'pkg-config',
  pkgconf: 'pkg-config',
  makeinfo: 'texinfo',
  jq: 'jq',
  capnp: 'capnproto',
  flatc: 'flatbuffers',
  'glib-compile-resources': 'glib',
  'glib-compile-schemas': 'glib',
  'wayland-scanner': 'wayland-scanner',
  'llvm-config': 'llvmPackages.llvm',
  // wxWidgets' configuration program: nixpkgs' wxGTK32 (wxWidgets 3.2) installs it in its one output's bin.
  'wx-config': 'wxGTK32',
  ld: 'stdenv.cc',
  ar: 'binutils',
  objcopy: 'binutils',
  cargo: 'cargo',
  rustc: 'rustc',
  rustfmt: 'rustfmt',
  // Cargo's subcommands that nixpkgs ships inside another package (cargo runs `cargo-<name>` from PATH):
  // clippy's package installs cargo-clippy and clippy-driver, rustfmt's cargo-fmt (both build every binary of the tool's crate).
  'cargo-clippy': 'clippy',
  'clippy-driver': 'clippy',
  'cargo-fmt': 'rustfmt',
  curl: 'curl',
  wget: 'wget',
  unzip: 'unzip',
  patchelf: 'patchelf',
  gperf: 'gperf',
  swig: 'swig',
  doxygen: 'doxygen',
  zig: 'zig',
  mold: 'mold',
  lld: 'lld',
  'ld.lld': 'lld',
  // GNOME/meson application builds.
  'blueprint-compiler': 'blueprint-compiler',
  'desktop-file-validate': 'desktop-file-utils',
  'update-desktop-database': 'desktop-file-utils',
  'appstream-util': 'appstream-glib',
  appstreamcli: 'appstream',
  msgfmt: 'gettext',
  xgettext: 'gettext',
  'glib-mkenums': 'glib',
  'gdbus-codegen': 'glib',
  'gtk-update-icon-cache': 'gtk3',
  'gtk4-update-icon-cache': 'gtk4',
  itstool: 'itstool',
  sassc: 'sassc',
  scdoc: 'scdoc',
  pandoc: 'pandoc',
  asciidoctor: 'asciidoctor',
  help2man: 'help2man',
  // Interpreters a build script runs to read its configuration (rb-sys runs `ruby` unless RUBY names one; the
  // attribute is the interpreter's own name in pkgs/top-level/all-packages.nix).
  ruby: 'ruby',
  // A library's configuration script, which a build script runs for its flags (pgx/pgrx and pq-sys run `pg_config`
  // unless PG_CONFIG or PQ_LIB_DIR says otherwise): PostgreSQL's is installed by nixpkgs' postgresql (its `pg_config`
  // output since 24.11, `bin/pg_config` before).
  pg_config: 'postgresql',
  // Programs of a package that installs many, whose names no nixpkgs source file lists (its build installs them; only
  // Hydra's index of built outputs, programs.sqlite, has them) and nixpkgs' unixtools.nix does not name either (that
  // list, read into data/nixpkgsPrograms.json, gives column, getopt, hexdump, logger … as `unixtools.<name>`):
  // util-linux's, as its own documentation lists them, that builds run.
  rev: 'util-linux',
  uuidgen: 'util-linux',
  flock: 'util-linux',
  setsid: 'util-linux',
  colrm: 'util-linux',
  // A setup hook's program (nixpkgs' autoPatchelfHook: makeSetupHook propagating the auto-patchelf package, whose script
  // auto-patchelf.sh runs it): the hook is what a build lists, so its name is the fix.
  'auto-patchelf': 'autoPatchelfHook',
};

/**
 * The shell functions stdenv's own setup.sh defines (nixpkgs pkgs/stdenv/generic/setup.sh), for every build whatever
 * its inputs. bash's `prependToVar: command not found` names one when a hook newer than the stdenv running it calls a
 * helper that stdenv does not have yet (or a script runs outside stdenv's shell): no package adds it to PATH, so it is
 * no missing program (the labelling guide: `other`; round159 yb02).
 */
export const STDENV_SETUP_FUNCTIONS: ReadonlySet<string> = new Set([
  ...['Error', 'Warn', 'Notice', 'Info', 'Talkative', 'Chatty', 'Debug', 'Vomit'].map((level) => `nix${level}Log`),
  ...['unpack', 'patch', 'configure', 'build', 'check', 'install', 'fixup', 'installCheck', 'dist'].map((p) => `${p}Phase`),
  'getAllOutputNames',
  'runHook',
  'runOneHook',
  'echoCmd',
  'exitHandler',
  'addToSearchPathWithCustomDelimiter',
  'addToSearchPath',
  'prependToVar',
  'appendToVar',
  'concatTo',
  'concatStringsSep',
  'isELF',
  'isMachO',
  'isScript',
  'printLines',
  'printWords',
  'addEnvHooks',
  'findInputs',
  'activatePackage',
  'substituteStream',
  'consumeEntire',
  'substitute',
  'substituteInPlace',
  'substituteAllStream',
  'substituteAll',
  'substituteAllInPlace',
  'dumpVars',
  'stripHash',
  'recordPropagatedDependencies',
  'unpackFile',
  'fixLibtool',
  'showPhaseHeader',
  'showPhaseFooter',
  'runPhase',
  'genericBuild',
]);

/**
 * Shell functions a nixpkgs setup hook defines, only in a build that lists the hook's package (its setup-hook runs
 * from nativeBuildInputs): bash says `wrapProgram: command not found` like for a missing program. makeWrapper's
 * hook defines makeWrapper, wrapProgram and their Shell variants; makeBinaryWrapper's the same two names and their
 * Binary variants (either answers a bare wrapProgram); installShellFiles' installManPage, installShellCompletion and
 * installBin; autoPatchelfHook's autoPatchelf.
 */
export const HOOK_FUNCTION_ATTR: Record<string, string> = {
  wrapProgram: 'makeWrapper',
  makeWrapper: 'makeWrapper',
  wrapProgramShell: 'makeWrapper',
  makeShellWrapper: 'makeWrapper',
  wrapProgramBinary: 'makeBinaryWrapper',
  makeBinaryWrapper: 'makeBinaryWrapper',
  installManPage: 'installShellFiles',
  installShellCompletion: 'installShellFiles',
  installBin: 'installShellFiles',
  autoPatchelf: 'autoPatchelfHook',
};
