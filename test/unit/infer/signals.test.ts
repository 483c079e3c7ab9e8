import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import sysData from '../../../server/src/data/sysCrates.json';
import modulesData from '../../../server/src/data/pkgConfigModules.json';
import requiresData from '../../../server/src/data/pkgConfigRequires.json';
import supplementData from '../../../server/src/data/pkgConfigSupplement.json';
import { extractSysFacts, type SysFacts } from '../../../server/src/infer/buildScript';
import { attrForLinkName, attrForModule, NIXPKGS_ATTRS, propagatedBy } from '../../../server/src/infer/pkgConfig';
import { cargoCacheFacts, cargoCacheManifests } from '../../../server/src/infer/registry';
import { infer } from '../../../server/src/infer/infer';
import { memoryWorkspace } from './memoryWorkspace';
import { dataFacts, fromFacts, fromLock } from '../../../server/src/infer/signals';
import { join } from 'node:path';
import { KNOWN_ATTRS } from '../../../server/src/infer/table';

const lockPkg = (name: string, version: string, deps: string[]) => ({ name, version, source: 'registry+https://github.com/rust-lang/crates.io-index', dependencies: deps });

describe('build script facts', () => {
  it('reads links, probes, tools, env knobs and features', () => {
    const manifest = `
[package]
name = "foo-sys"
version = "1.2.3+foo.4.5"
links = "foo"
[features]
default = ["x"]
x = []
bundled = []
[build-dependencies]
pkg-config = "0.3"
cc = "1"
bindgen = { version = "0.69", optional = true }
[package.metadata.system-deps.gtk4]
name = "gtk4"
version = "4.0"
`;
    const build = `
fn main() {
    // probe("commented-out")
    if std::env::var("FOO_SYS_USE_PKG_CONFIG").is_ok() {
        pkg_config::Config::new().atleast_version("4").probe("libfoo").unwrap();
        return;
    }
    println!("cargo:rerun-if-env-changed=FOO_STATIC");
    let out = std::env::var("OUT_DIR").unwrap();
    cc::Build::new().file("foo/foo.c").compile("foo");
}`;
    const f = extractSysFacts(manifest, [build]);
    assert.deepEqual(f, {
      version: '1.2.3+foo.4.5',
      links: 'foo',
      pkgConfig: ['gtk4', 'libfoo'],
      cc: true,
      bindgen: 'optional',
      env: ['FOO_STATIC', 'FOO_SYS_USE_PKG_CONFIG'],
      features: ['bundled', 'x'],
      defaultFeatures: ['x'],
    });
  });

  it('reads modules that hang on a feature, and dlopen-only variables', () => {
    const f = extractSysFacts('[package]\nname = "x11"\nversion = "2.21.0"\n[features]\nxlib = []\nxinput = []\n[build-dependencies]\npkg-config = "0.3"', [
      'fn main() { let libraries = [("x11", "1.4.99.1", "xlib"), ("xi", "1.7", "xinput")]; for (dep, version, feature) in libraries.iter() { if std::env::var(&format!("CARGO_FEATURE_{}", feature)).is_err() { continue; } pkg_config::Config::new().atleast_version(version).probe(dep).unwrap(); } }',
    ]);
    assert.deepEqual(f.pkgConfigByFeature, { xlib: ['x11'], xinput: ['xi'] });
    const dl = extractSysFacts('[package]\nname = "x11-dl"\nversion = "2.21.0"', [
      'fn main() { let libraries = [("xext", "xext"), ("gl", "gl")]; for &(lib, pcname) in libraries.iter() { let _ = pkg_config::get_variable(pcname, "libdir"); } }',
    ]);
    assert.deepEqual(dl.pkgConfig, []);
    assert.deepEqual(dl.pkgConfigVariables, ['gl', 'xext']);
  });
});

