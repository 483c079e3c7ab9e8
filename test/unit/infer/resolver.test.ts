// Cargo's resolver rules, each on a small in-memory workspace: which members a cargo command
// line builds, resolver 2's host/target split, resolver 1's unification, feature syntax
// (`dep:`, `x?/f`, `member/feat`) and cfg() for the Linux host.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { targetApplies } from '../../../server/src/infer/cfg';
import { resolveMemberFeatures } from '../../../server/src/infer/features';
import { infer } from '../../../server/src/infer/infer';
import { membersForCargoArgs, resolveBuild, resolverVersion, selectMembers } from '../../../server/src/infer/resolve';
import type { CargoManifest, DependencySpec, LockPackage, Workspace } from '../../../server/src/model/types';
import { loadWorkspace } from '../../../server/src/model/workspace';

const REG = 'registry+https://github.com/rust-lang/crates.io-index';

type Dep = Partial<DependencySpec> & { name: string };
interface MemberSpec {
  name: string;
  dir: string;
  deps?: Dep[];
  features?: Record<string, string[]>;
  bins?: string[];
  edition?: string;
}

function manifest(m: MemberSpec): CargoManifest {
  return {
    path: m.dir ? `${m.dir}/Cargo.toml` : 'Cargo.toml',
    dir: m.dir,
    package: { name: m.name, version: '0.1.0', authors: [], keywords: [], inherited: [], ...(m.edition ? { edition: m.edition } : {}) },
    bins: (m.bins ?? []).map((name) => ({ name, requiredFeatures: [] })),
    features: m.features ?? {},
    dependencies: (m.deps ?? []).map((d) => ({ package: d.name, kind: 'normal', optional: false, defaultFeatures: true, features: [], version: '1', ...d })),
    hasPatches: false,
    ranges: { packageKeys: {} },
  };
}

/**
 * A workspace: `members` (the first with dir '' is the root package, else the root is virtual),
 * `lock` the registry crates as [name, version, dependencies].
 */
function workspace(members: MemberSpec[], lock: [string, string, string[]][], ws: { resolver?: string; defaultMembers?: string[] } = {}): Workspace {
  const ms = members.map(manifest);
  const root = ms.find((m) => m.dir === '') ?? ({ path: 'Cargo.toml', dir: '', bins: [], features: {}, dependencies: [], hasPatches: false, ranges: { packageKeys: {} } } as CargoManifest);
  root.workspace = { members: ms.map((m) => m.dir), exclude: [], defaultMembers: ws.defaultMembers ?? [], package: {}, dependencies: [], ...(ws.resolver ? { resolver: ws.resolver } : {}) };
  const packages: LockPackage[] = [
    ...ms.map((m) => ({ name: m.package!.name, version: '0.1.0', dependencies: m.dependencies.filter((d) => !d.path).map((d) => d.package) })),
    ...lock.map(([name, version, dependencies]) => ({ name, version, source: REG, dependencies })),
  ];
  return { root: '/x', rootManifest: root, members: ms, lock: { version: 4, packages }, git: { isRepo: false, submodules: [] }, symlinks: [], assetDirs: [], warnings: [] };
}

const built = (w: Workspace, opts = {}) => [...resolveBuild(w, opts).crates.values()].map((c) => `${c.pkg.name}${c.host ? ' (host)' : ''} [${[...c.features].sort().join(',')}]`).sort();

