// A build tool that is on PATH but at a version the crate cannot be used with. Not missing-tool:
// adding the tool to nativeBuildInputs changes nothing, the version it has must change (or the crate's).
//
// wasm-bindgen's CLI reads the wasm file's custom section and refuses a schema other than its own
// (wasm-bindgen's cli-support, `extract_programs`/`verify_schema_matches`, 0.2.x): it prints the crate's
// version as `rust Wasm file schema version: X` (`rust wasm file schema version: X` before 0.2.93 or so;
// `rust wasm file: X` in the oldest wording) and its own as `this binary schema version: Y` (`this binary: Y`),
// and suggests `cargo update -p wasm-bindgen --precise Y` or installing CLI X. nixpkgs packages the CLI at
// several versions (wasm-bindgen-cli_0_2_N), so the fix is to replace the CLI by the crate's version, or to pin
// the crate to the CLI's.
import { replaceInputFix, intentFix } from '../../fixes/intentFixes';
import wasmBindgen from '../../data/wasmBindgenCli.json';
import { diag, type DiagnosisRule, type Matcher, type RuleContext } from '../rule';
import { inputsPlacement } from '../site';
import type { FixIntent } from '../types';

const WASM_FILE = /rust [Ww]asm file(?: schema version)?: (\d+\.\d+\.\d+)/;
const THIS_BINARY = /this binary(?: schema version)?: (\d+\.\d+\.\d+)/;
// trunk (src/tools.rs) finds wasm-bindgen on PATH only at the version Cargo.lock pins for the crate (`find_system` with
// the required version; other tools it takes at any version unless configured), and in offline mode (what a sandboxed
// build sets) cannot download it: 2023–2024 `couldn't find application wasm-bindgen` (absent or another version), later
// `couldn't find application wasm-bindgen (version: X), unable to download in offline mode` and `couldn't find the
// required version (X) of the application wasm-bindgen (found: Y), unable to download in offline mode`.
const TRUNK_OFFLINE =
  /couldn't find (?:application wasm-bindgen(?: \(version: (\d+\.\d+\.\d+)\))?|the required version \((\d+\.\d+\.\d+)\) of the application wasm-bindgen \(found: (\d+\.\d+\.\d+)\))/;
// The same refusal's two suggestions, which a paste may keep without the versions above them: `cargo update -p
// wasm-bindgen --precise <this binary's>` and `cargo install -f wasm-bindgen-cli --version <the wasm file's>`.
const INSTALL_SUGGESTION = /cargo install -f wasm-bindgen-cli --version (\d+\.\d+\.\d+)/;
const PRECISE_SUGGESTION = /cargo update -p wasm-bindgen --precise (\d+\.\d+\.\d+)/;
const NIXPKGS_BINDGEN: Readonly<Record<string, string>> = wasmBindgen.versions;
/** How the CLI may be written in nativeBuildInputs: nixpkgs' default attribute or a versioned one. */
const CLI_INPUT = /^(?:pkgs\.)?(wasm-bindgen-cli(?:_\d+_\d+_\d+)?)$/;

export const wasmBindgenAttr = (v: string) => `wasm-bindgen-cli_${v.replace(/\./g, '_')}`;
/** nixpkgs' wasm-bindgen-cli attribute at exactly that version, when nixpkgs has one. */
export const nixpkgsWasmBindgenCli = (v: string) => (Object.hasOwn(NIXPKGS_BINDGEN, v) ? wasmBindgenAttr(v) : undefined);

/** trunk's offline refusal (TRUNK_OFFLINE): the crate's version when trunk names it. */
function trunkOffline(ctx: RuleContext, m: RegExpExecArray, t: string, drv?: string) {
  const crate = m[1] ?? m[2];
  const found = m[3];
  const attr = crate ? nixpkgsWasmBindgenCli(crate) : undefined;
  const which = crate ? `wasm-bindgen-cli ${crate}` : 'the wasm-bindgen-cli of the version Cargo.lock pins for the wasm-bindgen crate';
  const provide = attr ? `nixpkgs' ${attr}` : crate ? `wasm-bindgen-cli ${crate} built with buildWasmBindgenCli` : `that version (nixpkgs' wasm-bindgen-cli_<version>, or buildWasmBindgenCli)`;
  ctx.emit(
    diag(
      'tool-version',
      `trunk, offline, takes wasm-bindgen from PATH only at the version Cargo.lock pins for the crate and cannot download it${found ? ` (it found ${found})` : ''}: provide ${which} in nativeBuildInputs — ${provide}.`,
      [t.trim()],
      attr ? [{ kind: 'replace-input', from: 'wasm-bindgen-cli', to: [attr] }] : [],
      // The 2023 wording does not say whether another version was found or none: likely.
      { drv, details: { tool: 'wasm-bindgen', ...(crate ? { version: crate } : {}), ...(found ? { cliVersion: found } : {}) }, confidence: found ? 'certain' : 'likely' },
    ),
  );
}

