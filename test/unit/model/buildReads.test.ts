// What the build reads, on small trees written to a temp dir (real files and
// real symlinks): each class of read, its moment (build / test / runtime) and
// its reason, and that every builder's generated src holds exactly that.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { analyzeBuildReads, type BuildReads, type ReadWhen } from '../../../server/src/model/buildReads';
import { loadWorkspace, nodeFs } from '../../../server/src/model/workspace';
import { ensureParser } from '../../../server/src/parse/treeSitter';
import { makeContext, type Builder } from '../../../server/src/generate/context';
import { craneSrcEntries, srcEntries } from '../../../server/src/generate/src';
import { planInit } from '../../../server/src/generate/plan';
import { planService } from '../../../server/src/generate/service';
import type { InferenceResult } from '../../../server/src/infer/types';

const none: InferenceResult = { nativeBuildInputs: [], buildInputs: [], env: [], builtCrates: [] };
const tmp = mkdtempSync(join(tmpdir(), 'nixify-reads-'));
let n = 0;

/** A tree from `{ path: content }`; a value `{ link: target }` makes a symlink. */
function tree(files: Record<string, string | { link: string }>): string {
  const root = join(tmp, `t${n++}`);
  for (const [p, v] of Object.entries(files)) {
    mkdirSync(dirname(join(root, p)), { recursive: true });
    if (typeof v === 'string') writeFileSync(join(root, p), v);
    else symlinkSync(v.link, join(root, p));
  }
  return root;
}

const pkg = (name: string, extra = '') => `[package]\nname = "${name}"\nversion = "0.1.0"\nedition = "2021"\n${extra}`;

function reads(root: string): BuildReads {
  const ws = loadWorkspace(root);
  return analyzeBuildReads(ws, nodeFs(ws.root));
}

const when = (r: BuildReads, path: string): ReadWhen | undefined => r.reads.find((x) => x.path === path)?.when;

function entries(root: string, builder: Builder): string[] {
  const ws = loadWorkspace(root);
  const ctx = makeContext(ws, none, { builder, flake: true, vendoring: 'cargoLock' });
  return (builder === 'crane' ? craneSrcEntries(ctx) : srcEntries(ctx, builder)).map((e) => e.path);
}

before(() => ensureParser('rust'));
after(() => rmSync(tmp, { recursive: true, force: true }));

describe('include macros', () => {
  it('resolves include_str!/include_bytes!/include! against the file, through concat!/env!("CARGO_MANIFEST_DIR") and nested macros', () => {
    const root = tree({
      'Cargo.toml': pkg('app'),
      'README.md': '# app',
      'src/main.rs': [
        '#![doc = include_str!("../README.md")]',
        'mod pages;',
        'fn main() {',
        '  let a = include_bytes!(concat!(env!("CARGO_MANIFEST_DIR"), "/data/blob.bin"));',
        '  println!("{}", include_str!("pages/help.txt"));',
        '  let g = include_str!(concat!(env!("OUT_DIR"), "/gen.rs"));',
        '}',
      ].join('\n'),
      'src/pages.rs': 'pub const P: &str = include_str!("pages/page.html");\ninclude!("../generated/table.rs");',
      'src/pages/page.html': '<p>',
      'src/pages/help.txt': 'help',
      'data/blob.bin': 'x',
      'generated/table.rs': 'const T: u8 = 1;',
    });
    const r = reads(root);
    assert.equal(when(r, 'README.md'), 'build');
    assert.equal(when(r, 'data/blob.bin'), 'build');
    assert.equal(when(r, 'src/pages/help.txt'), 'build');
    assert.equal(when(r, 'src/pages/page.html'), 'build');
    assert.equal(when(r, 'generated/table.rs'), 'build');
    assert.match(r.reads.find((x) => x.path === 'README.md')!.because, /include_str! in src\/main\.rs:1/);
    assert.ok(
      r.notes.some((x) => /OUT_DIR/.test(x)),
      'an OUT_DIR include is generated, not read from the tree',
    );
    assert.deepEqual(r.missing, []);
  });

  it('resolves paths that climb out of a workspace member', () => {
    const root = tree({
      'Cargo.toml': '[workspace]\nmembers = ["crates/web"]\n',
      'crates/web/Cargo.toml': pkg('web'),
      'crates/web/src/main.rs':
        'const B: &str = include_str!("../../../shared/banner.txt");\nconst C: &str = include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/../../shared/motd.txt"));\nfn main() {}',
      'shared/banner.txt': 'hi',
      'shared/motd.txt': 'hi',
    });
    const r = reads(root);
    assert.equal(when(r, 'shared/banner.txt'), 'build');
    assert.equal(when(r, 'shared/motd.txt'), 'build');
    for (const b of ['buildRustPackage', 'naersk', 'crate2nix', 'crane'] as const) {
      assert.ok(entries(root, b).includes('shared/banner.txt'), b);
      assert.ok(entries(root, b).includes('shared/motd.txt'), b);
    }
  });

  it('a macro_rules include with a metavariable path reads the whole folder; tonic include_proto! reads OUT_DIR', () => {
    const root = tree({
      'Cargo.toml': pkg('mud'),
      'src/main.rs': [
        'macro_rules! res { ($p: expr) => { include_str!(concat!("../resources/lua/", $p)) }; }',
        'mod pb { tonic::include_proto!("chat.v1"); }',
        'fn main() { let a = res!("a.lua"); }',
      ].join('\n'),
      'resources/lua/a.lua': '',
      'resources/lua/b.lua': '',
    });
    const r = reads(root);
    assert.equal(when(r, 'resources/lua'), 'build');
    assert.deepEqual(r.missing, []);
  });

  it('ignores cxx bridge headers (include! inside extern "C++")', () => {
    const root = tree({
      'Cargo.toml': pkg('ffi'),
      'src/lib.rs': '#[cxx::bridge]\nmod ffi {\n  unsafe extern "C++" {\n    include!("ffi/src/shim.h");\n  }\n}',
    });
    assert.deepEqual(reads(root).missing, []);
  });
});

