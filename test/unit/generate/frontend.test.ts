// Frontend pipelines next to the crate: the npm build whose output the program
// reads is found (its folder, script, output), packaged as a buildNpmPackage
// and put where the Rust build reads it before cargo runs; what cannot be
// packaged is said, with the reason.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import type { Builder } from '../../../server/src/builders';
import { frontendPipelines, scriptOutput } from '../../../server/src/generate/frontend';
import { defaultInitOptions, planInit, type InitPlan } from '../../../server/src/generate/plan';
import { infer } from '../../../server/src/infer/infer';
import type { BuildReads } from '../../../server/src/model/buildReads';
import type { Workspace } from '../../../server/src/model/types';
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

describe('the output a build script writes', () => {
  it('reads the bundlers’ and tools’ own flags, a vite config’s outDir, and dist/ for a bundler without one', () => {
    assert.equal(scriptOutput('tsc && vite build --outDir ../static/app'), '../static/app');
    assert.equal(scriptOutput('esbuild src/app.ts --bundle --outdir=public/js'), 'public/js');
    assert.equal(scriptOutput('esbuild src/app.ts --bundle --outfile=assets/app.js'), 'assets/app.js');
    assert.equal(scriptOutput('tailwindcss -i input.css -o ../assets/style.css --minify'), '../assets/style.css');
    assert.equal(scriptOutput('vite build', "export default { build: { outDir: 'build/web' } }"), 'build/web');
    assert.equal(scriptOutput('webpack --mode production'), 'dist');
    assert.equal(scriptOutput('node scripts/gen.js'), undefined);
  });
});

describe('which pipelines are packaged', () => {
  const ws: Workspace = {
    root: '/nonexistent',
    rootManifest: {
      path: 'Cargo.toml',
      dir: '',
      bins: [],
      features: {},
      dependencies: [],
      hasPatches: false,
      ranges: { packageKeys: {} },
      package: { name: 'x', authors: [], keywords: [], inherited: [] },
    },
    members: [],
    git: { isRepo: false, submodules: [] },
    symlinks: [],
    assetDirs: [],
    warnings: [],
  };
  ws.members = [ws.rootManifest];
  const reads = (paths: string[]): BuildReads => ({
    reads: [],
    outside: [],
    notes: [],
    missing: paths.map((path) => ({ path, isDir: true, when: 'build', kind: 'includer', because: `include_dir! in src/main.rs:3`, crate: 'x' }) satisfies BuildReads['missing'][number]),
  });
  const scan = (files: Record<string, string>, missing: string[]) =>
    frontendPipelines(
      ws,
      (p) => p in files,
      (p) => files[p],
      (rel) =>
        rel === ''
          ? [
              ...new Set(
                Object.keys(files)
                  .filter((f) => f.includes('/'))
                  .map((f) => f.split('/')[0]!),
              ),
            ].map((name) => ({ name, isDir: true, isFile: false, isSymlink: false }))
          : [],
      reads(missing),
    );

  it('an npm project in a subfolder whose dist/ the crate includes: packaged, with where it is read', () => {
    const r = scan({ 'ui/package.json': '{"scripts":{"build":"vite build"}}', 'ui/package-lock.json': '{}' }, ['ui/dist']);
    assert.deepEqual(r.pipelines, [{ dir: 'ui', script: 'build', out: 'ui/dist', target: { path: 'ui/dist', when: 'build', because: 'include_dir! in src/main.rs:3' } }]);
    assert.deepEqual(r.warnings, []);
  });

  it('a root package.json with a build:css script writing where the crate reads', () => {
    const r = scan({ 'package.json': '{"scripts":{"build:css":"tailwindcss -i in.css -o assets/app.css"}}', 'package-lock.json': '{}' }, ['assets']);
    assert.equal(r.pipelines[0]?.script, 'build:css');
    assert.equal(r.pipelines[0]?.out, 'assets/app.css');
  });

  it('says why when it cannot: yarn, no lock, an output nothing reads, scripts reaching above the folder', () => {
    const yarn = scan({ 'ui/package.json': '{"scripts":{"build":"vite build"}}', 'ui/yarn.lock': '' }, ['ui/dist']);
    assert.deepEqual(yarn.pipelines, []);
    assert.match(yarn.warnings[0]!, /^ui\/yarn\.lock: Nixify packages npm projects \(package-lock\.json\) only; .*fetchYarnDeps \+ yarnConfigHook/);
    const noLock = scan({ 'ui/package.json': '{"scripts":{"build":"vite build"}}' }, ['ui/dist']);
    assert.match(noLock.warnings[0]!, /no package-lock\.json/);
    const unread = scan({ 'ui/package.json': '{"scripts":{"build":"vite build"}}', 'ui/package-lock.json': '{}' }, []);
    assert.match(unread.warnings[0]!, /builds ui\/dist\/ \(npm run build\), but no read of it was found/);
    const above = scan({ 'ui/package.json': '{"scripts":{"build":"esbuild ../shared/x.ts --outdir=dist"}}', 'ui/package-lock.json': '{}' }, ['ui/dist']);
    assert.match(above.warnings[0]!, /read files above ui\/ \(\.\.\/\)/);
    const bad = scan({ 'ui/package.json': '{ nope' }, []);
    assert.match(bad.warnings[0]!, /is not valid JSON/);
  });
});

