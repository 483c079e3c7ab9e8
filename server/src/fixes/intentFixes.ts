// The edit vocabulary of build-log fixes: each fix intent (plain data a rule
// emits) turned into text edits on the failing builder call, or into a
// protocol-level command for the front end. Rules use these and override
// where their category knows better (e.g. where a hash lives).
import { FixCommands } from '../../../shared/src/fixCommands';
import { callKind, doCheckOf } from '../builders';
import type { Fix } from '../check/types';
import type { Site } from '../diagnose/site';
import type { FixIntent } from '../diagnose/types';
import type { BuilderCall, NixBinding } from '../model/nixTypes';
import type { Position, Range, TextEdit } from '../model/types';
import { addAttr, addInputs, addOutputHash, fakeHashExpr, inputStyle, nixString, replaceValue, setEnv } from './nixEdits';
import { renameFormal } from './renameFormal';
import { includeInSrc } from './srcInclude';

type Of<K extends FixIntent['kind']> = Extract<FixIntent, { kind: K }>;

const list = (xs: string[]) => xs.join(', ');

export function oneFile(path: string | undefined, edits: TextEdit[]): Fix['edits'] {
  return path && edits.length ? [{ path, edits }] : [];
}

/** Whether a call builds with stdenv.mkDerivation (its own phases call cargo), not a Rust builder. */
export function isPlainDerivation(call: BuilderCall | undefined): boolean {
  return !!call && call.kind === 'mkDerivation.cargo';
}

/** Bare names in a callPackage file need their formals: the formal edits addInputs would make. */
function formalEditsFor(s: Site, call: BuilderCall, names: string[]): TextEdit[] {
  return addInputs(s.text, { ...call, nativeBuildInputs: undefined, buildInputs: undefined, insertAt: { position: call.range.end, indent: '' } }, { nativeBuildInputs: names }).filter(
    (e) => e.range.start.line < call.range.start.line,
  );
}

/**
 * `naersk.buildPackage ./.` has no attrset: the fix writes one, `{ src = ./.; … }`,
 * with the new attributes (`name = value;` each).
 */
export function pathArgAttrs(s: Site, call: BuilderCall, attrs: string[], formals: string[] = []): TextEdit[] {
  const r = call.pathArg!;
  const path = call.src?.text ?? './.';
  return [...formalEditsFor(s, call, formals), { range: r, newText: `{ src = ${path}; ${attrs.join(' ')} }` }];
}

export function addInputsFix(f: Of<'add-inputs'>, s: Site): Fix | undefined {
  const call = s.call;
  if (!call) return undefined;
  if (call.pathArg) {
    const style = inputStyle(s.text, call);
    const lists = (['nativeBuildInputs', 'buildInputs'] as const).filter((b) => f[b]?.length).map((b) => `${b} = [ ${f[b]!.map((a) => style.prefix + a).join(' ')} ];`);
    const all = [...(f.nativeBuildInputs ?? []), ...(f.buildInputs ?? [])];
    if (!lists.length) return undefined;
    return { title: `Pass an attribute set with ${all.join(', ')} (instead of the bare path)`, edits: oneFile(s.path, pathArgAttrs(s, call, lists, style.prefix ? [] : all)) };
  }
  const missing = (bucket: 'nativeBuildInputs' | 'buildInputs') => {
    const have = new Set((call[bucket]?.items ?? []).map((i) => i.text.replace(/^pkgs\./, '')));
    return (f[bucket] ?? []).filter((a) => !have.has(a));
  };
  const add = { nativeBuildInputs: missing('nativeBuildInputs'), buildInputs: missing('buildInputs') };
  const edits = addInputs(s.text, call, add);
  if (!edits.length) return undefined;
  const parts = [add.nativeBuildInputs.length ? `${list(add.nativeBuildInputs)} to nativeBuildInputs` : '', add.buildInputs.length ? `${list(add.buildInputs)} to buildInputs` : ''].filter(Boolean);
  return { title: `Add ${parts.join(' and ')}`, edits: oneFile(s.path, edits) };
}

