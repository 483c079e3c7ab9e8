// Generated Nix checked with real Nix: every file parses, strings round-trip
// exactly, and the flakes evaluate structurally against a stub nixpkgs (real
// nixpkgs cannot be fetched here, so no real build of them runs in tests).
import { BUILDER_NAMES, type Builder } from '../../../server/src/builders';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import fc from 'fast-check';
import { escapeIndented, escapeString, attrKey, pathExpr } from '../../../server/src/generate/nixWriter';
import { rustOverlaySnippet } from '../../../server/src/generate/flake';
import { defaultInitOptions, planInit } from '../../../server/src/generate/plan';
import { infer } from '../../../server/src/infer/infer';
import { loadWorkspace } from '../../../server/src/model/workspace';
import { ensureParser, initParsers } from '../../../server/src/parse/treeSitter';
import { checkOutSubmodules, evalFlakeWithStub, nixEvalFileJson, nixEvalJson, nixParse } from '../nix';

const fixtures = join(__dirname, '..', '..', 'fixtures');
const tmp = mkdtempSync(join(tmpdir(), 'nixify-gen-'));
before(() => Promise.all([initParsers(), ensureParser('rust')]));
after(() => rmSync(tmp, { recursive: true, force: true }));

function generateInto(fixture: string, builder: Builder, name = `${fixture.replace(/\//g, '-')}-${builder}`) {
  const dir = join(tmp, name);
  cpSync(join(fixtures, fixture), dir, { recursive: true });
  const ws = loadWorkspace(dir);
  checkOutSubmodules(dir, ws.git.submodules);
  const plan = planInit(ws, infer(ws), { ...defaultInitOptions(ws), builder, flake: true }, (p) => existsSync(join(dir, p)));
  for (const f of plan.files) writeFileSync(join(dir, f.path), f.content);
  return { dir, plan };
}

describe('generated files with real Nix', () => {
  const cases = [
    'lsp/service',
    'model/single',
    'model/ws',
    'infer/reqwest-vendored',
    'infer/bundled',
    'generate/cases/wasm',
    'generate/cases/wasm-solo',
    'generate/cases/wasm-toolchain',
    'generate/cases/trunk-ws',
    'generate/cases/trunk-solo',
    'generate/cases/frontend-embed',
    'generate/cases/wasm-indirect',
    'generate/cases/tailwind-buildrs',
    'generate/cases/dlopen',
  ];
  for (const c of cases) {
    for (const b of BUILDER_NAMES) {
      it(`${c} × ${b}: every file parses`, () => {
        const { dir, plan } = generateInto(c, b);
        assert.ok(plan.files.length > 0);
        for (const f of plan.files) nixParse(join(dir, f.path));
      });
    }
  }

  it('round-trips thousands of random strings exactly through nix-instantiate --eval', () => {
    const samples = fc
      .sample(
        fc.oneof(
          fc.string({ unit: 'grapheme', maxLength: 40 }),
          fc.string({ unit: fc.constantFrom('$', '{', '}', '"', '\\', "'", '\n', '\r', '\t', 'a', ' ', '€', '😀'), maxLength: 30 }),
          fc.constantFrom('${x}', '$${x}', '\\${', "''", "'''", '$', '\\', '"${"', 'a\nb'),
        ),
        { numRuns: 3000, seed: 42 },
      )
      .filter((s) => !s.includes('\0'));
    const file = join(tmp, 'strings.nix');
    writeFileSync(file, `[\n${samples.map((s) => `  ${escapeString(s)}`).join('\n')}\n]\n`);
    assert.deepEqual(nixEvalFileJson(file), samples);
  });

  it("round-trips thousands of random strings exactly as ''…'' strings too", () => {
    const samples = fc
      .sample(
        fc.oneof(
          fc.string({ unit: fc.constantFrom('$', '{', '}', "'", '\\', '\n', '\t', '\r', ' ', 'a', 'é'), maxLength: 30 }),
          fc.string({ unit: 'grapheme', maxLength: 40 }),
          fc.constantFrom("''", "'''", "'", '  a\n  b', 'a\n   ', '   ', '\n\n', '${x}', "'${x}", '$$', "x'"),
        ),
        { numRuns: 2000, seed: 7 },
      )
      .filter((s) => !s.includes('\0'));
    const file = join(tmp, 'istrings.nix');
    writeFileSync(file, `[\n${samples.map((s) => `  ${escapeIndented(s, 2)}`).join('\n')}\n]\n`);
    assert.deepEqual(nixEvalFileJson(file), samples);
  });

  it('writes paths Nix reads back to the same file names', () => {
    const names = ['src', 'my assets', 'dollar${x}', 'ünï', 'a+b/c-d_e.f'];
    const expr = `map (p: builtins.substring (builtins.stringLength (toString ./.) + 1) 1000 (toString p)) [ ${names.map((n) => pathExpr(n)).join(' ')} ]`;
    assert.deepEqual(nixEvalJson(expr, tmp), names);
  });

  it('quotes attribute names that are not identifiers, and they evaluate to the same names', () => {
    const names = ['foo-bar', 'x86_64-linux', 'with', 'or', '1abc', 'a.b', 'has space', 'quote"d', 'dollar${x}'];
    const expr = `builtins.attrNames { ${names.map((n, i) => `${n.includes('.') ? escapeString(n) : attrKey(n)} = ${i};`).join(' ')} }`;
    assert.deepEqual(nixEvalJson(expr), [...names].sort());
  });
});

