// Puts each diagnostic where its fix goes, using the Nix model: the hash
// string, the inputs list (or the call), the Cargo.lock entry, the flake.nix
// position of an eval error. Falls back to the file that was built, never to nowhere.
import { callKind } from '../builders';
import type { BuilderCall, NixBinding, NixFileModel } from '../model/nixTypes';
import type { Range } from '../model/types';
import { findText, locationRange, mapLogPath, wholeLine, type LocateOptions, type WorkspaceFiles } from './locate';
import { drvName } from './text';
import type { Diagnostic, FixIntent } from './types';

export interface PlaceOptions extends LocateOptions {
  /** The Nix file the build evaluated (flake.nix, default.nix …), when the caller knows. */
  builtFile?: string;
}

export interface Target {
  model: NixFileModel;
  call?: BuilderCall;
}

/** The file a build most likely came from: given, else the one with a Rust builder call, else flake.nix/default.nix. */
export function builtFileOf(nixFiles: NixFileModel[], files: WorkspaceFiles, opts: PlaceOptions = {}): string {
  if (opts.builtFile) return opts.builtFile;
  const withCall = nixFiles.find((m) => m.calls.length && m.isFlake) ?? nixFiles.find((m) => m.calls.length);
  if (withCall) return withCall.path;
  for (const p of ['flake.nix', 'default.nix', 'package.nix', 'nix/default.nix']) if (files.paths.includes(p)) return p;
  return nixFiles[0]?.path ?? 'flake.nix';
}

/** The builder call a failing derivation came from: by pname against the drv name, else the first one. */
export function targetFor(d: Diagnostic, nixFiles: NixFileModel[], built: string): Target | undefined {
  const name = d.drv ? drvName(d.drv) : undefined;
  let best: { model: NixFileModel; call: BuilderCall; score: number } | undefined;
  for (const model of nixFiles) {
    for (const call of model.calls) {
      const pname = call.pname?.stringValue;
      let score = model.path === built ? 1 : 0;
      if (name && pname && name.startsWith(pname)) score += 10 + pname.length;
      if (callKind(call.kind).depsOnly && name && !/-deps(?:-|$)/.test(name)) score -= 5;
      if (!best || score > best.score) best = { model, call, score };
    }
  }
  if (best) return { model: best.model, call: best.call };
  const model = nixFiles.find((m) => m.path === built);
  return model ? { model } : undefined;
}

function binding(call: BuilderCall | undefined, name: string): NixBinding | undefined {
  return call?.bindings.find((b) => b.name === name);
}

/** The first line of a call (where `rustPlatform.buildRustPackage {` is written). */
function callHead(call: BuilderCall, text: string | undefined): Range {
  const r = wholeLine(text, call.range.start.line);
  return { start: call.range.start, end: r.end.character > call.range.start.character ? r.end : call.range.start };
}

function inputsRange(fix: Extract<FixIntent, { kind: 'add-inputs' }>, call: BuilderCall, text: string | undefined): Range {
  if (fix.buildInputs?.length && call.buildInputs) return call.buildInputs.binding.range;
  if (fix.nativeBuildInputs?.length && call.nativeBuildInputs) return call.nativeBuildInputs.binding.range;
  return callHead(call, text);
}

/** Splits an outputHashes key `name-1.2.3` into crate name and version. */
function splitKey(key: string): { name: string; version?: string } {
  const m = /^(.+?)-(\d[\w.+-]*)$/.exec(key);
  return m ? { name: m[1]!, version: m[2] } : { name: key };
}

/** The `[[package]]` line of a crate in Cargo.lock (the git one when there are several). */
function lockEntry(lock: string, key: string): Range | undefined {
  const { name, version } = splitKey(key);
  const re = new RegExp(`name = "${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}"\\n(version = "([^"]+)"\\n)?(source = "([^"]+)")?`, 'g');
  let fallback: Range | undefined;
  for (const m of lock.matchAll(re)) {
    if (version && m[2] && m[2] !== version) continue;
    const r = findText(lock.slice(0, m.index) + m[0], m[0]);
    const at = r && { start: r.start, end: { line: r.start.line, character: r.start.character + `name = "${name}"`.length } };
    if (m[4]?.startsWith('git+')) return at;
    fallback ??= at;
  }
  return fallback;
}

function firstGitSource(lock: string): Range | undefined {
  const at = lock.indexOf('source = "git+');
  if (at === -1) return undefined;
  const end = lock.indexOf('\n', at);
  return findText(lock, lock.slice(at, end === -1 ? undefined : end));
}

/** The forms a hash may be written in the Nix file: as printed, or base32 without its `sha256:` prefix. */
export function hashSpellings(h: string): string[] {
  const m = /^(?:sha256|sha512|sha1):([0-9a-z]{32,})$/.exec(h);
  return m ? [h, m[1]!] : [h];
}

/**
 * Returns copies of the diagnostics with `file` and `range` set to where the
 * fix goes (and `related` places worth showing); never leaves one without a file.
 */