describe('facts from the cargo cache', () => {
  it("reads a cached crate's manifest and the build script it names", () => {
    const factsOf = cargoCacheFacts(join(__dirname, '..', '..', 'fixtures', 'infer', 'cargo-home'));
    const f = factsOf('libwidget-sys', '0.3.0')!;
    assert.deepEqual([f.links, f.pkgConfig, f.cc, f.features], ['widget', ['libdrm'], true, ['bundled']]);
    assert.deepEqual(fromFacts(f, new Set(['default']), 'system')?.build, ['libdrm']);
    assert.equal(fromFacts(f, new Set(['bundled']), 'system'), undefined);
    assert.equal(factsOf('libwidget-sys', '9.9.9'), undefined);
    assert.equal(factsOf('mylib', '1.0.0'), undefined, 'no build script: no build facts');
  });

  it("every door that reads the cache's manifests reads its build scripts too (init, infer, check and the server pass only manifestOf)", () => {
    const ws = memoryWorkspace(
      [{ name: 'libwidget-sys' }],
      [
        ['libwidget-sys', '0.3.0', ['pkg-config']],
        ['pkg-config', '0.3.30', []],
      ],
    );
    const attrs = (r: ReturnType<typeof infer>) => [...r.nativeBuildInputs, ...r.buildInputs].map((i) => i.attr);
    const manifestOf = cargoCacheManifests(join(__dirname, '..', '..', 'fixtures', 'infer', 'cargo-home'));
    assert.ok(attrs(infer(ws, { manifestOf })).includes('libdrm'), 'libwidget-sys probes libdrm in its cached build script');
    assert.ok(!attrs(infer(ws)).includes('libdrm'), 'without the cache nothing says libdrm');
  });
});

