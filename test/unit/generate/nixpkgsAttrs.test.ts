// Every attribute of nixpkgs (and of crane, naersk, crate2nix, rust-overlay) a
// generator writes is listed, with where it lives, in
// test/fixtures/generate/stub-nixpkgs/attrs.json (native inputs: in
// server/src/data/nixpkgsAttrs.json). Generated here for the test fixtures
// and the 87 crates of ../shared/corpus/crates × every builder, with and
// without the NixOS module, Docker image, VM test and nginx, without a flake,
// with cargoHash, and as a nixpkgs package.
import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import { BUILDERS } from '../../../server/src/builders';
import { applyEdits } from '../../../server/src/fixes/nixEdits';
import { extendFlakeOutputs } from '../../../server/src/generate/flakeEdit';
import { spdxAttrs } from '../../../server/src/generate/license';
import { loadWorkspace, nodeFs } from '../../../server/src/model/workspace';
import { ensureParser, initParsers } from '../../../server/src/parse/treeSitter';
import { nixify, type NixifyRequest } from '../../../server/src/pipeline/nixify';
import { planNixpkgs } from '../../../server/src/pipeline/ship';
import { emittedAttrsOfFiles } from './emittedAttrs';

const repo = join(__dirname, '..', '..', '..');
const fixtures = join(repo, 'test', 'fixtures');
const corpus = join(repo, '..', 'shared', 'corpus', 'crates');
export const ATTRS_FILE = join(fixtures, 'generate', 'stub-nixpkgs', 'attrs.json');
const listed = JSON.parse(readFileSync(ATTRS_FILE, 'utf8')).attrs as Record<string, string>;
const inference = JSON.parse(readFileSync(join(repo, 'server', 'src', 'data', 'nixpkgsAttrs.json'), 'utf8')).attrs as Record<string, string>;
// nixpkgs' versioned wasm-bindgen-cli_X_Y_Z attributes the wasm generator picks from, with their files.
const wasmBindgen = JSON.parse(readFileSync(join(repo, 'server', 'src', 'data', 'wasmBindgenCli.json'), 'utf8')).versions as Record<string, string>;
const known = new Set([...Object.keys(listed), ...Object.keys(inference).map((a) => `pkgs.${a}`), ...Object.keys(wasmBindgen).map((v) => `pkgs.wasm-bindgen-cli_${v.replace(/\./g, '_')}`)]);

/** Crate folders under a directory (a folder with Cargo.toml is a crate; its subfolders are its own). */
function crates(dir: string): string[] {
  const out: string[] = [];
  for (const e of readdirSync(dir).sort()) {
    const p = join(dir, e);
    if (!statSync(p).isDirectory()) continue;
    if (existsSync(join(p, 'Cargo.toml'))) out.push(p);
    else out.push(...crates(p));
  }
  return out;
}

const variants: NixifyRequest[] = [
  {},
  { module: true, docker: true, nginxPath: '/app', virtualHost: 'example.org' },
  { module: true, staticUser: true, vmTest: false },
  { flake: false },
  { vendoring: 'cargoHash', noDefaultFeatures: true },
];

/** Files that bind `finalAttrs` and never use it, across every plan generated here. */
const unusedFinalAttrs: string[] = [];

