// What Cargo.lock cannot tell: which crates exist only for other platforms,
// which edges of popular crates hang on a feature, and how features travel
// down well-known chains. The lock records neither edge kinds, targets nor
// features (it is resolved with every feature of every member on), and the
// registry manifests that would say so are not available offline; these
// facts cover the crates that decide native inputs.

import { versionLt } from '../../../shared/src/version';
/** Crates compiled only for Windows, Apple, wasm, Android or other non-Linux targets. */
const PLATFORM_ONLY = [
  /^windows(-.*|_.*)?$/,
  /^winapi(-.*)?$/,
  /^winreg$/,
  /^winres$/,
  /^winresource$/,
  /^embed-resource$/,
  /^schannel$/,
  /^ntapi$/,
  /^wepoll-ffi$/,
  /^widestring$/,
  /^windows-targets$/,
  /^vswhom(-sys)?$/,
  /^nvapi-sys$/,
  /^wio$/,
  /^dwrote$/,
  /^clipboard-win$/,
  /^known-folders$/,
  /^wmi$/,
  /^core-foundation(-sys)?$/,
  /^core-graphics(-.*)?$/,
  /^core-text$/,
  /^core-video-sys$/,
  /^core-audio-types$/,
  /^coreaudio-(rs|sys)$/,
  /^cocoa(-.*)?$/,
  /^objc(2)?(-.*)?$/,
  /^block2?$/,
  /^dispatch2?$/,
  /^security-framework(-sys)?$/,
  /^system-configuration(-sys)?$/,
  /^fsevent(-sys)?$/,
  /^kqueue(-sys)?$/,
  /^mach2?$/,
  /^mach-o-sys$/,
  /^io-kit-sys$/,
  /^mac-notification-sys$/,
  /^cocoa-foundation$/,
  /^metal$/,
  /^apple-.*$/,
  /^libproc$/,
  /^malloc_buf$/,
  /^wasm-bindgen(-.*)?$/,
  /^js-sys$/,
  /^web-sys$/,
  /^wasi$/,
  /^wasip2$/,
  /^wit-bindgen(-.*)?$/,
  /^gloo(-.*)?$/,
  /^android(-.*|_.*)?$/,
  /^ndk(-.*)?$/,
  /^jni(-sys)?$/,
  /^oboe(-sys)?$/,
  /^redox_.*$/,
  /^libredox$/,
  /^hermit-abi$/,
  /^fuchsia-.*$/,
];

const platformOnlyMemo = new Map<string, boolean>();

export function platformOnly(crate: string): boolean {
  let v = platformOnlyMemo.get(crate);
  if (v === undefined) platformOnlyMemo.set(crate, (v = PLATFORM_ONLY.some((re) => re.test(crate))));
  return v;
}

/** An edge `from → to` exists only when `from` has one of `features` (or `default` for default-on ones). */
interface Gate {
  from: string;
  to: RegExp;
  features: string[];
  /** The gate holds only from this version of `from` on (older ones always had the edge). */
  since?: string;
  /** The gate holds only before this version of `from` (another gate takes over from there). */
  until?: string;
}

