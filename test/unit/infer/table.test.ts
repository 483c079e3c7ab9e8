import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { targetApplies } from '../../../server/src/infer/cfg';
import { edgeActive, forwardedFeatures, platformOnly } from '../../../server/src/infer/knowledge';
import { versionLt } from '../../../shared/src/version';
import { KNOWN_ATTRS, rulesFor, TABLE, type CrateFacts } from '../../../server/src/infer/table';

/** The inputs and env a crate's row gives for a version and features. */
function row(crate: string, version: string, features: string[] = ['default'], vendored: CrateFacts['vendored'] = 'system') {
  const rules = rulesFor(crate, { version, features: new Set(features), featuresKnown: true, vendored });
  return {
    native: [...new Set(rules.flatMap((r) => r.native ?? []))].sort(),
    build: [...new Set(rules.flatMap((r) => r.build ?? []))].sort(),
    env: Object.assign({}, ...rules.map((r) => r.envAll)) as Record<string, string | boolean>,
  };
}

describe('table rows', () => {
  it("covers nix-init's rows, with the xinput row fixed to xorg.libXi", () => {
    for (const c of [
      'alsa-sys',
      'ash',
      'atk-sys',
      'bindgen',
      'bzip2-sys',
      'cairo-sys-rs',
      'curl-sys',
      'evdev-sys',
      'expat-sys',
      'freetype-sys',
      'gdk-pixbuf-sys',
      'gdk-sys',
      'gdk4-sys',
      'glib-sys',
      'glycin',
      'gpgme-sys',
      'gsk4-sys',
      'gspell-sys',
      'gstreamer-sys',
      'gstreamer-webrtc-sys',
      'gtk-sys',
      'gtk4-layer-shell-sys',
      'gtk4-sys',
      'gweather-sys',
      'input-sys',
      'jemalloc-sys',
      'tikv-jemalloc-sys',
      'lcms2-sys',
      'libadwaita-sys',
      'libdbus-sys',
      'libgit2-sys',
      'libgpg-error-sys',
      'libhandy-sys',
      'liblzma-sys',
      'lzma-sys',
      'libmpv-sys',
      'libpanel-sys',
      'libpulse-sys',
      'librocksdb-sys',
      'libseat-sys',
      'libseccomp-sys',
      'libsecret-sys',
      'libshumate-sys',
      'libsodium-sys',
      'libsodium-sys-stable',
      'libspa-sys',
      'pipewire-sys',
      'libsqlite3-sys',
      'libudev-sys',
      'libusb1-sys',
      'libwebp-sys2',
      'libxml',
      'libz-sys',
      'llvm-sys',
      'ncurses',
      'nettle-sys',
      'onig_sys',
      'openssl-sys',
      'pam-sys',
      'pango-sys',
      'poppler-sys-rs',
      'pq-sys',
      'prost-build',
      'rdkafka-sys',
      'servo-fontconfig-sys',
      'yeslogic-fontconfig-sys',
      'smithay-client-toolkit',
      'xkbcommon',
      'xkbcommon-sys',
      'soup-sys',
      'soup2-sys',
      'soup3-sys',
      'sourceview4-sys',
      'sourceview5-sys',
      'spirv-tools-sys',
      'tracker-sys',
      'vte4-sys',
      'wayland-sys',
      'webkit2gtk-sys',
      'webkit2gtk-webextension-sys',
      'webkit6-sys',
      'wireplumber',
      'x11',
      'xcb',
      'zmq-sys',
      'zstd-sys',
    ]) {
      assert.ok(
        TABLE.some((r) => r.crate === c),
        `row for ${c}`,
      );
    }
    assert.deepEqual(row('x11', '2.21.0', ['xinput', 'xlib']).build, ['xorg.libX11', 'xorg.libXi']);
    assert.ok(!KNOWN_ATTRS.has('xorg.libX1'));
  });

  it('has the crates nix-init misses', () => {
    assert.deepEqual(row('aws-lc-sys', '0.14.1').native, ['cmake']);
    assert.deepEqual(row('aws-lc-sys', '0.28.0'), { native: [], build: [], env: {} }, 'cc alone on Linux from 0.15');
    assert.deepEqual(row('aws-lc-fips-sys', '0.13.0').native, ['cmake', 'go']);
    assert.deepEqual(row('libssh2-sys', '0.3.0'), { native: [], build: [], env: {} }, 'builds its bundled libssh2 unless asked');
    assert.deepEqual(row('libssh2-sys', '0.3.0', ['default'], 'all-system'), { native: ['pkg-config'], build: ['libssh2'], env: { LIBSSH2_SYS_USE_PKG_CONFIG: true } });
    assert.deepEqual(row('onig_sys', '69.9.1'), { native: [], build: [], env: {} }, 'builds its bundled Oniguruma unless asked');
    assert.deepEqual(row('onig_sys', '69.9.1', ['default'], 'all-system').env, { RUSTONIG_SYSTEM_LIBONIG: true });
    assert.deepEqual(row('lz4-sys', '1.11.1').build, []);
    assert.deepEqual(row('libmimalloc-sys', '0.1.39').build, []);
    assert.deepEqual(row('ring', '0.17.8'), { native: [], build: [], env: {} });
    assert.deepEqual(row('rdkafka-sys', '4.8.0', ['cmake-build']).native, ['cmake']);
    assert.deepEqual(row('rdkafka-sys', '4.8.0', ['dynamic-linking']).build, ['rdkafka']);
    assert.deepEqual(row('protobuf-src', '1.1.0+21.5').native, [], 'configure + make, both in stdenv');
    assert.deepEqual(row('sdl2-sys', '0.37.0', ['bundled']), { native: ['cmake'], build: [], env: {} });
    assert.deepEqual(row('sdl2-sys', '0.37.0').build, ['SDL2']);
    assert.deepEqual(row('hidapi', '2.6.3', ['linux-static-hidraw']).build, ['udev']);
    assert.deepEqual(row('libusb1-sys', '0.7.0', ['vendored']).build, []);
    assert.deepEqual(row('libusb1-sys', '0.7.0').build, [], 'falls back to its bundled libusb when the probe fails');
    assert.deepEqual(row('libusb1-sys', '0.7.0', ['default'], 'all-system').build, ['libusb1']);
    assert.deepEqual(row('mysqlclient-sys', '0.4.1').build, ['mariadb-connector-c']);
    assert.deepEqual(
      row('librocksdb-sys', '0.17.1+9.9.3'),
      { native: [], build: [], env: { ROCKSDB_INCLUDE_DIR: '${rocksdb}/include', ROCKSDB_LIB_DIR: '${rocksdb}/lib' } },
      'the env brings rocksdb into the build: no buildInputs line',
    );
    assert.deepEqual(row('gmp-mpfr-sys', '1.6.5'), { native: [], build: ['gmp', 'libmpc', 'mpfr'], env: { CARGO_FEATURE_USE_SYSTEM_LIBS: true } });
    assert.deepEqual(row('gmp-mpfr-sys', '1.6.5', ['mpfr']).build, ['gmp', 'mpfr'], "rug's `float` alone: no MPC");
    assert.deepEqual(row('gmp-mpfr-sys', '1.6.5', ['mpfr', 'use-system-libs']).env, {}, 'the feature is on already');
    assert.deepEqual(row('gmp-mpfr-sys', '1.6.5', ['default'], 'bundled'), { native: ['gnum4'], build: [], env: {} }, "the bundled GMP's configure needs m4");
    assert.deepEqual(row('sixel-sys', '0.3.1').build, ['libsixel'], 'a dylib built in OUT_DIR: the program needs libsixel at run time');
    assert.deepEqual(row('capnpc', '0.20.0').native, ['capnproto']);
    assert.deepEqual(row('libduckdb-sys', '1.1.1', ['bundled']).build, []);
    assert.deepEqual(row('bzip2-sys', '0.1.11').build, [], 'falls back to its bundled bzip2');
    assert.deepEqual(row('bzip2-sys', '0.1.11', ['default'], 'all-system').build, ['bzip2']);
    assert.deepEqual(row('cmake', '0.1.51').native, ['cmake']);
  });

  it('applies version conditions', () => {
    assert.deepEqual(row('libhandy-sys', '0.6.0').build, ['libhandy_0']);
    assert.deepEqual(row('libhandy-sys', '0.11.0').build, ['libhandy']);
    assert.deepEqual(row('xcb', '0.9.0').native, ['pkg-config', 'python3']);
    assert.deepEqual(row('xcb', '1.4.0').native, ['pkg-config']);
    assert.deepEqual(row('webkit2gtk-sys', '0.18.0').build, [], 'webkit2gtk-4.0 is not in the recorded nixpkgs attributes');
    assert.deepEqual(row('webkit2gtk-sys', '2.0.1').build, ['webkitgtk_4_1']);
    assert.deepEqual(row('prost-build', '0.13.3'), { native: ['protobuf'], build: [], env: {} });
    assert.deepEqual(row('prost-build', '0.9.0').env, { PROTOC: '${protobuf}/bin/protoc' });
    assert.deepEqual(row('llvm-sys', '150.1.3').env, { LLVM_SYS_150_PREFIX: '${llvmPackages_15.llvm.dev}' });
    assert.deepEqual(row('llvm-sys', '191.0.0').env, { LLVM_SYS_191_PREFIX: '${llvmPackages_19.llvm.dev}' });
    // ZSTD_SYS_USE_PKG_CONFIG is read from zstd-sys 2.0.5 on.
    assert.deepEqual(row('zstd-sys', '2.0.4+zstd.1.5.2', [], 'all-system').build, []);
    assert.deepEqual(row('zstd-sys', '2.0.9+zstd.1.5.5', [], 'all-system').env, { ZSTD_SYS_USE_PKG_CONFIG: true });
    assert.equal(versionLt('2.0.13+zstd.1.5.6', '2.0.5'), false);
    assert.equal(versionLt('0.9.104', '0.10.0'), true);
  });

  it('provides what crates load with dlopen at run time, and the FFmpeg major a binding targets', () => {
    assert.deepEqual(row('ash', '0.38.0+1.3.281').build, ['vulkan-loader'], 'loads libvulkan by default');
    assert.deepEqual(row('ash', '0.38.0+1.3.281', ['linked']).build, ['vulkan-loader']);
    const facts = (f: string[]) => ({ version: '0.38.0', features: new Set(f), featuresKnown: true, vendored: 'system' as const });
    assert.deepEqual(
      rulesFor('ash', facts(['default'])).map((r) => r.runtime),
      [true],
      'loaded at run time',
    );
    assert.deepEqual(
      rulesFor('ash', facts(['linked'])).map((r) => r.runtime),
      [undefined],
      'linked: needed to build',
    );
    assert.deepEqual(row('x11-dl', '2.21.0').build, ['xorg.libX11', 'xorg.libXcursor', 'xorg.libXi', 'xorg.libXrandr'], 'users unknown: what older winit opened');
    // xkbcommon-dl (winit's keymaps) opens libxkbcommon (and libxkbcommon-x11, same attribute) with dlopen;
    // smithay-client-toolkit probes xkbcommon in its build script: 0.16 unless `dlopen`, 0.17 on behind `xkbcommon`.
    const at = (crate: string, version: string, f: string[]) => rulesFor(crate, { version, features: new Set(f), featuresKnown: true, vendored: 'system' }).map((r) => [r.build, r.runtime ?? false]);
    assert.deepEqual(at('xkbcommon-dl', '0.4.2', ['x11']), [[['libxkbcommon'], true]]);
    assert.deepEqual(at('smithay-client-toolkit', '0.19.2', ['calloop']), [], "winit's: defaults off, no xkbcommon");
    assert.deepEqual(at('smithay-client-toolkit', '0.19.2', ['calloop', 'xkbcommon']), [[['libxkbcommon'], false]]);
    assert.deepEqual(at('smithay-client-toolkit', '0.16.1', ['default', 'calloop']), [[['libxkbcommon'], false]]);
    assert.deepEqual(at('smithay-client-toolkit', '0.16.1', ['dlopen']), []);
    // winit 0.29's XConnection::new opens Xlib, Xcursor, Xlib_xcb and XInput2 (RandR through x11rb); 0.28's
    // also Xrandr; glutin's GLX opens Xlib.
    const opened = (users: [string, string][]) =>
      rulesFor('x11-dl', { version: '2.21.0', features: new Set(['default']), featuresKnown: true, vendored: 'system', users: new Map(users) })
        .flatMap((r) => r.build ?? [])
        .sort();
    assert.deepEqual(opened([['winit', '0.30.8']]), ['xorg.libX11', 'xorg.libXcursor', 'xorg.libXi']);
    assert.deepEqual(
      opened([
        ['winit', '0.30.8'],
        ['glutin', '0.32.1'],
        ['glutin_glx_sys', '0.6.0'],
      ]),
      ['xorg.libX11', 'xorg.libXcursor', 'xorg.libXi'],
    );
    assert.deepEqual(opened([['glutin', '0.32.1']]), ['xorg.libX11']);
    assert.deepEqual(opened([['winit', '0.28.7']]), ['xorg.libX11', 'xorg.libXcursor', 'xorg.libXi', 'xorg.libXrandr']);
    assert.deepEqual(
      opened([
        ['winit', '0.30.8'],
        ['some-toolkit', '1.0.0'],
      ]),
      ['xorg.libX11', 'xorg.libXcursor', 'xorg.libXi', 'xorg.libXrandr'],
      'a user not known here: the wider set',
    );
    assert.deepEqual(row('wayland-sys', '0.31.5', ['dlopen']).build, ['wayland']);
    // lzma-sys' build script: `if !want_static && !msvc && pkg_config::probe_library("liblzma").is_ok() { return; }`, then
    // the bundled xz-5.2 with cc — the same probe-then-bundle as libz-sys and bzip2-sys, so the same decision.
    for (const [crate, version, attr] of [
      ['libz-sys', '1.1.20', 'zlib'],
      ['bzip2-sys', '0.1.11+1.0.8', 'bzip2'],
      ['lzma-sys', '0.1.20', 'xz'],
      ['liblzma-sys', '0.3.3', 'xz'],
    ] as const) {
      assert.deepEqual(row(crate, version).build, [], `${crate}: its bundled fallback builds without the library`);
      assert.deepEqual(row(crate, version, ['default'], 'all-system').build, [attr], `${crate}: all-system links nixpkgs' copy`);
      assert.deepEqual(row(crate, version, ['default', 'static'], 'all-system').build, [], `${crate}: static always builds the bundled copy`);
    }
    // gtk4-macros 0.9's blueprint.rs spawns `blueprint-compiler` for `#[template(string = …)]` Blueprint
    // templates; gtk4's `blueprint = ["gtk4-macros/blueprint"]` is how apps turn it on.
    assert.deepEqual(row('gtk4-macros', '0.9.5', ['blueprint']).native, ['blueprint-compiler']);
    assert.deepEqual(row('gtk4-macros', '0.9.5').native, []);
    assert.deepEqual([...(forwardedFeatures('gtk4', new Set(['blueprint']), 'gtk4-macros') ?? [])].sort(), ['blueprint', 'default']);
    // curl-sys: `if !cfg!(feature = "static-curl") { … else if try_pkg_config() { return; } }`, then the bundled curl.
    assert.deepEqual(row('curl-sys', '0.4.83+curl-8.15.0', ['default', 'ssl']).build, []);
    assert.deepEqual(row('curl-sys', '0.4.83+curl-8.15.0', ['default', 'ssl'], 'all-system').build, ['curl']);
    assert.deepEqual(row('curl-sys', '0.4.83+curl-8.15.0', ['default', 'static-curl'], 'all-system').build, []);
    assert.deepEqual(row('wayland-sys', '0.31.5', ['dlopen']).native, [], 'nothing probed at build time');
    assert.deepEqual(row('khronos-egl', '6.0.0').build, [], 'linked statically only with `static`; dlopen with `dynamic`');
    assert.deepEqual(row('khronos-egl', '6.0.0', ['dynamic']).build, ['libGL']);
    assert.deepEqual(row('ffmpeg-sys-next', '6.1.0').build, ['ffmpeg_6']);
    assert.deepEqual(row('ffmpeg-sys-next', '5.1.1').build, ['ffmpeg'], 'no ffmpeg_5 recorded');
    assert.deepEqual(row('ffmpeg-sys-the-third', '2.0.0+ffmpeg-7.0').build, ['ffmpeg_7']);
    assert.deepEqual(row('ffmpeg-sys-next', '7.0.0', ['build']).build, []);
  });

  it('treats bundled/vendored features: no library, maybe a tool', () => {
    assert.deepEqual(row('libsqlite3-sys', '0.30.1', ['bundled']).build, []);
    assert.deepEqual(row('libsqlite3-sys', '0.30.1').build, ['sqlite']);
    assert.deepEqual(row('libz-sys', '1.1.20', ['static']).build, []);
    assert.deepEqual(row('libz-sys', '1.1.20', ['zlib-ng']).build, []);
    assert.deepEqual(row('libz-sys', '1.1.20', ['zlib-ng', 'stock-zlib']).build, [], 'links a zlib pkg-config finds, else builds its own');
    assert.deepEqual(row('libz-sys', '1.1.20', ['zlib-ng', 'stock-zlib'], 'all-system').build, ['zlib']);
    assert.deepEqual(row('libz-sys', '1.1.20', ['static'], 'all-system').build, []);
    assert.deepEqual(row('openssl-sys', '0.9.104', ['vendored'], 'bundled'), { native: ['perl'], build: [], env: {} });
    assert.deepEqual(row('openssl-sys', '0.9.104', ['vendored']), { native: ['pkg-config'], build: ['openssl'], env: { OPENSSL_NO_VENDOR: true } });
    assert.deepEqual(row('libsodium-sys', '0.2.7', ['use-pkg-config']).env, {});
    assert.deepEqual(row('libsodium-sys', '0.2.7').env, { SODIUM_USE_PKG_CONFIG: true });
  });

  it('writes nixpkgs attribute names as nixpkgs does', () => {
    for (const a of KNOWN_ATTRS) assert.match(a, /^[A-Za-z_][\w'-]*(\.[\w'-]+)*$/, a);
    for (const a of ['pkg-config', 'rustPlatform.bindgenHook', 'alsa-lib', 'udev', 'dbus', 'xorg.libX11', 'openssl', 'protobuf']) assert.ok(KNOWN_ATTRS.has(a), a);
  });
});

