// The stub nixpkgs the generated flakes are evaluated against is strict and
// agrees with test/fixtures/generate/stub-nixpkgs/attrs.json (the list of every
// attribute the generators can write, with where it lives): it has exactly the
// listed attributes, an unknown one is an error, and toolchain overrides reach
// the builders. Where the real nixpkgs lib and crane have been brought
// (../shared/oracles/README.md), the list is checked against them too.
import assert from 'node:assert/strict';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { spawnSync } from 'node:child_process';
import { BUILDER_NAMES, type Builder } from '../../../server/src/builders';
import { spdxAttrs } from '../../../server/src/generate/license';
import { planInit } from '../../../server/src/generate/plan';
import { infer } from '../../../server/src/infer/infer';
import { loadWorkspace } from '../../../server/src/model/workspace';
import { ensureParser, initParsers } from '../../../server/src/parse/treeSitter';
import { normalise } from '../../unit/generate/emittedAttrs';
import { checkOutSubmodules, evalFlakeWithStub, NIX_ENV, nixEvalJson } from '../nix';

const repo = join(__dirname, '..', '..', '..');
const fixtures = join(repo, 'test', 'fixtures');
const stubDir = join(fixtures, 'generate', 'stub-nixpkgs');
const stub = join(stubDir, 'stub.nix');
const serviceStub = join(fixtures, 'service', 'stub', 'stubs.nix');
const listed = Object.keys(JSON.parse(readFileSync(join(stubDir, 'attrs.json'), 'utf8')).attrs as Record<string, string>);
const inference = Object.keys(JSON.parse(readFileSync(join(repo, 'server', 'src', 'data', 'nixpkgsAttrs.json'), 'utf8')).attrs as Record<string, string>).map((a) => `pkgs.${a}`);
const wasmBindgen = Object.keys(JSON.parse(readFileSync(join(repo, 'server', 'src', 'data', 'wasmBindgenCli.json'), 'utf8')).versions as Record<string, string>).map(
  (v) => `pkgs.wasm-bindgen-cli_${v.replace(/\./g, '_')}`,
);
const oracleSrc = process.env.ORACLE_SRC ?? join(repo, '..', '.cache', 'oracles', 'src');
const realLib = join(oracleSrc, 'nixpkgs-lib', 'lib');
const realCrane = join(oracleSrc, 'crane', 'lib');
const tmp = mkdtempSync(join(tmpdir(), 'nixify-stub-'));
before(() => Promise.all([initParsers(), ensureParser('rust')]));
after(() => rmSync(tmp, { recursive: true, force: true }));

// What a value is, as JSON: attribute sets are walked, functions and derivations are leaves
// (a derivation with `override`, a functor: the override / the call are attributes too).
const SHAPE = `let
  shape = v:
    if builtins.isFunction v then "function"
    else if builtins.isAttrs v then
      (if (v.type or null) == "derivation" then (if v ? override then { override = "function"; } else "derivation")
       else builtins.mapAttrs (n: x: if n == "__functor" then "function" else shape x) v)
    else builtins.typeOf v;
in shape`;

/** Attribute names of a shape, as attrs.json writes them (placeholders for versions, licenses, types). */
function pathsOf(prefix: string[], shape: unknown, out = new Set<string>()): Set<string> {
  const here = normalise(prefix);
  if (typeof shape !== 'object' || shape === null || ['lib.licenses', 'lib.types'].some((p) => here.startsWith(`${p}.`))) {
    out.add(here.replace(/\.__functor$/, '').replace(/^lib\.types\.\w+$/, (t) => t));
    return out;
  }
  for (const [k, v] of Object.entries(shape)) pathsOf([...prefix, k], v, out);
  return out;
}

const shapeOf = (expr: string): unknown => nixEvalJson(`(${SHAPE}) (${expr})`);
const sorted = (xs: Iterable<string>) => [...new Set(xs)].sort();
const under = (root: string, xs: Iterable<string>) => sorted([...xs].filter((x) => x === root || x.startsWith(`${root}.`)));

describe('the stub nixpkgs and the list of attributes agree', () => {
  it('the package set (with the rust-overlay overlay) has exactly the listed attributes and the native inputs', () => {
    const pkgs = pathsOf(['pkgs'], shapeOf(`removeAttrs (import ${stub} { }).pkgs [ "lib" ]`));
    const overlay = pathsOf(['pkgs', 'rust-bin'], shapeOf(`let r = (import ${stub} { }).rustOverlayAttrs; in r // { stable = { latest = r.stable.latest; "1.85.0" = r.stable."1.85.0"; }; }`));
    const want = under('pkgs', [...listed, ...inference, ...wasmBindgen]).filter((a) => a !== 'pkgs.lib');
    // An attribute set on the way to a listed attribute is not itself listed.
    const got = sorted([...pkgs, ...overlay]);
    assert.deepEqual(got, want);
  });

  it('lib: the flake stub and the NixOS-module stub together have exactly the listed functions, and each only listed ones', () => {
    const gen = pathsOf(['lib'], shapeOf(`(import ${stub} { }).lib`));
    const svc = pathsOf(['lib'], shapeOf(`(import ${serviceStub}).lib`));
    const want = under('lib', listed);
    assert.deepEqual(sorted([...gen].filter((a) => !want.includes(a))), [], 'attributes of stub.nix lib that attrs.json does not list');
    assert.deepEqual(sorted([...svc].filter((a) => !want.includes(a))), [], 'attributes of service/stub/stubs.nix lib that attrs.json does not list');
    assert.deepEqual(sorted([...gen, ...svc]), want);
  });

  it('the NixOS-module stub has only listed packages and utils', () => {
    const pkgs = pathsOf(['pkgs'], shapeOf(`removeAttrs (import ${serviceStub}).pkgs [ "lib" ]`));
    const utils = pathsOf(['utils'], shapeOf(`(import ${serviceStub}).utils`));
    const known = new Set([...listed, ...inference, ...wasmBindgen]);
    const isKnown = (a: string) => known.has(a) || [...known].some((k) => k.startsWith(`${a}.`));
    assert.deepEqual(sorted([...pkgs, ...utils].filter((a) => !isKnown(a))), []);
  });

  it("crane's library has exactly the listed functions", () => {
    const crane = pathsOf(['craneLib'], shapeOf(`let s = import ${stub} { }; in s.crane.mkLib s.pkgs`));
    assert.deepEqual(sorted(crane), under('craneLib', listed));
  });

  it('the licenses are every attribute license.ts can write', () => {
    assert.deepEqual(nixEvalJson(`builtins.attrNames (import ${stub} { }).lib.licenses`), spdxAttrs());
  });
});

