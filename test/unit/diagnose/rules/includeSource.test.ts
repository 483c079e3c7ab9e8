// A file the code reads at compile time (include_str!, include_bytes!, include!)
// that the builder's src filter dropped: rustc's `couldn't read` becomes a
// rust-compile-error whose fix keeps that file in src. Real logs: round7's
// penumbra paste (after its first run) and a real Nix 2.8 build of a workspace
// whose `builtins.path` filter keeps only Rust and Cargo files.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { diagnoseText } from '../../../../server/src/diagnose/diagnoser';
import { placeDiagnostics } from '../../../../server/src/diagnose/place';
import { missingIncludePath } from '../../../../server/src/diagnose/rules/includeSource';
import { fixesFor } from '../../../../server/src/diagnose/toFixes';
import { applyEdits } from '../../../../server/src/fixes/nixEdits';
import { initParsers } from '../../../../server/src/parse/treeSitter';
import { srcOracleWhy, storeFilesOf } from './srcOracle';
import { heldout, ws } from './helpers';

const LOGS = join(__dirname, '..', '..', '..', 'fixtures', 'logs');
const REPO = join(__dirname, '..', '..', '..', '..');
const SCHEMA = 'crates/view/src/storage/schema.sql';

const FILESET_PKG = `{ lib, rustPlatform }:

rustPlatform.buildRustPackage {
  pname = "view";
  version = "0.1.0";
  src = lib.fileset.toSource {
    root = ./.;
    fileset = lib.fileset.unions [
      ./Cargo.toml
      ./Cargo.lock
      (lib.fileset.fileFilter (file: file.hasExt "rs") ./crates)
    ];
  };
  cargoLock.lockFile = ./Cargo.lock;
}
`;

const CRANE_PKG = `{ lib, craneLib }:
craneLib.buildPackage {
  src = craneLib.cleanCargoSource ./.;
  strictDeps = true;
}
`;

const REGEX_PKG = `{ lib, rustPlatform }:
rustPlatform.buildRustPackage {
  pname = "view";
  version = "0.1.0";
  src = lib.sourceByRegex ./. [ "^Cargo\\\\.(toml|lock)$" "^crates$" "^crates/view(/.*\\\\.(rs|toml))?$" "^crates/view/src$" ];
  cargoLock.lockFile = ./Cargo.lock;
}
`;

before(async () => {
  await initParsers();
});