export function replaceInputFix(f: Of<'replace-input'>, s: Site): Fix | undefined {
  const call = s.call;
  const nbi = call?.nativeBuildInputs;
  const item = nbi?.items.find((i) => i.text.replace(/^pkgs\./, '') === f.from);
  if (!call || !nbi || !item) return undefined;
  const prefix = item.text.startsWith('pkgs.') ? 'pkgs.' : '';
  const have = new Set(nbi.items.map((i) => i.text.replace(/^pkgs\./, '')));
  const to = f.to.filter((t) => !have.has(t));
  const edits: TextEdit[] = [{ range: item.range, newText: to.map((t) => prefix + t).join(' ') }];
  if (!prefix) {
    // Bare names in a callPackage file need their formals too: the old name's becomes the new ones
    // when nothing else uses it, else addInputs' formal handling adds them beside it.
    const known = new Set(inputStyle(s.text, call).formals?.names ?? []);
    const renamed = renameFormal(
      s.text,
      f.from,
      to.filter((t) => !known.has(t)),
      item.range,
    );
    const formals = renamed
      ? [renamed]
      : addInputs(s.text, { ...call, nativeBuildInputs: undefined, buildInputs: undefined }, { nativeBuildInputs: to }).filter((e) => e.range.start.line < call.range.start.line);
    edits.push(...formals);
  }
  return { title: `Replace ${f.from} by ${to.length ? list(to) : 'nothing'} in nativeBuildInputs`, edits: oneFile(s.path, edits) };
}

export function setEnvFix(f: Of<'set-env'>, s: Site): Fix | undefined {
  if (!s.call) return undefined;
  if (s.call.pathArg) return { title: `Set ${f.name} = ${f.nix} in the build environment`, edits: oneFile(s.path, pathArgAttrs(s, s.call, [`${f.name} = ${f.nix};`])) };
  const edits = setEnv(s.text, s.call, [{ name: f.name, nix: f.nix }]);
  if (!edits.length) return undefined;
  return { title: `Set ${f.name} = ${f.nix} in the build environment`, edits: oneFile(s.path, edits) };
}

export function setAttrFix(f: Of<'set-attr'>, s: Site): Fix | undefined {
  const call = s.call;
  if (!call) return undefined;
  const cur = call.bindings.find((b) => b.name === f.name);
  if (cur?.text.trim() === f.nix) return undefined;
  return { title: `Set ${f.name} = ${f.nix}`, edits: oneFile(s.path, [cur ? replaceValue(cur, f.nix) : addAttr(call, f.name, f.nix)]) };
}

/** A word for bash inside double quotes: its own `"`, `$`, `` ` `` and `\\` escaped. */
const bashQuoted = (w: string) => `"${w.replace(/["$`\\]/g, '\\$&')}"`;

const before = (a: Position, b: Position) => a.line < b.line || (a.line === b.line && a.character <= b.character);
const inside = (r: Range, outer: Range) => before(outer.start, r.start) && before(r.end, outer.end);

/**
 * No failing test named: turn the call's check phase off (`doCheck = false;`), which skips every test, where the builder
 * says doCheck governs the tests it runs (builders/ DoCheck). A doCheck already written is edited, not doubled: on the
 * call's own attrset, or in a `commonArgs` it merges when the call has none (`craneLib.buildPackage commonArgs`); with
 * its own attrset a new `doCheck = false;` there overrides the shared one for this call alone. Where the builder's
 * doCheck is stdenv's (off unless set) and none is written, the tests do not run in its check phase: nothing to offer.
 */
function checkPhaseOffFix(s: Site): Fix | undefined {
  const call = s.call;
  const mode = call && doCheckOf(call);
  if (!call || !mode) return undefined;
  const cur = call.bindings.find((b) => b.name === 'doCheck');
  if (cur?.text.trim() === 'false' || (!cur && mode === 'when-set')) return undefined;
  // No attrset of its own (`f commonArgs`): addAttr would write after the whole application.
  const ownSet = !(call.insertAt.position.line === call.range.end.line && call.insertAt.position.character === call.range.end.character);
  const own = !!cur && inside(cur.range, call.argsRange);
  if (!cur && !ownSet) return undefined;
  const edit = cur && (own || !ownSet) ? replaceValue(cur, 'false') : addAttr(call, 'doCheck', 'false');
  const shared = cur && !own && !ownSet ? ` in ${call.mergedFrom.join(', ') || 'the merged arguments'}, shared with other calls` : '';
  return { title: `Turn the check phase off (doCheck = false${shared}): skips every test, not only the failing one`, edits: oneFile(s.path, [edit]) };
}