const GATES: Gate[] = [
  // reqwest before 0.13: native-tls is its default TLS; `default-features = false` turns it off.
  // From 0.13 rustls (aws-lc) is the default and native-tls must be asked for.
  { from: 'reqwest', to: /^(hyper-tls|native-tls|tokio-native-tls)$/, features: ['default', 'default-tls', 'native-tls', 'native-tls-vendored', 'native-tls-alpn'], until: '0.13.0' },
  { from: 'reqwest', to: /^(hyper-tls|native-tls|tokio-native-tls)$/, features: ['native-tls', 'native-tls-vendored', 'native-tls-no-alpn', 'native-tls-vendored-no-alpn'], since: '0.13.0' },
  { from: 'lettre', to: /^native-tls$/, features: ['default', 'native-tls', 'tokio1-native-tls', 'async-std1-native-tls'] },
  { from: 'tungstenite', to: /^native-tls$/, features: ['native-tls', 'native-tls-vendored'] },
  { from: 'tokio-tungstenite', to: /^(native-tls|tokio-native-tls)$/, features: ['native-tls', 'native-tls-vendored'] },
  { from: 'async-tungstenite', to: /^(native-tls|tokio-native-tls|async-native-tls)$/, features: ['async-native-tls', 'tokio-native-tls', 'async-std-native-tls'] },
  { from: 'ureq', to: /^native-tls$/, features: ['native-tls'] },
  { from: 'git2', to: /^(openssl-sys|openssl-probe)$/, features: ['default', 'https'] },
  { from: 'libgit2-sys', to: /^libssh2-sys$/, features: ['ssh'] },
  { from: 'libgit2-sys', to: /^openssl-sys$/, features: ['https'] },
  { from: 'libssh2-sys', to: /^openssl-sys$/, features: ['default', 'openssl-on-win32', 'vendored-openssl'] },
  { from: 'curl', to: /^openssl-(sys|probe)$/, features: ['default', 'ssl'] },
  { from: 'curl-sys', to: /^openssl-sys$/, features: ['default', 'ssl'] },
  { from: 'sqlx', to: /^sqlx-sqlite$/, features: ['sqlite', 'sqlite-unbundled', '_sqlite'] },
  { from: 'sqlx', to: /^sqlx-postgres$/, features: ['postgres'] },
  { from: 'sqlx', to: /^sqlx-mysql$/, features: ['mysql'] },
  { from: 'sqlx-core', to: /^native-tls$/, features: ['_tls-native-tls'] },
  { from: 'diesel', to: /^libsqlite3-sys$/, features: ['sqlite'] },
  { from: 'diesel', to: /^pq-sys$/, features: ['postgres'] },
  { from: 'diesel', to: /^mysqlclient-sys$/, features: ['mysql'] },
  { from: 'flate2', to: /^libz-sys$/, features: ['zlib', 'zlib-default', 'zlib-ng-compat', 'cloudflare_zlib'] },
  { from: 'flate2', to: /^libz-ng-sys$/, features: ['zlib-ng'] },
  { from: 'zip', to: /^(bzip2|zstd|lzma-rs|xz2|deflate64)$/, features: ['default', 'bzip2', 'zstd', 'lzma', 'xz', 'deflate64'] },
  { from: 'rodio', to: /^cpal$/, features: ['default', 'playback'] },
  { from: 'cpal', to: /^jack$/, features: ['jack'] },
  { from: 'wayland-backend', to: /^wayland-sys$/, features: ['client_system', 'server_system', 'dlopen'] },
  { from: 'async-std', to: /^async-native-tls$/, features: ['native-tls'] },
  { from: 'actix-tls', to: /^(openssl|tokio-openssl)$/, features: ['openssl'] },
  { from: 'actix-web', to: /^openssl$/, features: ['openssl'] },
  { from: 'awc', to: /^openssl$/, features: ['openssl'] },
  { from: 'actix-http', to: /^openssl$/, features: ['openssl'] },
  // aws-lc-sys builds with cc on x86_64/aarch64 Linux since 0.15 (aws-lc-rs
  // 1.7.0); the cmake crate stays a build-dependency for other targets.
  { from: 'aws-lc-sys', to: /^cmake$/, features: ['fips'], since: '0.15.0' },
  // openssl-src is only built for `vendored` (the lock has it whenever any feature anywhere asks).
  { from: 'openssl-sys', to: /^openssl-src$/, features: ['vendored'] },
  { from: 'libssh2-sys', to: /^openssl-src$/, features: ['vendored-openssl'] },
  { from: 'curl-sys', to: /^libnghttp2-sys$/, features: ['http2'] },
  // prost-build < 0.11 builds its bundled protobuf with CMake unless PROTOC is
  // set, and the table always sets it for those versions.
  { from: 'prost-build', to: /^cmake$/, features: [] },
  // opener talks to the file manager over D-Bus only for `reveal` (0.6 on); opening a path or URL needs no libdbus.
  { from: 'opener', to: /^dbus$/, features: ['reveal'], since: '0.6.0' },
  { from: 'update-informer', to: /^reqwest$/, features: ['default', 'reqwest'] },
  { from: 'update-informer', to: /^ureq$/, features: ['ureq'] },
  { from: 'sentry', to: /^reqwest$/, features: ['default', 'transport', 'reqwest'] },
  { from: 'sentry', to: /^native-tls$/, features: ['default', 'transport', 'native-tls'] },
  { from: 'sentry', to: /^curl$/, features: ['curl'] },
  { from: 'rdkafka-sys', to: /^cmake$/, features: ['cmake-build'] },
  { from: 'rdkafka-sys', to: /^openssl-sys$/, features: ['ssl', 'ssl-vendored'] },
  { from: 'rdkafka-sys', to: /^sasl2-sys$/, features: ['gssapi', 'gssapi-vendored'] },
  { from: 'rdkafka-sys', to: /^zstd-sys$/, features: ['zstd', 'zstd-pkg-config'] },
  { from: 'rdkafka-sys', to: /^libz-sys$/, features: ['default', 'libz', 'libz-static'] },
];