describe('include-in-src: the path rustc could not read', () => {
  it('every wording and source root → the workspace-relative path', () => {
    const cases: [string, string | undefined][] = [
      // rustc 1.7x+: backticks; older: bare; the path as cargo passed it (workspace-relative) …
      ["couldn't read `crates/view/src/storage/schema.sql`: No such file or directory (os error 2)", SCHEMA],
      ["couldn't read crates/view/src/storage/schema.sql: No such file or directory (os error 2)", SCHEMA],
      ['couldn\'t read "src/../assets/logo.png": No such file or directory (os error 2)', 'assets/logo.png'],
      // … or absolute, under the sandbox's unpacked source, an unsandboxed build dir, a source store path.
      ["couldn't read `/build/source/crates/view/src/storage/schema.sql`: No such file or directory (os error 2)", SCHEMA],
      ["couldn't read /build/penumbra-src/crates/view/src/storage/schema.sql: No such file or directory (os error 2)", SCHEMA],
      ["couldn't read /tmp/nix-build-view-0.1.0.drv-0/source/src/schema.sql: No such file or directory (os error 2)", 'src/schema.sql'],
      ["couldn't read /private/tmp/nix-build-view-0.1.0.drv-0/source/src/schema.sql: No such file or directory (os error 2)", 'src/schema.sql'],
      ["couldn't read `/nix/store/0c9xg2d2mnv8k2zlmrq9q6p6xjg4gwxq-source/templates/index.html`: No such file or directory (os error 2)", 'templates/index.html'],
      // sqlx's migrate!: the directory from the crate's manifest dir; a relative one does not say which crate.
      ['error canonicalizing migration directory /build/source/crates/db/./migrations: No such file or directory (os error 2)', 'crates/db/migrations'],
      ['error canonicalizing migration directory ./migrations: No such file or directory (os error 2)', undefined],
      // Not the workspace's: a vendored dependency, a system path, above the source root, another error.
      ["couldn't read `/build/cargo-vendor-dir/foo-1.0.0/src/data.bin`: No such file or directory (os error 2)", undefined],
      ["couldn't read `/etc/machine-id`: No such file or directory (os error 2)", undefined],
      ["couldn't read ../outside/data.txt: No such file or directory (os error 2)", undefined],
      ["couldn't read `src/dir`: Is a directory (os error 21)", undefined],
    ];
    for (const [message, want] of cases) assert.equal(missingIncludePath(message), want, message);
  });

  it('round7 penumbra paste: one rust-compile-error (rustc repeats it per use) with the include-in-src fix', () => {
    const ds = diagnoseText(heldout(7, 'x09-src-filter-include-str-schema-sql-penumbra.log'));
    assert.deepEqual(
      ds.map((d) => [d.category, d.fixes]),
      [['rust-compile-error', [{ kind: 'include-in-src', path: SCHEMA, because: 'read at compile time (include_str!, include_bytes!, migrate!)' }]]],
    );
    assert.match(ds[0]!.message, /includes crates\/view\/src\/storage\/schema\.sql at compile time/);
  });

  for (const name of ['real-include-str-missing.log', 'real-include-str-missing.L.log']) {
    it(`real Nix 2.8 build (${name}): the same diagnosis, and the fix lands on src of a fileset union`, () => {
      const text = readFileSync(join(LOGS, name), 'utf8');
      const { files, nixFiles } = ws({ 'package.nix': FILESET_PKG, 'Cargo.toml': '', [SCHEMA]: 'CREATE TABLE notes (id INTEGER);\n' });
      const [d, ...rest] = placeDiagnostics(diagnoseText(text), nixFiles, files);
      assert.equal(rest.length, 0);
      assert.equal(d?.category, 'rust-compile-error');
      assert.deepEqual(
        d.fixes.map((f) => f.kind === 'include-in-src' && f.path),
        [SCHEMA],
      );
      // Placed on the src binding (line 5), not on the Rust line that includes the file.
      assert.equal(d.file, 'package.nix');
      assert.equal(d.range!.start.line, 5);
      const [fix] = fixesFor(d, nixFiles, files);
      assert.equal(fix?.title, `Keep ${SCHEMA} in src (in the fileset union)`);
      const after = applyEdits(FILESET_PKG, fix.edits[0]!.edits!);
      assert.ok(after.includes(`./crates)\n      # read at compile time (include_str!, include_bytes!, migrate!)\n      ./${SCHEMA}\n    ];`), after);
    });
  }

  it("a plain file through crane's cleanCargoSource and sourceByRegex (the regex keeps the directories above it)", () => {
    const text = readFileSync(join(LOGS, 'real-include-str-missing.log'), 'utf8');
    const fixed = (pkg: string) => {
      const { files, nixFiles } = ws({ 'package.nix': pkg, [SCHEMA]: '' });
      const [d] = placeDiagnostics(diagnoseText(text), nixFiles, files);
      const [fix] = fixesFor(d!, nixFiles, files);
      return applyEdits(pkg, fix!.edits[0]!.edits!);
    };
    assert.ok(fixed(CRANE_PKG).includes('craneLib.filterCargoSources path type || builtins.match ".*/crates/view/src/storage/schema\\\\.sql(/.*)?" path != null;'), fixed(CRANE_PKG));
    assert.ok(fixed(REGEX_PKG).includes('"^crates/view/src$" "crates(/view(/src(/storage(/schema\\\\.sql(/.*)?)?)?)?)?" ]'), fixed(REGEX_PKG));
  });

  it('a one-line paste (no span, no summary) still names the file to keep', () => {
    const ds = diagnoseText("error: couldn't read /build/source/assets/banner.txt: No such file or directory (os error 2)\n");
    assert.deepEqual(
      ds.map((d) => [d.category, d.fixes.map((f) => f.kind === 'include-in-src' && f.path)]),
      [['rust-compile-error', ['assets/banner.txt']]],
    );
  });

  it('an error with a code, or a file outside the source, stays a plain compile error with no fix', () => {
    const log = [
      "error: couldn't read `/etc/machine-id`: No such file or directory (os error 2)",
      ' --> src/lib.rs:1:26',
      '  |',
      '1 | pub const ID: &str = include_str!("/etc/machine-id");',
      '',
      'error: could not compile `view` (lib) due to 1 previous error',
    ].join('\n');
    const ds = diagnoseText(log);
    assert.deepEqual(
      ds.map((d) => [d.category, d.fixes.length]),
      [['rust-compile-error', 0]],
    );
  });

  it("round9 z12: `couldn't read` wrapped before its OS error (Nix's indented error block), the path with `..` → the include-in-src fix for the normalised file", () => {
    const ds = diagnoseText(heldout(9, 'z12-src-filter-include-str-template-crane-stale-path-lazynix.log'));
    assert.deepEqual(
      ds.map((d) => [d.category, d.fixes.map((f) => f.kind === 'include-in-src' && f.path)]),
      [['rust-compile-error', ['crates/lnix-infra/templates/lazynix.yaml.template']]],
    );
  });

  it("rustc's wording (`couldn't read `{}`: {}`) wrapped after the colon, with the span that follows → the same fix, the span kept", () => {
    const log = [
      "error: couldn't read `src/../assets/banner.txt`:",
      '       No such file or directory (os error 2)',
      ' --> src/main.rs:3:28',
      '  |',
      '3 | const BANNER: &str = include_str!("../assets/banner.txt");',
      '',
      'error: could not compile `view` (bin "view") due to 1 previous error',
    ].join('\n');
    const ds = diagnoseText(log);
    assert.deepEqual(
      ds.map((d) => [d.category, d.fixes.map((f) => f.kind === 'include-in-src' && f.path), d.location?.path]),
      [['rust-compile-error', ['assets/banner.txt'], 'src/main.rs']],
    );
  });
});