export function skipTestsFix(f: Of<'skip-tests'>, s: Site): Fix | undefined {
  const call = s.call;
  if (!call) return undefined;
  if (!f.tests.length) return checkPhaseOffFix(s);
  // cargoCheckHook expands `${checkFlags}` unquoted, so bash splits a name with spaces (a doc test's `src/lib.rs -
  // add_one (line 3)`) into words; it expands `"${checkFlagsArray[@]}"` quoted, an array preCheck can extend.
  const spaced = f.tests.filter((t) => /\s/.test(t));
  const flags = f.tests.filter((t) => !/\s/.test(t)).map((t) => nixString(`--skip=${t}`));
  const edits: TextEdit[] = [];
  if (flags.length) {
    const cur = call.bindings.find((b) => b.name === 'checkFlags');
    const end = cur?.valueRange.end;
    edits.push(
      !cur
        ? addAttr(call, 'checkFlags', `[ ${flags.join(' ')} ]`)
        : /^\[[\s\S]*\]$/.test(cur.text.trim())
          ? { range: { start: { line: end!.line, character: end!.character - 1 }, end: { line: end!.line, character: end!.character - 1 } }, newText: `${flags.join(' ')} ` }
          : { range: { start: end!, end: end! }, newText: ` ++ [ ${flags.join(' ')} ]` },
    );
  }
  if (spaced.length) {
    const line = `checkFlagsArray+=(${spaced.map((t) => bashQuoted(`--skip=${t}`)).join(' ')})`;
    const pre = call.bindings.find((b) => b.name === 'preCheck');
    edits.push(pre ? { range: { start: pre.valueRange.end, end: pre.valueRange.end }, newText: ` + ${nixString(`\n${line}\n`)}` } : addAttr(call, 'preCheck', nixString(line)));
  }
  const where = spaced.length
    ? flags.length
      ? 'checkFlags and preCheck (checkFlagsArray, for names with spaces)'
      : 'preCheck (checkFlagsArray: the name has spaces, which checkFlags would split)'
    : 'checkFlags';
  return { title: `Skip ${f.tests.length === 1 ? f.tests[0] : `${f.tests.length} failing tests`} in ${where}`, edits: oneFile(s.path, edits) };
}

export function addOutputHashFix(f: Of<'add-output-hash'>, s: Site): Fix | undefined {
  const call = s.call;
  // Without the dependency's name (the log cut it) there is no entry to write.
  if (!call || isPlainDerivation(call) || !f.key) return undefined;
  const hash = f.hash ? nixString(f.hash) : fakeHashExpr(s.text);
  return { title: `Add cargoLock.outputHashes."${f.key}"${f.hash ? '' : ' (fake hash: the next build reports the right one)'}`, edits: oneFile(s.path, addOutputHash(s.text, call, f.key, hash)) };
}

/**
 * Vendor from Cargo.lock instead of fetching in the build: buildRustPackage's
 * `cargoLock.lockFile`; a stdenv.mkDerivation gets `cargoDeps` from
 * importCargoLock and `rustPlatform.cargoSetupHook`, which points cargo at them.
 */
export function useCargoLockFix(_f: Of<'use-cargo-lock'>, s: Site): Fix | undefined {
  const call = s.call;
  if (!call) return undefined;
  if (isPlainDerivation(call)) {
    if (call.bindings.some((b) => b.name === 'cargoDeps')) return undefined;
    const p = s.text.includes('pkgs.') && !/^\s*\{[^}]*\brustPlatform\b/.test(s.text) ? 'pkgs.' : '';
    const edits = [addAttr(call, 'cargoDeps', `${p}rustPlatform.importCargoLock { lockFile = ./Cargo.lock; }`), ...addInputs(s.text, call, { nativeBuildInputs: ['rustPlatform.cargoSetupHook'] })];
    return { title: 'Vendor dependencies from Cargo.lock (cargoDeps = importCargoLock, cargoSetupHook)', edits: oneFile(s.path, edits) };
  }
  if (!callKind(call.kind).cargoLockVendoring || call.cargoLock) return undefined;
  const b = call.cargoHash ?? call.bindings.find((x) => x.name === 'cargoSha256');
  const edit = b ? { range: b.range, newText: 'cargoLock.lockFile = ./Cargo.lock;' } : addAttr(call, 'cargoLock.lockFile', './Cargo.lock');
  return { title: 'Vendor dependencies from Cargo.lock (cargoLock.lockFile)', edits: oneFile(s.path, [edit]) };
}

