// Hostile Cargo.toml values through every builder and the service files, with
// real Nix: each crate is written to disk, read by the real loader, generated,
// and every file parsed by `nix-instantiate --parse`; the values are then read
// back from the evaluated flakes (stub nixpkgs) and modules, all in a few
// batched nix-instantiate calls. The reproducers of issue 19 come first.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { normalizeDescription } from '../../../server/src/generate/context';
import { escapeString } from '../../../server/src/generate/nixWriter';
import { defaultInitOptions, planInit, type InitOptions } from '../../../server/src/generate/plan';
import { planService } from '../../../server/src/generate/service';
import { infer } from '../../../server/src/infer/infer';
import { loadWorkspace } from '../../../server/src/model/workspace';
import { ensureParser, initParsers } from '../../../server/src/parse/treeSitter';
import { NIX_ENV, nixEvalFileJson } from '../nix';
import { hostileText, samples } from './hostileValues';

const fixtures = join(__dirname, '..', '..', 'fixtures');
const stub = join(fixtures, 'generate', 'stub-nixpkgs', 'stub.nix');
const serviceStubs = join(fixtures, 'service', 'stub', 'stubs.nix');
const tmp = mkdtempSync(join(tmpdir(), 'nixify-hostile-'));
before(() => Promise.all([initParsers(), ensureParser('rust')]));
after(() => rmSync(tmp, { recursive: true, force: true }));

const BUILDERS = ['buildRustPackage', 'crane', 'naersk', 'crate2nix'] as const;

/** A TOML basic string holding exactly `s` (control characters as \u escapes). */
const toml = (s: string) =>
  `"${[...s].map((c) => (c === '"' || c === '\\' ? `\\${c}` : c.charCodeAt(0) < 0x20 || c === '\x7f' ? `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}` : c)).join('')}"`;

interface Hostile {
  name: string;
  bin: string;
  description: string;
  license: string;
  homepage: string;
  dir: string;
  feature: string;
  envName: string;
  envValue: string;
}

function writeCrate(dir: string, h: Hostile): void {
  mkdirSync(join(dir, 'src'), { recursive: true });
  mkdirSync(join(dir, 'crates', h.dir, 'src'), { recursive: true });
  writeFileSync(join(dir, 'src', 'main.rs'), 'fn main() {}\n');
  writeFileSync(join(dir, 'crates', h.dir, 'src', 'lib.rs'), '');
  writeFileSync(
    join(dir, 'Cargo.toml'),
    [
      '[package]',
      `name = ${toml(h.name)}`,
      'version = "0.1.0"',
      `description = ${toml(h.description)}`,
      `license = ${toml(h.license)}`,
      `homepage = ${toml(h.homepage)}`,
      '',
      '[[bin]]',
      `name = ${toml(h.bin)}`,
      'path = "src/main.rs"',
      '',
      '[features]',
      `${toml(h.feature)} = []`,
      '',
      '[workspace]',
      `members = [${toml(`crates/${h.dir}`)}]`,
      '',
    ].join('\n'),
  );
  writeFileSync(join(dir, 'crates', h.dir, 'Cargo.toml'), `[package]\nname = "member"\nversion = "0.1.0"\n`);
  writeFileSync(join(dir, 'Cargo.lock'), `version = 3\n\n[[package]]\nname = ${toml(h.name)}\nversion = "0.1.0"\n`);
}

/** The service is named after the binary when that makes a valid unit name (the generator refuses others). */
const serviceName = (h: Hostile) => (/^[A-Za-z0-9_-]+$/.test(h.bin) ? h.bin : 'svc');

/** Generates every builder (flake) and the service files for one crate into `<dir>/<builder>/`. */
function generate(dir: string, h: Hostile): string[] {
  const ws = loadWorkspace(dir);
  const inferred = infer(ws);
  // `nix` as infer() writes it for a table value.
  inferred.env.push({ name: h.envName, value: h.envValue, nix: `"${h.envValue.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`, because: h.description, crate: h.name, via: [] });
  const written: string[] = [];
  for (const builder of BUILDERS) {
    const out = join(dir, builder);
    const opts: InitOptions = { ...defaultInitOptions(ws), builder, flake: true, features: [h.feature], member: h.name };
    const service =
      builder === 'buildRustPackage'
        ? planService(ws, { name: serviceName(h), module: true, docker: true, vmTest: true, nginxPath: '/app/', virtualHost: 'example.org', member: h.name, packageFile: 'package.nix' })
        : undefined;
    const plan = planInit(
      ws,
      inferred,
      opts,
      (p) => existsSync(join(dir, p)),
      service && (() => ({ files: service.files, flake: service.flakeAdditions, warnings: service.warnings, packageAdditions: service.packageAdditions })),
    );
    for (const f of plan.files) {
      // The crate's own files beside the generated ones, so relative paths resolve.
      mkdirSync(dirname(join(out, f.path)), { recursive: true });
      writeFileSync(join(out, f.path), f.content);
      written.push(join(out, f.path));
    }
    for (const f of ['Cargo.toml', 'Cargo.lock']) writeFileSync(join(out, f), readText(join(dir, f)));
    mkdirSync(join(out, 'crates', h.dir), { recursive: true });
    writeFileSync(join(out, 'crates', h.dir, 'Cargo.toml'), readText(join(dir, 'crates', h.dir, 'Cargo.toml')));
  }
  return written;
}