describe('flake outputs evaluate structurally (stub nixpkgs)', () => {
  const stub = join(fixtures, 'generate', 'stub-nixpkgs', 'stub.nix');
  const evalFlake = (dir: string, select: string) => evalFlakeWithStub(stub, dir, select);

  it('buildRustPackage: the package reads name and version from Cargo.toml, imports the lock and has its inputs', () => {
    const { dir } = generateInto('lsp/service', 'buildRustPackage', 'eval-brp');
    const p = evalFlake(
      dir,
      'let p = self.packages.x86_64-linux.default; in { inherit (p) pname version nativeBuildInputs buildInputs; lock = toString p.cargoLock.lockFile; main = p.meta.mainProgram; license = p.meta.license.shortName; app = self.apps.aarch64-linux.default.program; shell = self.devShells.x86_64-darwin.default.shell; }',
    );
    assert.equal(p.pname, 'forum');
    assert.equal(p.version, '0.4.0');
    assert.deepEqual(p.buildInputs, ['openssl']);
    assert.deepEqual(p.nativeBuildInputs, ['pkg-config']);
    assert.ok(p.lock.endsWith('/Cargo.lock'));
    assert.equal(p.main, 'forum');
    assert.equal(p.license, 'mit');
    assert.match(p.app, /\/bin\/forum$/);
    assert.equal(p.shell, true);
  });

  it('buildRustPackage: git dependencies get outputHashes keyed name-version', () => {
    const { dir } = generateInto('model/single', 'buildRustPackage', 'eval-git');
    const p = evalFlake(dir, 'builtins.attrNames self.packages.x86_64-linux.default.cargoLock.outputHashes');
    assert.deepEqual(p, ['gitdep-0.1.0']);
  });

  it('crane: one dependency build shared by the package and the checks', () => {
    const { dir } = generateInto('lsp/service', 'crane', 'eval-crane');
    const p = evalFlake(
      dir,
      'let c = self.checks.x86_64-linux; in { checks = builtins.attrNames c; deps = c.clippy.cargoArtifacts.depsOnly; pkgDeps = self.packages.x86_64-linux.default.cargoArtifacts.depsOnly; clippy = c.clippy.cargoClippyExtraArgs; doCheck = self.packages.x86_64-linux.default.doCheck; }',
    );
    assert.deepEqual(p.checks, ['audit', 'clippy', 'doc', 'fmt', 'package', 'tests']);
    assert.equal(p.deps, true);
    assert.equal(p.pkgDeps, true);
    assert.match(p.clippy, /--deny warnings/);
    assert.equal(p.doCheck, false);
  });
});

