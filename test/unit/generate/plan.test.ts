// planInit on hand-built workspaces: what each builder writes for inputs, git
// dependencies, toolchains, workspaces and the service generator's additions.
import { BUILDER_NAMES } from '../../../server/src/builders';
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { defaultInitOptions, planInit, type InitOptions, type PlanExtras } from '../../../server/src/generate/plan';
import type { InferenceResult, InferredInput } from '../../../server/src/infer/types';
import type { CargoManifest, Workspace } from '../../../server/src/model/types';
import { kv, raw } from '../../../server/src/generate/nixWriter';
import { ensureParser } from '../../../server/src/parse/treeSitter';

const BUILDERS = BUILDER_NAMES;
const today = new Date(Date.UTC(2026, 10, 1));

function member(name: string, dir = '', extra: Partial<CargoManifest> = {}): CargoManifest {
  return {
    path: dir ? `${dir}/Cargo.toml` : 'Cargo.toml',
    dir,
    package: { name, version: '1.0.0', authors: [], keywords: [], inherited: [], license: 'MIT', description: `The ${name} tool.` },
    bins: [{ name, requiredFeatures: [] }],
    features: {},
    dependencies: [],
    hasPatches: false,
    ranges: { packageKeys: {} },
    ...extra,
  };
}

function workspace(members: CargoManifest[], extra: Partial<Workspace> = {}): Workspace {
  const root = members.find((m) => m.dir === '') ?? {
    ...member('root'),
    package: undefined,
    bins: [],
    workspace: { members: members.map((m) => m.dir), exclude: [], defaultMembers: [], package: {}, dependencies: [] },
  };
  return { root: '/nonexistent', rootManifest: root, members, git: { isRepo: false, submodules: [] }, symlinks: [], assetDirs: [], warnings: [], lock: { version: 3, packages: [] }, ...extra };
}

const none: InferenceResult = { nativeBuildInputs: [], buildInputs: [], env: [], builtCrates: [] };
const input = (attr: string, bucket: InferredInput['bucket'], because: string, linuxOnly?: boolean): InferredInput => ({ attr, bucket, because, crate: because, via: [], linuxOnly });
const files = (ws: Workspace, opts: Partial<InitOptions>, inferred = none, present: string[] = ['Cargo.lock', 'src'], extras?: PlanExtras) =>
  planInit(ws, inferred, { ...defaultInitOptions(ws), today, ...opts } as InitOptions, (p) => present.includes(p), extras && (() => extras));
const text = (plan: ReturnType<typeof files>, path: string) => plan.files.find((f) => f.path === path)!.content;

before(() => ensureParser('rust'));

describe('defaultInitOptions', () => {
  it('picks buildRustPackage with a flake and the lock imported for a plain crate', () => {
    assert.deepEqual(defaultInitOptions(workspace([member('tool')])), { builder: 'buildRustPackage', flake: true, member: undefined, vendoring: 'cargoLock' });
  });
  it('picks crane for a wasm32 cdylib member and for large workspaces, and names the main member', () => {
    const web = member('web', 'web', {
      bins: [],
      lib: { crateTypes: ['cdylib'] },
      dependencies: [{ name: 'wasm-bindgen', package: 'wasm-bindgen', kind: 'normal', optional: false, defaultFeatures: true, features: [] }],
    });
    const d = defaultInitOptions(workspace([member('app', 'app'), web]));
    assert.equal(d.builder, 'crane');
    assert.equal(d.member, 'app');
    const many = workspace(Array.from({ length: 9 }, (_, i) => member(`m${i}`, `crates/m${i}`)));
    assert.equal(defaultInitOptions(many).builder, 'crane');
  });
});