const readText = (p: string) => require('node:fs').readFileSync(p, 'utf8') as string;

/** `nix-instantiate --parse` on many files in one process (it stops at the first that fails, naming it). */
function parseAll(files: string[]): void {
  for (let i = 0; i < files.length; i += 200) {
    try {
      execFileSync('nix-instantiate', ['--parse', ...files.slice(i, i + 200)], { env: NIX_ENV, stdio: ['ignore', 'ignore', 'pipe'], maxBuffer: 256 << 20 });
    } catch (e) {
      assert.fail(`a generated file does not parse: ${String((e as { stderr?: Buffer }).stderr ?? e)}`);
    }
  }
}

/** The Nix expression reading one crate's values back from its generated files. */
function readBack(dir: string, h: Hostile): string {
  const flake = (b: string) =>
    `(let f = import ${dir}/${b}/flake.nix; inputs = { inherit self; inherit (s) nixpkgs crane rust-overlay naersk crate2nix; advisory-db = ${dir}/${b}; }; self = f.outputs (builtins.intersectAttrs (builtins.functionArgs f.outputs) inputs); in { description = f.description; inherit self; })`;
  const n = escapeString(serviceName(h));
  return `(let
    brp = ${flake('buildRustPackage')}; crane = ${flake('crane')}; naersk = ${flake('naersk')}; c2n = ${flake('crate2nix')};
    p = brp.self.packages.x86_64-linux.default;
    cp = crane.self.packages.x86_64-linux.default;
    np = naersk.self.packages.x86_64-linux.default;
    m = t.evalModule { module = import ${dir}/buildRustPackage/nixos/module.nix; name = ${n}; settings = { enable = true; package = t.package ${n}; }; };
  in {
    flakeDescription = brp.description;
    brp = { inherit (p) pname buildFeatures; cargoBuildFlags = p.cargoBuildFlags or null; env = p.env; meta = removeAttrs p.meta [ "license" ]; };
    crane = { inherit (cp) cargoExtraArgs; meta = removeAttrs cp.meta [ "license" ]; };
    naersk = { meta = removeAttrs np.meta [ "license" ]; env = np.${escapeString(h.envName)}; };
    c2nProgram = c2n.self.apps.x86_64-linux.default.program;
    module = { options = builtins.attrNames m.options.services; unit = m.config.content.systemd.services.${n}.description; };
  })`;
}

function expected(h: Hostile) {
  const clean = (s: string) => s.replace(/\0/g, '');
  const meta = { ...(h.description ? { description: clean(normalizeDescription(h.description)) } : {}), homepage: clean(h.homepage), maintainers: [], mainProgram: h.bin };
  const description = clean(h.description.trim().replace(/\.$/, ''));
  return {
    flakeDescription: clean(h.description.trim() || `${h.name}, packaged with Nix`),
    brp: { pname: h.name, buildFeatures: [h.feature], cargoBuildFlags: ['--package', h.name], env: { [h.envName]: h.envValue }, meta },
    crane: { cargoExtraArgs: `--locked --package ${h.name} --features ${h.feature}`, meta },
    naersk: { meta, env: h.envValue },
    c2nProgram: `/nix/store/00000000000000000000000000000000-${h.name}/bin/${h.bin}`,
    module: { options: [serviceName(h)], unit: h.description ? `${serviceName(h)}: ${description}` : serviceName(h) },
  };
}

function run(cases: Hostile[], label: string) {
  const dirs = cases.map((h, i) => {
    const dir = join(tmp, `${label}-${i}`);
    writeCrate(dir, h);
    return dir;
  });
  const files = dirs.flatMap((d, i) => generate(d, cases[i]!));
  parseAll(files);
  const f = join(tmp, `${label}-eval.nix`);
  writeFileSync(f, `let s = import ${stub} { }; t = import ${serviceStubs}; in [\n${dirs.map((d, i) => readBack(d, cases[i]!)).join('\n')}\n]\n`);
  const got = nixEvalFileJson(f) as unknown[];
  for (const [i, h] of cases.entries()) assert.deepEqual(got[i], expected(h), `case ${i}: ${JSON.stringify(h)}`);
  return files.length;
}