describe('more flake outputs evaluated against the stub nixpkgs', () => {
  const stub = join(fixtures, 'generate', 'stub-nixpkgs', 'stub.nix');
  const evalFlake = (dir: string, select: string) => evalFlakeWithStub(stub, dir, select);

  it('buildRustPackage workspace: version inherited from [workspace.package], one package per binary member, -p flags', () => {
    const { dir } = generateInto('generate/cases/wasm', 'buildRustPackage', 'eval-brp-ws');
    const p = evalFlake(
      dir,
      'let ps = self.packages.x86_64-linux; in { names = builtins.attrNames ps; inherit (ps.default) pname version cargoBuildFlags; systems = builtins.attrNames self.packages; fmt = self.formatter.aarch64-darwin; }',
    );
    assert.equal(p.pname, 'app');
    assert.equal(p.version, '0.2.0');
    assert.deepEqual(p.cargoBuildFlags, ['--package', 'app']);
    assert.deepEqual(p.systems, ['aarch64-darwin', 'aarch64-linux', 'x86_64-darwin', 'x86_64-linux']);
    assert.equal(p.fmt, 'nixfmt');
  });

  it('crane: a wasm32 member gets its own target and dependency build; workspace name and version come from the TOML', () => {
    const { dir } = generateInto('generate/cases/wasm', 'crane', 'eval-crane-wasm');
    const p = evalFlake(
      dir,
      'let ps = self.packages.x86_64-linux; in { names = builtins.attrNames ps; target = ps.web.CARGO_BUILD_TARGET; webDeps = ps.web.cargoArtifacts.CARGO_BUILD_TARGET; pkgVersion = ps.default.version; depsVersion = ps.default.cargoArtifacts.version; args = ps.default.cargoExtraArgs; }',
    );
    assert.deepEqual(p.names, ['default', 'web']);
    assert.equal(p.target, 'wasm32-unknown-unknown');
    assert.equal(p.webDeps, 'wasm32-unknown-unknown');
    assert.equal(p.pkgVersion, '0.2.0');
    assert.equal(p.depsVersion, '0.2.0');
    assert.equal(p.args, '--locked --package app');
  });

  it('crane: the wasm32 package runs wasm-bindgen with the locked CLI; lld links it and its dependency build', () => {
    const { dir } = generateInto('generate/cases/wasm', 'crane', 'eval-crane-bindgen');
    const p = evalFlake(
      dir,
      'let w = self.packages.x86_64-linux.web; in { inherit (w) nativeBuildInputs installPhaseCommand doCheck pname version; deps = w.cargoArtifacts.nativeBuildInputs; license = map (l: l.shortName) w.meta.license; }',
    );
    assert.deepEqual(p.nativeBuildInputs, ['lld', 'wasm-bindgen-cli_0_2_95']);
    assert.deepEqual(p.deps, ['lld']);
    assert.match(p.installPhaseCommand, /^wasm-bindgen --target web --out-dir "\$out" "\$\{CARGO_TARGET_DIR:-target\}\/wasm32-unknown-unknown\/release\/web\.wasm"\n$/);
    assert.equal(p.doCheck, false);
    assert.equal(p.pname, 'web');
    assert.equal(p.version, '0.2.0');
    assert.deepEqual(p.license, ['mit', 'asl20']);
  });

  it('buildRustPackage: the wasm32 member is the default derivation rebuilt for wasm32 (same vendoring), with its own phases', () => {
    const { dir } = generateInto('generate/cases/wasm', 'buildRustPackage', 'eval-brp-bindgen');
    const p = evalFlake(dir, 'let w = self.packages.x86_64-linux.web; in { inherit (w) pname nativeBuildInputs buildPhase installPhase doCheck; lock = toString w.cargoLock.lockFile; }');
    assert.equal(p.pname, 'web');
    assert.deepEqual(p.nativeBuildInputs, ['lld', 'wasm-bindgen-cli_0_2_95']);
    assert.match(p.buildPhase, /^runHook preBuild\ncargo build --release --frozen --target wasm32-unknown-unknown --package web --lib\nrunHook postBuild\n$/);
    assert.match(p.installPhase, /wasm-bindgen --target web --out-dir "\$out"/);
    assert.equal(p.doCheck, false);
    assert.ok(p.lock.endsWith('/Cargo.lock'));
  });

  it('buildRustPackage: a wasm-bindgen nixpkgs lacks is built by buildWasmBindgenCli at the locked version, in package.nix', () => {
    const { dir } = generateInto('generate/cases/wasm-solo', 'buildRustPackage', 'eval-brp-build-cli');
    const p = evalFlake(
      dir,
      'let d = self.packages.x86_64-linux.default; cli = builtins.elemAt d.nativeBuildInputs 1; in { inherit (d) pname version; first = builtins.head d.nativeBuildInputs; cli = { inherit (cli) pname version; crate = cli.src.pname; srcHash = cli.src.hash; vendorHash = cli.cargoDeps.hash; vendor = cli.cargoDeps.vendor; }; }',
    );
    assert.equal(p.pname, 'canvas-demo');
    assert.equal(p.first, 'lld');
    assert.deepEqual(p.cli, { pname: 'wasm-bindgen-cli', version: '0.2.96', crate: 'wasm-bindgen-cli', srcHash: `sha256-${'A'.repeat(43)}=`, vendorHash: `sha256-${'A'.repeat(43)}=`, vendor: true });
  });

  it('crane: a trunk app is a buildTrunkPackage with the locked CLI, its own wasm32 dependency build and the steps into its folder', () => {
    const { dir } = generateInto('generate/cases/trunk-ws', 'crane', 'eval-crane-trunk');
    const p = evalFlake(
      dir,
      'let c = self.packages.x86_64-linux.client; in { inherit (c) trunk pname preBuild postBuild CARGO_BUILD_TARGET; cli = c."wasm-bindgen-cli"; deps = c.cargoArtifacts.CARGO_BUILD_TARGET; main = self.packages.x86_64-linux.default.meta.mainProgram; }',
    );
    assert.equal(p.trunk, true);
    assert.equal(p.pname, 'client');
    assert.equal(p.cli, 'wasm-bindgen-cli_0_2_100');
    assert.equal(p.CARGO_BUILD_TARGET, 'wasm32-unknown-unknown');
    assert.equal(p.deps, 'wasm32-unknown-unknown');
    assert.equal(p.preBuild, 'cd client\n');
    assert.equal(p.postBuild, 'mv dist ..\ncd ..\n');
    assert.equal(p.main, 'server');
  });

  it('buildRustPackage: a trunk app member runs trunk offline from its folder with trunk, binaryen, dart-sass, lld and the CLI', () => {
    const { dir } = generateInto('generate/cases/trunk-ws', 'buildRustPackage', 'eval-brp-trunk');
    const p = evalFlake(dir, 'let c = self.packages.x86_64-linux.client; in { inherit (c) pname nativeBuildInputs buildPhase installPhase; }');
    assert.equal(p.pname, 'client');
    assert.deepEqual(p.nativeBuildInputs, ['wasm-bindgen-cli_0_2_100', 'lld', 'trunk', 'binaryen', 'dart-sass']);
    assert.equal(p.buildPhase, 'runHook preBuild\ncd client\ntrunk build --offline --frozen --release\nrunHook postBuild\n');
    assert.equal(p.installPhase, 'runHook preInstall\ncp -r dist $out\nrunHook postInstall\n');
  });

  it('buildRustPackage: the frontend build is a buildNpmPackage of its folder, copied where rust-embed reads it before cargo runs', () => {
    const { dir } = generateInto('generate/cases/frontend-embed', 'buildRustPackage', 'eval-brp-frontend');
    const p = evalFlake(dir, 'let d = self.packages.x86_64-linux.default; in { inherit (d) preBuild; root = toString d.src.root; }');
    assert.equal(p.preBuild, 'rm -rf web/dist\nmkdir -p web\ncp -r /nix/store/00000000000000000000000000000000-dashboard-frontend web/dist\nchmod -R u+w web/dist\n');
    // The npm derivation's own arguments, through the same package.nix: a buildNpmPackage whose store path is its arguments as JSON.
    const n = evalFlake(
      dir,
      'let d = import ./package.nix { inherit (s.pkgs) lib rustPlatform; buildNpmPackage = a: { outPath = builtins.toJSON { inherit (a) pname version npmDepsHash installPhase; root = baseNameOf (toString a.src.root); }; }; }; in d.preBuild',
    );
    const args = JSON.parse(/cp -r (\{.*\}) web\/dist/.exec(n)![1]!);
    assert.deepEqual(args, {
      pname: 'dashboard-frontend',
      version: '0.9.0',
      npmDepsHash: `sha256-${'A'.repeat(43)}=`,
      installPhase: 'runHook preInstall\ncp -r dist $out\nrunHook postInstall\n',
      root: 'web',
    });
  });

  it('naersk: the package gets the inferred inputs and meta', () => {
    const { dir } = generateInto('lsp/service', 'naersk', 'eval-naersk');
    const p = evalFlake(
      dir,
      'let d = self.packages.x86_64-linux.default; in { inherit (d) buildInputs nativeBuildInputs; main = d.meta.mainProgram; app = self.apps.x86_64-linux.default.program; shell = self.devShells.x86_64-linux.default.inputsFrom; }',
    );
    assert.deepEqual(p.buildInputs, ['openssl']);
    assert.deepEqual(p.nativeBuildInputs, ['pkg-config']);
    assert.equal(p.main, 'forum');
    assert.match(p.app, /\/bin\/forum$/);
    assert.equal(p.shell.length, 1);
  });

  it('crate2nix: workspace members come from the generated Cargo.nix by package name', () => {
    const { dir } = generateInto('model/ws', 'crate2nix', 'eval-c2n');
    const p = evalFlake(dir, '{ pname = self.packages.x86_64-linux.default.pname; app = self.apps.x86_64-linux.default.program; }');
    assert.equal(p.pname, 'ws-cli');
    assert.match(p.app, /\/bin\/ws-cli$/);
  });
});

