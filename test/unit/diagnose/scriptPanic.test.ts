// A build script panicking on std's unnamed NotFound, read in the workspace: the program its
// statement spawns (the add-inputs fix) or the file it opens (the include-in-src fix). The logs
// are real: cargo 1.95 in Nix 2.8's sandbox (no git, protoc or flatc on PATH) building the crates
// beside them in test/fixtures/logs/build-script; each test copies its crate into a temporary
// workspace with a package.nix, and runs the CLI door (`nixify diagnose --root`) or the pipeline.
import assert from 'node:assert/strict';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { after, before, describe, it } from 'node:test';
import { diagnose } from '../../../server/src/cli/diagnose';
import { diagnoseText } from '../../../server/src/diagnose/diagnoser';
import { scriptActionAt } from '../../../server/src/diagnose/scriptSpawn';
import { ensureParser, initParsers } from '../../../server/src/parse/treeSitter';
import { diagnoseLog, diagnosisWorkspace } from '../../../server/src/pipeline/diagnose';
import { heldout } from './rules/helpers';

const DIR = join(__dirname, '..', '..', 'fixtures', 'logs', 'build-script');
const log = (name: string) => join(DIR, `2.8-build-script-${name}.L.log`);
const dirs: string[] = [];

/** A fileset src that keeps only the Cargo files and the listed paths (as generate/src.ts writes it). */
function packageNix(pname: string, keep: string[]): string {
  return [
    '{ lib, rustPlatform }:',
    'rustPlatform.buildRustPackage {',
    `  pname = "${pname}";`,
    '  version = "0.1.0";',
    '  src = lib.fileset.toSource {',
    '    root = ./.;',
    '    fileset = lib.fileset.unions [',
    ...['./Cargo.toml', ...keep].map((p) => `      ${p}`),
    '    ];',
    '  };',
    '  cargoLock.lockFile = ./Cargo.lock;',
    '  nativeBuildInputs = [ ];',
    '}',
    '',
  ].join('\n');
}

/** The crate whose real build made the log, in a temporary workspace with `files` added (a package.nix). */
function workspace(crate: string, files: Record<string, string>, skip: (p: string) => boolean = () => false): string {
  const dir = mkdtempSync(join(tmpdir(), `nixify-script-${crate}-`));
  dirs.push(dir);
  cpSync(join(DIR, crate), dir, { recursive: true, filter: (src) => !skip(src.slice(join(DIR, crate).length + 1)) });
  for (const [p, text] of Object.entries(files)) {
    mkdirSync(join(dir, p, '..'), { recursive: true });
    writeFileSync(join(dir, p), text);
  }
  return dir;
}

async function cli(args: string[], stdin = ''): Promise<{ code: number; json: any[] }> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  stdout.on('data', (b) => (out += b));
  const code = await diagnose([...args, '--json'], { stdout, stderr, stdin: Readable.from([stdin]), cwd: DIR });
  return { code, json: JSON.parse(out) };
}