describe('well-known compile-time includers', () => {
  it('rust-embed, include_dir!, askama templates (askama.toml dirs), sqlx migrate! are build reads, not runtime', () => {
    const root = tree({
      'Cargo.toml': pkg('site', '[dependencies]\naskama = "0.12"\n'),
      'askama.toml': '[general]\ndirs = ["views"]\n',
      'src/main.rs': [
        '#[derive(rust_embed::RustEmbed)]',
        '#[folder = "$CARGO_MANIFEST_DIR/public/"]',
        'struct Assets;',
        'static DOCS: include_dir::Dir = include_dir::include_dir!("$CARGO_MANIFEST_DIR/docs");',
        '#[derive(askama::Template)]',
        '#[template(path = "index.html")]',
        'struct Index;',
        'fn main() { sqlx::migrate!("db/migrations"); let css = grass::include!("styles/site.scss"); }',
      ].join('\n'),
      'public/app.js': '',
      'docs/a.md': '',
      'views/index.html': '',
      'db/migrations/1.sql': '',
      'styles/site.scss': '',
    });
    const r = reads(root);
    for (const p of ['public', 'docs', 'views', 'askama.toml', 'db/migrations', 'styles/site.scss']) assert.equal(when(r, p), 'build', p);
    assert.equal(r.reads.filter((x) => x.when === 'runtime').length, 0);
    // Embedded folders are not installed: no wrapper that changes directory.
    const ws = loadWorkspace(root);
    const svc = planService(ws, { module: true, docker: false, vmTest: false }, nodeFs(root), undefined, r);
    assert.deepEqual(svc.model.assets.installed, []);
    assert.equal(svc.model.assets.chdir, false);
    assert.equal(svc.packageAdditions.postInstall, undefined);
    // crane keeps them next to commonCargoSources (cleanCargoSource alone drops them).
    for (const p of ['db/migrations', 'docs', 'public', 'styles/site.scss', 'views']) assert.ok(entries(root, 'crane').includes(p), p);
  });

  it('sqlx offline data (.sqlx) only when query macros are used', () => {
    const files = { 'Cargo.toml': pkg('db', '[dependencies]\nsqlx = "0.8"\n'), '.sqlx/query-1.json': '{}' };
    const used = tree({ ...files, 'src/main.rs': 'async fn f() { sqlx::query!("select 1").fetch_one(&p).await; }\nfn main() {}' });
    assert.equal(when(reads(used), '.sqlx'), 'build');
    assert.match(reads(used).reads.find((x) => x.path === '.sqlx')!.because, /sqlx query macros \(src\/main\.rs:1\)/);
    const unused = tree({ ...files, 'src/main.rs': 'fn main() { let q = sqlx::query("select 1"); }' });
    assert.equal(when(reads(unused), '.sqlx'), undefined);
    const noData = tree({ 'Cargo.toml': pkg('db', '[dependencies]\nsqlx = "0.8"\n'), 'src/main.rs': 'use sqlx::query_as;\nfn main() { query_as!(Row, "select 1"); }' });
    assert.ok(reads(noData).notes.some((x) => /cargo sqlx prepare/.test(x)));
  });

  it('build scripts: rerun-if-changed, the files they read, protos they compile', () => {
    const root = tree({
      'Cargo.toml': pkg('api'),
      'build.rs': [
        'fn main() {',
        '  println!("cargo:rerun-if-changed=schema/api.graphql");',
        '  let s = std::fs::read_to_string("schema/extra.graphql").unwrap();',
        '  tonic_build::configure().compile_protos(&["proto/svc.proto"], &["proto"]).unwrap();',
        '}',
      ].join('\n'),
      'src/main.rs': 'fn main() {}',
      'schema/api.graphql': '',
      'schema/extra.graphql': '',
      'proto/svc.proto': '',
      'proto/common.proto': '',
      'unrelated/notes.txt': '',
    });
    const r = reads(root);
    for (const p of ['schema/api.graphql', 'schema/extra.graphql', 'proto/svc.proto', 'proto']) assert.equal(when(r, p), 'build', p);
    assert.equal(when(r, 'unrelated/notes.txt'), undefined);
  });
});