describe('libraries opened with dlopen reach the binaries (stub nixpkgs)', () => {
  const stub = join(fixtures, 'generate', 'stub-nixpkgs', 'stub.nix');
  const evalFlake = (dir: string, select: string) => evalFlakeWithStub(stub, dir, select);
  // ash and x11-dl open libvulkan and the X libraries with dlopen: in buildInputs alone they would be
  // dropped from the rpath by fixup, so every builder's package adds their lib directories after it.
  for (const b of BUILDER_NAMES) {
    it(`${b}: postFixup adds every dlopen'ed library's lib directory to the rpath of the ELF files in $out/bin`, () => {
      const { dir } = generateInto('generate/cases/dlopen', b, `eval-dlopen-${b}`);
      const script = evalFlake(dir, 'self.packages.x86_64-linux.default.postFixup') as string;
      assert.match(script, /^for f in "\$out"\/bin\/\*; do\n {2}if \[ -f "\$f" \] && isELF "\$f"; then\n {4}patchelf --add-rpath "[^"]+" "\$f"\n {2}fi\ndone\n$/);
      const path = /--add-rpath "([^"]+)"/.exec(script)![1]!.split(':');
      // A stub package's outPath is its attribute name.
      assert.deepEqual(path, ['vulkan-loader/lib', 'xorg.libX11/lib', 'xorg.libXcursor/lib', 'xorg.libXi/lib', 'xorg.libXrandr/lib']);
      // The text is a shell script bash accepts.
      execFileSync('bash', ['-n'], { input: script });
    });
  }
});