describe('the generated packaging', () => {
  it('buildRustPackage: a buildNpmPackage of web/ (fake npmDepsHash) copied to web/dist before cargo; no missing-folder warning', () => {
    const p = plan('frontend-embed', 'buildRustPackage');
    const pkg = p.file('package.nix');
    assert.match(pkg, /^\{\n {2}lib,\n {2}rustPlatform,\n {2}buildNpmPackage,\n\}:/);
    assert.match(pkg, /frontend = buildNpmPackage \{\n\s+pname = "dashboard-frontend";\n\s+version = cargoToml\.package\.version;/);
    assert.match(
      pkg,
      /root = \.\/web;\n\s+fileset = lib\.fileset\.difference \.\/web \(lib\.fileset\.unions \[\n\s+\(lib\.fileset\.maybeMissing \.\/web\/node_modules\)\n\s+\(lib\.fileset\.maybeMissing \.\/web\/dist\)/,
    );
    assert.match(pkg, /npmDepsHash = "sha256-A{43}=";/);
    assert.match(
      pkg,
      /# web\/dist is read at compile time \(#\[folder\] \(rust-embed\) in src\/main\.rs:4\): npm run build in web makes it\n\s+preBuild = ''\n\s+rm -rf web\/dist\n\s+mkdir -p web\n\s+cp -r \$\{frontend\} web\/dist\n/,
    );
    assert.ok(!p.warnings.some((w) => /does not exist/.test(w)), p.warnings.join('\n'));
  });

  it('crane: the package and the checks get the preBuild, the dependency build does not', () => {
    const flake = plan('frontend-embed', 'crane').file('flake.nix');
    assert.match(flake, /frontend = pkgs\.buildNpmPackage \{/);
    assert.match(flake, /commonArgs = \{\n\s+inherit src;\n\s+strictDeps = true;\n\s+\};/);
    assert.equal(flake.match(/cp -r \$\{frontend\} web\/dist/g)?.length, 4, 'package, clippy, doc and tests (fmt and audit compile nothing)');
  });

  it('naersk: the shared arguments get the preBuild', () => {
    assert.match(plan('frontend-embed', 'naersk').file('flake.nix'), /frontend = pkgs\.buildNpmPackage[\s\S]*default = naersk'\.buildPackage \{[\s\S]*preBuild = ''/);
  });

  it('crate2nix: says it cannot put the frontend build in place and names the builders that can', () => {
    const p = plan('frontend-embed', 'crate2nix');
    assert.ok(
      p.warnings.some((w) => /web\/dist \(npm run build in web\): the program reads a frontend build, but crate2nix/.test(w)),
      p.warnings.join('\n'),
    );
  });
});

describe('asset tools a build script starts', () => {
  it('tailwindcss run by build.rs is a native build input, with the line; npx there is a warning', () => {
    const p = plan('tailwind-buildrs', 'buildRustPackage');
    const pkg = p.file('package.nix');
    assert.match(pkg, /^\{\n {2}lib,\n {2}rustPlatform,\n {2}tailwindcss,\n\}:/);
    assert.match(pkg, /nativeBuildInputs = \[\n\s+tailwindcss # build\.rs:6 runs tailwindcss\n\s+\];/);
    assert.ok(
      p.warnings.some((w) => w.startsWith('build.rs:11 runs npx: the Nix build has no network')),
      p.warnings.join('\n'),
    );
    assert.match(plan('tailwind-buildrs', 'crane').file('flake.nix'), /nativeBuildInputs = \[\n\s+pkgs\.tailwindcss # build\.rs:6 runs tailwindcss/);
  });
});
