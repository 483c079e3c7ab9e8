// wasm32 members for the browser, the same way for every builder: cargo builds
// the cdylib for wasm32-unknown-unknown, then wasm-bindgen writes the JS glue
// next to the module in $out. wasm-bindgen's CLI refuses a module linked
// against another version of the wasm-bindgen crate, so the CLI is the exact
// version Cargo.lock pins: nixpkgs' versioned attribute when nixpkgs has it
// (data/wasmBindgenCli.json says where each is defined), else built with
// nixpkgs' buildWasmBindgenCli at that version (two hashes the first builds report).
//
// nixpkgs' rustc ships the wasm32-unknown-unknown standard library and links
// it with `lld` (its rustc patch renames rust-lld to lld), so no other
// toolchain is needed; a rust-overlay toolchain (rust-toolchain.toml,
// rust-version) gets the target added instead.
import data from '../data/wasmBindgenCli.json';
import { compareVersions } from '../../../shared/src/version';
import type { CargoManifest, Workspace } from '../model/types';
import { resolveBuild } from '../infer/resolve';
import { attrs, call, code, inherit, kv, letIn, raw, str, type Code, type Nix } from './nixWriter';

export const WASM_TARGET = 'wasm32-unknown-unknown';

/** The value of nixpkgs' lib.fakeHash. */
export const FAKE_HASH = 'sha256-AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=';

/** What `--target web` means and how to change it, for the comment above each wasm package. */
export const BINDGEN_TARGET_NOTE =
  'wasm-bindgen --target web writes an ES module that loads the .wasm in a browser; for a bundler (webpack, vite), Node.js or a plain <script> change it to --target bundler, nodejs or no-modules.';

/** The versions of nixpkgs' wasm-bindgen-cli_X_Y_Z attributes, with where each is defined. */
export const NIXPKGS_BINDGEN: Readonly<Record<string, string>> = data.versions;

const wasmCache = new WeakMap<Workspace, CargoManifest[]>();

/**
 * wasm32 cdylib members (wasm-bindgen crates built for the browser): a cdylib that depends on
 * wasm-bindgen itself, or reaches it when resolved for wasm32 (a REPL crate enabling its core's
 * `wasm` feature), so a cdylib for Python or C next to it is not one.
 */
export function wasmMembers(ws: Workspace): CargoManifest[] {
  const known = wasmCache.get(ws);
  if (known) return known;
  const found = ws.members.filter((m) => {
    if (!m.package || !m.lib?.crateTypes.includes('cdylib')) return false;
    if (m.dependencies.some((d) => d.package === 'wasm-bindgen' && d.kind === 'normal')) return true;
    if (!ws.lock?.packages.some((p) => p.name === 'wasm-bindgen')) return false;
    const r = resolveBuild(ws, { members: [m.package.name], target: WASM_TARGET });
    return [...r.crates.values()].some((c) => c.pkg.name === 'wasm-bindgen' && !c.host);
  });
  wasmCache.set(ws, found);
  return found;
}

/** The wasm-bindgen versions Cargo.lock pins, newest first (one in practice). */
export function lockedWasmBindgen(ws: Workspace): string[] {
  const vs = new Set((ws.lock?.packages ?? []).filter((p) => p.name === 'wasm-bindgen').map((p) => p.version));
  return [...vs].sort(compareVersions).reverse();
}

/** The file cargo writes for a cdylib: the lib name (default: the package name) with `-` as `_`. */
export function wasmArtifact(m: CargoManifest): string {
  return (m.lib?.name ?? m.package!.name).replace(/-/g, '_');
}

/** `wasm-bindgen-cli_0_2_95` for 0.2.95. */
export const bindgenAttr = (version: string) => `wasm-bindgen-cli_${version.replace(/\./g, '_')}`;

export interface BindgenCli {
  /** The expression (a nixpkgs attribute or a buildWasmBindgenCli call), in the file's scope. */
  value: Nix;
  comment: string;
  /** Said to the user when the packaging needs a hand (hashes, no lock). */
  warning?: string;
  /** nixpkgs attributes the expression uses (package.nix formals). */
  uses: string[];
}

/**
 * The wasm-bindgen-cli matching Cargo.lock. `p` prefixes nixpkgs attributes
 * (`pkgs.` in a flake, '' in package.nix).
 */
