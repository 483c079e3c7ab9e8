// Which nixpkgs inputs a crate that the build compiles needs on Linux. Data,
// not code: one row per crate, conditions on its version and features.
// Broader than nix-init's table (every row of it, `xorg.libXi` fixed) plus
// crates it misses. pkg-config is attached to the rows that really link a
// system library through it, not to the mere presence of the pkg-config crate.

export interface CrateFacts {
  version: string;
  features: ReadonlySet<string>;
  /** Whether `features` is known (from the workspace's manifests) or assumed default. */
  featuresKnown: boolean;
}

export interface InputRule {
  native?: string[];
  build?: string[];
  env?: Record<string, string | boolean>;
  linuxOnly?: boolean;
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

const has = (...f: string[]) => (c: CrateFacts) => f.some((x) => c.features.has(x));
const lacks = (...f: string[]) => (c: CrateFacts) => !f.some((x) => c.features.has(x));

/** Semver-ish comparison of dotted versions, ignoring pre-release tags. */
export function versionLt(a: string, b: string): boolean {
  const pa = a.split(/[.+-]/).map((x) => parseInt(x, 10) || 0);
  const pb = b.split(/[.+-]/).map((x) => parseInt(x, 10) || 0);
  for (let i = 0; i < 3; i++) if ((pa[i] ?? 0) !== (pb[i] ?? 0)) return (pa[i] ?? 0) < (pb[i] ?? 0);
  return false;
}
const before = (v: string) => (c: CrateFacts) => versionLt(c.version, v);
const since = (v: string) => (c: CrateFacts) => !versionLt(c.version, v);
const lib = (build: string[], extra: Partial<InputRule> = {}): InputRule => ({ native: ['pkg-config'], build, note: 'links the system library', ...extra });


export const TABLE: CrateRow[] = [
  // TLS, compression, databases: the inputs most Rust services need.
  // Vendored OpenSSL would build openssl-src (Perl, minutes, no security
  // updates); nixpkgs links the system one instead and says so with OPENSSL_NO_VENDOR.
  { crate: 'openssl-sys', rules: [
    lib(['openssl'], { when: lacks('vendored') }),
    lib(['openssl'], { when: has('vendored'), env: { OPENSSL_NO_VENDOR: true }, note: 'asks for a vendored OpenSSL; link the system one instead' }),
  ] },
  { crate: 'libsqlite3-sys', rules: [lib(['sqlite'], { when: lacks('bundled', 'bundled-sqlcipher', 'bundled-sqlcipher-vendored-openssl', 'bundled_bindings') })] },
  { crate: 'pq-sys', rules: [lib(['postgresql'], { when: lacks('bundled') })] },
  { crate: 'mysqlclient-sys', rules: [lib(['libmysqlclient'], { when: lacks('bundled') })] },
  { crate: 'zstd-sys', rules: [lib(['zstd'], { when: has('pkg-config'), env: { ZSTD_SYS_USE_PKG_CONFIG: true } })] },
  { crate: 'libz-sys', rules: [lib(['zlib'], { when: (c) => !c.features.has('static') && !(c.features.has('zlib-ng') && !c.features.has('stock-zlib')) })] },
  { crate: 'libz-ng-sys', rules: [{ native: ['cmake'], note: 'builds zlib-ng with CMake' }] },
  { crate: 'bzip2-sys', rules: [lib(['bzip2'], { when: lacks('static') })] },
  { crate: 'libbzip3-sys', rules: [lib(['bzip3'], { when: lacks('bundled') })] },
  { crate: 'lzma-sys', rules: [lib(['xz'], { when: lacks('static') })] },
  { crate: 'liblzma-sys', rules: [lib(['xz'], { when: lacks('static') })] },
  { crate: 'lz4-sys', rules: [] }, // builds the bundled lz4 with cc
  { crate: 'libnghttp2-sys', rules: [] }, // bundled nghttp2
  { crate: 'curl-sys', rules: [lib(['curl'], { when: lacks('static-curl') })] },
  // libgit2-sys links a system libgit2 only when its version matches exactly and
  // builds the bundled copy otherwise: nothing is needed (LIBGIT2_NO_VENDOR=1 + libgit2 opts in).
  { crate: 'libgit2-sys', rules: [] },
  { crate: 'libssh2-sys', rules: [lib(['libssh2'], { when: lacks('vendored-openssl'), env: { LIBSSH2_SYS_USE_PKG_CONFIG: true } })] },
  { crate: 'onig_sys', rules: [lib(['oniguruma'], { env: { RUSTONIG_SYSTEM_LIBONIG: true } })] },
  { crate: 'pcre2-sys', rules: [lib(['pcre2'], { when: lacks('static') })] },
  { crate: 'libsodium-sys', rules: [lib(['libsodium'], { env: { SODIUM_USE_PKG_CONFIG: true } })] },
  { crate: 'libsodium-sys-stable', rules: [lib(['libsodium'], { env: { SODIUM_USE_PKG_CONFIG: true } })] },
  { crate: 'aws-lc-sys', rules: [{ native: ['cmake'], when: before('0.21.0'), note: 'builds AWS-LC with CMake (0.21 and later use cc)' }] },
  { crate: 'aws-lc-fips-sys', rules: [{ native: ['cmake', 'go'], note: 'builds the FIPS module with CMake and Go' }] },
  { crate: 'librocksdb-sys', rules: [
    { build: ['rocksdb'], env: { ROCKSDB_INCLUDE_DIR: '${rocksdb}/include', ROCKSDB_LIB_DIR: '${rocksdb}/lib' }, note: 'links the system RocksDB instead of a long bundled build' },
    { build: ['liburing'], linuxOnly: true, when: has('io-uring') },
  ] },
  { crate: 'rdkafka-sys', rules: [
    lib(['rdkafka'], { when: has('dynamic-linking') }),
    { native: ['cmake'], when: has('cmake-build') },
  ] },
  { crate: 'zmq-sys', rules: [lib(['zeromq'])] },
  { crate: 'nettle-sys', rules: [lib(['nettle'])] },
  { crate: 'gpgme-sys', rules: [{ native: ['gpgme'], build: ['gpgme'] }] },
  { crate: 'libgpg-error-sys', rules: [{ native: ['libgpg-error'], build: ['libgpg-error'] }] },
  { crate: 'pam-sys', rules: [{ build: ['linux-pam'], linuxOnly: true }] },
  { crate: 'libseccomp-sys', rules: [lib(['libseccomp'], { linuxOnly: true })] },
  { crate: 'expat-sys', rules: [{ native: ['cmake'], build: ['expat'] }] },
  { crate: 'freetype-sys', rules: [lib(['freetype'])] },
  { crate: 'servo-fontconfig-sys', rules: [lib(['fontconfig'])] },
  { crate: 'yeslogic-fontconfig-sys', rules: [lib(['fontconfig'], { when: lacks('dlopen') })] },
  { crate: 'libxml', rules: [lib(['libxml2'])] },
  { crate: 'ncurses', rules: [lib(['ncurses'])] },
  { crate: 'llvm-sys', rules: [{ build: ['libxml2', 'ncurses', 'zlib'], note: 'links LLVM and what it links' }] },
  { crate: 'spirv-tools-sys', rules: [{ build: ['spirv-tools'] }] },
  { crate: 'hdf5-sys', rules: [{ build: ['hdf5'], when: lacks('static') }] },
  { crate: 'libduckdb-sys', rules: [{ build: ['duckdb'], when: lacks('bundled') }] },
  { crate: 'sdl2-sys', rules: [lib(['SDL2'], { when: lacks('bundled') }), { native: ['cmake'], when: has('bundled') }] },
  { crate: 'hidapi', rules: [lib(['udev'], { linuxOnly: true, when: lacks('linux-native-basic-udev', 'linux-static-libusb') })] },
  { crate: 'libusb1-sys', rules: [lib(['libusb1'], { when: lacks('vendored') })] },
  { crate: 'capnpc', rules: [{ native: ['capnproto'], note: 'runs the capnp compiler from its build script' }] },
  { crate: 'tikv-jemalloc-sys', rules: [{ build: ['rust-jemalloc-sys'], when: has('unprefixed_malloc_on_supported_platforms'), note: 'replaces the system allocator' }] },
  { crate: 'jemalloc-sys', rules: [{ build: ['rust-jemalloc-sys'], when: has('unprefixed_malloc_on_supported_platforms') }] },
  { crate: 'libmimalloc-sys', rules: [] }, // bundled mimalloc
  { crate: 'ring', rules: [] }, // assembly and C built with cc
  // Build tools run by build scripts.
  { crate: 'bindgen', rules: [{ native: ['rustPlatform.bindgenHook'], note: 'runs bindgen, which needs libclang' }] },
  { crate: 'prost-build', rules: [{ native: ['protobuf'], note: 'runs protoc on .proto files' }] },
  { crate: 'protoc-rust', rules: [{ native: ['protobuf'], note: 'runs protoc' }] },
  { crate: 'protobuf-src', rules: [{ native: ['cmake'], note: 'builds protoc from source with CMake' }] },
  { crate: 'cmake', rules: [{ native: ['cmake'], note: 'its build script calls CMake' }] },
  { crate: 'glib-build-tools', rules: [{ native: ['glib'], note: 'runs glib-compile-resources' }] },
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
  { crate: 'v4l2-sys-mit', rules: [lib(['v4l-utils'], { linuxOnly: true })] },
  { crate: 'v4l-sys', rules: [lib(['v4l-utils'], { linuxOnly: true })] },
  { crate: 'ash', rules: [{ build: ['vulkan-loader'], when: has('linked'), note: 'links libvulkan' }] },
  { crate: 'wayland-sys', rules: [lib(['wayland'], { linuxOnly: true, when: lacks('dlopen') })] },
  { crate: 'xkbcommon-sys', rules: [lib(['libxkbcommon'], { linuxOnly: true })] },
  { crate: 'xkbcommon', rules: [lib(['libxkbcommon'], { linuxOnly: true, when: lacks('x11') })] },
  { crate: 'smithay-client-toolkit', rules: [lib(['libxkbcommon'], { linuxOnly: true })] },
  { crate: 'xcb', rules: [lib(['xorg.libxcb'], { linuxOnly: true }), { native: ['python3'], when: before('0.10.0'), note: 'generates bindings with Python' }] },
  { crate: 'x11', rules: [
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
  ] },
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
  { crate: 'webkit2gtk-sys', rules: [lib(['webkitgtk_4_1'])] },
  { crate: 'webkit2gtk-webextension-sys', rules: [lib(['webkitgtk_4_1'])] },
  { crate: 'webkit6-sys', rules: [lib(['webkitgtk_6_0'])] },
  { crate: 'javascriptcore-rs-sys', rules: [lib(['webkitgtk_4_1'])] },
  { crate: 'poppler-sys-rs', rules: [lib(['poppler'])] },
  { crate: 'lcms2-sys', rules: [lib(['lcms2'])] },
  { crate: 'libwebp-sys2', rules: [lib(['libwebp'], { when: lacks('static') })] },
  { crate: 'libmpv-sys', rules: [lib(['mpv'])] },
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
for (const row of TABLE) (row.crate.endsWith('*') ? prefixes.push(row) : exact.set(row.crate, row));

export function rowFor(crate: string): CrateRow | undefined {
  return exact.get(crate) ?? prefixes.find((r) => crate.startsWith(r.crate.slice(0, -1)));
}

/** Every attribute the table can infer: an input outside this set is not ours to call unused. */
export const KNOWN_ATTRS: ReadonlySet<string> = new Set(TABLE.flatMap((r) => r.rules.flatMap((x) => [...(x.native ?? []), ...(x.build ?? [])])));