describe('lock knowledge', () => {
  it('prunes crates that only exist for other platforms', () => {
    for (const c of ['windows-sys', 'windows_x86_64_msvc', 'winapi', 'winapi-x86_64-pc-windows-gnu', 'core-foundation-sys', 'security-framework', 'objc2', 'wasm-bindgen', 'js-sys', 'web-sys'])
      assert.ok(platformOnly(c), c);
    for (const c of ['openssl-sys', 'libc', 'tokio', 'windowsx']) assert.ok(!platformOnly(c), c);
  });

  it('knows feature-gated edges of popular crates', () => {
    assert.equal(edgeActive('reqwest', 'hyper-tls', new Set(['default'])), true);
    assert.equal(edgeActive('reqwest', 'hyper-tls', new Set(['rustls-tls'])), false);
    assert.equal(edgeActive('opener', 'dbus', new Set(['default']), '0.7.2'), false, 'D-Bus only for reveal');
    assert.equal(edgeActive('opener', 'dbus', new Set(['reveal']), '0.7.2'), true);
    assert.equal(edgeActive('openssl-sys', 'openssl-src', new Set(['default'])), false);
    assert.equal(edgeActive('openssl-sys', 'openssl-src', new Set(['vendored'])), true);
    assert.equal(edgeActive('aws-lc-sys', 'cmake', new Set(), '0.14.0'), true);
    assert.equal(edgeActive('aws-lc-sys', 'cmake', new Set(), '0.28.0'), false);
    assert.equal(edgeActive('tokio', 'mio', new Set()), true, 'edges we know nothing about stay');
  });
});