describe('members a cargo command line builds', () => {
  const w = workspace(
    [
      { name: 'app', dir: 'app', bins: ['app'] },
      { name: 'gui', dir: 'gui', bins: ['app-gui'] },
      { name: 'core', dir: 'core' },
    ],
    [],
  );

  it('reads -p/--package (separate and = forms), repeated', () => {
    assert.deepEqual(membersForCargoArgs(w, ['-p', 'gui']), ['gui']);
    assert.deepEqual(membersForCargoArgs(w, ['--package=gui', '-pcore']), ['gui', 'core']);
  });

  it('reads --workspace with --exclude', () => {
    assert.deepEqual(membersForCargoArgs(w, ['--workspace', '--exclude', 'gui']), ['app', 'core']);
  });

  it('keeps only the members that have the binary --bin names', () => {
    assert.deepEqual(membersForCargoArgs(w, ['--bin', 'app-gui']), ['gui']);
  });

  it('builds the member whose directory buildAndTestSubdir names, and leaves the default otherwise', () => {
    assert.deepEqual(membersForCargoArgs(w, [], 'core'), ['core']);
    assert.deepEqual(membersForCargoArgs(w, [], './core/'), ['core']);
    assert.equal(membersForCargoArgs(w, []), undefined);
    assert.deepEqual(
      selectMembers(w, {}).map((m) => m.package?.name),
      ['app', 'gui', 'core'],
    );
  });

  it('prefers default-members over building a virtual workspace whole', () => {
    const d = workspace(
      [
        { name: 'app', dir: 'app' },
        { name: 'gui', dir: 'gui' },
      ],
      [],
      { defaultMembers: ['./gui'] },
    );
    assert.deepEqual(
      selectMembers(d, {}).map((m) => m.package?.name),
      ['gui'],
    );
  });
});

describe('resolver version', () => {
  it('is the workspace resolver, else 2 from edition 2021 of the root package, else 1', () => {
    assert.equal(resolverVersion(workspace([{ name: 'a', dir: '' }], [], { resolver: '2' })), 2);
    assert.equal(resolverVersion(workspace([{ name: 'a', dir: '', edition: '2021' }], [])), 2);
    assert.equal(resolverVersion(workspace([{ name: 'a', dir: '', edition: '2018' }], [])), 1);
    assert.equal(resolverVersion(workspace([{ name: 'a', dir: 'a', edition: '2021' }], [])), 1, 'a virtual workspace without resolver stays on 1');
  });
});

describe('resolver 2 keeps build-dependencies apart', () => {
  const members = (resolver: string): Workspace =>
    workspace(
      [
        {
          name: 'app',
          dir: '',
          deps: [
            { name: 'openssl-sys', features: [] },
            { name: 'openssl-sys', kind: 'build', features: ['vendored'] },
          ],
        },
      ],
      [
        ['openssl-sys', '0.9.100', ['cc']],
        ['cc', '1.0.0', []],
      ],
      { resolver },
    );

  it('builds the crate twice: for the target without the build-dependency’s features, for the host with them', () => {
    assert.deepEqual(built(members('2')), ['cc (host) [default]', 'cc [default]', 'openssl-sys (host) [default,vendored]', 'openssl-sys [default]']);
  });

  it('unifies them under resolver 1', () => {
    assert.deepEqual(built(members('1')), ['cc [default]', 'openssl-sys [default,vendored]']);
  });

  it('carries the host side down through path members reached by a build-dependency', () => {
    const w = workspace(
      [
        { name: 'app', dir: '', deps: [{ name: 'gen', kind: 'build', path: 'gen', rootPath: 'gen', version: undefined }] },
        { name: 'gen', dir: 'gen', deps: [{ name: 'prost-build' }] },
      ],
      [['prost-build', '0.12.0', []]],
      { resolver: '2' },
    );
    assert.deepEqual(built(w), ['prost-build (host) [default]']);
  });
});

