// Turns a diagnostic's fix intents into concrete fixes (titles, text edits,
// or a client command when the fix is an action such as `git add`), using
// the Nix model's ranges and the shared edit helpers.
import type { Fix } from '../check/types';
import { addAttr, addInputs, addOutputHash, fakeHashExpr, nixString, replaceValue, setEnv } from '../fixes/nixEdits';
import { callKind } from '../builders';
import type { NixFileModel } from '../model/nixTypes';
import type { TextEdit } from '../model/types';
import { findText, type WorkspaceFiles } from './locate';
import { builtFileOf, hashSpellings, targetFor, type PlaceOptions } from './place';
import type { Diagnostic, FixIntent } from './types';
import { ClientCommands } from '../../../shared/src/protocol';

/** Client commands a fix may ask for; the VS Code client (and other front ends) implement them. */
/** The client commands fixes invoke: declared once, in the shared protocol. */
export const FIX_COMMANDS = {
  gitAdd: ClientCommands.gitAdd,
  enableFlakes: ClientCommands.enableFlakes,
  runInTerminal: ClientCommands.runInWorkspace,
  rustToolchain: ClientCommands.useRustToolchain,
} as const;

const list = (xs: string[]) => xs.join(', ');

function one(path: string, edits: TextEdit[]): Fix['edits'] {
  return edits.length ? [{ path, edits }] : [];
}

export function fixesFor(d: Diagnostic, nixFiles: NixFileModel[], files: WorkspaceFiles, opts: PlaceOptions = {}): Fix[] {
  const built = builtFileOf(nixFiles, files, opts);
  const target = targetFor(d, nixFiles, built);
  const call = target?.call;
  const path = target?.model.path ?? built;
  const text = files.read(path) ?? '';
  const out: Fix[] = [];
  for (const f of d.fixes) {
    const fix = toFix(f);
    if (fix) out.push(fix);
  }
  if (out.length) out[0]!.preferred = true;
  return out;

  function toFix(f: FixIntent): Fix | undefined {
    // A bare-path argument (`naersk.buildPackage ./.`) has no attrset to edit: only command fixes apply.
    if (call?.pathArg && !['git-add', 'enable-flakes', 'rust-toolchain', 'run', 'replace-hash'].includes(f.kind)) return undefined;
    switch (f.kind) {
      case 'add-inputs': {
        if (!call) return undefined;
        const missing = (bucket: 'nativeBuildInputs' | 'buildInputs') => {
          const have = new Set((call[bucket]?.items ?? []).map((i) => i.text.replace(/^pkgs\./, '')));
          return (f[bucket] ?? []).filter((a) => !have.has(a));
        };
        const add = { nativeBuildInputs: missing('nativeBuildInputs'), buildInputs: missing('buildInputs') };
        const edits = addInputs(text, call, add);
        if (!edits.length) return undefined;
        const parts = [add.nativeBuildInputs.length ? `${list(add.nativeBuildInputs)} to nativeBuildInputs` : '', add.buildInputs.length ? `${list(add.buildInputs)} to buildInputs` : ''].filter(Boolean);
        return { title: `Add ${parts.join(' and ')}`, edits: one(path, edits) };
      }
      case 'replace-hash': {
        for (const m of f.specified ? nixFiles : []) {
          const t = files.read(m.path);
          for (const s of t ? hashSpellings(f.specified!) : []) {
            const r = findText(t!, s);
            if (r) return { title: `Replace the hash with ${f.got}`, edits: one(m.path, [{ range: r, newText: f.got }]) };
          }
        }
        const b = call?.cargoHash ?? call?.bindings.find((x) => x.name === 'cargoSha256');
        if (b && (!f.drvName || /-vendor(?:-staging|\.tar\.gz)?$|-vendor/.test(f.drvName))) return { title: `Set ${b.name} to ${f.got}`, edits: one(path, [replaceValue(b, nixString(f.got))]) };
        return undefined;
      }
      case 'reset-hash': {
        const b = call?.cargoHash ?? call?.bindings.find((x) => x.name === 'cargoSha256');
        if (!b) return undefined;
        return { title: `Reset ${b.name} to a fake hash (the next build reports the right one)`, edits: one(path, [replaceValue(b, fakeHashExpr(text))]) };
      }
      case 'add-output-hash': {
        if (!call) return undefined;
        const hash = f.hash ? nixString(f.hash) : fakeHashExpr(text);
        return { title: `Add cargoLock.outputHashes."${f.key}"${f.hash ? '' : ' (fake hash: the next build reports the right one)'}`, edits: one(path, addOutputHash(text, call, f.key, hash)) };
      }
      case 'git-add':
        return { title: `git add ${f.path}`, edits: [], command: { id: FIX_COMMANDS.gitAdd, args: [f.path] } };
      case 'enable-flakes':
        return { title: `Enable ${list(f.features)} for Nix tasks`, edits: [], command: { id: FIX_COMMANDS.enableFlakes, args: [f.features] } };
      case 'use-cargo-lock': {
        if (!call || !callKind(call.kind).cargoLockVendoring || call.cargoLock) return undefined;
        const b = call.cargoHash ?? call.bindings.find((x) => x.name === 'cargoSha256');
        const edit = b ? { range: b.range, newText: 'cargoLock.lockFile = ./Cargo.lock;' } : addAttr(call, 'cargoLock.lockFile', './Cargo.lock');
        return { title: 'Vendor dependencies from Cargo.lock (cargoLock.lockFile)', edits: one(path, [edit]) };
      }
      case 'rust-toolchain':
        return { title: `Use a Rust ${f.rustVersion ? `${f.rustVersion}+ ` : ''}toolchain from rust-overlay`, edits: [], command: { id: FIX_COMMANDS.rustToolchain, args: [f.rustVersion ?? null] } };
      case 'skip-tests': {
        if (!call || !f.tests.length) return undefined;
        const flags = f.tests.map((t) => nixString(`--skip=${t}`));
        const cur = call.bindings.find((b) => b.name === 'checkFlags');
        const edits: TextEdit[] = !cur
          ? [addAttr(call, 'checkFlags', `[ ${flags.join(' ')} ]`)]
          : /^\[[\s\S]*\]$/.test(cur.text.trim())
            ? [{ range: { start: { line: cur.valueRange.end.line, character: cur.valueRange.end.character - 1 }, end: { line: cur.valueRange.end.line, character: cur.valueRange.end.character - 1 } }, newText: `${flags.join(' ')} ` }]
            : [{ range: { start: cur.valueRange.end, end: cur.valueRange.end }, newText: ` ++ [ ${flags.join(' ')} ]` }];
        return { title: `Skip ${f.tests.length === 1 ? f.tests[0] : `${f.tests.length} failing tests`} in checkFlags`, edits: one(path, edits) };
      }
      case 'set-env':
        if (!call) return undefined;
        return { title: `Set ${f.name} in the build environment`, edits: one(path, setEnv(text, call, [{ name: f.name, nix: f.nix }])) };
      case 'set-attr': {
        if (!call) return undefined;
        const cur = call.bindings.find((b) => b.name === f.name);
        if (cur?.text.trim() === f.nix) return undefined;
        return { title: `Set ${f.name} = ${f.nix}`, edits: one(path, [cur ? replaceValue(cur, f.nix) : addAttr(call, f.name, f.nix)]) };
      }
      case 'run':
        return { title: `Run \`${f.argv.join(' ')}\``, edits: [], command: { id: FIX_COMMANDS.runInTerminal, args: [f.argv] } };
    }
  }
}
