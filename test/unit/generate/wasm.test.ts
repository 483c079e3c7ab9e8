// wasm32 members in every builder's output: built for wasm32-unknown-unknown,
// wasm-bindgen run with the CLI equal to Cargo.lock's wasm-bindgen (nixpkgs'
// attribute when it has one, else buildWasmBindgenCli at that version), lld for
// nixpkgs' rustc, no rust-overlay only for the target, the toolchain file's
// targets completed, and a clear word where a builder cannot.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import { defaultInitOptions, planInit, type InitPlan } from '../../../server/src/generate/plan';
import { bindgenAttr, NIXPKGS_BINDGEN } from '../../../server/src/generate/wasm';
import type { Builder } from '../../../server/src/builders';
import { infer } from '../../../server/src/infer/infer';
import { loadWorkspace } from '../../../server/src/model/workspace';
import { ensureParser, initParsers } from '../../../server/src/parse/treeSitter';

const cases = join(__dirname, '..', '..', 'fixtures', 'generate', 'cases');
before(() => Promise.all([initParsers(), ensureParser('rust')]));

function plan(fixture: string, builder: Builder, more: { member?: string; flake?: boolean } = {}): InitPlan & { file: (p: string) => string } {
  const dir = join(cases, fixture);
  const ws = loadWorkspace(dir);
  const p = planInit(ws, infer(ws), { ...defaultInitOptions(ws), builder, flake: more.flake ?? true, ...(more.member ? { member: more.member } : {}) }, (f) => existsSync(join(dir, f)));
  return { ...p, file: (path) => p.files.find((f) => f.path === path)?.content ?? '' };
}

const WASM_BUILDERS: Builder[] = ['crane', 'buildRustPackage', 'naersk'];

describe('a wasm32 member whose wasm-bindgen nixpkgs has (0.2.95)', () => {
  for (const b of WASM_BUILDERS) {
    it(`${b}: builds it for wasm32, runs wasm-bindgen --target web into $out with wasm-bindgen-cli_0_2_95 and lld; no rust-overlay`, () => {
      const p = plan('wasm', b);
      const flake = p.file('flake.nix');
      assert.match(flake, /wasmBindgenCli = pkgs\.wasm-bindgen-cli_0_2_95;/);
      assert.match(flake, /pkgs\/by-name\/wa\/wasm-bindgen-cli_0_2_95\/package\.nix/, 'the comment says where nixpkgs defines it');
      assert.match(flake, /wasm-bindgen --target web --out-dir "\$out" "''\$\{CARGO_TARGET_DIR:-target\}\/wasm32-unknown-unknown\/release\/web\.wasm"/);
      assert.match(flake, /pkgs\.lld/);
      assert.match(flake, /wasmBindgenCli \]/);
      assert.match(flake, b === 'buildRustPackage' ? /--target wasm32-unknown-unknown --package web --lib/ : /CARGO_BUILD_TARGET = "wasm32-unknown-unknown";/);
      assert.match(flake, /--target bundler, nodejs or no-modules/, 'says how to change the glue target');
      assert.doesNotMatch(flake, /rust-overlay/, "nixpkgs' rustc has the wasm32 standard library");
      assert.doesNotMatch(flake, /rust-version {2}is/);
      assert.ok(!p.warnings.some((w) => /wasm32 cdylib member/.test(w)), p.warnings.join('\n'));
    });
  }

  it('crate2nix: says it cannot build the member for the browser and names the builders that can; no rust-overlay', () => {
    const p = plan('wasm', 'crate2nix');
    const w = p.warnings.find((x) => x.startsWith('web is a wasm32 cdylib member'));
    assert.ok(w, p.warnings.join('\n'));
    assert.match(w!, /no wasm32-unknown-unknown build or wasm-bindgen step/);
    assert.match(w!, /buildRustPackage, crane or naersk/);
    assert.doesNotMatch(p.file('flake.nix'), /rust-overlay|wasm-bindgen-cli/);
  });

  it('buildRustPackage without a flake: says the wasm member is packaged in the flake only', () => {
    const p = plan('wasm', 'buildRustPackage', { flake: false });
    assert.ok(
      p.warnings.some((w) => /the wasm32 member web get their package .* in flake\.nix/.test(w)),
      p.warnings.join('\n'),
    );
  });
});

