// The nixpkgs package.nix with real Nix: it parses, and called the way
// nixpkgs' callPackage calls it (every formal from the package set) it
// evaluates to what nixpkgs would build: the tag from finalAttrs.version, the
// changelog from the fetched tag, the hooks and completions in place. The
// package set is a strict stand-in (nixpkgs cannot be fetched here): fetchers
// take exactly the arguments nixpkgs' fetchers take and fail on any other.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { tagSourceHash } from '../../../server/src/model/gitRemote';
import { initParsers } from '../../../server/src/parse/treeSitter';
import { nixpkgsFor } from '../../unit/nixpkgs/helpers';
import { nixEvalFileJson, nixEvalJson, nixParse } from '../nix';

const tmp = mkdtempSync(join(tmpdir(), 'nixify-nixpkgs-'));
before(() => initParsers());
after(() => rmSync(tmp, { recursive: true, force: true }));

// A package set just big enough for the generated files; a formal it lacks fails the call, as in nixpkgs.
const PKGS = `
let
  fetcher = kind: { owner, repo, tag ? null, rev ? null, hash ? null }: { inherit kind owner repo tag hash; };
  lib = {
    fakeHash = "sha256-AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=";
    optionalString = c: s: if c then s else "";
    optionals = c: l: if c then l else [ ];
    licenses = builtins.listToAttrs (map (n: { name = n; value = { shortName = n; }; }) [ "mit" "asl20" "gpl3Plus" "gpl3Only" ]);
  };
  pkgs = {
    inherit lib;
    # Like nixpkgs: a function of finalAttrs or, when nothing refers to them, plain attributes.
    rustPlatform.buildRustPackage = f: let a = if builtins.isFunction f then f a else f; in a;
    fetchFromGitHub = fetcher "github";
    fetchFromGitLab = fetcher "gitlab";
    fetchgit = { url, tag ? null, rev ? null, hash ? null }: { inherit url tag hash; };
    stdenv = { buildPlatform.canExecute = p: p.isLinux; hostPlatform.isLinux = true; };
    nix-update-script = { attrPath ? null, extraArgs ? [ ] }: "update-script";
    versionCheckHook = "versionCheckHook";
    installShellFiles = "installShellFiles";
    pkg-config = "pkg-config";
    openssl = "openssl";
  };
  callPackage = f: let fun = import f; in fun (builtins.mapAttrs (n: _: pkgs.\${n}) (builtins.functionArgs fun));
in
`;

function evalPackage(rel: string, content: string, select: string): any {
  const f = join(tmp, rel);
  mkdirSync(dirname(f), { recursive: true });
  writeFileSync(f, content);
  nixParse(f);
  const e = join(tmp, `eval-${rel.replace(/\//g, '_')}`);
  writeFileSync(e, `${PKGS} let p = callPackage ${f}; in ${select}\n`);
  return nixEvalFileJson(e);
}

