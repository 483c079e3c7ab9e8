// Which nixpkgs inputs a crate that the build compiles needs on Linux. Data,
// not code: one row per crate, conditions on its version and features.
// Broader than nix-init's table (every row of it, `xorg.libXi` fixed) plus
// crates it misses. pkg-config is attached to the rows that really link a
// system library through it, not to the mere presence of the pkg-config crate.
import { versionLt } from '../../../shared/src/version';

export interface CrateFacts {
  version: string;
  features: ReadonlySet<string>;
  /** Whether `features` is known (from the workspace's manifests) or assumed default. */
  featuresKnown: boolean;
  /** The crate's own dependencies in Cargo.lock (names): an optional one there was switched on by some feature. */
  lockDeps?: ReadonlySet<string>;
  /** InferOptions.vendored (see there). */
  vendored: 'system' | 'bundled' | 'all-system';
  /** The built crates that depend on this one (name → version): what a dlopen wrapper opens is their call. */
  users?: ReadonlyMap<string, string>;
}

export interface InputRule {
  native?: string[];
  build?: string[];
  env?: Record<string, string | boolean>;
  /** Libraries whose attribute depends on the crate (ffmpeg_<major>). */
  buildFor?: (c: CrateFacts) => string[];
  /** Env whose name or value depends on the crate (LLVM_SYS_<major>_PREFIX). */
  envFor?: (c: CrateFacts) => Record<string, string | boolean>;
  linuxOnly?: boolean;
  /** Loaded with dlopen at run time: nothing needs it to build, the program needs it to run. */
  runtime?: true;
  /** The rule applies only when this holds. */
  when?: (c: CrateFacts) => boolean;
  /** Why, in a few words, appended to the reason ("links the system library"). */
  note?: string;
}

export interface CrateRow {
  /** Crate name; a trailing `*` matches a prefix. */
  crate: string;
  rules: InputRule[];
}

const has =
  (...f: string[]) =>
  (c: CrateFacts) =>
    f.some((x) => c.features.has(x));
const lacks =
  (...f: string[]) =>
  (c: CrateFacts) =>
    !f.some((x) => c.features.has(x));

/** The feature is on, or (features unknown) the optional dependency only it enables is in the crate's lock entry. */
const hasOrLocks = (feature: string, dep: string) => (c: CrateFacts) => c.features.has(feature) || (!c.featuresKnown && !!c.lockDeps?.has(dep));
const before = (v: string) => (c: CrateFacts) => versionLt(c.version, v);
const since = (v: string) => (c: CrateFacts) => !versionLt(c.version, v);
const all =
  (...ps: ((c: CrateFacts) => boolean)[]) =>
  (c: CrateFacts) =>
    ps.every((p) => p(c));
const hasPrefix = (p: string) => (c: CrateFacts) => [...c.features].some((f) => f.startsWith(p));
const linkSystem = (c: CrateFacts) => c.vendored !== 'bundled';
const buildVendored = (c: CrateFacts) => c.vendored === 'bundled';
const unbundleAll = (c: CrateFacts) => c.vendored === 'all-system';
/** The FFmpeg major a binding crate targets, as the nixpkgs attribute (ffmpeg_7), when nixpkgs has one. */
function ffmpegMajor(c: CrateFacts): string | undefined {
  const major = /\+ffmpeg-(\d+)/.exec(c.version)?.[1] ?? /^(\d+)\./.exec(c.version)?.[1] ?? '';
  return ['ffmpeg_6', 'ffmpeg_7'].find((a) => a === `ffmpeg_${major}`);
}
function llvmPrefix(c: CrateFacts): Record<string, string> {
  const major = parseInt(c.version, 10);
  if (!(major >= 10)) return {};
  return { [`LLVM_SYS_${major}_PREFIX`]: `\${llvmPackages_${Math.floor(major / 10)}.llvm.dev}` };
}
/**
 * The X libraries x11-dl opens, from its users: winit 0.29 on opens Xlib, Xlib-xcb (both libX11), Xcursor
 * and XInput2 and speaks RandR through x11rb; older winit also opened Xrandr; glutin's GLX opens Xlib. A
 * user not known here (or no user seen) gets the older winit set.
 */
function x11Opened(c: CrateFacts): string[] {
  const modern = ['xorg.libX11', 'xorg.libXcursor', 'xorg.libXi'];
  const old = [...modern, 'xorg.libXrandr'];
  const users = [...(c.users ?? new Map<string, string>())];
  if (!users.length) return old;
  const out = new Set<string>();
  for (const [name, version] of users) {
    const opens = name === 'winit' ? (versionLt(version, '0.29.0') ? old : modern) : /^glutin(_glx_sys)?$/.test(name) ? ['xorg.libX11'] : old;
    for (const a of opens) out.add(a);
  }
  return [...out];
}
const lib = (build: string[], extra: Partial<InputRule> = {}): InputRule => ({ native: ['pkg-config'], build, note: 'links the system library', ...extra });