export function placeDiagnostics(diags: readonly Diagnostic[], nixFiles: NixFileModel[], files: WorkspaceFiles, opts: PlaceOptions = {}): Diagnostic[] {
  const built = builtFileOf(nixFiles, files, opts);
  const texts = new Map<string, string | undefined>();
  const read = (p: string) => {
    if (!texts.has(p)) texts.set(p, files.read(p));
    return texts.get(p);
  };
  const at = (file: string, range: Range) => ({ file, range });
  const fallback = () => at(built, wholeLine(read(built), 0));

  return diags.map((d) => {
    const target = targetFor(d, nixFiles, built);
    const call = target?.call;
    const nixPath = target?.model.path ?? built;
    const nixText = read(nixPath);
    const onCall = (r?: Range) => (call ? at(nixPath, r ?? callHead(call, nixText)) : undefined);
    const related: NonNullable<Diagnostic['related']> = [];
    let place: { file: string; range: Range } | undefined;

    // A location the log gives wins when it is in the workspace (rustc spans, eval errors).
    const mappedLoc = d.location ? mapLogPath(d.location.path, files, opts) : undefined;
    const fix = d.fixes[0];

    switch (d.category) {
      case 'hash-mismatch': {
        const spec = fix?.kind === 'replace-hash' ? fix.specified : undefined;
        search: for (const m of spec ? nixFiles : []) {
          const t = read(m.path);
          for (const s of t ? hashSpellings(spec!) : []) {
            const r = findText(t!, s);
            if (r) {
              place = at(m.path, r);
              break search;
            }
          }
        }
        if (!place && call) {
          const name = fix?.kind === 'replace-hash' ? fix.drvName : undefined;
          const entry = call.cargoLock?.outputHashes?.entries.find((e) => name && name.startsWith(e.name.replace(/^"|"$/g, '')));
          const vendor = !name || /-vendor(?:-staging|\.tar\.gz)?$/.test(name);
          const hashB = entry ?? (vendor ? call.cargoHash ?? binding(call, 'cargoSha256') ?? call.cargoLock?.binding : undefined);
          place = onCall(hashB?.valueRange);
        }
        break;
      }
      case 'git-deps': {
        const lock = read('Cargo.lock');
        if (fix?.kind === 'add-output-hash') {
          const r = lock && lockEntry(lock, fix.key);
          if (r) related.push({ file: 'Cargo.lock', range: r, message: `git dependency ${fix.key}` });
          const b = call?.cargoLock?.outputHashes?.binding ?? call?.cargoLock?.binding ?? call?.cargoHash;
          place = onCall(b?.range) ?? (r ? at('Cargo.lock', r) : undefined);
        } else {
          const r = lock && firstGitSource(lock);
          if (r) related.push({ file: 'Cargo.lock', range: r, message: 'git dependency' });
          place = onCall((call?.cargoHash ?? binding(call, 'cargoSha256'))?.range);
        }
        break;
      }
      case 'openssl':
      case 'pkgconfig-lib':
      case 'missing-tool':
        if (call && fix?.kind === 'add-inputs') place = onCall(inputsRange(fix, call, nixText));
        else place = onCall();
        break;
      case 'cargo-lock': {
        const lock = files.paths.includes('Cargo.lock') ? 'Cargo.lock' : undefined;
        place = lock ? at(lock, wholeLine(read(lock), 0)) : files.paths.includes('Cargo.toml') ? at('Cargo.toml', wholeLine(read('Cargo.toml'), 0)) : undefined;
        break;
      }
      case 'flake-untracked': {
        const path = fix?.kind === 'git-add' ? fix.path : undefined;
        for (const m of path ? nixFiles : []) {
          const t = read(m.path);
          const r = t && findText(t, `./${path}`);
          if (r) {
            place = at(m.path, r);
            break;
          }
        }
        if (!place && path && files.paths.includes(path)) place = at(path, wholeLine(read(path), 0));
        break;
      }
      case 'flake-attr-missing': {
        const flake = files.paths.includes('flake.nix') ? 'flake.nix' : built;
        const t = read(flake);
        const r = t && findText(t, 'outputs');
        place = at(flake, r || wholeLine(t, 0));
        break;
      }
      case 'rustc-too-old': {
        const toml = read('Cargo.toml');
        const r = toml && findText(toml, 'rust-version');
        if (r) related.push({ file: 'Cargo.toml', range: wholeLine(toml, r.start.line), message: 'rust-version' });
        place = onCall();
        break;
      }
      case 'test-failure':
        if (!mappedLoc) place = onCall(binding(call, 'checkFlags')?.range ?? binding(call, 'doCheck')?.range);
        break;
      case 'network-sandbox':
        place = onCall((call?.cargoHash ?? call?.cargoLock?.binding)?.range);
        break;
      default:
        break;
    }
    if (!place && mappedLoc && d.location) place = at(mappedLoc, locationRange(d.location, read(mappedLoc)));
    if (!place && (d.category === 'eval-error' || d.category === 'rust-compile-error') && call) place = onCall();
    place ??= fallback();
    return { ...d, file: place.file, range: place.range, ...(related.length ? { related } : {}) };
  });
}
