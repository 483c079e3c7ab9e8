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
const NIXPKGS_BINDGEN: Readonly<Record<string, string>> = wasmBindgen.versions;
/** How the CLI may be written in nativeBuildInputs: nixpkgs' default attribute or a versioned one. */
const CLI_INPUT = /^(?:pkgs\.)?(wasm-bindgen-cli(?:_\d+_\d+_\d+)?)$/;

export const wasmBindgenAttr = (v: string) => `wasm-bindgen-cli_${v.replace(/\./g, '_')}`;

function create(): Matcher {
  let wait: { crate: string; evidence: string[]; drv?: string } | undefined;
  let said = false;
  const emit = (ctx: RuleContext, cli?: string) => {
    const w = wait!;
    wait = undefined;
    const attr = Object.hasOwn(NIXPKGS_BINDGEN, w.crate) ? wasmBindgenAttr(w.crate) : undefined;
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
  markers: ['asm file'],
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