function create(): Matcher {
  let wait: { crate: string; evidence: string[]; drv?: string } | undefined;
  let said = false;
  const emit = (ctx: RuleContext, cli?: string) => {
    const w = wait!;
    wait = undefined;
    const attr = nixpkgsWasmBindgenCli(w.crate);
    const fixes: FixIntent[] = [];
    if (attr) fixes.push({ kind: 'replace-input', from: 'wasm-bindgen-cli', to: [attr] });
    if (cli) fixes.push({ kind: 'run', argv: ['cargo', 'update', '-p', 'wasm-bindgen', '--precise', cli] });
    const tool = attr
      ? `replace the wasm-bindgen-cli in nativeBuildInputs by nixpkgs' ${attr}`
      : `build wasm-bindgen-cli ${w.crate} with buildWasmBindgenCli (nixpkgs has no ${wasmBindgenAttr(w.crate)})`;
    const pin = cli ? `, or pin the crate to the CLI's version (\`cargo update -p wasm-bindgen --precise ${cli}\`, if its dependents allow it)` : '';
    ctx.emit(
      diag(
        'tool-version',
        `wasm-bindgen-cli${cli ? ` ${cli}` : ''} is not the version of the wasm-bindgen crate the wasm file was built with (${w.crate}), and the two must match exactly: ${tool}${pin}.`,
        w.evidence,
        fixes,
        { drv: w.drv, details: { tool: 'wasm-bindgen', version: w.crate, ...(cli ? { cliVersion: cli } : {}), ...(attr ? { attr } : {}) }, confidence: 'certain' },
      ),
    );
  };
  return {
    busy: () => !!wait,
    finish(ctx) {
      if (wait) emit(ctx);
    },
    line(l, ctx) {
      const t = l.text;
      if (wait) {
        const b = t.includes('this binary') ? THIS_BINARY.exec(t) : null;
        if (b) {
          ctx.claim();
          wait.evidence.push(t.trim());
          return emit(ctx, b[1]);
        }
        // The CLI's version comes on the very next line; anything else: say it without.
        if (t.trim()) emit(ctx);
      }
      const trunk = t.includes('application wasm-bindgen') ? TRUNK_OFFLINE.exec(t) : null;
      if (trunk && !said) {
        ctx.claim();
        said = true;
        return trunkOffline(ctx, trunk, t, l.drv ?? ctx.lastFailedDrv);
      }
      const install = !said && t.includes('wasm-bindgen-cli --version') ? INSTALL_SUGGESTION.exec(t) : null;
      if (install) {
        const recent = ctx.recent(8);
        const cli = recent.map((x) => PRECISE_SUGGESTION.exec(x)?.[1]).find(Boolean);
        if (!cli) return;
        ctx.claim();
        said = true;
        wait = { crate: install[1]!, evidence: [...recent.filter((x) => PRECISE_SUGGESTION.test(x)).map((x) => x.trim()), t.trim()], drv: l.drv ?? ctx.lastFailedDrv };
        return emit(ctx, cli);
      }
      const m = t.includes('asm file') ? WASM_FILE.exec(t) : null;
      if (!m) return;
      ctx.claim();
      if (said) return;
      said = true;
      wait = { crate: m[1]!, evidence: [...ctx.recent(2).filter((x) => /wasm-bindgen|bindgen format/.test(x)), t.trim()], drv: l.drv ?? ctx.lastFailedDrv };
    },
  };
}

export const toolVersionRule: DiagnosisRule = {
  category: 'tool-version',
  markers: ['asm file', 'application wasm-bindgen', 'wasm-bindgen-cli --version'],
  create,
  place: inputsPlacement,
  fixes(_d, s, f) {
    if (f.kind !== 'replace-input') return intentFix(f, s);
    // The CLI as the call lists it: the default attribute or another versioned one.
    const listed = s.call?.nativeBuildInputs?.items.map((i) => CLI_INPUT.exec(i.text)?.[1]).find(Boolean);
    const fix = listed && listed !== f.to[0] ? replaceInputFix({ ...f, from: listed }, s) : undefined;
    return fix && { ...fix, preferred: true };
  },
};