describe('nixify init never clobbers', () => {
  it('refuses when a target file exists, names it, and writes nothing; --force overwrites', async () => {
    const { runCli } = await import('../../../server/src/cli');
    const dir = join(tmp, 'clobber');
    cpSync(join(fixtures, 'lsp', 'service'), dir, { recursive: true });
    writeFileSync(join(dir, 'flake.nix'), '{ mine = true; }\n');
    let err = '';
    const io = { stdout: { write: () => true }, stderr: { write: (s: string) => ((err += s), true) }, stdin: process.stdin, cwd: dir } as never;
    assert.equal(await runCli(['init', '.', '--builder', 'buildRustPackage'], io), 2);
    assert.match(err, /flake\.nix already exists/);
    assert.equal(readFileSync(join(dir, 'flake.nix'), 'utf8'), '{ mine = true; }\n');
    assert.equal(existsSync(join(dir, 'package.nix')), false, 'nothing else is written either');
    assert.equal(await runCli(['init', '.', '--builder', 'buildRustPackage', '--force'], io), 0);
    assert.match(readFileSync(join(dir, 'flake.nix'), 'utf8'), /callPackage \.\/package\.nix/);
  });
});

describe('nixify init with a service', () => {
  it('adds the NixOS module, VM test, Docker image and asset install, and every file parses', async () => {
    const { runCli } = await import('../../../server/src/cli');
    let out = '';
    const io = { stdout: { write: (s: string) => ((out += s), true) }, stderr: { write: () => true }, stdin: process.stdin, cwd: fixtures } as never;
    const code = await runCli(['init', 'service/assets', '--module', '--nginx-path', '/forum/', '--virtual-host', 'example.org', '--docker', '--dry-run', '--json'], io);
    assert.equal(code, 0);
    const r = JSON.parse(out);
    assert.deepEqual(r.files.map((f: { path: string }) => f.path).sort(), ['default.nix', 'flake.nix', 'nix/docker.nix', 'nixos/module.nix', 'nixos/test.nix', 'package.nix']);
    const byPath = new Map<string, string>(r.files.map((f: { path: string; content: string }) => [f.path, f.content]));
    assert.match(byPath.get('package.nix')!, /postInstall = ''[\s\S]*wrapProgram \$out\/bin\/gallery/);
    assert.match(byPath.get('package.nix')!, /^  makeWrapper,$/m);
    assert.match(byPath.get('flake.nix')!, /nixosModules\.default =/);
    assert.match(byPath.get('flake.nix')!, /docker = pkgs\.callPackage \.\/nix\/docker\.nix/);
    const dir = join(tmp, 'service-init');
    for (const [p, c] of byPath) {
      const f = join(dir, p);
      mkdirSync(dirname(f), { recursive: true });
      writeFileSync(f, c);
      nixParse(f);
    }
    assert.ok(r.service, 'the detected service facts are reported');
  });

  it('says what is missing for --nginx-path', async () => {
    const { runCli } = await import('../../../server/src/cli');
    let err = '';
    const io = { stdout: { write: () => true }, stderr: { write: (s: string) => ((err += s), true) }, stdin: process.stdin, cwd: fixtures } as never;
    assert.equal(await runCli(['init', 'service/assets', '--module', '--nginx-path', '/forum/', '--dry-run'], io), 2);
    assert.match(err, /--nginx-path needs --virtual-host/);
  });
});