const gatesByFrom = new Map<string, Gate[]>();
for (const g of GATES) gatesByFrom.set(g.from, [...(gatesByFrom.get(g.from) ?? []), g]);

/**
 * Whether the edge from → to is built. `features` are those known to be on for
 * `from`; undefined means unknown (reached through crates we know nothing about):
 * then the crate's defaults are assumed.
 */
export function edgeActive(from: string, to: string, features: ReadonlySet<string> | undefined, fromVersion = '0'): boolean {
  const gates = gatesByFrom.get(from)?.filter((g) => g.to.test(to) && (!g.since || !versionLt(fromVersion, g.since)) && (!g.until || versionLt(fromVersion, g.until)));
  if (!gates?.length) return true;
  if (!features) return gates.some((g) => g.features.includes('default'));
  return gates.some((g) => g.features.some((f) => features.has(f)));
}

/** Whether edgeActive answers alike for `from` at versions a and b, whatever the edge and features (infer/reuse.ts). */
export function edgesGatedAlike(from: string, a: string, b: string): boolean {
  const within = (g: Gate, v: string) => (!g.since || !versionLt(v, g.since)) && (!g.until || versionLt(v, g.until));
  return gatesByFrom.get(from)?.every((g) => within(g, a) === within(g, b)) ?? true;
}

/** `from` with feature `feature` turns on `toFeature` of `to`. */
interface Forward {
  from: string;
  feature: string;
  to: string;
  toFeature: string;
}

const FORWARDS: Forward[] = [
  { from: 'reqwest', feature: 'native-tls-vendored', to: 'native-tls', toFeature: 'vendored' },
  { from: 'reqwest', feature: 'native-tls-vendored-no-alpn', to: 'native-tls', toFeature: 'vendored' },
  { from: 'tokio-tungstenite', feature: 'native-tls-vendored', to: 'tungstenite', toFeature: 'native-tls-vendored' },
  { from: 'tokio-tungstenite', feature: 'native-tls-vendored', to: 'native-tls', toFeature: 'vendored' },
  { from: 'tungstenite', feature: 'native-tls-vendored', to: 'native-tls', toFeature: 'vendored' },
  { from: 'native-tls', feature: 'vendored', to: 'openssl', toFeature: 'vendored' },
  { from: 'openssl', feature: 'vendored', to: 'openssl-sys', toFeature: 'vendored' },
  { from: 'git2', feature: 'vendored-libgit2', to: 'libgit2-sys', toFeature: 'vendored' },
  { from: 'git2', feature: 'vendored-openssl', to: 'libgit2-sys', toFeature: 'vendored-openssl' },
  { from: 'git2', feature: 'default', to: 'libgit2-sys', toFeature: 'ssh' },
  { from: 'git2', feature: 'default', to: 'libgit2-sys', toFeature: 'https' },
  { from: 'git2', feature: 'ssh', to: 'libgit2-sys', toFeature: 'ssh' },
  { from: 'git2', feature: 'https', to: 'libgit2-sys', toFeature: 'https' },
  { from: 'libgit2-sys', feature: 'vendored-openssl', to: 'openssl-sys', toFeature: 'vendored' },
  { from: 'libgit2-sys', feature: 'vendored-openssl', to: 'libssh2-sys', toFeature: 'vendored-openssl' },
  { from: 'libssh2-sys', feature: 'vendored-openssl', to: 'openssl-sys', toFeature: 'vendored' },
  { from: 'rusqlite', feature: 'bundled', to: 'libsqlite3-sys', toFeature: 'bundled' },
  { from: 'rusqlite', feature: 'bundled-full', to: 'libsqlite3-sys', toFeature: 'bundled' },
  { from: 'rusqlite', feature: 'bundled-sqlcipher', to: 'libsqlite3-sys', toFeature: 'bundled-sqlcipher' },
  // sqlx builds SQLite from source unless `sqlite-unbundled` is asked for.
  { from: 'sqlx', feature: 'sqlite', to: 'sqlx-sqlite', toFeature: 'bundled' },
  { from: 'sqlx-sqlite', feature: 'bundled', to: 'libsqlite3-sys', toFeature: 'bundled' },
  { from: 'sqlx-sqlite', feature: 'default', to: 'libsqlite3-sys', toFeature: 'bundled' },
  { from: 'diesel', feature: 'sqlite', to: 'libsqlite3-sys', toFeature: 'default' },
  { from: 'zstd', feature: 'pkg-config', to: 'zstd-safe', toFeature: 'pkg-config' },
  { from: 'zstd-safe', feature: 'pkg-config', to: 'zstd-sys', toFeature: 'pkg-config' },
  { from: 'curl', feature: 'static-curl', to: 'curl-sys', toFeature: 'static-curl' },
  { from: 'curl', feature: 'static-ssl', to: 'openssl-sys', toFeature: 'vendored' },
  { from: 'curl', feature: 'ssl', to: 'curl-sys', toFeature: 'ssl' },
  { from: 'curl', feature: 'default', to: 'curl-sys', toFeature: 'ssl' },
  { from: 'xz2', feature: 'static', to: 'lzma-sys', toFeature: 'static' },
  { from: 'bzip2', feature: 'static', to: 'bzip2-sys', toFeature: 'static' },
  { from: 'pcre2', feature: 'static', to: 'pcre2-sys', toFeature: 'static' },
  { from: 'dbus', feature: 'vendored', to: 'libdbus-sys', toFeature: 'vendored' },
  { from: 'rusb', feature: 'vendored', to: 'libusb1-sys', toFeature: 'vendored' },
  { from: 'flate2', feature: 'zlib-ng', to: 'libz-ng-sys', toFeature: 'default' },
  { from: 'x11-dl', feature: 'default', to: 'x11', toFeature: 'dlopen' },
  { from: 'actix-web', feature: 'openssl', to: 'actix-tls', toFeature: 'openssl' },
  { from: 'awc', feature: 'openssl', to: 'actix-tls', toFeature: 'openssl' },
  { from: 'actix-web', feature: 'openssl', to: 'actix-http', toFeature: 'openssl' },
  { from: 'wayland-backend', feature: 'dlopen', to: 'wayland-sys', toFeature: 'dlopen' },
  { from: 'gtk4', feature: 'blueprint', to: 'gtk4-macros', toFeature: 'blueprint' },
  { from: 'wayland-client', feature: 'dlopen', to: 'wayland-sys', toFeature: 'dlopen' },
];

