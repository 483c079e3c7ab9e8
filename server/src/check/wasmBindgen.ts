// wasm-bindgen's CLI refuses a module built with another version of the
// wasm-bindgen crate ("it looks like the Rust project used to create this wasm
// file was linked against version …"): a wasm-bindgen-cli pinned in Nix must be
// exactly the version Cargo.lock has.
import { parserSync, nodeRange, type Node } from '../parse/treeSitter';
import type { Check, Finding } from './types';

/** Inside `mkShell { … }` or a `devShells`/`devShell` binding. */
function inShell(n: Node): boolean {
  for (let p: Node | null = n; p; p = p.parent) {
    if (p.type === 'apply_expression' && /(^|\.)mkShell(NoCC)?$/.test(p.childForFieldName('function')?.text ?? '')) return true;
    if (p.type === 'binding' && /^(devShells?|shell)(\.|$)/.test(p.childForFieldName('attrpath')?.text ?? '')) return true;
  }
  return false;
}

/** `wasm-bindgen-cli_0_2_100` (nixpkgs' pinned attributes) → 0.2.100. */
const VERSIONED_ATTR = /wasm-bindgen-cli_(\d+)_(\d+)_(\d+)\b/g;
/** Calls that build a given version: `wasm-bindgen-cli.override { version = …; }`, `buildWasmBindgenCli { version … }`. */
const BUILDS_VERSION = /wasm-bindgen-cli(\.override(Attrs)?)?$|buildWasmBindgenCli$/;

export const wasmBindgenMismatch: Check = ({ ws, nixFiles }) => {
  const locked = [...new Set((ws.lock?.packages ?? []).filter((p) => p.name === 'wasm-bindgen').map((p) => p.version))];
  if (!locked.length) return [];
  const findings: Finding[] = [];
  for (const file of nixFiles) {
    if (!file.text.includes('wasm-bindgen-cli') && !file.text.includes('buildWasmBindgenCli')) continue;
    for (const { version, range } of pinnedVersions(file.text)) {
      if (locked.includes(version)) continue;
      const want = locked.length === 1 ? locked[0]! : undefined;
      findings.push({
        code: 'wasm-bindgen-mismatch',
        severity: 'error',
        file: file.path,
        range,
        message:
          `wasm-bindgen-cli ${version} does not match wasm-bindgen ${locked.join(', ')} in Cargo.lock: the CLI refuses a module linked against ` +
          `another wasm-bindgen, so the build fails. Pin the CLI to ${want ?? 'the locked version'}.`,
        // Only the attribute form has a safe fix: a changed version string would leave the old hashes behind.
        fixes:
          want && isAttr(file.text, range)
            ? [{ title: `Use wasm-bindgen-cli_${want.replace(/\./g, '_')}`, edits: [{ path: file.path, edits: [{ range, newText: `wasm-bindgen-cli_${want.replace(/\./g, '_')}` }] }] }]
            : [],
      });
    }
  }
  return findings;
};

interface Pin {
  version: string;
  range: ReturnType<typeof nodeRange>;
}

function pinnedVersions(text: string): Pin[] {
  const out: Pin[] = [];
  const lines = text.split('\n');
  const tree = parserSync('nix').parse(text);
  if (!tree) return out;
  try {
    lines.forEach((l, line) => {
      for (const m of l.matchAll(VERSIONED_ATTR)) {
        const at = tree.rootNode.descendantForPosition({ row: line, column: m.index! });
        // A development shell's tools are not part of any build.
        if (at && inShell(at)) continue;
        out.push({ version: `${m[1]}.${m[2]}.${m[3]}`, range: { start: { line, character: m.index! }, end: { line, character: m.index! + m[0].length } } });
      }
    });
    for (const app of tree.rootNode.descendantsOfType('apply_expression') as Node[]) {
      const fn = app.childForFieldName('function');
      if (!fn || !BUILDS_VERSION.test(fn.text.replace(/\s+/g, ''))) continue;
      const arg = app.childForFieldName('argument');
      const set = arg?.descendantsOfType('binding').find((b) => b?.childForFieldName('attrpath')?.text === 'version');
      const v = set?.childForFieldName('expression');
      if (v?.type === 'string_expression' && !v.namedChildren.some((c) => c?.type === 'interpolation')) out.push({ version: v.text.slice(1, -1), range: nodeRange(v) });
    }
  } finally {
    tree.delete();
  }
  return out;
}

const isAttr = (text: string, r: Pin['range']) => text.split('\n')[r.start.line]!.slice(r.start.character, r.end.character).startsWith('wasm-bindgen-cli_');