describe('nixpkgs package.nix with real Nix', () => {
  it('single crate with completions: evaluates with the tag, changelog, hooks and completions', () => {
    const r = nixpkgsFor('nixpkgs/cli', 'git@github.com:example-org/tidy-notes.git', ['v1.4.2']);
    const p = evalPackage(
      r.path,
      r.content,
      '{ inherit (p) pname version cargoHash strictDeps __structuredAttrs nativeBuildInputs nativeInstallCheckInputs doInstallCheck postInstall; src = p.src; changelog = p.meta.changelog; update = p.passthru.updateScript; license = map (l: l.shortName) p.meta.license; main = p.meta.mainProgram; maintainers = p.meta.maintainers; }',
    );
    assert.equal(p.pname, 'tidy-notes');
    assert.equal(p.version, '1.4.2');
    assert.deepEqual(p.src, { kind: 'github', owner: 'example-org', repo: 'tidy-notes', tag: 'v1.4.2', hash: 'sha256-AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=' });
    assert.equal(p.changelog, 'https://github.com/example-org/tidy-notes/blob/v1.4.2/CHANGELOG.md');
    assert.equal(p.strictDeps, true);
    assert.equal(p.__structuredAttrs, true);
    assert.deepEqual(p.nativeBuildInputs, ['installShellFiles']);
    assert.deepEqual(p.nativeInstallCheckInputs, ['versionCheckHook']);
    assert.equal(p.doInstallCheck, true);
    assert.equal(
      p.postInstall,
      'installShellCompletion --cmd tidy_notes \\\n  --bash <($out/bin/tidy_notes completions bash) \\\n  --fish <($out/bin/tidy_notes completions fish) \\\n  --zsh <($out/bin/tidy_notes completions zsh)\n',
    );
    assert.equal(p.update, 'update-script');
    assert.deepEqual(p.license, ['mit', 'asl20']);
    assert.equal(p.main, 'tidy_notes');
    assert.deepEqual(p.maintainers, []);
  });

  it('workspace member on GitLab: nested group, per-crate tag, one member built, inputs', () => {
    const r = nixpkgsFor('nixpkgs/workspace', undefined, ['weatherd-v0.9.0']);
    const p = evalPackage(r.path, r.content, '{ inherit (p) src cargoBuildFlags cargoTestFlags nativeBuildInputs buildInputs; changelog = p.meta.changelog; }');
    assert.deepEqual(p.src, { kind: 'gitlab', owner: 'example-group/sub', repo: 'weatherd', tag: 'weatherd-v0.9.0', hash: 'sha256-AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=' });
    assert.deepEqual(p.cargoBuildFlags, ['--package', 'weatherd']);
    assert.deepEqual(p.cargoTestFlags, ['--package', 'weatherd']);
    assert.deepEqual(p.nativeBuildInputs, ['pkg-config', 'installShellFiles']);
    assert.deepEqual(p.buildInputs, ['openssl']);
    assert.equal(p.changelog, 'https://gitlab.com/example-group/sub/weatherd/-/releases/weatherd-v0.9.0');
  });

  it('no upstream URL: evaluating src says what to set', () => {
    const r = nixpkgsFor('infer/reqwest-rustls', undefined, []);
    assert.throws(() => evalPackage(r.path, r.content, 'p.src'), /set src to the upstream repository/);
    assert.equal(evalPackage(r.path, r.content, 'p.version'), '0.1.0');
  });
});

describe('the source hash of a local tag', () => {
  it("equals the narHash Nix's own git fetcher computes for the tag, and the package uses it", () => {
    const repo = join(tmp, 'tagged');
    mkdirSync(join(repo, 'src'), { recursive: true });
    writeFileSync(join(repo, 'Cargo.toml'), '[package]\nname = "tagged"\nversion = "1.0.0"\n');
    writeFileSync(join(repo, 'src', 'main.rs'), 'fn main() {}\n');
    writeFileSync(join(repo, 'run.sh'), '#!/bin/sh\n');
    const git = (...a: string[]) => execFileSync('git', ['-C', repo, '-c', 'user.name=t', '-c', 'user.email=t@t', ...a], { stdio: 'ignore' });
    git('init', '-q');
    execFileSync('chmod', ['+x', join(repo, 'run.sh')]);
    git('add', '.');
    git('commit', '-qm', 'one');
    git('tag', 'v1.0.0');
    writeFileSync(join(repo, 'later.txt'), 'after the tag\n');
    git('add', '.');
    git('commit', '-qm', 'two');
    const hash = tagSourceHash(repo, 'v1.0.0');
    assert.match(hash ?? '', /^sha256-/);
    const narHash = nixEvalJson(`(builtins.fetchGit { url = "file://${repo}"; ref = "refs/tags/v1.0.0"; }).narHash`);
    assert.equal(hash, narHash);
    assert.equal(tagSourceHash(repo, 'v9.9.9'), undefined);
  });
});