describe('planInit', () => {
  it('never emits removed or discouraged idioms, for any builder', () => {
    const ws = workspace([member('tool')]);
    for (const builder of BUILDERS) {
      for (const f of files(ws, { builder }).files) {
        assert.doesNotMatch(f.content, /useFetchCargoVendor|fetchCargoTarball|cargoSha256|with lib;|\brec \{|flake-utils/, `${builder}: ${f.path}`);
      }
    }
  });

  it('one outputHashes entry per git revision, keyed name-version; none with cargoHash', () => {
    const src = 'git+https://github.com/o/r?rev=abc#abc0123';
    const ws = workspace([member('tool')], {
      lock: {
        version: 3,
        packages: [
          { name: 'tool', version: '1.0.0', dependencies: [] },
          { name: 'a', version: '0.1.0', source: src, dependencies: [] },
          { name: 'b', version: '0.2.0', source: src, dependencies: [] },
          { name: 'c', version: '1.0.0', source: 'git+https://github.com/o/c#def4567', dependencies: [] },
        ],
      },
    });
    const pkg = text(files(ws, { builder: 'buildRustPackage' }), 'package.nix');
    assert.match(pkg, /outputHashes = \{\n      "a-0\.1\.0" = lib\.fakeHash;\n      "c-1\.0\.0" = lib\.fakeHash;\n    \};/);
    assert.match(pkg, /first build fails and reports each real hash/);
    const hashed = text(files(ws, { builder: 'buildRustPackage', vendoring: 'cargoHash' }), 'package.nix');
    assert.doesNotMatch(hashed, /outputHashes|cargoLock/);
    assert.match(hashed, /cargoHash = lib\.fakeHash;/);
  });

  it('puts Linux-only inputs behind lib.optionals, with each reason, and takes the env packages as arguments', () => {
    const inferred: InferenceResult = {
      nativeBuildInputs: [input('pkg-config', 'nativeBuildInputs', 'pkg-config crate'), input('protobuf', 'nativeBuildInputs', 'prost-build 0.13')],
      buildInputs: [input('openssl', 'buildInputs', 'openssl-sys 0.9'), input('alsa-lib', 'buildInputs', 'alsa-sys 0.3', true)],
      env: [{ name: 'PROTOC', nix: '"${protobuf}/bin/protoc"', value: '${protobuf}/bin/protoc', because: 'prost-build runs protoc', crate: 'prost-build', via: [] }],
      builtCrates: [],
    };
    const plan = files(workspace([member('tool')]), { builder: 'buildRustPackage' }, inferred);
    const pkg = text(plan, 'package.nix');
    for (const formal of ['lib', 'rustPlatform', 'stdenv', 'pkg-config', 'protobuf', 'openssl', 'alsa-lib']) assert.match(pkg, new RegExp(`^  ${formal},$`, 'm'), formal);
    assert.match(pkg, /buildInputs = \[\n    openssl # openssl-sys 0\.9\n  \]\n  \+\+ lib\.optionals stdenv\.hostPlatform\.isLinux \[\n    alsa-lib # alsa-sys 0\.3\n  \];/);
    assert.match(pkg, /# prost-build runs protoc\n    PROTOC = "\$\{protobuf\}\/bin\/protoc";/);
    assert.match(pkg, /\(lib\.fileset\.fileFilter \(file: file\.hasExt "proto"\) \.\/\.\)/, '.proto files are kept wherever they are');
    const crane = text(files(workspace([member('tool')]), { builder: 'crane' }, inferred), 'flake.nix');
    assert.match(crane, /PROTOC = "\$\{pkgs\.protobuf\}\/bin\/protoc";/);
    assert.match(crane, /\+\+ pkgs\.lib\.optionals pkgs\.stdenv\.hostPlatform\.isLinux \[/);
  });

  it('a workspace: one package per binary member, a shared name/version for crane, -p flags everywhere', () => {
    const cli = member('ws-cli', 'crates/cli', { package: { ...member('ws-cli').package!, inherited: ['version'] } });
    const ws = workspace([cli, member('ws-admin', 'crates/admin'), { ...member('ws-core', 'crates/core'), bins: [] }]);
    const opts = { member: 'ws-cli' };
    const brp = files(ws, { ...opts, builder: 'buildRustPackage' });
    assert.match(text(brp, 'package.nix'), /cargoToml = lib\.importTOML \.\/crates\/cli\/Cargo\.toml;\n  workspaceToml = lib\.importTOML \.\/Cargo\.toml;/);
    assert.match(text(brp, 'package.nix'), /version = workspaceToml\.workspace\.package\.version;/);
    assert.match(text(brp, 'flake.nix'), /ws-admin = self\.packages\.\$\{system\}\.default\.overrideAttrs \(old: \{\n\s+pname = "ws-admin";/);
    const crane = text(files(ws, { ...opts, builder: 'crane' }), 'flake.nix');
    assert.match(crane, /pname = cargoToml\.package\.name;\n\s+version = workspaceToml\.workspace\.package\.version;/);
    assert.match(
      crane,
      /ws-admin = craneLib\.buildPackage \(commonArgs \/\/ \{\n\s+inherit cargoArtifacts;\n\s+pname = "ws-admin";\n\s+version = \(pkgs\.lib\.importTOML \.\/crates\/admin\/Cargo\.toml\)\.package\.version;\n\s+cargoExtraArgs = "--locked --package ws-admin";/,
    );
    // Each member package has its own meta, not the main member's.
    for (const flake of [text(brp, 'flake.nix'), crane]) {
      const admin = flake.slice(flake.indexOf('ws-admin ='));
      assert.match(admin, /description = "The ws-admin tool";/);
      assert.match(admin, /license = pkgs\.lib\.licenses\.mit;/);
      assert.match(admin, /mainProgram = "ws-admin";/);
      assert.doesNotMatch(admin.slice(0, admin.indexOf('mainProgram')), /The ws-cli tool/);
    }
    assert.match(text(brp, 'flake.nix'), /version = \(pkgs\.lib\.importTOML \.\/crates\/admin\/Cargo\.toml\)\.package\.version;/);
    assert.doesNotMatch(crane, /ws-core =/, 'library members are not packages');
    const c2n = text(files(ws, { ...opts, builder: 'crate2nix' }), 'flake.nix');
    // buildRustCrate's mainProgram is the crate's name: set to the real binary.
    assert.match(c2n, /default = pkgs\.lib\.addMetaAttrs \{\n\s+mainProgram = "ws-cli";\n\s+\} cargoNix\.workspaceMembers\."ws-cli"\.build;/);
    assert.match(c2n, /ws-admin = pkgs\.lib\.addMetaAttrs \{\n\s+mainProgram = "ws-admin";\n\s+\} cargoNix\.workspaceMembers\."ws-admin"\.build;/);
    const naersk = text(files(ws, { ...opts, builder: 'naersk' }), 'flake.nix');
    assert.match(naersk, /cargoBuildOptions = x: x \+\+ \[ "--package" "ws-cli" \];/);
    // naersk names the derivation from `name` (pname is ignored) and builds one member per package.
    assert.match(naersk, /default = naersk'\.buildPackage \(naerskArgs \/\/ \{\n\s+name = "ws-cli";\n\s+version = \(pkgs\.lib\.importTOML \.\/Cargo\.toml\)\.workspace\.package\.version;/);
    assert.match(
      naersk,
      /ws-admin = naersk'\.buildPackage \(naerskArgs \/\/ \{\n\s+name = "ws-admin";\n\s+version = \(pkgs\.lib\.importTOML \.\/crates\/admin\/Cargo\.toml\)\.package\.version;\n\s+cargoBuildOptions = x: x \+\+ \[ "--package" "ws-admin" \];/,
    );
    assert.match(naersk.slice(naersk.indexOf('ws-admin =')), /description = "The ws-admin tool";/);
    assert.doesNotMatch(naersk, /pname = /);
  });

  it('crate2nix: the package says which binary it runs when it is not named like the crate', () => {
    const ws = workspace([member('tool-cli', '', { bins: [{ name: 'tool', requiredFeatures: [] }] })]);
    const c2n = text(files(ws, { builder: 'crate2nix' }), 'flake.nix');
    assert.match(c2n, /default = pkgs\.lib\.addMetaAttrs \{\n\s+mainProgram = "tool";\n\s+\} cargoNix\.rootCrate\.build;/);
  });

  it('rust-version newer than nixpkgs: a rust-overlay toolchain of that version, with a warning', () => {
    const tool = member('tool', '', { package: { ...member('tool').package!, rustVersion: '1.120' } });
    for (const builder of BUILDERS) {
      const plan = files(workspace([tool]), { builder });
      assert.match(text(plan, 'flake.nix'), /rust-bin\.stable\."1\.120\.0"\.default/, builder);
      assert.match(text(plan, 'flake.nix'), /rust-overlay\.overlays\.default/, builder);
      assert.ok(
        plan.warnings.some((w) => /rust-version 1\.120/.test(w)),
        builder,
      );
    }
  });

  it('warns when Cargo.lock is missing; a symlink nothing reads stays out of src', () => {
    const ws = workspace([member('tool')], { symlinks: ['docs/link.md'] });
    const plan = files(ws, { builder: 'buildRustPackage' }, none, ['src', 'docs/link.md']);
    assert.ok(plan.warnings.some((w) => /no Cargo\.lock/.test(w)));
    assert.doesNotMatch(text(plan, 'package.nix'), /\.\/docs\/link\.md/);
  });

  it('merges the service generator’s additions into every flake and package', () => {
    const extras: PlanExtras = {
      files: [{ path: 'nixos/module.nix', content: '{ }\n' }],
      flake: {
        topLevel: [kv('nixosModules.default', raw('./nixos/module.nix'))],
        packages: [kv('docker', raw('pkgs.hello'))],
        checks: [kv('nixos', raw('pkgs.hello'))],
        inputs: [{ name: 'extra', url: 'github:o/extra' }],
        perSystemLets: [kv('answer', raw('42'))],
      },
      packageAdditions: { nativeBuildInputs: ['makeWrapper'], postInstall: 'mkdir -p $out/share\ncp -r static $out/share/', because: ['static/ is read at run time'] },
      warnings: ['from the service'],
    };
    for (const builder of BUILDERS) {
      const plan = files(workspace([member('tool')]), { builder }, none, ['Cargo.lock', 'src'], extras);
      const flake = text(plan, 'flake.nix');
      assert.match(flake, /nixosModules\.default = \.\/nixos\/module\.nix;/, builder);
      assert.match(flake, /docker = pkgs\.hello;/, builder);
      assert.match(flake, /nixos = pkgs\.hello;/, builder);
      assert.match(flake, /extra\.url = "github:o\/extra";/, builder);
      assert.match(flake, /^\s+extra,$/m, builder);
      assert.match(flake, /answer = 42;/, builder);
      assert.ok(plan.files.some((f) => f.path === 'nixos/module.nix'));
      assert.ok(plan.warnings.includes('from the service'));
    }
    const pkg = text(files(workspace([member('tool')]), { builder: 'buildRustPackage' }, none, ['Cargo.lock', 'src'], extras), 'package.nix');
    assert.match(pkg, /^  makeWrapper,$/m);
    assert.match(pkg, /postInstall = ''\n    mkdir -p \$out\/share\n    cp -r static \$out\/share\/\n  '';/);
    const crane = text(files(workspace([member('tool')]), { builder: 'crane' }, none, ['Cargo.lock', 'src'], extras), 'flake.nix');
    assert.match(crane, /nativeBuildInputs = \[ pkgs\.makeWrapper \];\n\s+# static\/ is read at run time\n\s+postInstall = ''/);
    assert.ok(files(workspace([member('tool')]), { builder: 'crate2nix' }, none, ['Cargo.lock', 'src'], extras).warnings.some((w) => /crateOverrides postInstall/.test(w)));
  });

  it('meta: description without the final period, license list, changelog on the forge, mainProgram = the binary', () => {
    const tool = member('tool', '', {
      bins: [{ name: 'tl', requiredFeatures: [] }],
      package: { ...member('tool').package!, license: 'MIT OR Apache-2.0', repository: 'https://github.com/o/tool.git', homepage: undefined },
    });
    const pkg = text(files(workspace([tool]), { builder: 'buildRustPackage' }, none, ['Cargo.lock', 'src', 'CHANGELOG.md']), 'package.nix');
    assert.match(pkg, /description = "The tool tool";/);
    assert.match(pkg, /homepage = "https:\/\/github\.com\/o\/tool\.git";/);
    assert.match(pkg, /changelog = "https:\/\/github\.com\/o\/tool\/blob\/HEAD\/CHANGELOG\.md";/);
    assert.match(pkg, /license = \[\n      lib\.licenses\.mit\n      lib\.licenses\.asl20\n    \];/);
    assert.match(pkg, /mainProgram = "tl";/);
    const odd = member('odd', '', { package: { ...member('odd').package!, license: 'LicenseRef-Mine' } });
    assert.match(text(files(workspace([odd]), { builder: 'buildRustPackage' }), 'package.nix'), /# license: LicenseRef-Mine has no lib\.licenses attribute/);
  });
});