describe('crates the build compiles', () => {
  it('[patch.*] path crates and path dependencies that are not members, transitively; outside the root is reported', () => {
    const root = tree({
      'Cargo.toml': pkg('app', '[dependencies]\nserde = "1"\nlocal = { path = "vendor/local" }\n\n[patch.crates-io]\nserde = { path = "patches/serde" }\nfar = { path = "../far" }\n'),
      'src/main.rs': 'fn main() {}',
      'vendor/local/Cargo.toml': pkg('local', '[dependencies]\ninner = { path = "../inner" }\n[dev-dependencies]\ntestonly = { path = "../testonly" }\n'),
      'vendor/local/src/lib.rs': 'pub const X: &str = include_str!("../data.txt");',
      'vendor/local/data.txt': '',
      'vendor/inner/Cargo.toml': pkg('inner'),
      'vendor/inner/src/lib.rs': '',
      'vendor/testonly/Cargo.toml': pkg('testonly'),
      'vendor/testonly/src/lib.rs': '',
      'patches/serde/Cargo.toml': pkg('serde'),
      'patches/serde/src/lib.rs': '',
      'patches/serde/build.rs': 'fn main() {}',
    });
    const r = reads(root);
    for (const p of ['patches/serde/Cargo.toml', 'patches/serde/src', 'patches/serde/build.rs', 'vendor/local/Cargo.toml', 'vendor/local/src', 'vendor/local/data.txt', 'vendor/inner/src'])
      assert.equal(when(r, p), 'build', p);
    assert.equal(when(r, 'vendor/testonly/src'), undefined, "a dependency's dev-dependencies are never built");
    assert.match(r.reads.find((x) => x.path === 'patches/serde/Cargo.toml')!.because, /\[patch\.crates-io\] serde/);
    assert.deepEqual(
      r.outside.map((x) => x.path),
      ['../far'],
    );
    const brp = entries(root, 'buildRustPackage');
    for (const p of ['patches/serde/src', 'patches/serde/build.rs', 'vendor/local/Cargo.toml', 'vendor/local/data.txt', 'vendor/inner/src'])
      assert.ok(
        brp.some((e) => p === e || p.startsWith(`${e}/`)),
        p,
      );
    const ws = loadWorkspace(root);
    const plan = planInit(ws, none, { builder: 'buildRustPackage', flake: false, vendoring: 'cargoLock' });
    assert.ok(plan.warnings.some((w) => /\.\.\/far is outside the workspace root/.test(w)));
  });
});