describe('resolver 1 unifies features the build does not otherwise ask for', () => {
  it('takes the features of dev-dependencies and of other platforms’ tables into the built crate', () => {
    const deps: Dep[] = [{ name: 'rusqlite' }, { name: 'rusqlite', kind: 'dev', features: ['bundled'] }, { name: 'zstd' }, { name: 'zstd', target: 'cfg(windows)', features: ['static'] }];
    const lock: [string, string, string[]][] = [
      ['rusqlite', '0.30.0', []],
      ['zstd', '0.13.0', []],
    ];
    assert.deepEqual(built(workspace([{ name: 'app', dir: '', deps }], lock, { resolver: '1' })), ['rusqlite [bundled,default]', 'zstd [default,static]']);
    assert.deepEqual(built(workspace([{ name: 'app', dir: '', deps }], lock, { resolver: '2' })), ['rusqlite [default]', 'zstd [default]']);
  });

  it('never builds a crate only a dev-dependency or another platform names', () => {
    const deps: Dep[] = [
      { name: 'criterion', kind: 'dev' },
      { name: 'winreg', target: 'cfg(windows)' },
    ];
    const lock: [string, string, string[]][] = [
      ['criterion', '0.5.0', []],
      ['winreg', '0.50.0', []],
    ];
    assert.deepEqual(built(workspace([{ name: 'app', dir: '', deps }], lock, { resolver: '1' })), []);
  });
});

describe('features', () => {
  const core: MemberSpec = {
    name: 'core',
    dir: 'core',
    deps: [
      { name: 'alsa', optional: true },
      { name: 'zstd', optional: true },
    ],
    features: { audio: ['dep:alsa'], fast: ['alsa?/threads'], compress: ['zstd'] },
  };
  const lock: [string, string, string[]][] = [
    ['alsa', '0.9.0', []],
    ['zstd', '0.13.0', []],
  ];

  it('meets a weak feature from one dependent with the dependency switched on by another', () => {
    const w = workspace(
      [
        { name: 'cli', dir: 'cli', deps: [{ name: 'core', path: 'core', rootPath: 'core', version: undefined, features: ['audio'] }] },
        { name: 'tui', dir: 'tui', deps: [{ name: 'core', path: 'core', rootPath: 'core', version: undefined, features: ['fast'] }] },
        core,
      ],
      lock,
      { resolver: '2' },
    );
    assert.deepEqual(built(w, { members: ['cli', 'tui'] }), ['alsa [default,threads]']);
    assert.deepEqual(built(w, { members: ['tui'] }), [], 'a weak feature alone switches nothing on');
  });

  it('applies member/feat only to that member and plain features to every selected one', () => {
    const w = workspace([{ name: 'cli', dir: 'cli', features: { compress: ['core/compress'] }, deps: [{ name: 'core', path: 'core', rootPath: 'core', version: undefined }] }, core], lock, {
      resolver: '2',
    });
    assert.deepEqual(built(w, { members: ['cli', 'core'], features: ['core/audio'] }), ['alsa [default]']);
    assert.deepEqual(built(w, { members: ['cli'], features: ['compress'] }), ['zstd [default]']);
    assert.deepEqual(built(w, { members: ['cli'], features: ['core/compress'] }), ['zstd [default]'], 'dep/feat through a path dependency');
  });

  it('keeps the implicit feature of an optional dependency unless dep: hides it', () => {
    const m = manifest({
      name: 'x',
      dir: '',
      deps: [
        { name: 'a', optional: true },
        { name: 'b', optional: true },
      ],
      features: { useb: ['dep:b'] },
    });
    assert.deepEqual([...resolveMemberFeatures(m, ['a'], false).optionalDeps], ['a']);
    assert.deepEqual([...resolveMemberFeatures(m, ['b'], false).optionalDeps], [], '`b` is no feature once `dep:b` is written');
    assert.deepEqual([...resolveMemberFeatures(m, ['useb'], false).optionalDeps], ['b']);
  });
});