/** Every attribute the generators wrote for these crates, with one place that wrote it. */
function emittedFor(roots: string[], requests: NixifyRequest[] = variants): Map<string, string> {
  const all = new Map<string, string>();
  for (const root of roots) {
    let ws;
    try {
      ws = loadWorkspace(root);
    } catch {
      continue; // fixtures of broken manifests
    }
    const env = { exists: (p: string) => existsSync(join(root, p)), fs: nodeFs(root) };
    const name = root.replace(/^.*\/(fixtures|crates)\//, '');
    const plans: { what: string; files: { path: string; content: string }[] }[] = [];
    for (const b of BUILDERS) {
      for (const v of requests) {
        if (v.flake === false && b.capabilities.flakeOnly) continue;
        try {
          plans.push({ what: `${name} × ${b.name} ${JSON.stringify(v)}`, files: nixify(ws, { builder: b.name, ...v }, env).files });
        } catch (e) {
          // A request the crate cannot take (no binary for a service, no package) is not what this test is about.
          if (!(e instanceof Error)) throw e;
        }
      }
    }
    try {
      const remote = { remoteUrl: 'https://github.com/owner/repo', tags: [] };
      plans.push({ what: `${name} as a nixpkgs package`, files: planNixpkgs(ws, {}, { ...env, gitRemote: () => remote }).files });
      plans.push({ what: `${name} as a nixpkgs package without a remote`, files: planNixpkgs(ws, {}, env).files });
    } catch (e) {
      if (!(e instanceof Error)) throw e;
    }
    // The service's outputs added to a flake the user already has.
    try {
      const r = nixify(ws, { builder: 'buildRustPackage', module: true, docker: true }, env);
      const userFlake = '{\n  outputs = { self, nixpkgs }: { packages = { }; };\n}\n';
      const edited = r.service && extendFlakeOutputs(userFlake, r.service.flakeAdditions);
      if (edited && 'edits' in edited) plans.push({ what: `${name}: outputs added to an existing flake`, files: [{ path: 'flake.nix', content: applyEdits(userFlake, edited.edits) }] });
    } catch (e) {
      if (!(e instanceof Error)) throw e;
    }
    for (const p of plans) for (const [a, file] of emittedAttrsOfFiles(p.files)) if (!all.has(a)) all.set(a, `${p.what}: ${file}`);
    // `finalAttrs:` bound and never used is dead code, and makes buildRustPackage need nixpkgs 25.05.
    for (const p of plans) for (const f of p.files) if (/\bfinalAttrs:/.test(f.content) && (f.content.match(/\bfinalAttrs\b/g) ?? []).length < 2) unusedFinalAttrs.push(`${p.what}: ${f.path}`);
  }
  return all;
}

/** Listed, or an attribute set on the way to a listed one (`pkgs.stdenv` of `pkgs.stdenv.hostPlatform.isLinux`). */
const isKnown = (a: string) => known.has(a) || [...known].some((k) => k.startsWith(`${a}.`));

function unlisted(emitted: Map<string, string>): string[] {
  return [...emitted].filter(([a]) => !isKnown(a)).map(([a, where]) => `${a} (in ${where})`);
}

const HOW = `add each to ${ATTRS_FILE.slice(repo.length + 1)} with the file that defines it (path @ repository@commit)`;

before(() => Promise.all([initParsers(), ensureParser('rust')]));

describe('every nixpkgs attribute a generator writes is listed with where it lives', () => {
  it('the list names a defining file for each entry, in order', () => {
    for (const [a, at] of Object.entries(listed)) assert.match(at, /^\S+.* @ [\w.-]+\/[\w.-]+@[0-9a-f]{40}$/, a);
    assert.deepEqual(Object.keys(listed), [...Object.keys(listed)].sort(), 'attrs.json keeps its keys sorted (one obvious place for a new one)');
  });

  it('the test fixtures × every builder and output', () => {
    const emitted = emittedFor(crates(fixtures));
    // The collector sees the generators' staples (a collector that found nothing would pass anything).
    for (const a of ['pkgs.rustPlatform.buildRustPackage', 'craneLib.buildPackage', 'naersk.buildPackage', 'crate2nix.tools.<system>.generatedCargoNix', 'lib.fileset.toSource', 'pkgs.mkShell'])
      assert.ok(emitted.has(a), a);
    assert.deepEqual(unlisted(emitted), [], HOW);
    assert.deepEqual(unusedFinalAttrs, [], 'finalAttrs bound and never used');
  });

  it('the 87 corpus crates × every builder and output', { skip: existsSync(corpus) ? false : '../shared/corpus/crates not found' }, () => {
    // The fixtures try every variant; the corpus adds what other crates' inputs and shapes bring.
    const emitted = emittedFor(crates(corpus), variants.slice(0, 2));
    assert.deepEqual(unlisted(emitted), [], HOW);
    assert.deepEqual(unusedFinalAttrs, [], 'finalAttrs bound and never used');
  });

  it('every license attribute license.ts can write is under lib.licenses.<license>', () => {
    assert.ok(known.has('lib.licenses.<license>'));
    assert.ok(spdxAttrs().length > 50);
  });
});
