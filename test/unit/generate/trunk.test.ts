// Trunk apps: found from the crate (index.html + data-trunk directives, a
// Trunk.toml, or a browser UI framework), built by crane's buildTrunkPackage or
// a buildRustPackage running `trunk build`, with the page's files in src and
// its tools in nativeBuildInputs; never packaged as a host program; builders
// that cannot run trunk say so.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import type { Builder } from '../../../server/src/builders';
import { defaultInitOptions, planInit, type InitPlan } from '../../../server/src/generate/plan';
import { trunkApps, trunkDirectives } from '../../../server/src/generate/trunk';
import { infer } from '../../../server/src/infer/infer';
import type { CargoManifest, Workspace } from '../../../server/src/model/types';
import { loadWorkspace } from '../../../server/src/model/workspace';
import { ensureParser, initParsers } from '../../../server/src/parse/treeSitter';

const cases = join(__dirname, '..', '..', 'fixtures', 'generate', 'cases');
before(() => Promise.all([initParsers(), ensureParser('rust')]));

function plan(fixture: string, builder: Builder): InitPlan & { file: (p: string) => string } {
  const dir = join(cases, fixture);
  const ws = loadWorkspace(dir);
  const p = planInit(ws, infer(ws), { ...defaultInitOptions(ws), builder, flake: true }, (f) => existsSync(join(dir, f)));
  return { ...p, file: (path) => p.files.find((f) => f.path === path)?.content ?? '' };
}

describe('trunk directives in the page', () => {
  it('reads rel and href in any order and quoting, script src, and skips commented-out links and plain links', () => {
    const html = `<!-- <link data-trunk rel="css" href="old.css"> -->
<link rel="stylesheet" href="plain.css">
<link href='a.scss' data-trunk rel='scss'/>
<link data-trunk rel=copy-dir href=./static>
<script data-trunk src="js/app.js"></script>`;
    assert.deepEqual(trunkDirectives(html), [
      { rel: 'scss', href: 'a.scss' },
      { rel: 'copy-dir', href: './static' },
      { rel: 'script', href: 'js/app.js' },
    ]);
  });
});

describe('which members are trunk apps', () => {
  const member = (name: string, dir: string, deps: CargoManifest['dependencies'] = []): CargoManifest => ({
    path: `${dir}/Cargo.toml`,
    dir,
    package: { name, version: '1.0.0', authors: [], keywords: [], inherited: [] },
    bins: [{ name, requiredFeatures: [] }],
    features: {},
    dependencies: deps,
    hasPatches: false,
    ranges: { packageKeys: {} },
  });
  const dep = (pkg: string, features: string[]) => ({ name: pkg, package: pkg, kind: 'normal' as const, optional: false, defaultFeatures: true, features });
  const ws = (members: CargoManifest[]): Workspace => ({
    root: '/nonexistent',
    rootManifest: members[0]!,
    members,
    git: { isRepo: false, submodules: [] },
    symlinks: [],
    assetDirs: [],
    warnings: [],
  });

  it('an index.html with a Trunk.toml, or next to a browser framework, is one; a server with a static index.html is not', () => {
    const files: Record<string, string> = { 'a/index.html': '<html></html>', 'a/Trunk.toml': '', 'b/index.html': '<html></html>', 'c/index.html': '<html></html>' };
    const apps = trunkApps(
      ws([member('a', 'a'), member('b', 'b', [dep('leptos', ['csr'])]), member('c', 'c', [dep('axum', [])]), member('d', 'd', [dep('yew', ['csr'])])]),
      (p) => p in files,
      (p) => files[p],
    );
    assert.deepEqual(
      apps.map((a) => [a.member.package!.name, a.because]),
      [
        ['a', 'a/Trunk.toml configures trunk for a/index.html'],
        ['b', 'b/index.html and leptos with the csr feature'],
      ],
    );
  });

  it('leptos without csr (server rendering) next to an index.html is not a trunk app', () => {
    const apps = trunkApps(
      ws([member('s', 's', [dep('leptos', ['ssr'])])]),
      (p) => p === 's/index.html',
      () => '<html></html>',
    );
    assert.deepEqual(apps, []);
  });
});