describe('cfg() for the Linux host', () => {
  it('evaluates not/all/any over os, family, env, arch, pointer width and vendor', () => {
    const yes = [
      'cfg(unix)',
      'cfg(target_os = "linux")',
      'cfg(not(windows))',
      'cfg(not(any(target_os = "macos", target_os = "ios", target_family = "wasm")))',
      'cfg(all(unix, target_pointer_width = "64", not(target_env = "musl")))',
      'cfg(target_env = "gnu")',
      'cfg(any(target_arch = "x86_64", target_arch = "aarch64"))',
      'cfg(all())',
      'cfg(target_feature = "sse2")',
    ];
    const no = [
      'cfg(windows)',
      'cfg(target_os = "android")',
      'cfg(any())',
      'cfg(target_pointer_width = "32")',
      'cfg(target_vendor = "apple")',
      'cfg(target_feature = "crt-static")',
      'cfg(feature = "x")',
      'cfg(test)',
    ];
    for (const c of yes) assert.equal(targetApplies(c), true, c);
    for (const c of no) assert.equal(targetApplies(c), false, c);
  });
});

describe("a member's own build script", () => {
  it('needs pkg-config when it build-depends on pkg-config or system-deps, and only when that member is built', () => {
    const w = workspace(
      [
        { name: 'input', dir: 'input', deps: [{ name: 'pkg-config', kind: 'build' }] },
        { name: 'net', dir: 'net' },
      ],
      [['pkg-config', '0.3.30', []]],
      { resolver: '2' },
    );
    const r = infer(w, { members: ['input'] });
    assert.deepEqual(
      r.nativeBuildInputs.map((i) => [i.attr, i.because]),
      [['pkg-config', "input's build script uses the pkg-config crate"]],
    );
    assert.deepEqual(infer(w, { members: ['net'] }).nativeBuildInputs, []);
  });
});

describe('path crates outside the members', () => {
  it('are read from their own manifests: an excluded crate’s cfg table and optional dependencies decide', async () => {
    const root = mkdtempSync(join(tmpdir(), 'nixify-pathcrates-'));
    try {
      const write = (p: string, t: string) => (mkdirSync(join(root, p, '..'), { recursive: true }), writeFileSync(join(root, p), t));
      write('Cargo.toml', '[workspace]\nmembers = ["app"]\nexclude = ["alloc"]\nresolver = "2"\n');
      write('app/Cargo.toml', '[package]\nname = "app"\nversion = "0.1.0"\nedition = "2021"\n\n[dependencies]\nalloc = { path = "../alloc" }\n');
      write('app/src/main.rs', 'fn main() {}\n');
      write(
        'alloc/Cargo.toml',
        '[package]\nname = "alloc"\nversion = "0.1.0"\nedition = "2021"\n\n[dependencies]\nlibz-sys = { version = "1", optional = true }\n\n' +
          '[target.\'cfg(windows)\'.dependencies]\nmimalloc = "0.1"\n\n[target.\'cfg(target_os = "linux")\'.dependencies]\ntikv-jemallocator = "0.6"\n',
      );
      write('alloc/src/lib.rs', '');
      const reg = 'source = "registry+https://github.com/rust-lang/crates.io-index"\n';
      write(
        'Cargo.lock',
        'version = 4\n\n[[package]]\nname = "alloc"\nversion = "0.1.0"\ndependencies = [\n "libz-sys",\n "mimalloc",\n "tikv-jemallocator",\n]\n\n' +
          '[[package]]\nname = "app"\nversion = "0.1.0"\ndependencies = [\n "alloc",\n]\n\n' +
          `[[package]]\nname = "libz-sys"\nversion = "1.1.20"\n${reg}\n[[package]]\nname = "mimalloc"\nversion = "0.1.43"\n${reg}\n[[package]]\nname = "tikv-jemallocator"\nversion = "0.6.0"\n${reg}`,
      );
      const w = loadWorkspace(root);
      assert.deepEqual(
        w.members.map((m) => m.package?.name),
        ['app'],
      );
      assert.deepEqual(
        w.pathCrates?.map((m) => m.package?.name),
        ['alloc'],
      );
      assert.deepEqual(built(w), ['tikv-jemallocator [default]']);
      assert.deepEqual([...resolveBuild(w).builtMembers].sort(), ['alloc', 'app']);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