describe('cfg evaluation', () => {
  it('handles the predicates cargo knows', () => {
    const yes = [
      'cfg(unix)',
      'cfg(target_family = "unix")',
      'cfg(target_os = "linux")',
      'cfg(all())',
      'cfg(not(windows))',
      'cfg(target_pointer_width = "64")',
      'cfg(target_vendor = "unknown")',
      'cfg(target_endian = "little")',
      'cfg(any(target_arch = "x86_64", target_arch = "aarch64"))',
      'cfg(all(unix, not(target_os = "macos"), not(target_os = "ios")))',
      'cfg(not(target_family = "wasm"))',
      'cfg(panic = "unwind")',
      'aarch64-unknown-linux-gnu',
    ];
    const no = [
      'cfg(windows)',
      'cfg(any())',
      'cfg(target_os = "android")',
      'cfg(target_env = "musl")',
      'cfg(all(target_env = "musl", target_pointer_width = "64"))',
      'cfg(target_family = "wasm")',
      'cfg(target_arch = "wasm32")',
      'cfg(feature = "x")',
      'cfg(test)',
      'cfg(panic = "abort")',
      'cfg(target_feature = "crt-static")',
      'cfg(target_vendor = "apple")',
      'x86_64-apple-darwin',
    ];
    for (const c of yes) assert.equal(targetApplies(c), true, c);
    for (const c of no) assert.equal(targetApplies(c), false, c);
  });

  it('keeps a dependency whose cfg it cannot parse', () => {
    assert.equal(targetApplies('cfg(target_os = )'), true);
  });
});