/** Whether a feature name talks about dependency `dep`: `openssl` ↔ openssl, `sdl-backend` ↔ sdl2, `pulseaudio-backend` ↔ libpulse-binding. */
export function featureNamesDep(feature: string, dep: string): boolean {
  const stem = feature.replace(/[-_](backend|support|tls|client|server|sys|rs)$/g, '').replace(/[-_]\d.*$/, '');
  const core = dep.replace(/^lib/, '').replace(/[-_](binding|bindings|rs|sys|simple-binding)$/g, '');
  if (stem.length < 3 || core.length < 3) return false;
  return stem === dep || stem === core || dep.startsWith(stem) || core.startsWith(stem) || (core.length >= 4 && stem.startsWith(core));
}

const forwardsByFrom = new Map<string, Forward[]>();
for (const f of FORWARDS) forwardsByFrom.set(f.from, [...(forwardsByFrom.get(f.from) ?? []), f]);

/** Features `from` (with `features` on) turns on in `to`; undefined when we know nothing of this edge. */
export function forwardedFeatures(from: string, features: ReadonlySet<string> | undefined, to: string): Set<string> | undefined {
  const rules = forwardsByFrom.get(from)?.filter((f) => f.to === to);
  if (!rules?.length) return undefined;
  const out = new Set<string>(['default']);
  for (const r of rules) if (!features || features.has(r.feature)) out.add(r.toFeature);
  return out;
}

/**
 * Features of `from` that Cargo.lock proves off: a feature that pulls in a crate
 * (openssl-sys `vendored` → openssl-src) cannot be on when the lock lists no such
 * dependency of `from`. `children`: the crate names of `from`'s lock entry.
 */
export function featuresRuledOutByLock(from: string, children: readonly string[], fromVersion = '0'): Set<string> {
  const off = new Set<string>();
  for (const g of gatesByFrom.get(from) ?? []) {
    if ((g.since && versionLt(fromVersion, g.since)) || (g.until && !versionLt(fromVersion, g.until))) continue;
    if (children.some((c) => g.to.test(c))) continue;
    for (const f of g.features) if (f !== 'default') off.add(f);
  }
  return off;
}