/** The three widened srcs of the real log's fix, before and after, as `{ lib, craneLib }: src`. */
function forms(): Record<string, string> {
  const text = readFileSync(join(LOGS, 'real-include-str-missing.log'), 'utf8');
  const srcOf = (t: string) => /\n {2}src = ([\s\S]*?);\n {2}(?:cargoLock|strictDeps)/.exec(t)![1]!;
  const out: Record<string, string> = {};
  for (const [name, pkg] of [
    ['fileset', FILESET_PKG],
    ['crane', CRANE_PKG],
    ['regex', REGEX_PKG],
  ] as const) {
    const { files, nixFiles } = ws({ 'package.nix': pkg, [SCHEMA]: '' });
    const [d] = placeDiagnostics(diagnoseText(text), nixFiles, files);
    const [fix] = fixesFor(d!, nixFiles, files);
    out[`${name}-before`] = srcOf(pkg);
    out[`${name}-after`] = srcOf(applyEdits(pkg, fix!.edits[0]!.edits!));
  }
  return out;
}

describe('include-in-src: the widened src with the real nixpkgs lib and crane (Nix 2.26 chroot)', { skip: srcOracleWhy() }, () => {
  let dir = '';
  before(() => {
    mkdirSync(join(REPO, '.cache'), { recursive: true });
    dir = mkdtempSync(join(REPO, '.cache', 'include-src-'));
    for (const [p, t] of Object.entries({
      'Cargo.toml': '[workspace]\nmembers = ["crates/view"]\n',
      'Cargo.lock': 'version = 3\n',
      'crates/view/Cargo.toml': '[package]\nname = "view"\nversion = "0.1.0"\n',
      'crates/view/src/lib.rs': 'pub mod storage;\n',
      'crates/view/src/storage.rs': 'pub const SCHEMA: &str = include_str!("storage/schema.sql");\n',
      [SCHEMA]: 'CREATE TABLE notes (id INTEGER);\n',
      'crates/view/src/storage/notes.md': 'not for the build\n',
    })) {
      mkdirSync(join(dir, p, '..'), { recursive: true });
      writeFileSync(join(dir, p), t);
    }
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('every form keeps the included file after the fix and not before (the Rust files stay, a sibling .md stays out)', () => {
    const all = forms();
    const files = storeFilesOf(dir, all);
    for (const form of ['fileset', 'crane', 'regex']) {
      const before = files(`${form}-before`);
      const after = files(`${form}-after`);
      assert.ok(before.includes('crates/view/src/storage.rs') && !before.includes(SCHEMA), `${form} before: ${before.join(', ')}`);
      assert.ok(after.includes(SCHEMA) && after.includes('crates/view/src/storage.rs'), `${form} after: ${after.join(', ')}`);
      assert.ok(!after.includes('crates/view/src/storage/notes.md'), `${form} after: ${after.join(', ')}`);
    }
  });
});