describe("rows that read the crate's own lock entry", () => {
  const facts = (lockDeps: string[], features: string[] = ['default'], featuresKnown = false): CrateFacts => ({
    version: '6.0.0',
    features: new Set(features),
    featuresKnown,
    vendored: 'system',
    lockDeps: new Set(lockDeps),
  });
  it('takes an optional dependency in the lock entry as its feature being on when features are unknown', () => {
    assert.deepEqual(
      rulesFor('khronos-egl', facts(['libc', 'libloading', 'pkg-config'])).flatMap((r) => r.build ?? []),
      ['libGL'],
    );
    assert.deepEqual(
      rulesFor('khronos-egl', facts(['libc', 'pkg-config'])).flatMap((r) => r.build ?? []),
      [],
    );
    assert.deepEqual(rulesFor('khronos-egl', facts(['libc', 'libloading'], ['default'], true)), [], 'known features decide');
    const x = rulesFor('x11rb', facts(['as-raw-xcb-connection', 'libloading', 'x11rb-protocol']));
    assert.deepEqual([x[0]?.build, x[0]?.runtime], [['xorg.libxcb'], true]);
    assert.deepEqual(rulesFor('x11rb', facts(['gethostname', 'rustix', 'x11rb-protocol'])), [], 'pure-Rust X11: no library');
    assert.deepEqual(row('tikv-jemalloc-sys', '0.6.0+5.3.0').build, [], 'nixpkgs mostly lets it build its jemalloc');
    assert.deepEqual(row('tikv-jemalloc-sys', '0.6.0+5.3.0', ['default'], 'all-system').build, ['rust-jemalloc-sys']);
  });
});