before(async () => {
  await initParsers();
  await ensureParser('rust');
});
after(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

describe('a build script’s unnamed NotFound, read in the workspace', () => {
  it('a member spawning git through a const and a chain over four lines (real log: `panicked at app/build.rs:10:10`) → add git, over the CLI door', async () => {
    const root = workspace('spawn-git', { 'package.nix': packageNix('spawn-git', ['./app']) });
    const { code, json } = await cli([log('spawn-git'), '--root', root]);
    assert.equal(code, 1);
    assert.equal(json.length, 1);
    const [d] = json;
    assert.equal(d.category, 'missing-tool');
    assert.match(d.message, /The build script of app v0\.1\.0 runs git \(app\/build\.rs:7\), which is not on the build's PATH: add git to nativeBuildInputs\./);
    assert.equal(d.file, 'package.nix');
    assert.deepEqual(
      d.fixes.map((f: any) => [f.title, f.preferred]),
      [['Add git to nativeBuildInputs', true]],
    );
    assert.equal(d.fixes[0].edits[0].path, 'package.nix');
    assert.match(d.fixes[0].edits[0].edits[0].newText, /git/);
  });

  it('the pipeline (the language server’s door) points at the line that spawns it', async () => {
    const root = workspace('spawn-git', { 'package.nix': packageNix('spawn-git', ['./app']) });
    const [d] = (await diagnoseLog(Readable.from([readFileSync(log('spawn-git'))]), diagnosisWorkspace(root), { root })).diagnostics;
    assert.deepEqual(d!.fixes, [{ kind: 'add-inputs', nativeBuildInputs: ['git'] }]);
    assert.equal(d!.details?.tool, 'git');
    const rel = d!.related?.find((r) => r.file === 'app/build.rs');
    assert.equal(rel?.range.start.line, 6);
    assert.equal(rel?.message, 'the build script runs git here');
  });

  it('older cargo’s package id as a URL (`(file:///build/source/app)`), and the script named relative to the member', async () => {
    const root = workspace('spawn-git', {
      'package.nix': packageNix('spawn-git', ['./app']),
      'build.rs': 'fn main() {}\n',
      'Cargo.toml': '[package]\nname = "root"\n[workspace]\nmembers = ["app"]\n',
    });
    const text = readFileSync(log('spawn-git'), 'utf8').replaceAll('(/build/source/app)', '(file:///build/source/app)').replace('app/build.rs:10:10', 'build.rs:10:10');
    const { json } = await cli(['-', '--root', root], text);
    assert.match(json[0].message, /runs git \(app\/build\.rs:7\)/, 'the member’s build.rs, not the root package’s');
  });

  it('without the script in the workspace (or without --root) the message stays the log’s, no program guessed', async () => {
    const root = workspace('spawn-git', { 'package.nix': packageNix('spawn-git', ['./app']) }, (p) => p === 'app/build.rs');
    const { json } = await cli([log('spawn-git'), '--root', root]);
    assert.match(json[0].message, /The log does not name it: see app\/build\.rs:10:10/);
    assert.deepEqual(json[0].fixes, []);
  });

  it('a `let mut cmd` set up two statements earlier, its status unwrapped later, PROTOC read first (real log: build.rs:13:12) → protobuf', async () => {
    const root = workspace('spawn-protoc', { 'package.nix': packageNix('spawn-protoc', ['./src', './build.rs']) });
    const { json } = await cli([log('spawn-protoc'), '--root', root]);
    assert.match(json[0].message, /runs protoc \(build\.rs:10\), which is not on the build's PATH: add protobuf to nativeBuildInputs \(or set PROTOC, which the script reads first\)\./);
    assert.equal(json[0].fixes[0].title, 'Add protobuf to nativeBuildInputs');
  });

  it('a helper’s parameter: the program every caller passes (the same crate, panicking inside `run`)', async () => {
    const root = workspace('spawn-protoc', { 'package.nix': packageNix('spawn-protoc', ['./src', './build.rs']) });
    const line4 = readFileSync(join(root, 'build.rs'), 'utf8').split('\n')[3]!;
    const text = readFileSync(log('spawn-protoc'), 'utf8').replace('build.rs:13:12', `build.rs:4:${line4.indexOf('unwrap') + 1}`);
    const { json } = await cli(['-', '--root', root], text);
    assert.match(json[0].message, /runs flatc \(build\.rs:4\)/);
    assert.equal(json[0].fixes[0].title, 'Add flatbuffers to nativeBuildInputs');
  });

  it('a file the script opens (`build = "build/main.rs"`, real log: build/main.rs:5:78) that the fileset leaves out → keep it in src, placed on src', async () => {
    const root = workspace('open-file', { 'package.nix': packageNix('open-file', ['./src', './build']), 'schema/api.json': '{}\n' });
    const { json } = await cli([log('open-file'), '--root', root]);
    const [d] = json;
    assert.equal(d.category, 'missing-tool');
    assert.match(d.message, /opens schema\/api\.json \(build\/main\.rs:5\), not a program: .*the fileset leaves it out of src/);
    assert.equal(d.file, 'package.nix');
    assert.equal(d.range.start.line, 4, 'on the src binding');
    assert.equal(d.fixes.length, 1);
    assert.match(d.fixes[0].title, /^Keep schema\/api\.json in src/);
    assert.match(d.fixes[0].edits[0].edits[0].newText, /\.\/schema\/api\.json/);
  });

  it('the same file kept by src (`src = ./.`): said so, no fix (in the real build it was untracked in the flake)', async () => {
    const pkg = packageNix('open-file', []).replace(/ {2}src = lib\.fileset\.toSource \{[\s\S]*? {2}\};\n/, '  src = ./.;\n');
    const root = workspace('open-file', { 'package.nix': pkg, 'schema/api.json': '{}\n' });
    const { json } = await cli([log('open-file'), '--root', root]);
    assert.match(json[0].message, /`\.\/\.` keeps it in src, so something else removed it/);
    assert.deepEqual(json[0].fixes, []);
  });

  it('a JS build’s output the script embeds (real log: build.rs:5:76 opening dist/index.html, ignored by git) is a workspace file: kept in src', async () => {
    const root = workspace('open-dist', { 'package.nix': packageNix('dist-embed', ['./src', './build.rs']), 'dist/index.html': '<!doctype html>\n' });
    const { json } = await cli([log('open-dist'), '--root', root]);
    assert.match(json[0].message, /opens dist\/index\.html \(build\.rs:5\), not a program: .*the fileset leaves it out of src/);
    assert.match(json[0].fixes[0].title, /^Keep dist\/index\.html in src/);
  });

  it('a registry crate’s build script (real log: /build/source/vendor/gitver/build.rs:4:60) read in the cargo cache', async () => {
    const root = workspace('dep-spawn', { 'package.nix': packageNix('dep-spawn', ['./src', './Cargo.lock']) }, (p) => p.startsWith('vendor'));
    const home = mkdtempSync(join(tmpdir(), 'nixify-cargo-home-'));
    dirs.push(home);
    cpSync(join(DIR, 'dep-spawn', 'vendor', 'gitver'), join(home, 'registry', 'src', 'index.crates.io-1949cf8c6b5b557f', 'gitver-1.0.3'), { recursive: true });
    const saved = process.env.CARGO_HOME;
    try {
      process.env.CARGO_HOME = home;
      const { json } = await cli([log('dep-spawn'), '--root', root]);
      assert.match(json[0].message, /The build script of gitver v1\.0\.3 runs git \(gitver-1\.0\.3\/build\.rs:4\)/);
      assert.equal(json[0].fixes[0].title, 'Add git to nativeBuildInputs');
      process.env.CARGO_HOME = join(home, 'nothing-here');
      const none = await cli([log('dep-spawn'), '--root', root]);
      assert.deepEqual(none.json[0].fixes, [], 'not in the cache: nothing guessed');
    } finally {
      if (saved === undefined) delete process.env.CARGO_HOME;
      else process.env.CARGO_HOME = saved;
    }
  });

  it('round10 a08 (a real issue’s paste, `panicked at build.rs:11:10`) against a script spawning git there', async () => {
    const script = [
      'use std::process::Command;',
      '',
      'fn main() {',
      '    // version string',
      '    let git_describe = Command::new("git")',
      '        .arg("describe")',
      '        .arg("--always")',
      '        .arg("--dirty")',
      '        .arg("--tags")',
      '        .output()',
      '        .unwrap()',
      '        .stdout;',
      '}',
      '',
    ].join('\n');
    const root = workspace('spawn-protoc', {
      'build.rs': script,
      'Cargo.toml': '[package]\nname = "lan-mouse"\nversion = "0.10.0"\n',
      'package.nix': packageNix('lan-mouse', ['./src', './build.rs']),
    });
    const { json } = await cli(['-', '--root', root], heldout(10, 'a08-missing-tool-build-rs-spawn-notfound-git-nixos-rebuild-lan-mouse.log'));
    assert.match(json[0].message, /runs git \(build\.rs:5\)/);
    assert.equal(json[0].fixes[0].title, 'Add git to nativeBuildInputs');
  });

  it('`expect("could not run the scanner")`, whose words name no program (real log: build.rs:7:10) → wayland-scanner from the script', async () => {
    const text = readFileSync(log('expect-spawn'), 'utf8');
    const bare = diagnoseText(text);
    assert.deepEqual(
      bare.map((d) => [d.category, d.fixes, d.details?.buildScript]),
      [['missing-tool', [], 'build.rs:7:10']],
      'without the workspace: the script’s line, nothing guessed',
    );
    const root = workspace('expect-spawn', { 'package.nix': packageNix('expect-spawn', ['./src', './build.rs']) });
    const { json } = await cli([log('expect-spawn'), '--root', root]);
    assert.match(json[0].message, /runs wayland-scanner \(build\.rs:4\)/);
    assert.equal(json[0].fixes[0].title, 'Add wayland-scanner to nativeBuildInputs');
    // A known program in expect's words is still the tool, with or without the workspace.
    const named = diagnoseText(text.replace('could not run the scanner', 'failed to run git'));
    assert.deepEqual(named[0]!.fixes, [{ kind: 'add-inputs', nativeBuildInputs: ['git'] }]);
  });

  it('a line that spawns and opens nothing keeps the log’s message', async () => {
    const script = 'fn main() {\n    let v: u32 = "x".parse().unwrap();\n    let _ = v;\n}\n';
    const root = workspace('spawn-protoc', { 'build.rs': script, 'package.nix': packageNix('spawn-protoc', ['./src', './build.rs']) });
    const text = readFileSync(log('spawn-protoc'), 'utf8').replace('build.rs:13:12', 'build.rs:2:31');
    const { json } = await cli(['-', '--root', root], text);
    assert.match(json[0].message, /The log does not name it/);
    assert.deepEqual(json[0].fixes, []);
  });
});

describe('scriptActionAt: what the statement at the panic spawns or opens', () => {
  const at = (text: string, needle: string, occurrence = 0) => {
    const lines = text.split('\n');
    let seen = 0;
    for (const [i, l] of lines.entries()) {
      const c = l.indexOf(needle);
      if (c !== -1 && seen++ === occurrence) return scriptActionAt(text, i + 1, c + 1);
    }
    throw new Error(`no ${needle}`);
  };

  it('a literal on one line, a static, std::process::Command spelled out, which::which', () => {
    assert.deepEqual(at('fn main() {\n    std::process::Command::new("cmake").status().unwrap();\n}\n', 'unwrap'), { kind: 'program', program: 'cmake', line: 2 });
    assert.deepEqual(at('static NASM: &str = "nasm";\nfn main() {\n    Command::new(NASM).output().expect("nasm");\n}\n', 'expect'), { kind: 'program', program: 'nasm', line: 3 });
    assert.deepEqual(at('fn main() {\n    let p = which::which("protoc").unwrap();\n}\n', 'unwrap'), { kind: 'program', program: 'protoc', line: 2 });
  });

  it('a helper called with two programs: both, no guess which', () => {
    const text = 'fn run(cmd: &str) {\n    Command::new(cmd).status().unwrap();\n}\nfn main() {\n    run("git");\n    run("date");\n}\n';
    assert.deepEqual(at(text, 'unwrap'), { kind: 'programs', programs: ['git', 'date'], line: 2 });
  });

  it('a loop over literals: each of them', () => {
    const text = 'fn main() {\n    for tool in ["protoc", "flatc"].iter() {\n        Command::new(tool).arg("--version").status().unwrap();\n    }\n}\n';
    assert.deepEqual(at(text, 'unwrap'), { kind: 'programs', programs: ['protoc', 'flatc'], line: 3 });
  });

  it('files: a literal, concat!(env!("CARGO_MANIFEST_DIR"), …), OpenOptions…open, under OUT_DIR', () => {
    assert.deepEqual(at('fn main() {\n    let f = std::fs::File::open("data/words.txt").unwrap();\n}\n', 'unwrap'), { kind: 'file', path: 'data/words.txt', line: 2 });
    assert.deepEqual(at('fn main() {\n    let b = fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/assets/logo.png")).unwrap();\n}\n', 'unwrap'), {
      kind: 'file',
      path: 'assets/logo.png',
      line: 2,
    });
    assert.deepEqual(at('fn main() {\n    let f = OpenOptions::new().read(true).open("x.bin").unwrap();\n}\n', 'unwrap'), { kind: 'file', path: 'x.bin', line: 2 });
    assert.deepEqual(at('fn main() {\n    let o = env::var("OUT_DIR").unwrap();\n    let f = fs::read(Path::new(&o).join("gen.rs")).unwrap();\n}\n', 'unwrap', 1), {
      kind: 'file',
      path: 'gen.rs',
      line: 3,
      generated: true,
    });
  });

  it('an unwrap of something else (a parse, an env var) is neither', () => {
    assert.equal(at('fn main() {\n    let n: u8 = "1".parse().unwrap();\n}\n', 'unwrap'), undefined);
    assert.equal(at('fn main() {\n    let v = std::env::var("FOO").unwrap();\n}\n', 'unwrap'), undefined);
  });
});