describe('a wasm crate whose wasm-bindgen nixpkgs lacks (0.2.96)', () => {
  it('buildRustPackage: package.nix builds it for wasm32 with buildWasmBindgenCli at 0.2.96, two fake hashes, and says so', () => {
    const p = plan('wasm-solo', 'buildRustPackage');
    const pkg = p.file('package.nix');
    assert.match(pkg, /^\{\n {2}lib,\n {2}rustPlatform,\n {2}buildWasmBindgenCli,\n {2}fetchCrate,\n {2}lld,\n\}:/);
    assert.match(pkg, /pname = "wasm-bindgen-cli";\n\s+version = "0\.2\.96";/);
    assert.equal(pkg.match(/hash = "sha256-A{43}=";/g)?.length, 2);
    assert.match(pkg, /cargoDeps = rustPlatform\.fetchCargoVendor \{/);
    assert.match(pkg, /cargo build --release --frozen --target wasm32-unknown-unknown --package canvas-demo --lib/);
    // [lib] name = "canvas": cargo names the module after the lib.
    assert.match(pkg, /release\/canvas\.wasm"/);
    assert.match(pkg, /doCheck = false;/);
    assert.doesNotMatch(pkg, /mainProgram/);
    const w = p.warnings.find((x) => x.startsWith('wasm-bindgen 0.2.96 (Cargo.lock) has no nixpkgs attribute wasm-bindgen-cli_0_2_96'));
    assert.ok(w, p.warnings.join('\n'));
    assert.match(w!, /--precise 0\.2\.99/, 'the nearest version nixpkgs has');
  });

  it('crane: the crate itself is the wasm package (default), with the CLI built the same way', () => {
    const flake = plan('wasm-solo', 'crane').file('flake.nix');
    assert.match(
      flake,
      /# canvas-demo for the browser \(wasm32-unknown-unknown\)\.\n\s+package = craneLib\.buildPackage \(canvas-demoArgs|# canvas-demo for the browser \(wasm32-unknown-unknown\)\.\n\s+package = craneLib\.buildPackage \(wasm0Args/,
    );
    assert.match(flake, /pkgs\.buildWasmBindgenCli \{/);
    assert.match(flake, /default = package;/);
    assert.doesNotMatch(flake, /apps = /, 'a library has no program to run');
  });

  it('naersk: the crate itself builds for wasm32 with its postInstall running wasm-bindgen', () => {
    const flake = plan('wasm-solo', 'naersk').file('flake.nix');
    assert.match(flake, /default = naersk'\.buildPackage \{[\s\S]*CARGO_BUILD_TARGET = "wasm32-unknown-unknown";[\s\S]*copyBins = false;[\s\S]*postInstall = ''\n\s+wasm-bindgen --target web/);
  });
});

describe('rust-toolchain.toml and the wasm32 target', () => {
  for (const b of WASM_BUILDERS) {
    it(`${b}: a toolchain file without wasm32 gets it added in Nix (its own targets kept) and a warning`, () => {
      const p = plan('wasm-toolchain', b);
      assert.match(
        p.file('flake.nix'),
        /\(p(kgs)?\.rust-bin\.fromRustupToolchainFile \.\/rust-toolchain\.toml\)\.override \{ targets = \[ "x86_64-unknown-linux-musl" "wasm32-unknown-unknown" \]; \}/,
      );
      assert.ok(
        p.warnings.some((w) => /rust-toolchain\.toml does not list the wasm32-unknown-unknown target/.test(w)),
        p.warnings.join('\n'),
      );
      // rust-overlay's toolchain brings rust-lld: no nixpkgs lld.
      assert.doesNotMatch(p.file('flake.nix'), /pkgs\.lld/);
      assert.match(p.file('flake.nix'), /wasm-bindgen-cli_0_2_100/);
    });
  }

  it('crate2nix builds no wasm: the toolchain file is used as it is, without a warning about its targets', () => {
    const p = plan('wasm-toolchain', 'crate2nix');
    assert.match(p.file('flake.nix'), /toolchain = pkgs\.rust-bin\.fromRustupToolchainFile \.\/rust-toolchain\.toml;/);
    assert.ok(!p.warnings.some((w) => /does not list the wasm32/.test(w)));
  });
});

describe('the recorded wasm-bindgen-cli attributes', () => {
  it('each version is the one its nixpkgs file is named for, with a commit', () => {
    assert.ok(Object.keys(NIXPKGS_BINDGEN).length > 5);
    for (const [v, where] of Object.entries(NIXPKGS_BINDGEN)) {
      assert.match(where, new RegExp(`^pkgs/by-name/wa/${bindgenAttr(v)}/package\\.nix @ [0-9a-f]{40}$`));
    }
  });

  it("the generator script lists a checkout's versioned attributes at its commit and leaves out a file that says another version", () => {
    const dir = mkdtempSync(join(tmpdir(), 'nixify-bindgen-'));
    try {
      const put = (name: string, version: string) => {
        mkdirSync(join(dir, 'pkgs', 'by-name', 'wa', name), { recursive: true });
        writeFileSync(join(dir, 'pkgs', 'by-name', 'wa', name, 'package.nix'), `{ buildWasmBindgenCli }:\nbuildWasmBindgenCli {\n  version = "${version}";\n}\n`);
      };
      put('wasm-bindgen-cli_0_2_100', '0.2.100');
      put('wasm-bindgen-cli_0_2_99', '0.2.99');
      put('wasm-bindgen-cli_0_2_7', '0.2.8');
      put('wasm-bindgen-cli', '0.2.1');
      const git = (...a: string[]) => execFileSync('git', ['-C', dir, '-c', 'user.name=t', '-c', 'user.email=t@t', ...a], { encoding: 'utf8' }).trim();
      git('init', '-q');
      git('add', '.');
      git('commit', '-qm', 'x');
      const commit = git('rev-parse', 'HEAD');
      const out = join(dir, 'out.json');
      execFileSync(process.execPath, [join(__dirname, '..', '..', '..', 'scripts', 'gen-wasm-bindgen-cli.mjs'), dir, out], { stdio: 'pipe' });
      const data = JSON.parse(readFileSync(out, 'utf8'));
      assert.deepEqual(data.versions, {
        '0.2.99': `pkgs/by-name/wa/wasm-bindgen-cli_0_2_99/package.nix @ ${commit}`,
        '0.2.100': `pkgs/by-name/wa/wasm-bindgen-cli_0_2_100/package.nix @ ${commit}`,
      });
      assert.deepEqual(Object.keys(data.versions), ['0.2.99', '0.2.100'], 'in version order');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('a cdylib that reaches wasm-bindgen through a feature of a workspace crate', () => {
  it('is a wasm32 member (resolved for wasm32); a cdylib beside it that does not enable the feature is not', async () => {
    const { wasmMembers } = await import('../../../server/src/generate/wasm');
    const ws = loadWorkspace(join(cases, 'wasm-indirect'));
    assert.deepEqual(
      wasmMembers(ws).map((m) => m.package!.name),
      ['lang-repl'],
    );
  });

  it('crane builds it for wasm32 with the toolchain file completed', () => {
    const flake = plan('wasm-indirect', 'crane').file('flake.nix');
    assert.match(flake, /# lang-repl for the browser \(wasm32-unknown-unknown\)\.\n\s+lang-repl = craneLib\.buildPackage/);
    assert.match(flake, /fromRustupToolchainFile \.\/rust-toolchain\.toml\)\.override \{ targets = \[ "wasm32-unknown-unknown" \]; \}/);
    assert.doesNotMatch(flake, /lang-py =/);
  });

  it('without wasm32 members a toolchain file is used as it is (no target added, no warning)', () => {
    const dir = join(__dirname, '..', '..', 'fixtures', 'model', 'single');
    const ws = loadWorkspace(dir);
    const p = planInit(ws, infer(ws), { ...defaultInitOptions(ws), builder: 'crane', flake: true }, (f) => existsSync(join(dir, f)));
    const flake = p.files.find((f) => f.path === 'flake.nix')!.content;
    assert.match(flake, /overrideToolchain \(p: p\.rust-bin\.fromRustupToolchainFile \.\/rust-toolchain\.toml\)/);
    assert.doesNotMatch(flake, /wasm32/);
    assert.ok(!p.warnings.some((w) => /wasm32/.test(w)));
  });
});