describe('symlinks', () => {
  it('a link the build reads brings its target; a link nothing reads stays out', () => {
    const root = tree({
      'Cargo.toml': pkg('app'),
      'src/main.rs': 'const L: &str = include_str!("../LICENSE");\nfn main() {}',
      'src/shared.rs': { link: '../common/shared.rs' },
      'common/shared.rs': '',
      LICENSE: { link: 'legal/LICENSE-MIT' },
      'legal/LICENSE-MIT': 'MIT',
      'docs/old.md': { link: '../legal/LICENSE-MIT' },
    });
    const r = reads(root);
    assert.equal(when(r, 'LICENSE'), 'build');
    assert.equal(when(r, 'legal/LICENSE-MIT'), 'build');
    assert.equal(when(r, 'common/shared.rs'), 'build');
    assert.match(r.reads.find((x) => x.path === 'common/shared.rs')!.because, /target of the symlink src\/shared\.rs/);
    assert.equal(when(r, 'docs/old.md'), undefined);
    for (const b of ['buildRustPackage', 'naersk', 'crate2nix'] as const) {
      const e = entries(root, b);
      assert.ok(e.includes('legal/LICENSE-MIT') && e.includes('common/shared.rs') && e.includes('LICENSE'), `${b}: ${e.join(' ')}`);
      assert.ok(!e.includes('docs/old.md') && !e.includes('docs'), b);
    }
    // crane: the .rs target is in commonCargoSources; the license and its target are added.
    assert.deepEqual(entries(root, 'crane'), ['LICENSE', 'legal/LICENSE-MIT']);
  });
});

describe('assets found by use, runtime vs compile time', () => {
  it('a folder the program serves is a runtime read (installed, not in src unless installed); a folder with a well-known name nobody uses is not read', () => {
    const root = tree({
      'Cargo.toml': pkg('srv', '[dependencies]\naxum = "0.7"\ntower-http = "0.5"\n'),
      'src/main.rs': [
        'use tower_http::services::ServeDir;',
        'fn main() {',
        '  let app = axum::Router::new().fallback_service(ServeDir::new("www"));',
        '  let t = tera::Tera::new("views/**/*.html").unwrap();',
        '  let port = std::env::var("PORT").unwrap_or("8080".into());',
        '}',
      ].join('\n'),
      'www/index.html': '',
      'views/a.html': '',
      'static/unused.css': '',
    });
    const r = reads(root);
    assert.equal(when(r, 'www'), 'runtime');
    assert.equal(when(r, 'views'), 'runtime');
    assert.equal(when(r, 'static'), undefined);
    // The plain package builds without them...
    assert.ok(!entries(root, 'buildRustPackage').includes('www'));
    // ...the service installs them (and then src holds them), changing directory since no variable moves them.
    const ws = loadWorkspace(root);
    const svc = planService(ws, { module: true, docker: false, vmTest: false }, nodeFs(root), undefined, r);
    assert.deepEqual(
      svc.model.assets.installed.map((a) => a.dir),
      ['views', 'www'],
    );
    assert.equal(svc.model.assets.chdir, true);
    for (const builder of ['buildRustPackage', 'crane', 'naersk'] as const) {
      const plan = planInit(ws, none, { builder, flake: true, vendoring: 'cargoLock' }, undefined, () => ({ files: [], flake: {}, warnings: [], packageAdditions: svc.packageAdditions }), r);
      const text = plan.files.map((f) => f.content).join('\n');
      assert.match(text, /\.\/www/, builder);
      assert.match(text, /\.\/views/, builder);
      assert.doesNotMatch(text, /\.\/static/, builder);
    }
  });

  it('an environment variable with a default folder moves it: the wrapper sets the variable instead of changing directory', () => {
    const root = tree({
      'Cargo.toml': pkg('srv'),
      'src/main.rs': 'fn main() { let d = std::env::var("ASSETS_PATH").unwrap_or_else(|_| "web".to_string()); serve(d); }',
      'web/index.html': '',
    });
    const r = reads(root);
    assert.equal(r.reads.find((x) => x.path === 'web')?.env, 'ASSETS_PATH');
    const svc = planService(loadWorkspace(root), { module: true, docker: false, vmTest: false }, nodeFs(root), undefined, r);
    assert.equal(svc.model.assets.chdir, false);
    assert.match(svc.packageAdditions.postInstall!, /--set-default ASSETS_PATH \$out\/share\/srv\/web/);
  });
});