describe('inputs from facts and from the lock', () => {
  const facts = (f: Partial<SysFacts>): SysFacts => ({ version: '1.0.0', pkgConfig: [], ...f });
  it("maps probed modules through nixpkgs' pkg-config data", () => {
    assert.deepEqual(fromFacts(facts({ pkgConfig: ['libudev'] }), new Set(['default']), 'system')?.build, ['udev'], "nixpkgs' alias for libudev consumers");
    assert.deepEqual(fromFacts(facts({ pkgConfig: ['alsa'] }), new Set(['default']), 'system')?.native, ['pkg-config']);
    assert.deepEqual(fromFacts(facts({ pkgConfigByFeature: { xlib: ['x11'] } }), new Set(['xlib']), 'system')?.build, ['xorg.libX11']);
    assert.equal(fromFacts(facts({ pkgConfigByFeature: { xlib: ['x11'] } }), new Set(['default']), 'system'), undefined);
  });
  it("reads the crate's own lock entry: probes and tools behind optional build-dependencies that are not there do not run", () => {
    const drm = facts({ pkgConfig: ['libdrm'], bindgen: 'optional', features: ['use_bindgen'] });
    assert.equal(fromFacts(drm, new Set(['default']), 'system', ['libc', 'linux-raw-sys']), undefined, 'no pkg-config in its lock entry: pregenerated bindings, nothing probed');
    assert.deepEqual(fromFacts(drm, new Set(['default']), 'system', ['bindgen', 'libc', 'pkg-config'])?.build, ['libdrm']);
    assert.equal(fromFacts(facts({ cmake: true }), new Set(['default']), 'system', ['cc']), undefined, 'cmake is not a dependency here');
    assert.deepEqual(fromFacts(facts({ cmake: true }), new Set(['default']), 'system', ['cmake'])?.native, ['cmake']);
  });

  it('links a library named by `links` when the build script neither probes nor compiles', () => {
    assert.deepEqual(fromFacts(facts({ links: 'pulse' }), new Set(['default']), 'system')?.build, ['libpulseaudio']);
    assert.equal(fromFacts(facts({ links: 'pulse', cc: true }), new Set(['default']), 'system'), undefined, 'compiles something: maybe its own copy');
    assert.equal(fromFacts(facts({ links: 'c' }), new Set(['default']), 'system'), undefined, 'libc is no input');
  });

  it('reads the libraries a build script names to the linker itself, and a pkg-config it runs', () => {
    // libbpf-sys 1.5's build script, in the shape it prints them: the kind is a `{}` placeholder.
    const bpf = extractSysFacts('[package]\nname = "libbpf-sys"\nversion = "1.5.0"\nlinks = "libbpf"\n[build-dependencies]\ncc = "1"', [
      'fn main() {\n    pkg_check("make");\n    pkg_check("pkg-config");\n    println!("cargo:rustc-link-lib={}elf", if static_libelf { "static=" } else { "" });\n    println!("cargo:rustc-link-lib={}z", if static_zlib { "static=" } else { "" });\n    println!("cargo:rustc-link-lib={}bpf", if static_libbpf { "static=" } else { "" });\n}',
    ]);
    assert.deepEqual(bpf.linkLibs, ['bpf', 'elf', 'z']);
    assert.equal(bpf.runsPkgConfig, true);
    // An archive it built (`static=NAME`) and Apple frameworks are not system libraries; `dylib=` is.
    const other = extractSysFacts('[package]\nname = "x-sys"\nversion = "1.0.0"', [
      'println!("cargo:rustc-link-lib=static=foo");\nprintln!("cargo:rustc-link-lib=framework=Security");\nprintln!("cargo:rustc-link-lib=dylib=sensors");',
    ]);
    assert.deepEqual(other.linkLibs, ['sensors']);
    assert.equal(other.runsPkgConfig, undefined);
  });

  it('links the libraries a build script names besides its own; a vendored feature that builds one drops it', () => {
    assert.equal(attrForLinkName('z'), 'zlib');
    assert.equal(attrForLinkName('elf'), 'elfutils', 'libelf.pc is installed by elfutils');
    assert.equal(attrForLinkName('pthread'), null, 'the C runtime');
    assert.equal(attrForLinkName('sensors'), 'lm_sensors', 'lm-sensors installs libsensors.so and no .pc file');
    // libsensors-sys links `sensors` by name (its `links` key and rustc-link-lib), no probe, nothing compiled.
    assert.deepEqual(fromFacts(dataFacts('libsensors-sys')!, new Set(['default']), 'system')?.build, ['lm_sensors']);
    assert.deepEqual(fromLock(lockPkg('libsensors-sys', '0.2.0', ['libc']), new Set(['default']))?.build, ['lm_sensors'], 'the same from its lock entry alone');
    assert.equal(fromLock(lockPkg('libz-rs-sys', '0.4.0', ['zlib-rs']), new Set(['default'])), undefined, 'zlib implemented in Rust: links no libz');
    assert.equal(fromLock(lockPkg('libbz2-rs-sys', '0.2.2', []), new Set(['default'])), undefined, 'bzip2 implemented in Rust');
    // gcc's libgcc_s carries the unwinder but no libunwind.so: -lunwind needs nixpkgs' libunwind (its libunwind.pc gives -lunwind).
    assert.equal(attrForLinkName('unwind'), 'libunwind');
    assert.equal(attrForModule('libunwind-ptrace'), 'libunwind');
    assert.equal(attrForLinkName('crypt32'), undefined);
    const bpf = facts({ links: 'libbpf', cc: true, autotools: true, linkLibs: ['bpf', 'elf', 'z'], runsPkgConfig: true, features: ['vendored-libbpf', 'vendored-zlib'] });
    // Its own libbpf follows its bundling (vendored-libbpf, the default, builds it); libelf and zlib come from the system.
    assert.deepEqual(fromFacts(bpf, new Set(['default', 'vendored-libbpf']), 'system'), { native: ['pkg-config'], build: ['elfutils', 'zlib'], env: {}, note: 'builds its bundled copy' });
    assert.deepEqual(fromFacts(bpf, new Set(['default', 'vendored-libbpf', 'vendored-zlib']), 'system')?.build, ['elfutils'], 'vendored-zlib builds zlib');
    assert.deepEqual(fromFacts(bpf, new Set(['default', 'vendored-libbpf']), 'bundled')?.build, ['elfutils', 'zlib'], 'linked whatever the policy');
    // The committed facts, read from Debian's librust-libbpf-sys-dev.
    assert.deepEqual(dataFacts('libbpf-sys')?.linkLibs, ['bpf', 'elf', 'z']);
    assert.deepEqual(fromFacts(dataFacts('libbpf-sys')!, new Set(['default']), 'system', ['cc', 'nix', 'pkg-config'])?.build, ['elfutils', 'zlib']);
  });

  it('keeps a bundled copy a knob or a feature chooses, and links the system one for all-system', () => {
    const own = facts({ pkgConfig: ['libzstd'], env: ['ZSTD_SYS_USE_PKG_CONFIG'], cc: true, features: ['bundled'] });
    assert.equal(fromFacts(own, new Set(['default']), 'system'), undefined);
    assert.deepEqual(fromFacts(own, new Set(['default']), 'all-system'), { native: ['pkg-config'], build: ['zstd'], env: { ZSTD_SYS_USE_PKG_CONFIG: true }, note: 'its build script probes libzstd' });
    assert.equal(fromFacts(facts({ pkgConfig: ['sqlite3'], features: ['bundled'] }), new Set(['bundled']), 'all-system'), undefined);
    assert.deepEqual(fromFacts(facts({ cmake: true, features: ['bundled'] }), new Set(['bundled']), 'system')?.native, ['cmake']);
  });
  it('falls back to the lock: a pkg-config -sys crate named after its library', () => {
    assert.deepEqual(fromLock(lockPkg('libdrm-sys', '0.8.0', ['libc', 'pkg-config']), new Set(['default']))?.build, ['libdrm']);
    assert.deepEqual(fromLock(lockPkg('yeslogic-fontconfig-sys', '6.0.0', ['dlib', 'pkg-config']), new Set(['default']))?.build, ['fontconfig']);
    // The same binding with its dlopen feature on opens the library at run time: no probe, nothing linked.
    assert.deepEqual(fromLock(lockPkg('wayland-sys', '0.31.5', ['dlib', 'log', 'once_cell', 'pkg-config']), new Set(['client', 'dlopen'])), {
      native: [],
      build: ['wayland'],
      env: {},
      note: 'loads its library at run time (dlopen)',
      runtime: true,
    });
    assert.deepEqual(fromLock(lockPkg('wayland-sys', '0.31.5', ['log', 'pkg-config']), new Set(['client']))?.native, ['pkg-config'], 'dlopen off: linked');
    assert.deepEqual(fromLock(lockPkg('cairo-sys-rs', '0.20.0', ['libc', 'system-deps']), new Set(['default']))?.build, ['cairo']);
    assert.deepEqual(fromLock(lockPkg('mystery-sys', '0.1.0', ['pkg-config']), new Set(['default'])), {
      native: ['pkg-config'],
      build: [],
      env: {},
      note: 'finds a system library with pkg-config (unknown library: add it to buildInputs)',
    });
    assert.equal(fromLock(lockPkg('zstd-sys', '2.0.15+zstd.1.5.7', ['cc', 'pkg-config']), new Set(['default'])), undefined, 'ships zstd 1.5.7 and builds it when absent');
    assert.deepEqual(fromLock(lockPkg('zstd-sys', '2.0.15+zstd.1.5.7', ['cc', 'pkg-config']), new Set(['default']), 'all-system')?.build, ['zstd']);
    assert.equal(fromLock(lockPkg('libsqlite3-sys', '0.30.1', ['cc', 'pkg-config', 'vcpkg']), new Set(['bundled'])), undefined);
    // libsqlite3-sys' build script takes its bundled branch before the linked one, the only one that runs
    // pkg-config; its default features turn `pkg-config` on, so a `bundled` that is on must win over it.
    const sqliteAll = new Set(['default', 'min_sqlite_version_3_14_0', 'pkg-config', 'vcpkg', 'bundled', 'bundled_bindings']);
    assert.equal(fromLock(lockPkg('libsqlite3-sys', '0.30.1', ['cc', 'pkg-config', 'vcpkg']), sqliteAll), undefined, 'bundled outweighs pkg-config');
    assert.equal(fromFacts(facts({ pkgConfig: ['sqlite3'], cc: true, features: ['bundled', 'pkg-config', 'vcpkg'] }), sqliteAll, 'system'), undefined, 'the same from its facts');
    assert.deepEqual(
      fromLock(lockPkg('libsqlite3-sys', '0.30.1', ['cc', 'pkg-config', 'vcpkg']), new Set(['default', 'pkg-config', 'vcpkg']))?.build,
      ['sqlite'],
      'bundled off: the linked branch probes',
    );
    assert.deepEqual(fromLock(lockPkg('zstd-sys', '2.0.14+zstd.1.5.7', ['cc', 'pkg-config']), new Set(['static', 'pkg-config']))?.build, ['zstd'], 'pkg-config still outweighs a mere `static`');
    assert.equal(
      fromLock(lockPkg('openssl-sys', '0.9.104', ['cc', 'libc', 'pkg-config', 'vcpkg']), new Set(['vendored'])),
      undefined,
      "a vendored copy that is on is built unless the crate's own knob (OPENSSL_NO_VENDOR) says otherwise, which the lock cannot name: its row or facts do",
    );
    // zstd-sys' `pkg-config` feature asks for the system zstd: it outweighs the sources its version names.
    assert.equal(fromLock(lockPkg('zstd-sys', '2.0.14+zstd.1.5.7', ['cc', 'pkg-config']), new Set(['default'])), undefined);
    assert.deepEqual(fromLock(lockPkg('zstd-sys', '2.0.14+zstd.1.5.7', ['cc', 'pkg-config']), new Set(['default', 'pkg-config']))?.build, ['zstd']);
    const zstd = facts({ pkgConfig: ['libzstd'], cc: true, env: ['ZSTD_SYS_USE_PKG_CONFIG'], features: ['pkg-config', 'bindgen'] });
    assert.equal(fromFacts(zstd, new Set(['default']), 'system'), undefined, 'its knob is off: the bundled copy');
    assert.deepEqual(fromFacts(zstd, new Set(['default', 'pkg-config']), 'system')?.build, ['zstd']);
    // Forks add a word to the -sys name; a -sys crate over linux-raw-sys binds the kernel's uapi and links nothing.
    assert.deepEqual(fromLock(lockPkg('libmpv-sys-sirno', '2.0.0-fork.1', []), new Set(['default']))?.build, ['mpv']);
    assert.equal(fromLock(lockPkg('drm-sys', '0.8.0', ['libc', 'linux-raw-sys']), new Set(['default'])), undefined);
    assert.equal(fromLock(lockPkg('ring', '0.17.8', ['cc']), new Set(['default'])), undefined);
    assert.deepEqual(
      fromLock(lockPkg('gbm-sys', '0.4.0', ['libc']), new Set(['default'])),
      { native: [], build: ['libgbm'], env: {}, note: 'links its library by name (no pkg-config probe, nothing bundled)' },
      'no probe and nothing compiled: the library it names must be there',
    );
    assert.equal(
      fromLock(lockPkg('libssh2-sys', '0.3.1', ['cc', 'libc', 'libz-sys', 'openssl-sys', 'pkg-config', 'vcpkg']), new Set(['default'])),
      undefined,
      'compiles C over other -sys crates: it ships its library (and builds it when the probe fails)',
    );
    assert.deepEqual(fromLock(lockPkg('pcre2-sys', '0.2.9', ['cc', 'libc', 'pkg-config']), new Set(['default']))?.build, ['pcre2'], 'the attribute pcre2, not the stem pcre');
    assert.equal(fromLock(lockPkg('input-linux-sys', '0.9.0', ['libc', 'nix']), new Set(['default'])), undefined, 'kernel interface bindings link no library');
    assert.equal(fromLock(lockPkg('gmp-mpfr-sys', '1.6.5', ['libc', 'cc']), new Set(['default'])), undefined, 'a crate that compiles C may build its own copy');
    assert.equal(fromLock(lockPkg('dirs-sys', '0.4.1', ['libc', 'option-ext']), new Set(['default'])), undefined, 'not a library name any pkg-config table knows');
    assert.equal(fromLock(lockPkg('libz-sys', '1.1.20', ['cc', 'libc', 'pkg-config', 'vcpkg']), new Set(['default'])), undefined, 'unknown library, compiles C: its own copy when the probe fails');
    assert.deepEqual(fromLock(lockPkg('libdrm_amdgpu_sys', '0.8.3', ['libc', 'libloading']), new Set(['default'])), {
      native: [],
      build: ['libdrm'],
      env: {},
      note: 'loads its library at run time (dlopen)',
      runtime: true,
    });
    assert.equal(fromLock(lockPkg('mystery-sys', '0.1.0', ['libloading']), new Set(['default'])), undefined, 'an unknown library is not guessed');
  });
});

