// "Prepare for nixpkgs": the package.nix text for representative crates
// (golden files), and the pieces it is made of: what the program's code says
// about --version and completions, the fetcher and tag from the git remote and
// tags, the description as nixpkgs wants it. UPDATE_GOLDEN=1 rewrites goldens.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import { byNamePath, nixpkgsAttrName, nixpkgsDescription } from '../../../server/src/generate/nixpkgsPackage';
import { cliSignals, type RustFile } from '../../../server/src/generate/nixpkgsSignals';
import { parseForgeUrl, sourceFetcher, sourceTag } from '../../../server/src/generate/nixpkgsSource';
import type { CargoManifest, DependencySpec } from '../../../server/src/model/types';
import { initParsers } from '../../../server/src/parse/treeSitter';
import { fixtures, nixpkgsFor } from './helpers';

const golden = join(fixtures, 'generate', 'golden-nixpkgs');

before(() => initParsers());

const CASES = [
  { name: 'single-completions', crate: 'nixpkgs/cli', remote: 'git@github.com:example-org/tidy-notes.git', tags: ['v1.4.1', 'v1.4.2'] },
  { name: 'workspace-member', crate: 'nixpkgs/workspace', remote: undefined, tags: ['weatherd-v0.8.0', 'weatherd-v0.7.1', 'weather-core-v0.8.0'] },
  { name: 'single-openssl', crate: 'lsp/service', remote: 'https://github.com/me/forum.git', tags: ['0.3.0', '0.4.0'] },
  { name: 'no-remote', crate: 'infer/reqwest-rustls', remote: undefined, tags: [] },
];