describe('the rust-overlay snippet of the rustc-too-old fix', () => {
  it('parses as flake bindings and evaluates to a rustPlatform from the pinned toolchain (stub nixpkgs)', () => {
    for (const [version, expect] of [
      ['1.85.0', 'toolchain 1.85.0'],
      [null, 'toolchain latest'],
    ] as const) {
      const snippet = rustOverlaySnippet(version);
      const whole = join(tmp, 'snippet.nix');
      writeFileSync(whole, `{ nixpkgs, rust-overlay, system }:\nrec {\n${snippet}}\n`);
      nixParse(whole);
      const outputs = snippet.slice(snippet.indexOf('# in outputs'));
      const dir = join(tmp, 'overlay-stub');
      mkdirSync(join(dir, 'nixpkgs'), { recursive: true });
      writeFileSync(
        join(dir, 'nixpkgs', 'default.nix'),
        '{ system, overlays }:\n{\n  rust-bin.stable."1.85.0".default = "toolchain 1.85.0";\n  rust-bin.stable.latest.default = "toolchain latest";\n  makeRustPlatform = { cargo, rustc }: { inherit cargo rustc; };\n}\n',
      );
      const expr = `let nixpkgs = ./nixpkgs; rust-overlay = { overlays.default = null; }; system = "x86_64-linux"; in (rec {\n${outputs}}).rustPlatform`;
      assert.deepEqual(nixEvalJson(expr, dir), { cargo: expect, rustc: expect });
    }
  });
});