export const TABLE: CrateRow[] = [
  // TLS, compression, databases: the inputs most Rust services need.
  // Vendored OpenSSL would build openssl-src (Perl, minutes, no security
  // updates); nixpkgs links the system one instead and says so with OPENSSL_NO_VENDOR.
  {
    crate: 'openssl-sys',
    rules: [
      lib(['openssl'], { when: lacks('vendored') }),
      lib(['openssl'], { when: all(has('vendored'), linkSystem), env: { OPENSSL_NO_VENDOR: true }, note: 'asks for a vendored OpenSSL; link the system one instead' }),
      { native: ['perl'], when: all(has('vendored'), buildVendored), note: 'builds the vendored OpenSSL (openssl-src runs Configure, a Perl script)' },
    ],
  },
  {
    crate: 'libsqlite3-sys',
    rules: [
      lib(['sqlite'], { when: lacks('bundled', 'bundled-sqlcipher', 'bundled-sqlcipher-vendored-openssl', 'sqlcipher') }),
      lib(['sqlite'], {
        when: all(has('bundled'), lacks('sqlcipher', 'bundled-sqlcipher'), unbundleAll),
        env: { LIBSQLITE3_SYS_USE_PKG_CONFIG: true },
        note: 'asks for the bundled SQLite; link the system one instead',
      }),
      lib(['sqlcipher'], { when: all(has('sqlcipher'), lacks('bundled-sqlcipher', 'bundled-sqlcipher-vendored-openssl')) }),
      // The bundled SQLCipher still links libcrypto unless OpenSSL is vendored too.
      { build: ['openssl'], when: all(has('bundled-sqlcipher'), lacks('bundled-sqlcipher-vendored-openssl')), note: 'bundled SQLCipher links libcrypto' },
    ],
  },
  { crate: 'pq-sys', rules: [lib(['postgresql'], { when: lacks('bundled') })] },
  // nixpkgs renamed libmysqlclient to mariadb-connector-c (aliases.nix).
  { crate: 'mysqlclient-sys', rules: [lib(['mariadb-connector-c'], { when: lacks('bundled') })] },
  // zstd-sys builds its bundled copy unless the `pkg-config` feature (or
  // ZSTD_SYS_USE_PKG_CONFIG, read from 2.0.5 on) asks for the system one.
  {
    crate: 'zstd-sys',
    rules: [
      lib(['zstd'], { when: has('pkg-config') }),
      lib(['zstd'], { when: all(lacks('pkg-config'), since('2.0.5'), unbundleAll), env: { ZSTD_SYS_USE_PKG_CONFIG: true }, note: 'builds its bundled zstd; link the system one instead' }),
    ],
  },
  // libz-sys, bzip2-sys, lzma-sys, liblzma-sys and curl-sys probe pkg-config first and compile their
  // bundled copy when it fails (onig_sys the same unless RUSTONIG_SYSTEM_LIBONIG): one rule for all of
  // them — nothing is needed, and the library is only used if the package happens to provide it
  // (alsoUsable); 'all-system' links nixpkgs' copy. nixpkgs packagers add it 7 times in the 30 builds of
  // those crates in the corpus of 87 packages, and nothing in the crates tells which: a packager's choice.
  { crate: 'libz-sys', rules: [lib(['zlib'], { when: (c) => unbundleAll(c) && !c.features.has('static') && !(c.features.has('zlib-ng') && !c.features.has('stock-zlib')) })] },
  // gmp-mpfr-sys builds GMP, MPFR and MPC from its bundled sources unless its `use-system-libs` feature is
  // on. GMP's configure needs m4, which stdenv lacks, and the build takes minutes: nixpkgs links its own
  // gmp, mpfr and libmpc and turns the feature on from outside — Cargo hands a build script its features as
  // CARGO_FEATURE_* variables, which is all the build script reads (kalker, scryer-prolog).
  {
    crate: 'gmp-mpfr-sys',
    rules: [
      { build: ['gmp'], when: all(linkSystem, has('use-system-libs')), note: 'links the system GMP' },
      {
        build: ['gmp'],
        when: all(linkSystem, lacks('use-system-libs')),
        env: { CARGO_FEATURE_USE_SYSTEM_LIBS: true },
        note: 'builds GMP/MPFR/MPC from source (needs m4); link the system ones instead',
      },
      { build: ['mpfr'], when: all(linkSystem, (c) => c.features.has('mpfr') || c.features.has('mpc') || c.features.has('default')) },
      { build: ['libmpc'], when: all(linkSystem, (c) => c.features.has('mpc') || c.features.has('default')) },
      { native: ['gnum4'], when: all(buildVendored, lacks('use-system-libs')), note: 'builds GMP, whose configure needs m4' },
    ],
  },
  { crate: 'libz-ng-sys', rules: [{ native: ['cmake'], note: 'builds zlib-ng with CMake' }] },
  // Like libz-sys: a bzip2 pkg-config finds, else the bundled copy (its version names the bundled 1.0.x).
  { crate: 'bzip2-sys', rules: [lib(['bzip2'], { when: all(lacks('static'), unbundleAll) })] },
  { crate: 'libbzip3-sys', rules: [lib(['bzip3'], { when: lacks('bundled') })] },
  { crate: 'lzma-sys', rules: [lib(['xz'], { when: all(lacks('static'), unbundleAll) })] },
  { crate: 'liblzma-sys', rules: [lib(['xz'], { when: all(lacks('static'), unbundleAll) })] },
  { crate: 'lz4-sys', rules: [] }, // builds the bundled lz4 with cc
  { crate: 'libnghttp2-sys', rules: [] }, // bundled nghttp2
  { crate: 'curl-sys', rules: [lib(['curl'], { when: all(lacks('static-curl'), unbundleAll) })] },
  // libgit2-sys links a system libgit2 only when its version matches exactly and
  // builds the bundled copy otherwise: nothing is needed (LIBGIT2_NO_VENDOR=1 + libgit2 opts in).
  // 'all-system' opts in anyway (nix-init's choice); the build then fails if nixpkgs' libgit2 is not the version it wants.
  { crate: 'libgit2-sys', rules: [lib(['libgit2'], { when: unbundleAll, env: { LIBGIT2_NO_VENDOR: true }, note: 'link the system libgit2 (must be the libgit2 version this libgit2-sys wants)' })] },
  // Both build their bundled copy unless an env knob asks for the system library: kept, as nixpkgs mostly does.
  {
    crate: 'libssh2-sys',
    rules: [lib(['libssh2'], { when: all(lacks('vendored-openssl'), unbundleAll), env: { LIBSSH2_SYS_USE_PKG_CONFIG: true }, note: 'builds its bundled libssh2; link the system one instead' })],
  },
  { crate: 'onig_sys', rules: [lib(['oniguruma'], { when: unbundleAll, env: { RUSTONIG_SYSTEM_LIBONIG: true }, note: 'builds its bundled Oniguruma; link the system one instead' })] },
  { crate: 'pcre2-sys', rules: [lib(['pcre2'], { when: lacks('static') })] },
  { crate: 'libsodium-sys', rules: [lib(['libsodium'], { when: has('use-pkg-config') }), lib(['libsodium'], { when: lacks('use-pkg-config'), env: { SODIUM_USE_PKG_CONFIG: true } })] },
  { crate: 'libsodium-sys-stable', rules: [lib(['libsodium'], { when: has('use-pkg-config') }), lib(['libsodium'], { when: lacks('use-pkg-config'), env: { SODIUM_USE_PKG_CONFIG: true } })] },
  // aws-lc-sys builds with cc alone on x86_64/aarch64 Linux from 0.15
  // (aws-lc-rs 1.7.0) and ships pregenerated bindings there; CMake and Go are
  // for FIPS builds, bindgen only with its `bindgen` feature (the bindgen row).
  { crate: 'aws-lc-sys', rules: [{ native: ['cmake'], when: before('0.15.0'), note: 'builds AWS-LC with CMake (0.15 and later use cc on Linux)' }] },
  { crate: 'aws-lc-fips-sys', rules: [{ native: ['cmake', 'go'], note: 'builds the FIPS module with CMake and Go' }] },
  {
    crate: 'librocksdb-sys',
    rules: [
      // Its build script links RocksDB from ROCKSDB_LIB_DIR (-L, -lrocksdb; the linker wrapper adds the store
      // path to the RUNPATH) and reads headers from ROCKSDB_INCLUDE_DIR, no pkg-config: the env alone brings
      // rocksdb into the build, the way nixpkgs writes it (surrealdb), so no buildInputs line.
      { when: linkSystem, env: { ROCKSDB_INCLUDE_DIR: '${rocksdb}/include', ROCKSDB_LIB_DIR: '${rocksdb}/lib' }, note: 'links the system RocksDB instead of a long bundled build' },
      { build: ['liburing'], linuxOnly: true, when: all(has('io-uring'), linkSystem) },
    ],
  },
  { crate: 'rdkafka-sys', rules: [lib(['rdkafka'], { when: has('dynamic-linking') }), { native: ['cmake'], when: has('cmake-build') }] },
  { crate: 'zmq-sys', rules: [lib(['zeromq'])] },
  { crate: 'nettle-sys', rules: [lib(['nettle'])] },
  { crate: 'gpgme-sys', rules: [lib(['gpgme'])] },
  { crate: 'libgpg-error-sys', rules: [{ native: ['libgpg-error'], build: ['libgpg-error'] }] },
  { crate: 'pam-sys', rules: [{ build: ['linux-pam'], linuxOnly: true }] },
  { crate: 'libseccomp-sys', rules: [lib(['libseccomp'], { linuxOnly: true })] },
  { crate: 'expat-sys', rules: [{ native: ['cmake'], build: ['expat'] }] },
  { crate: 'freetype-sys', rules: [lib(['freetype'])] },
  { crate: 'servo-fontconfig-sys', rules: [lib(['fontconfig'])] },
  { crate: 'yeslogic-fontconfig-sys', rules: [lib(['fontconfig'], { when: lacks('dlopen') })] },
  { crate: 'libxml', rules: [lib(['libxml2'])] },
  { crate: 'ncurses', rules: [lib(['ncurses'])] },
  // llvm-sys <major><minor>.x looks for LLVM <major> through LLVM_SYS_<major><minor>_PREFIX.
  { crate: 'llvm-sys', rules: [{ build: ['libxml2', 'ncurses', 'zlib'], note: 'links LLVM and what it links', envFor: llvmPrefix }] },
  { crate: 'spirv-tools-sys', rules: [{ build: ['spirv-tools'] }] },
  { crate: 'hdf5-sys', rules: [{ build: ['hdf5'], when: lacks('static') }] },
  { crate: 'libduckdb-sys', rules: [{ build: ['duckdb'], when: lacks('bundled') }] },
  { crate: 'sdl2-sys', rules: [lib(['SDL2'], { when: lacks('bundled') }), { native: ['cmake'], when: has('bundled') }] },
  // hidapi's default `linux-static-hidraw` compiles hidapi's hidraw backend, which links libudev.
  {
    crate: 'hidapi',
    rules: [
      lib(['udev'], { linuxOnly: true, when: (c) => c.features.has('linux-static-hidraw') || (!c.featuresKnown && c.features.has('default')) }),
      lib(['libusb1'], { linuxOnly: true, when: has('linux-static-libusb') }),
      lib(['hidapi'], { linuxOnly: true, when: has('linux-shared-hidraw', 'linux-shared-libusb') }),
    ],
  },
  // Probes libusb-1.0 with pkg-config and builds its bundled libusb when that fails (every release's build
  // script: `vendored || !find_libusb_pkg() → make_source()`): the libz-sys rule, linked under all-system.
  { crate: 'libusb1-sys', rules: [lib(['libusb1'], { when: all(lacks('vendored'), unbundleAll) })] },
  { crate: 'capnpc', rules: [{ native: ['capnproto'], note: 'runs the capnp compiler from its build script' }] },
  // Most nixpkgs packages let these build their bundled jemalloc (cc only); 'all-system' links
  // nixpkgs' rust-jemalloc-sys instead, which saves that build and is built for the platform's
  // page size (a bundled 4K-page jemalloc crashes on 16K/64K aarch64 kernels).
  { crate: 'tikv-jemalloc-sys', rules: [{ build: ['rust-jemalloc-sys'], when: unbundleAll, note: "links nixpkgs' jemalloc (JEMALLOC_OVERRIDE) instead of building it" }] },
  { crate: 'jemalloc-sys', rules: [{ build: ['rust-jemalloc-sys'], when: unbundleAll, note: "links nixpkgs' jemalloc (JEMALLOC_OVERRIDE) instead of building it" }] },
  { crate: 'libmimalloc-sys', rules: [] }, // bundled mimalloc
  { crate: 'ring', rules: [] }, // assembly and C built with cc
  // Build tools run by build scripts.
  { crate: 'bindgen', rules: [{ native: ['rustPlatform.bindgenHook'], note: 'runs bindgen, which needs libclang' }] },
  // From 0.11 prost-build needs protoc on PATH; older ones shipped binaries
  // (which do not run on NixOS) or built protobuf with CMake: PROTOC avoids both.
  {
    crate: 'prost-build',
    rules: [
      { native: ['protobuf'], when: since('0.11.0'), note: 'runs protoc on .proto files' },
      { native: ['protobuf'], when: before('0.11.0'), env: { PROTOC: '${protobuf}/bin/protoc' }, note: 'runs protoc; PROTOC stops it using its bundled one' },
    ],
  },
  { crate: 'protoc-rust', rules: [{ native: ['protobuf'], note: 'runs protoc' }] },
  // protobuf-src 1.x runs protobuf's shipped ./configure (the autotools crate; sh and make are in stdenv);
  // releases built with CMake depend on the cmake crate, whose row adds it.
  { crate: 'protobuf-src', rules: [] },
  { crate: 'cmake', rules: [{ native: ['cmake'], note: 'its build script calls CMake' }] },
  { crate: 'clang-sys', rules: [{ native: ['rustPlatform.bindgenHook'], note: 'loads libclang (LIBCLANG_PATH)' }] },
  { crate: 'nasm-rs', rules: [{ native: ['nasm'], note: 'assembles with nasm' }] },
  { crate: 'mozjpeg-sys', rules: [{ native: ['nasm'], when: has('nasm_simd'), note: 'assembles the SIMD code with nasm' }] },
  { crate: 'pyo3-build-config', rules: [{ native: ['python3'], when: (c) => !hasPrefix('abi3')(c), note: 'its build script asks the Python interpreter for its configuration' }] },
  { crate: 'snmalloc-sys', rules: [{ native: ['cmake'], when: lacks('build_cc'), note: 'builds snmalloc with CMake' }] },
  { crate: 'glycin', rules: [{ native: ['libglycin.patchVendorHook'], build: ['libglycin.setupHook', 'glycin-loaders'], linuxOnly: true }] },
  { crate: 'glib-build-tools', rules: [{ native: ['glib'], note: 'runs glib-compile-resources' }] },
  // gtk4-macros' `blueprint` (gtk4's `blueprint` turns it on): the CompositeTemplate macro spawns
  // blueprint-compiler on .blp templates while the crate compiles.
  { crate: 'gtk4-macros', rules: [{ native: ['blueprint-compiler'], when: has('blueprint'), note: 'its template macro runs blueprint-compiler at compile time' }] },
  { crate: 'gettext-sys', rules: [{ build: ['gettext'], when: has('gettext-system') }] },
  // Linux desktop, audio and hardware.
  { crate: 'alsa-sys', rules: [lib(['alsa-lib'], { linuxOnly: true })] },
  { crate: 'libudev-sys', rules: [lib(['udev'], { linuxOnly: true })] },
  { crate: 'libdbus-sys', rules: [lib(['dbus'], { when: lacks('vendored') })] },
  { crate: 'libpulse-sys', rules: [lib(['libpulseaudio'], { linuxOnly: true })] },
  { crate: 'libpulse-simple-sys', rules: [lib(['libpulseaudio'], { linuxOnly: true })] },
  { crate: 'jack-sys', rules: [lib(['libjack2'], { when: lacks('dlopen', 'dynamic_loading') })] },
  { crate: 'portaudio-sys', rules: [lib(['portaudio'])] },
  { crate: 'libspa-sys', rules: [lib(['pipewire'], { linuxOnly: true })] },
  { crate: 'pipewire-sys', rules: [lib(['pipewire'], { linuxOnly: true })] },
  { crate: 'wireplumber', rules: [lib(['wireplumber'], { linuxOnly: true })] },
  { crate: 'evdev-sys', rules: [lib(['libevdev'], { linuxOnly: true })] },
  { crate: 'input-sys', rules: [lib(['libinput'], { linuxOnly: true })] },
  { crate: 'libseat-sys', rules: [lib(['seatd'], { linuxOnly: true })] },
  { crate: 'libsystemd-sys', rules: [lib(['systemd'], { linuxOnly: true })] },
  { crate: 'fuser', rules: [lib(['fuse3'], { linuxOnly: true, when: (c) => c.features.has('libfuse') || c.features.has('libfuse3') || (!c.featuresKnown && c.features.has('default')) })] },
  { crate: 'fuse', rules: [lib(['fuse'], { linuxOnly: true })] },
  { crate: 'pcsc-sys', rules: [lib(['pcsclite'], { linuxOnly: true })] },
  { crate: 'pcap', rules: [{ build: ['libpcap'] }] },
  { crate: 'tss-esapi-sys', rules: [lib(['tpm2-tss'])] },
  { crate: 'audiopus_sys', rules: [lib(['libopus'])] },
  { crate: 'dav1d-sys', rules: [lib(['dav1d'])] },
  // ffmpeg-sys-next's major version is the FFmpeg major it binds (6.1.0 → FFmpeg 6); its fork
  // ffmpeg-sys-the-third names it in the build metadata (2.0.0+ffmpeg-7.0). nixpkgs keeps one
  // attribute per major (ffmpeg_6, ffmpeg_7); `ffmpeg` where the major is not known.
  {
    crate: 'ffmpeg-sys-next',
    rules: [lib(['ffmpeg'], { when: all(lacks('build'), (c) => !ffmpegMajor(c)) }), { ...lib([]), when: all(lacks('build'), (c) => !!ffmpegMajor(c)), buildFor: (c: CrateFacts) => [ffmpegMajor(c)!] }],
  },
  {
    crate: 'ffmpeg-sys-the-third',
    rules: [lib(['ffmpeg'], { when: all(lacks('build'), (c) => !ffmpegMajor(c)) }), { ...lib([]), when: all(lacks('build'), (c) => !!ffmpegMajor(c)), buildFor: (c: CrateFacts) => [ffmpegMajor(c)!] }],
  },
  { crate: 'opencv', rules: [lib(['opencv'], { native: ['pkg-config', 'rustPlatform.bindgenHook'], note: 'links OpenCV and parses its headers with libclang' })] },
  { crate: 'leptonica-sys', rules: [lib(['leptonica'])] },
  { crate: 'tesseract-sys', rules: [lib(['tesseract'])] },
  {
    crate: 'z3-sys',
    rules: [
      { build: ['z3'], when: lacks('static-link-z3', 'bundled') },
      { native: ['cmake'], when: has('static-link-z3', 'bundled') },
    ],
  },
  { crate: 'gdal-sys', rules: [lib(['gdal'])] },
  { crate: 'geos-sys', rules: [{ build: ['geos'], when: lacks('static') }] },
  { crate: 'proj-sys', rules: [lib(['proj'], { when: lacks('bundled_proj') })] },
  { crate: 'harfbuzz-sys', rules: [lib(['harfbuzz'], { when: lacks('bundled') })] },
  {
    crate: 'shaderc-sys',
    rules: [{ build: ['shaderc'], env: { SHADERC_LIB_DIR: '${shaderc.lib}/lib' }, when: lacks('build-from-source'), note: "links nixpkgs' shaderc instead of a long CMake build" }],
  },
  {
    crate: 'mlua-sys',
    rules: [
      lib(['lua5_4'], { when: all(has('lua54'), lacks('vendored')) }),
      lib(['lua5_3'], { when: all(has('lua53'), lacks('vendored')) }),
      lib(['lua5_2'], { when: all(has('lua52'), lacks('vendored')) }),
      lib(['lua5_1'], { when: all(has('lua51'), lacks('vendored')) }),
      lib(['luajit'], { when: all(has('luajit', 'luajit52'), lacks('vendored')) }),
    ],
  },
  { crate: 'v4l2-sys-mit', rules: [lib(['v4l-utils'], { linuxOnly: true })] },
  { crate: 'v4l-sys', rules: [lib(['v4l-utils'], { linuxOnly: true })] },
  // Libraries loaded with dlopen at run time: the build links nothing, but the program finds
  // them only if the package provides them (nixpkgs adds them to buildInputs / the rpath).
  {
    crate: 'ash',
    rules: [
      { build: ['vulkan-loader'], when: has('linked'), note: 'links libvulkan' },
      { build: ['vulkan-loader'], when: lacks('linked'), note: 'loads libvulkan at run time (dlopen)', runtime: true },
    ],
  },
  { crate: 'glutin_egl_sys', rules: [{ build: ['libGL'], linuxOnly: true, note: 'loads libEGL at run time (dlopen)', runtime: true }] },
  { crate: 'khronos-egl', rules: [{ build: ['libGL'], linuxOnly: true, when: hasOrLocks('dynamic', 'libloading'), note: 'loads libEGL at run time (dlopen)', runtime: true }] },
  // x11rb speaks the X protocol in Rust; `dl-libxcb` (its only use of libloading) opens libxcb instead.
  { crate: 'x11rb', rules: [{ build: ['xorg.libxcb'], linuxOnly: true, when: hasOrLocks('dl-libxcb', 'libloading'), note: 'loads libxcb at run time (dlopen)', runtime: true }] },
  // x11-dl opens an X library only when a user of it calls that library's open(): which ones is the users' call.
  {
    crate: 'x11-dl',
    rules: [{ buildFor: x11Opened, linuxOnly: true, note: 'loads the X libraries its users open at run time (dlopen)', runtime: true }],
  },
  {
    crate: 'wayland-sys',
    rules: [lib(['wayland'], { linuxOnly: true, when: lacks('dlopen') }), { build: ['wayland'], linuxOnly: true, when: has('dlopen'), note: 'loads libwayland at run time (dlopen)', runtime: true }],
  },
  { crate: 'xkbcommon-sys', rules: [lib(['libxkbcommon'], { linuxOnly: true })] },
  { crate: 'xkbcommon', rules: [lib(['libxkbcommon'], { linuxOnly: true })] },
  // smithay-client-toolkit's build script probes xkbcommon with pkg-config: before 0.17 unless its
  // `dlopen` feature is on, from 0.17 only behind its `xkbcommon` feature (on by default; winit turns
  // the defaults off and reads the keymap through xkbcommon-dl instead).
  {
    crate: 'smithay-client-toolkit',
    rules: [
      lib(['libxkbcommon'], { linuxOnly: true, when: all(before('0.17.0'), lacks('dlopen')), note: 'its build script finds xkbcommon with pkg-config' }),
      lib(['libxkbcommon'], { linuxOnly: true, when: all(since('0.17.0'), hasOrLocks('xkbcommon', 'xkbcommon')), note: 'its `xkbcommon` feature finds xkbcommon with pkg-config' }),
    ],
  },
  // xkbcommon-dl opens libxkbcommon with dlopen, and libxkbcommon-x11 too with its `x11` feature: one attribute installs both.
  { crate: 'xkbcommon-dl', rules: [{ build: ['libxkbcommon'], linuxOnly: true, note: 'loads libxkbcommon at run time (dlopen)', runtime: true }] },
  { crate: 'xcb', rules: [lib(['xorg.libxcb'], { linuxOnly: true }), { native: ['python3'], when: before('0.10.0'), note: 'generates bindings with Python' }] },
  {
    crate: 'x11',
    rules: [
      { build: ['libGL'], linuxOnly: true, when: has('glx') },
      { build: ['xorg.libX11'], linuxOnly: true, when: has('xlib', 'xlib_xcb') },
      { build: ['xorg.libXcursor'], linuxOnly: true, when: has('xcursor') },
      { build: ['xorg.libXext'], linuxOnly: true, when: has('dpms') },
      { build: ['xorg.libXfixes'], linuxOnly: true, when: has('xfixes') },
      { build: ['xorg.libXft'], linuxOnly: true, when: has('xft') },
      { build: ['xorg.libXi'], linuxOnly: true, when: has('xinput') },
      { build: ['xorg.libXinerama'], linuxOnly: true, when: has('xinerama') },
      { build: ['xorg.libXmu'], linuxOnly: true, when: has('xmu') },
      { build: ['xorg.libXrandr'], linuxOnly: true, when: has('xrandr') },
      { build: ['xorg.libXrender'], linuxOnly: true, when: has('xrender') },
      { build: ['xorg.libXpresent'], linuxOnly: true, when: has('xpresent') },
      { build: ['xorg.libXScrnSaver'], linuxOnly: true, when: has('xss') },
      { build: ['xorg.libXt'], linuxOnly: true, when: has('xt') },
      { build: ['xorg.libXtst'], linuxOnly: true, when: has('xtst') },
      { build: ['xorg.libXxf86vm'], linuxOnly: true, when: has('xf86vmode') },
    ],
  },
  // GNOME/GTK stack (nix-init's rows).
  { crate: 'glib-sys', rules: [lib(['glib'])] },
  { crate: 'gio-sys', rules: [lib(['glib'])] },
  { crate: 'gobject-sys', rules: [lib(['glib'])] },
  { crate: 'atk-sys', rules: [lib(['atk'])] },
  { crate: 'cairo-sys-rs', rules: [lib(['cairo'])] },
  { crate: 'pango-sys', rules: [lib(['pango'])] },
  { crate: 'gdk-pixbuf-sys', rules: [lib(['gdk-pixbuf'])] },
  { crate: 'gdk-sys', rules: [lib(['gtk3'])] },
  { crate: 'gtk-sys', rules: [lib(['gtk3'], { native: ['pkg-config', 'wrapGAppsHook3'] })] },
  { crate: 'gdk4-sys', rules: [lib(['gtk4'])] },
  { crate: 'gsk4-sys', rules: [lib(['gtk4'])] },
  { crate: 'gtk4-sys', rules: [lib(['gtk4'], { native: ['pkg-config', 'wrapGAppsHook4'] })] },
  { crate: 'gtk4-layer-shell-sys', rules: [lib(['gtk4-layer-shell'])] },
  { crate: 'libadwaita-sys', rules: [lib(['libadwaita'])] },
  { crate: 'libhandy-sys', rules: [lib(['libhandy_0'], { when: before('0.7.0') }), lib(['libhandy'], { when: since('0.7.0') })] },
  { crate: 'gspell-sys', rules: [lib(['gspell'])] },
  { crate: 'gweather-sys', rules: [lib(['libgweather'])] },
  { crate: 'libsecret-sys', rules: [lib(['libsecret'])] },
  { crate: 'libshumate-sys', rules: [lib(['libshumate'])] },
  { crate: 'libpanel-sys', rules: [lib(['libpanel'])] },
  { crate: 'soup-sys', rules: [lib(['libsoup'])] },
  { crate: 'soup2-sys', rules: [lib(['libsoup'])] },
  { crate: 'soup3-sys', rules: [lib(['libsoup_3'])] },
  { crate: 'sourceview4-sys', rules: [lib(['gtksourceview4'])] },
  { crate: 'sourceview5-sys', rules: [lib(['gtksourceview5'])] },
  { crate: 'tracker-sys', rules: [lib(['tracker'])] },
  { crate: 'vte4-sys', rules: [lib(['vte-gtk4'])] },
  // 0.x binds webkit2gtk-4.0 (libsoup 2, Tauri 1) and webkit2gtk5 the short-lived 5.0 API: no attribute
  // of nixpkgs was found to provide either (not in the recorded list), so only 2.x (webkit2gtk-4.1) is inferred.
  { crate: 'webkit2gtk-sys', rules: [lib(['webkitgtk_4_1'], { when: since('1.0.0') })] },
  { crate: 'webkit2gtk-webextension-sys', rules: [lib(['webkitgtk_4_1'], { when: since('1.0.0') })] },
  { crate: 'webkit6-sys', rules: [lib(['webkitgtk_6_0'])] },
  { crate: 'javascriptcore-rs-sys', rules: [lib(['webkitgtk_4_1'], { when: since('1.0.0') })] },
  { crate: 'libxdo-sys', rules: [{ build: ['xdotool'], linuxOnly: true }] },
  { crate: 'poppler-sys-rs', rules: [lib(['poppler'])] },
  { crate: 'lcms2-sys', rules: [lib(['lcms2'])] },
  { crate: 'libwebp-sys2', rules: [lib(['libwebp'], { when: lacks('static') })] },
  { crate: 'libmpv-sys', rules: [lib(['mpv'])] },
  // Its build script compiles its bundled libsixel with ./configure + make into OUT_DIR and links it as a
  // dylib (`rustc-link-lib=dylib=sixel`): the program then needs libsixel.so at run time from the package.
  { crate: 'sixel-sys', rules: [{ build: ['libsixel'], note: 'links libsixel dynamically (its own build lands in the build directory, not the runtime path)' }] },
  { crate: 'gstreamer-sys', rules: [lib(['gst_all_1.gstreamer'])] },
  { crate: 'gstreamer-base-sys', rules: [lib(['gst_all_1.gstreamer'])] },
  { crate: 'gstreamer-check-sys', rules: [lib(['gst_all_1.gstreamer'])] },
  { crate: 'gstreamer-controller-sys', rules: [lib(['gst_all_1.gstreamer'])] },
  { crate: 'gstreamer-net-sys', rules: [lib(['gst_all_1.gstreamer'])] },
  ...['allocators', 'app', 'audio', 'gl', 'pbutils', 'rtp', 'rtsp', 'sdp', 'tag', 'video'].map((n) => ({ crate: `gstreamer-${n}-sys`, rules: [lib(['gst_all_1.gst-plugins-base'])] })),
  ...['mpegts', 'play', 'player', 'webrtc'].map((n) => ({ crate: `gstreamer-${n}-sys`, rules: [lib(['gst_all_1.gst-plugins-bad'])] })),
  { crate: 'gstreamer-editing-services-sys', rules: [lib(['gst_all_1.gst-editing-services'])] },
  { crate: 'gstreamer-rtsp-server-sys', rules: [lib(['gst_all_1.gst-rtsp-server'])] },
  { crate: 'gstreamer-validate-sys', rules: [lib(['gst_all_1.gst-devtools'])] },
];

const exact = new Map<string, CrateRow>();
const prefixes: CrateRow[] = [];
for (const row of TABLE) row.crate.endsWith('*') ? prefixes.push(row) : exact.set(row.crate, row);

export function rowFor(crate: string): CrateRow | undefined {
  return exact.get(crate) ?? prefixes.find((r) => crate.startsWith(r.crate.slice(0, -1)));
}

/** The rules of `crate`'s row that hold for these facts, with their env resolved. */
export function rulesFor(crate: string, facts: CrateFacts): (InputRule & { envAll: Record<string, string | boolean> })[] {
  return (rowFor(crate)?.rules ?? [])
    .filter((r) => !r.when || r.when(facts))
    .map((r) => ({ ...r, build: [...(r.build ?? []), ...(r.buildFor?.(facts) ?? [])], envAll: { ...r.env, ...r.envFor?.(facts) } }));
}

/** Every attribute the table can infer: an input outside this set is not ours to call unused. */
export const KNOWN_ATTRS: ReadonlySet<string> = new Set([...TABLE.flatMap((r) => r.rules.flatMap((x) => [...(x.native ?? []), ...(x.build ?? [])])), 'ffmpeg_6', 'ffmpeg_7']);