describe('nixpkgs package.nix', () => {
  for (const c of CASES) {
    it(`${c.name}: matches its golden files`, () => {
      const r = nixpkgsFor(c.crate, c.remote, c.tags);
      const dir = join(golden, c.name);
      const files = [
        { path: 'path.txt', content: `${r.path}\n` },
        { path: 'package.nix', content: r.content },
        { path: 'warnings.txt', content: r.warnings.map((w) => `${w}\n`).join('') },
      ];
      for (const f of files) {
        const p = join(dir, f.path);
        if (process.env.UPDATE_GOLDEN === '1') {
          mkdirSync(dir, { recursive: true });
          writeFileSync(p, f.content);
        }
        assert.ok(existsSync(p), `missing golden file ${c.name}/${f.path} (run with UPDATE_GOLDEN=1)`);
        assert.equal(f.content, readFileSync(p, 'utf8'), `${c.name}/${f.path} differs from its golden file`);
      }
    });
  }

  it('follows the rules nixpkgs reviewers check', () => {
    const r = nixpkgsFor('nixpkgs/cli', 'https://github.com/example-org/tidy-notes', ['v1.4.2']);
    assert.equal(r.path, 'pkgs/by-name/ti/tidy-notes/package.nix');
    assert.match(r.content, /^rustPlatform\.buildRustPackage \(finalAttrs: \{$/m);
    assert.match(r.content, /^  version = "1\.4\.2";$/m, 'a literal version, not read from Cargo.toml');
    assert.match(r.content, /tag = "v\$\{finalAttrs\.version\}";/);
    assert.match(r.content, /^  cargoHash = lib\.fakeHash;$/m);
    assert.match(r.content, /^  strictDeps = true;$/m);
    assert.match(r.content, /^  __structuredAttrs = true;$/m);
    assert.match(r.content, /nativeInstallCheckInputs = \[ versionCheckHook \];\n  doInstallCheck = true;/);
    assert.match(r.content, /passthru\.updateScript = nix-update-script \{ \};/);
    assert.match(r.content, /lib\.optionalString \(stdenv\.buildPlatform\.canExecute stdenv\.hostPlatform\) ''/);
    assert.match(r.content, /description = "Fast note tidier for the terminal";/, 'no leading article, no trailing period');
    assert.match(r.content, /maintainers = \[ \];/);
    assert.doesNotMatch(r.content, /importTOML|cargoLock|\.\/Cargo\.lock|fileset/, 'nothing read from the local tree');
  });

  it('uses the hash of the local tag when the door computed one, and only for a tag that exists', () => {
    const h = 'sha256-jrQnmIYap5eHVWPqoRsXVroB0VWLKxesi3rB/WylR0U=';
    const r = nixpkgsFor('nixpkgs/cli', 'https://github.com/example-org/tidy-notes', ['v1.4.2'], undefined, h);
    assert.match(r.content, new RegExp(`hash = "${h.replace(/[+/]/g, '\\$&')}";`));
    assert.match(r.content, /cargoHash = lib\.fakeHash;/);
    assert.match(r.warnings.join('\n'), /filling in cargoHash from the errors/);
    assert.match(nixpkgsFor('nixpkgs/cli', 'https://github.com/example-org/tidy-notes', ['v1.4.1'], undefined, h).content, /hash = lib\.fakeHash;/);
  });

  it('leaves versionCheckHook and completions out when the program has neither', () => {
    const r = nixpkgsFor('lsp/service', 'https://github.com/me/forum', ['v0.4.0']);
    assert.doesNotMatch(r.content, /versionCheckHook|installShellFiles|postInstall/);
  });
});

const manifest = (deps: [string, DependencySpec['kind']][]): CargoManifest =>
  ({ dependencies: deps.map(([name, kind]) => ({ name, package: name, kind, optional: false, defaultFeatures: true, features: [] })), bins: [], dir: '' }) as unknown as CargoManifest;
const src = (text: string): RustFile[] => [{ path: 'src/main.rs', text }];

describe('what the code says about the command line', () => {
  const clap = manifest([
    ['clap', 'normal'],
    ['clap_complete', 'normal'],
  ]);

  it('a derive Subcommand variant with a --shell flag, through an Args struct', () => {
    const s = cliSignals(
      clap,
      src(
        '#[derive(Parser)]\n#[clap(version)]\nstruct Cli {}\n#[derive(Subcommand)]\nenum Cmd {\n  Run,\n  GenerateCompletions(CompArgs)\n}\n#[derive(Args)]\nstruct CompArgs {\n  #[arg(long, value_enum)]\n  shell: clap_complete::Shell,\n}\n',
      ),
    );
    assert.equal(s.versionFlag, '--version');
    assert.deepEqual(s.completions, { kind: 'args', words: ['generate-completions', '--shell'] });
  });

  it('a renamed variant keeps its name', () => {
    const s = cliSignals(clap, src('#[derive(Subcommand)]\nenum Cmd {\n  #[command(name = "complete-me")]\n  Completion { shell: Shell },\n}\n'));
    assert.deepEqual(s.completions, { kind: 'args', words: ['complete-me'] });
    assert.equal(s.versionFlag, undefined, 'no version attribute, no .version(): no --version');
  });

  it('a top-level --completions <shell> flag', () => {
    const s = cliSignals(
      clap,
      src('#[derive(Parser)]\n#[command(version, about)]\nstruct Cli {\n  /// Print completions\n  #[arg(long = "gen-completions", value_name = "SHELL")]\n  completions: Option<Shell>,\n}\n'),
    );
    assert.deepEqual(s.completions, { kind: 'args', words: ['--gen-completions'] });
  });

  it('a variant with any prefix, through a module path, in an enum deriving Parser', () => {
    const s = cliSignals(
      clap,
      src(
        '#[derive(Parser)]\npub enum Command {\n  /// Print completions.\n  PrintCompletions(command::print_completions::Args),\n  Run,\n}\n#[derive(Parser)]\npub struct Args {\n  #[arg(value_enum, default_value_t = Shell::Bash)]\n  shell: Shell,\n}\n',
      ),
    );
    assert.deepEqual(s.completions, { kind: 'args', words: ['print-completions'] });
  });

  it('a flag whose value list has brackets, of any value type', () => {
    const s = cliSignals(
      clap,
      src(
        'struct Cli {\n  #[clap(long, short)]\n  verbose: bool,\n  /// Generate completions\n  #[clap(long, value_name = "SHELL", value_parser = ["bash", "fish", "zsh"])]\n  gen_completions: Option<String>,\n}\n',
      ),
    );
    assert.deepEqual(s.completions, { kind: 'args', words: ['--gen-completions'] });
  });

  it("clap_complete's dynamic completions (COMPLETE=<shell> prog)", () => {
    assert.deepEqual(cliSignals(clap, src('fn main() { clap_complete::CompleteEnv::with_factory(Cli::command).complete(); }')).completions, { kind: 'env' });
  });

  it('commented-out code and enums that are not subcommands do not count', () => {
    const s = cliSignals(clap, src('// #[command(version)]\n/* Command::new("completions") */\nenum Shellish { Completions, Other }\n'));
    assert.equal(s.versionFlag, undefined);
    assert.equal(s.completions, undefined);
    assert.match(s.notes.join(), /no completions subcommand or flag was recognised/);
  });

  it('without clap_complete nothing is installed; in build.rs it is noted', () => {
    assert.equal(cliSignals(manifest([['clap', 'normal']]), src('Command::new("completions")')).completions, undefined);
    assert.match(
      cliSignals(
        manifest([
          ['clap', 'normal'],
          ['clap_complete', 'build'],
        ]),
        src(''),
      ).notes.join(),
      /build\.rs/,
    );
  });

  it('structopt has --version unless told otherwise; a hand-parsed --version with the Cargo version counts', () => {
    assert.equal(cliSignals(manifest([['structopt', 'normal']]), src('#[derive(StructOpt)]\nstruct Opt {}')).versionFlag, '--version');
    assert.equal(
      cliSignals(manifest([['structopt', 'normal']]), src('#[derive(StructOpt)]\n#[structopt(global_settings = &[AppSettings::DisableVersion], no_version)]\nstruct Opt {}')).versionFlag,
      undefined,
    );
    assert.equal(cliSignals(manifest([]), src('if arg == "--version" { println!("{}", env!("CARGO_PKG_VERSION")); }')).versionFlag, '--version');
  });
});

describe('the source: fetcher and tag', () => {
  it('reads owner and repo from every remote form git accepts', () => {
    for (const u of ['https://github.com/o/r', 'https://github.com/o/r.git', 'git@github.com:o/r.git', 'ssh://git@github.com/o/r.git', 'https://user@github.com/o/r/']) {
      assert.deepEqual(parseForgeUrl(u), { fetcher: 'fetchFromGitHub', owner: 'o', repo: 'r' }, u);
    }
    assert.deepEqual(parseForgeUrl('git@gitlab.com:group/sub/proj.git'), { fetcher: 'fetchFromGitLab', owner: 'group/sub', repo: 'proj' });
    assert.deepEqual(parseForgeUrl('https://gitlab.com/group/proj/-/tree/main'), { fetcher: 'fetchFromGitLab', owner: 'group', repo: 'proj' });
    assert.deepEqual(parseForgeUrl('https://codeberg.org/o/r.git'), { fetcher: 'fetchgit', url: 'https://codeberg.org/o/r.git' });
    assert.equal(parseForgeUrl('/local/path'), undefined);
  });

  it('prefers a forge remote, else Cargo.toml repository', () => {
    assert.deepEqual(sourceFetcher('git@github.com:fork/r.git', 'https://github.com/up/r'), { fetcher: 'fetchFromGitHub', owner: 'fork', repo: 'r' });
    assert.deepEqual(sourceFetcher('/some/mirror', 'https://github.com/up/r'), { fetcher: 'fetchFromGitHub', owner: 'up', repo: 'r' });
    assert.deepEqual(sourceFetcher('https://git.example.org/r.git', 'https://github.com/up/r'), { fetcher: 'fetchFromGitHub', owner: 'up', repo: 'r' });
  });

  it("spells the tag as the repository does: the version's own tag, else the common pattern, else v<version>", () => {
    assert.deepEqual(sourceTag('1.2.0', 'x', ['1.1.0', '1.2.0']), { expr: '${finalAttrs.version}', literal: '1.2.0', exists: true });
    assert.deepEqual(sourceTag('1.2.0', 'x', ['v1.1.0', 'v1.0.0', '1.0']), { expr: 'v${finalAttrs.version}', literal: 'v1.2.0', exists: false });
    assert.deepEqual(sourceTag('0.9.0', 'app', ['app-v0.8.0', 'lib-v0.8.0', 'app-v0.7.0']), { expr: 'app-v${finalAttrs.version}', literal: 'app-v0.9.0', exists: false });
    assert.deepEqual(sourceTag('2.0.0', 'x', []), { expr: 'v${finalAttrs.version}', literal: 'v2.0.0', exists: false });
    assert.deepEqual(sourceTag('2.0.0', 'x', ['x-2.0.0']), { expr: 'x-${finalAttrs.version}', literal: 'x-2.0.0', exists: true });
  });
});

describe('names and descriptions', () => {
  it('by-name path and attribute name', () => {
    assert.equal(nixpkgsAttrName('My_Tool'), 'my-tool');
    assert.equal(byNamePath('ripgrep'), 'pkgs/by-name/ri/ripgrep/package.nix');
  });
  it('description: capitalised, no leading article, no trailing period', () => {
    assert.equal(nixpkgsDescription('A fast tool.'), 'Fast tool');
    assert.equal(nixpkgsDescription('an   HTTP server'), 'HTTP server');
    assert.equal(nixpkgsDescription('The Rust compiler'), 'Rust compiler');
    assert.equal(nixpkgsDescription('Theory of everything'), 'Theory of everything');
  });
});