describe('strings that are not reads', () => {
  it('file names in data and formatting macros are not runtime reads; a proc macro given a path reads it while compiling', () => {
    const root = tree({
      'Cargo.toml': pkg('ls'),
      'src/main.rs': [
        'static ICONS: phf::Map<&str, char> = phf::phf_map! { "README.md" => \'r\', "flake.nix" => \'f\' };',
        'wayland_scanner::generate_interfaces!("protocols/x.xml");',
        'fn main() { println!("see README.md"); let p = dir.join("flake.nix"); }',
      ].join('\n'),
      'README.md': '',
      'flake.nix': '',
      'protocols/x.xml': '',
    });
    const r = reads(root);
    assert.equal(when(r, 'README.md'), undefined);
    assert.equal(when(r, 'flake.nix'), undefined);
    assert.equal(when(r, 'protocols/x.xml'), 'build');
  });
});

describe('test fixtures', () => {
  it('files tests read are in src only for builders that run the tests', () => {
    const root = tree({
      'Cargo.toml': pkg('lib'),
      'src/lib.rs': 'pub fn f() {}\n#[cfg(test)]\nmod tests {\n  #[test]\n  fn t() { let s = include_str!("../fixtures/case.json"); let d = std::fs::read_dir("golden/out").unwrap(); }\n}',
      'tests/it.rs': '#[test]\nfn it() { let x = include_bytes!("../samples/a.bin"); }',
      'fixtures/case.json': '{}',
      'golden/out/a.txt': '',
      'samples/a.bin': '',
    });
    const r = reads(root);
    for (const p of ['fixtures/case.json', 'golden/out', 'samples/a.bin']) assert.equal(when(r, p), 'test', p);
    for (const b of ['buildRustPackage', 'crane'] as const) for (const p of ['fixtures/case.json', 'golden/out', 'samples/a.bin']) assert.ok(entries(root, b).includes(p), `${b} ${p}`);
    for (const b of ['naersk', 'crate2nix'] as const) assert.ok(!entries(root, b).some((e) => /fixtures|golden|samples/.test(e)), b);
  });
});

describe('generated src per builder', () => {
  it('crane is a fileset of commonCargoSources and the non-Rust files read; bare cleanCargoSource only when there are none', () => {
    const root = tree({ 'Cargo.toml': pkg('app'), 'Cargo.lock': '', 'src/main.rs': 'const T: &str = include_str!("page.html");\nfn main() {}', 'src/page.html': '' });
    const ws = loadWorkspace(root);
    const flake = planInit(ws, none, { builder: 'crane', flake: true, vendoring: 'cargoLock' }).files.find((f) => f.path === 'flake.nix')!.content;
    assert.match(flake, /craneLib\.fileset\.commonCargoSources \.\/\./);
    assert.match(flake, /\.\/src\/page\.html # include_str! in src\/main\.rs:1/);
    assert.doesNotMatch(flake, /cleanCargoSource/);
    const plain = tree({ 'Cargo.toml': pkg('app'), 'Cargo.lock': '', 'src/main.rs': 'fn main() {}' });
    const flake2 = planInit(loadWorkspace(plain), none, { builder: 'crane', flake: true, vendoring: 'cargoLock' }).files.find((f) => f.path === 'flake.nix')!.content;
    assert.match(flake2, /craneLib\.cleanCargoSource \.\/\./);
  });

  it('package.nix says why each non-Cargo path is in src', () => {
    const root = tree({ 'Cargo.toml': pkg('app'), 'Cargo.lock': '', 'src/main.rs': '#![doc = include_str!("../README.md")]\nfn main() {}', 'README.md': '' });
    const pkgNix = planInit(loadWorkspace(root), none, { builder: 'buildRustPackage', flake: false, vendoring: 'cargoLock' }).files.find((f) => f.path === 'package.nix')!.content;
    assert.match(pkgNix, /\.\/README\.md # include_str! in src\/main\.rs:1/);
  });
});