describe('crane: buildTrunkPackage', () => {
  it('the client member is built by buildTrunkPackage from its folder with the locked wasm-bindgen-cli; the server stays the default program', () => {
    const p = plan('trunk-ws', 'crane');
    const flake = p.file('flake.nix');
    assert.match(flake, /client = craneLib\.buildTrunkPackage \(clientArgs \/\/ \{/);
    assert.match(flake, /wasm-bindgen-cli = wasmBindgenCli;/);
    assert.match(flake, /wasmBindgenCli = pkgs\.wasm-bindgen-cli_0_2_100;/);
    assert.match(flake, /CARGO_BUILD_TARGET = "wasm32-unknown-unknown";/);
    assert.match(flake, /preBuild = ''\n\s+cd client\n\s+'';\n\s+postBuild = ''\n\s+mv dist \.\.\n\s+cd \.\.\n/);
    // The page and what it names are in src; the commented-out stylesheet is not.
    assert.match(flake, /\.\/client\/index\.html # the page trunk builds/);
    assert.match(flake, /\.\/client\/main\.scss # client\/index\.html includes it \(data-trunk rel="scss"\)/);
    assert.match(flake, /\.\/client\/assets # client\/index\.html includes it \(data-trunk rel="copy-dir"\)/);
    assert.doesNotMatch(flake, /commented-out/);
    // crane's buildTrunkPackage brings dart-sass itself.
    assert.doesNotMatch(flake, /pkgs\.dart-sass/);
    assert.match(flake, /pname = "server";[\s\S]*mainProgram = "server"/);
    assert.match(flake, /cargoToml = pkgs\.lib\.importTOML \.\/server\/Cargo\.toml;/, 'the host binary is the main member');
  });

  it('a single-crate trunk app is the default package, with tailwindcss for its page, and has no app to run', () => {
    const flake = plan('trunk-solo', 'crane').file('flake.nix');
    assert.match(flake, /package = craneLib\.buildTrunkPackage \(/);
    assert.match(flake, /nativeBuildInputs = todo-appArgs\.nativeBuildInputs \+\+ \[ pkgs\.tailwindcss \];|nativeBuildInputs = wasm0Args\.nativeBuildInputs \+\+ \[ pkgs\.tailwindcss \];/);
    assert.doesNotMatch(flake, /preBuild/);
    assert.doesNotMatch(flake, /apps = /);
  });
});

describe('buildRustPackage: trunk build in the build phase', () => {
  it('package.nix of a single-crate app runs trunk offline and installs dist/, with trunk, binaryen, tailwindcss, lld and the CLI', () => {
    const pkg = plan('trunk-solo', 'buildRustPackage').file('package.nix');
    assert.match(pkg, /^\{\n {2}lib,\n {2}rustPlatform,\n {2}wasm-bindgen-cli_0_2_95,\n {2}lld,\n {2}trunk,\n {2}binaryen,\n {2}tailwindcss,\n\}:/);
    assert.match(pkg, /trunk build --offline --frozen --release/);
    assert.match(pkg, /cp -r dist \$out/);
    assert.match(pkg, /\.\/Trunk\.toml # trunk's configuration/);
    assert.match(pkg, /\.\/tailwind\.config\.js # the Tailwind CLI reads it/);
    assert.doesNotMatch(pkg, /mainProgram/);
  });

  it('a workspace member app is the default derivation rebuilt with trunk from its folder', () => {
    const flake = plan('trunk-ws', 'buildRustPackage').file('flake.nix');
    assert.match(flake, /client = self\.packages\.\$\{system\}\.default\.overrideAttrs \(old: \{/);
    assert.match(flake, /nativeBuildInputs = \(old\.nativeBuildInputs or \[ \]\) \+\+ \[ wasmBindgenCli pkgs\.lld pkgs\.trunk pkgs\.binaryen pkgs\.dart-sass \];/);
    assert.match(flake, /cd client\n\s+trunk build --offline --frozen --release/);
  });
});

describe('builders that cannot run trunk', () => {
  for (const b of ['naersk', 'crate2nix'] as Builder[]) {
    it(`${b}: says the web app is not packaged and names the builders that can`, () => {
      const p = plan('trunk-ws', b);
      const w = p.warnings.find((x) => x.startsWith('client is a trunk web app'));
      assert.ok(w, p.warnings.join('\n'));
      assert.match(w!, new RegExp(`${b} cannot run trunk`));
      assert.match(w!, /it is not packaged\. Choose buildRustPackage or crane/);
      assert.doesNotMatch(p.file('flake.nix'), /client = /);
    });
  }
});