describe('committed data', () => {
  it('sysCrates.json: facts with their source and version', () => {
    const crates = (sysData as unknown as { crates: Record<string, SysFacts & { from: string }> }).crates;
    assert.ok(Object.keys(crates).length >= 50);
    for (const [name, f] of Object.entries(crates)) {
      assert.match(name, /^[A-Za-z0-9_-]+$/);
      assert.match(f.from, /^(Debian \S+ librust-[a-z0-9-]+-dev \S+|crates\.io \S+ \S+ \(cargo registry cache\))$/, name);
      assert.match(f.version, /^\d+\.\d+\.\d+/, name);
      assert.ok(Array.isArray(f.pkgConfig) && f.pkgConfig.every((m) => typeof m === 'string' && m.length > 0), name);
      for (const k of Object.keys(f))
        assert.ok(
          [
            'from',
            'version',
            'links',
            'pkgConfig',
            'pkgConfigVariables',
            'pkgConfigByFeature',
            'cmake',
            'cc',
            'bindgen',
            'autotools',
            'linkLibs',
            'runsPkgConfig',
            'env',
            'features',
            'defaultFeatures',
          ].includes(k),
          `${name}.${k}`,
        );
    }
    assert.deepEqual(dataFacts('libgit2-sys')?.pkgConfig, ['libgit2']);
    assert.equal(dataFacts('libgit2-sys', new Set(['libgit2-sys'])), undefined, 'leave-one-out hides the entry');
  });

  it("pkgConfigModules.json: nixpkgs' own mapping, with its source", () => {
    const d = modulesData as { source: { repository: string; path: string; commit: string }; modules: Record<string, string | null> };
    assert.deepEqual([d.source.repository, d.source.path], ['NixOS/nixpkgs', 'pkgs/top-level/pkg-config/pkg-config-data.json']);
    assert.match(d.source.commit, /^[0-9a-f]{40}$/);
    assert.equal(d.modules['libudev'], 'systemd');
    assert.equal(d.modules['x11'], 'xorg.libX11');
    assert.equal(d.modules['pthread'], null);
  });

  it('every attribute inference can emit is a recorded nixpkgs attribute with where it is defined', () => {
    for (const [a, where] of Object.entries(NIXPKGS_ATTRS))
      assert.match(
        where,
        /^(pkgs\/\S+ @ [0-9a-f]{40}|an input of pkgs\/\S+ @ [0-9a-f]{40}|an attrPath of pkgs\/top-level\/pkg-config\/pkg-config-data\.json @ [0-9a-f]{40}.*|the target of .* in pkgs\/top-level\/aliases\.nix)$/,
        a,
      );
    for (const a of KNOWN_ATTRS) assert.ok(Object.hasOwn(NIXPKGS_ATTRS, a), `table attribute ${a}`);
    for (const d of [modulesData, supplementData, { modules: supplementData.preferred }, { modules: supplementData.linkNames }] as { modules: Record<string, string | null> }[]) {
      for (const [m, a] of Object.entries(d.modules)) if (a) assert.ok(Object.hasOwn(NIXPKGS_ATTRS, a), `module ${m} → ${a}`);
    }
    for (const a of Object.keys(NIXPKGS_ATTRS)) for (const p of propagatedBy(a)) assert.ok(Object.hasOwn(NIXPKGS_ATTRS, p), `${a} propagates ${p}`);
    for (const f of Object.values((sysData as unknown as { crates: Record<string, SysFacts> }).crates)) {
      for (const policy of ['system', 'all-system'] as const) {
        const s = fromFacts(f, new Set(['default', ...(f.features ?? [])]), policy);
        for (const a of [...(s?.native ?? []), ...(s?.build ?? [])]) assert.ok(Object.hasOwn(NIXPKGS_ATTRS, a), a);
      }
    }
  });

  it('pkgConfigRequires.json: public Requires of .pc files, with the Debian package they were read from', () => {
    const mods = (requiresData as { modules: Record<string, { requires: string[]; from: string }> }).modules;
    assert.ok(Object.keys(mods).length >= 50);
    for (const [m, e] of Object.entries(mods)) {
      assert.match(m, /^[A-Za-z0-9_.+-]+$/);
      assert.match(e.from, /^Debian \S+ [a-z0-9.+-]+ \S+$/, m);
      assert.ok(e.requires.length && e.requires.every((r) => /^[A-Za-z0-9_.+-]+$/.test(r) && !/^\d/.test(r)), `${m}: names only, no versions`);
    }
    // Attributes whose nixpkgs file was not read fall back to these Requires (libpulse-mainloop-glib → glib).
    assert.ok(propagatedBy('libpulseaudio').has('glib'));
    assert.ok(!propagatedBy('glib').has('glib'));
    assert.ok(propagatedBy('systemd').has('udev'), "systemd installs libudev too: a package listing it meets libudev-sys' need");
    assert.ok(!propagatedBy('udev').has('systemd'));
    assert.equal(propagatedBy('no-such-attr').size, 0);
    for (const a of ['gtk4', 'gtk3', 'libadwaita', 'pango', 'webkitgtk_4_1', 'librsvg']) for (const p of propagatedBy(a)) assert.ok(Object.hasOwn(NIXPKGS_ATTRS, p), `${a} → ${p}`);
  });

  it('resolves modules nixpkgs does not list by name, only to recorded attributes', () => {
    assert.equal(attrForModule('libdrm'), 'libdrm');
    assert.equal(attrForModule('libpipewire-0.3'), 'pipewire');
    assert.equal(attrForModule('dbus-1'), 'dbus');
    assert.equal(attrForModule('lzma'), 'xz', "liblzma in nixpkgs' table");
    assert.equal(attrForModule('m'), null, 'libc provides it');
    assert.equal(attrForModule('no-such-library-anywhere'), undefined);
  });
});