const plain: Hostile = { name: 'app', bin: 'app', description: 'An app', license: 'Foo', homepage: 'https://example.org', dir: 'core', feature: 'extra', envName: 'APP_ENV', envValue: 'value' };

describe('issue 19 reproducers: hostile Cargo.toml values cannot inject Nix', () => {
  it('a CR in license stays inside the comment', () => {
    run([{ ...plain, license: 'Foo\rhomepage = builtins.trace "injected" "";' }], 'cr-license');
  });
  it('a [[bin]] name is text inside the crate2nix app program, never an interpolation', () => {
    run([{ ...plain, bin: 'x${builtins.trace "injected" ""}' }], 'bin-interp');
  });
  it('a member directory with a space is a quoted path', () => {
    run([{ ...plain, dir: 'my crate' }], 'space-dir');
    // The packaged member itself in that directory: its Cargo.toml is imported by path.
    const dir = join(tmp, 'space-member');
    mkdirSync(join(dir, 'crates', 'my crate', 'src'), { recursive: true });
    writeFileSync(join(dir, 'Cargo.toml'), '[workspace]\nmembers = ["crates/my crate"]\n');
    writeFileSync(join(dir, 'crates', 'my crate', 'Cargo.toml'), '[package]\nname = "mine"\nversion = "0.3.0"\n');
    writeFileSync(join(dir, 'crates', 'my crate', 'src', 'main.rs'), 'fn main() {}\n');
    writeFileSync(join(dir, 'Cargo.lock'), 'version = 3\n');
    const ws = loadWorkspace(dir);
    for (const builder of BUILDERS) {
      const plan = planInit(ws, infer(ws), { ...defaultInitOptions(ws), builder, flake: true }, (p) => existsSync(join(dir, p)));
      for (const f of plan.files) writeFileSync(join(dir, `${builder}-${f.path}`), f.content);
      parseAll(plan.files.map((f) => join(dir, `${builder}-${f.path}`)));
    }
    writeFileSync(join(dir, 'eval.nix'), `let s = import ${stub} { }; in (s.pkgs.callPackage ./buildRustPackage-package.nix { }).version`);
    assert.equal(nixEvalFileJson(join(dir, 'eval.nix')), '0.3.0');
  });
  it('a crate and binary named with Nix keywords become quoted attribute names', () => {
    run([{ ...plain, name: 'inherit', bin: 'let' }], 'keyword');
  });
  it('a NUL in the description is dropped from the Nix string', () => {
    run([{ ...plain, description: 'a\0b' }], 'nul');
  });
});

/** Crates per CI run; each carries 9 hostile values through 4 builders and 3 service files. */
const CASES = Number(process.env.NIXIFY_PROPERTY_CRATES ?? 120);

describe('hostile values in every field, every builder and the service files (real Nix)', () => {
  it(`${CASES} crates × 9 fields parse and read back exactly`, () => {
    const t0 = Date.now();
    const text = (seed: number, opts = {}) => samples(hostileText(opts), CASES, seed);
    // Names cargo would refuse still must not break Nix; file names cannot hold / or NUL, and
    // member globs are not the point here (their matcher has its own tests).
    const dirName = (s: string) => s.replace(/[/\0*?[\]{}!\\]/g, '_').replace(/^\.{1,2}$/, '_') || '_';
    const noNul = (s: string) => s.replace(/\0/g, '');
    const names = text(1, { maxLength: 12 }).map((s, i) => `${noNul(s)}${i}`);
    const cases: Hostile[] = names.map((name, i) => ({
      name,
      bin: `${noNul(text(2)[i]!)}b`,
      description: text(3, { nul: true })[i]!,
      license: text(4, { nul: true })[i]!,
      homepage: text(5, { nul: true })[i]! || 'x',
      dir: dirName(text(6, { maxLength: 12 })[i]!),
      feature: noNul(text(7)[i]!) || 'f',
      envName: noNul(text(8)[i]!) || 'E',
      envValue: noNul(text(9)[i]!).replace(/\$\{(?=[A-Za-z_])/g, '$ {'),
    }));
    const files = run(cases, 'prop');
    // eslint-disable-next-line no-console
    console.log(`hostile crates: ${CASES} crates, ${CASES * 9} values, ${files} files parsed and read back in ${Date.now() - t0} ms`);
  });
});