describe('the stub nixpkgs is strict', () => {
  const fails = (expr: string) => spawnSync('nix-instantiate', ['--eval', '--strict', '--expr', expr], { env: NIX_ENV, encoding: 'utf8' });

  it('an attribute nixpkgs does not list is an error, in pkgs, lib and the overlay-less set', () => {
    for (const e of [`(import ${stub} { }).pkgs.notAPackage`, `(import ${stub} { }).lib.notAFunction`, `(import ${stub} { }).pkgs.rust-bin`]) {
      const r = fails(e);
      assert.notEqual(r.status, 0, e);
      assert.match(r.stderr, /attribute '(notAPackage|notAFunction|rust-bin)' missing/, e);
    }
  });

  it('callPackage fills formals from the package set only: an unknown one without a default is an error', () => {
    const r = fails(`(import ${stub} { }).pkgs.callPackage ({ lib, notAPackage }: 1) { }`);
    assert.notEqual(r.status, 0);
    assert.match(r.stderr, /notAPackage/);
    assert.deepEqual(nixEvalJson(`(import ${stub} { }).pkgs.callPackage ({ openssl, given, other ? 2 }: [ openssl.outPath given other ]) { given = 1; }`), ['openssl', 1, 2]);
  });
});

describe('toolchain overrides reach every builder (stub nixpkgs)', () => {
  const evalFlake = (dir: string, select: string) => evalFlakeWithStub(stub, dir, select);
  let n = 0;
  const generate = (fixture: string, builder: Builder, edit?: (dir: string) => void) => {
    const dir = join(tmp, `${fixture.replace(/\//g, '-')}-${builder}-${n++}`);
    cpSync(join(fixtures, fixture), dir, { recursive: true });
    edit?.(dir);
    const ws = loadWorkspace(dir);
    checkOutSubmodules(dir, ws.git.submodules);
    const plan = planInit(ws, infer(ws), { builder, flake: true, vendoring: 'cargoLock', today: new Date('2026-01-01') }, (p) => existsSync(join(dir, p)));
    for (const f of plan.files) writeFileSync(join(dir, f.path), f.content);
    return dir;
  };
  const toolchainOf = (dir: string) => evalFlake(dir, 'self.packages.x86_64-linux.default.toolchain');

  for (const builder of BUILDER_NAMES) {
    it(`${builder}: nixpkgs' rustc by default, the toolchain file's channel when the crate has one`, () => {
      assert.equal(toolchainOf(generate('model/single', builder, (d) => rmSync(join(d, 'rust-toolchain.toml')))), 'rustc');
      const withFile = generate('model/single', builder, (d) => writeFileSync(join(d, 'rust-toolchain.toml'), '[toolchain]\nchannel = "1.82.0"\ncomponents = [ "rust-src" ]\n'));
      assert.equal(toolchainOf(withFile), 'rust-1.82.0');
    });
  }

  it(
    'realLib: every listed lib attribute and every license exists in the real nixpkgs lib',
    { skip: existsSync(realLib) ? false : `the real nixpkgs lib is not in ${realLib} (bring it with fetch, see ../shared/oracles/README.md)` },
    () => {
      const libPaths = listed.filter((a) => a.startsWith('lib.') && !a.includes('<')).map((a) => a.slice(4));
      const r = nixEvalJson(
        `let lib = import ${realLib}; get = p: builtins.foldl' (s: n: if s != null && builtins.isAttrs s && s ? \${n} then s.\${n} else null) lib p; in { missing = builtins.filter (p: get (builtins.filter builtins.isString (builtins.split "[.]" p)) == null) ${JSON.stringify(libPaths).replace(/,/g, ' ')}; licenses = builtins.filter (l: !(lib.licenses ? \${l})) ${JSON.stringify(spdxAttrs()).replace(/,/g, ' ')}; }`,
      ) as { missing: string[]; licenses: string[] };
      assert.deepEqual(r, { missing: [], licenses: [] });
    },
  );

  it(
    "realCrane: every listed crane function is defined in crane's lib",
    { skip: existsSync(realCrane) ? false : `crane is not in ${realCrane} (bring it with fetch, see ../shared/oracles/README.md)` },
    () => {
      const src = readFileSync(join(realCrane, 'default.nix'), 'utf8');
      const missing = listed.filter((a) => a.startsWith('craneLib.')).filter((a) => !new RegExp(`\\b${a.split('.').at(-1)}\\b`).test(src));
      assert.deepEqual(missing, []);
    },
  );
});