/** How the file names nixpkgs' lib: as it already does (`pkgs.lib.…`, `lib.…`), else a `lib` formal, else `pkgs.lib`. */
function libRefOf(text: string): string {
  const used = /(?<![\w.])((?:pkgs\.)?lib)\.(?:fileset|cleanSource|sourceByRegex|optionals?|licenses|hasSuffix|getExe)\b/.exec(text)?.[1];
  if (used) return used;
  return /^\s*(?:#[^\n]*\n\s*)*\{[^}]*\blib\b[^}]*\}\s*:/.test(text) ? 'lib' : 'pkgs.lib';
}

/** The call's src binding (on the call or merged into it from `commonArgs`), or the let binding an `inherit src;` names. */
export function srcBindingOf(s: Site): NixBinding | undefined {
  const b = s.call?.src;
  const name = b?.text.trim();
  if (!b || !/^[A-Za-z_][\w'-]*$/.test(name!)) return b;
  return s.nixFiles.find((m) => m.path === s.path)?.letBindings.find((l) => l.name === name) ?? b;
}

/** Widens the call's src so it keeps `f.path`. */
export function includeInSrcFix(f: Of<'include-in-src'>, s: Site): Fix | undefined {
  const b = srcBindingOf(s);
  if (!b) return undefined;
  const r = includeInSrc(b, f.path, libRefOf(s.text), f.because);
  return r && { title: `Keep ${f.path} in src (${r.how})`, edits: oneFile(s.path, r.edits) };
}

export function resetHashFix(_f: Of<'reset-hash'>, s: Site): Fix | undefined {
  const b = s.call?.cargoHash ?? s.binding('cargoSha256');
  if (!b) return undefined;
  return { title: `Reset ${b.name} to a fake hash (the next build reports the right one)`, edits: oneFile(s.path, [replaceValue(b, fakeHashExpr(s.text))]) };
}

export function commandFix(f: FixIntent): Fix | undefined {
  switch (f.kind) {
    case 'git-add':
      return { title: `git add ${f.path}`, edits: [], command: { id: FixCommands.gitAdd, args: [f.path] } };
    case 'enable-flakes':
      return { title: `Enable ${list(f.features)} for Nix tasks`, edits: [], command: { id: FixCommands.enableExperimentalFeatures, args: [f.features] } };
    case 'rust-toolchain': {
      const targets = f.targets?.length ? ` with ${list(f.targets)}` : '';
      return {
        title: `Use a Rust ${f.rustVersion ? `${f.rustVersion}+ ` : ''}toolchain${targets} from rust-overlay`,
        edits: [],
        command: { id: FixCommands.useRustToolchain, args: [f.rustVersion ?? null, ...(f.targets?.length ? [f.targets] : [])] },
      };
    }
    case 'run':
      return { title: `Run \`${f.argv.join(' ')}\``, edits: [], command: { id: FixCommands.runInWorkspace, args: [f.argv] } };
    default:
      return undefined;
  }
}

/** The generic fix for an intent on the site's call (rules call this for intents they do not special-case). */
export function intentFix(f: FixIntent, s: Site): Fix | undefined {
  switch (f.kind) {
    case 'add-inputs':
      return addInputsFix(f, s);
    case 'replace-input':
      return replaceInputFix(f, s);
    case 'set-env':
      return setEnvFix(f, s);
    case 'set-attr':
      return setAttrFix(f, s);
    case 'skip-tests':
      return skipTestsFix(f, s);
    case 'add-output-hash':
      return addOutputHashFix(f, s);
    case 'use-cargo-lock':
      return useCargoLockFix(f, s);
    case 'reset-hash':
      return resetHashFix(f, s);
    case 'include-in-src':
      return includeInSrcFix(f, s);
    case 'replace-hash':
      return undefined; // where a hash lives is the hash-mismatch rule's knowledge
    default:
      return commandFix(f);
  }
}