export function bindgenCli(ws: Workspace, p: 'pkgs.' | ''): BindgenCli {
  const locked = lockedWasmBindgen(ws);
  const several = locked.length > 1 ? ` Cargo.lock has several wasm-bindgen versions (${locked.join(', ')}): this is the newest; the CLI must match the one the wasm member links.` : '';
  const version = locked[0];
  if (!version) {
    return {
      value: raw(code`${p === 'pkgs.' ? code`pkgs.` : code``}wasm-bindgen-cli`),
      comment: "Must be the version of the wasm-bindgen crate in Cargo.lock, which is missing: nixpkgs' wasm-bindgen-cli is whatever version nixpkgs has.",
      warning:
        "a wasm32 member depends on wasm-bindgen but there is no Cargo.lock to pin it: the packaging uses nixpkgs' wasm-bindgen-cli, whose version must equal the locked wasm-bindgen; generate and commit Cargo.lock, then rerun Nixify to pin the matching CLI.",
      uses: ['wasm-bindgen-cli'],
    };
  }
  const attr = bindgenAttr(version);
  const where = NIXPKGS_BINDGEN[version];
  if (where) {
    return {
      value: raw(code`${p === 'pkgs.' ? code`pkgs.` : code``}${attr as Code}`),
      comment: `The CLI must be the wasm-bindgen version in Cargo.lock (${version}) exactly. nixpkgs defines it in ${where.split(' @ ')[0]}; if your nixpkgs has dropped it, build it with buildWasmBindgenCli (fetchCrate wasm-bindgen-cli ${version}).${several}`,
      uses: [attr],
    };
  }
  // Not in nixpkgs: built from crates.io at that version. Both hashes are lib.fakeHash's value until the
  // first builds report them; written out so the hash-mismatch fix finds each where the build says it is
  // (the crate's fetch fails first, then the vendoring that needs it).
  const value = letIn(
    [
      kv(
        'src',
        call(
          `${p}fetchCrate`,
          attrs([
            kv('pname', str('wasm-bindgen-cli')),
            kv('version', str(version)),
            kv('hash', str(FAKE_HASH), 'lib.fakeHash: the first build fails and reports the real hash (the editor offers the fix).'),
          ]),
        ),
      ),
    ],
    call(
      `${p}buildWasmBindgenCli`,
      attrs([
        inherit(['src']),
        kv(
          'cargoDeps',
          call(
            `${p}rustPlatform.fetchCargoVendor`,
            attrs([inherit(['src']), inherit(['pname', 'version'], code`src`), kv('hash', str(FAKE_HASH), 'lib.fakeHash too: the build after the one above reports it.')]),
          ),
        ),
      ]),
    ),
  );
  return {
    value,
    comment: `The CLI must be the wasm-bindgen version in Cargo.lock (${version}) exactly, and nixpkgs has no ${attr} (Nixify knows ${Object.keys(NIXPKGS_BINDGEN).at(0)}…${Object.keys(NIXPKGS_BINDGEN).at(-1)}): built from crates.io with nixpkgs' buildWasmBindgenCli.${several}`,
    warning: `wasm-bindgen ${version} (Cargo.lock) has no nixpkgs attribute ${attr}: the packaging builds wasm-bindgen-cli ${version} with buildWasmBindgenCli; its two hashes are fake until the first builds report them (the editor offers each fix). Or update wasm-bindgen to a version nixpkgs has (cargo update -p wasm-bindgen --precise ${nearest(version)}).`,
    uses: ['buildWasmBindgenCli', 'fetchCrate', 'rustPlatform'],
  };
}

/** The nearest version nixpkgs has at or above `v` (else its newest): a cargo update away. */
function nearest(v: string): string {
  const known = Object.keys(NIXPKGS_BINDGEN).sort(compareVersions);
  return known.find((k) => compareVersions(k, v) >= 0) ?? known.at(-1)!;
}

/** The shell that turns the built module into $out's .wasm + JS glue (run where cargo left target/). */
export function bindgenScript(m: CargoManifest, outDir = '$out'): string {
  const wasm = `\${CARGO_TARGET_DIR:-target}/${WASM_TARGET}/release/${wasmArtifact(m)}.wasm`;
  return `wasm-bindgen --target web --out-dir "${outDir}" "${wasm}"\n`;
}

/** `--features a,b --no-default-features` as the options ask, for a cargo command line. */
export function featureFlags(features: string[] | undefined, noDefault: boolean | undefined): string {
  return `${features?.length ? ` --features ${features.join(',')}` : ''}${noDefault ? ' --no-default-features' : ''}`;
}

/**
 * buildPhase and installPhase of a stdenv-style derivation (buildRustPackage) that builds member
 * `m` for wasm32 and runs wasm-bindgen: set, they replace buildRustPackage's cargo hooks, while
 * its vendored dependencies (cargoSetupHook) stay.
 */
export function cargoWasmPhases(m: CargoManifest, features: string): { buildPhase: string; installPhase: string } {
  return {
    buildPhase: `runHook preBuild\ncargo build --release --frozen --target ${WASM_TARGET} --package ${m.package!.name} --lib${features}\nrunHook postBuild\n`,
    installPhase: `runHook preInstall\n${bindgenScript(m)}runHook postInstall\n`,
  };
}
