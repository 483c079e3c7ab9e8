// Build failures as diagnostics: when the client reports a finished build, its
// log is streamed through the diagnosis core, each finding is placed where its
// fix goes (using the Nix models of the workspace), and the result is
// published per build target (what was built, whatever the folder and spelling) —
// the next build of that target clears it.
import { existsSync } from 'node:fs';
import { dirname, isAbsolute, join, posix, relative, resolve, sep } from 'node:path';
import { type Connection, type Diagnostic } from 'vscode-languageserver/node';
import type { BuildFinishedParams } from '../../../shared/src/protocol';
import { logViewUri } from '../../../shared/src/logView';
import { asTold } from '../diagnose/confidence';
import type { Diagnostic as BuildDiagnostic, FixIntent } from '../diagnose/types';
import { parseFlakeRef } from '../../../shared/src/flakeRef';
import { isFileInstallable } from '../../../shared/src/installable';
import { logChunks } from '../pipeline/logFile';
import { relUri, SEVERITY, startOfFile } from './convert';
import type { DiagnosticsSink } from './publisher';
import type { NixModelCache } from './nixModels';

/** What a build diagnostic carries for its code actions (computed against the text current at request time). */
export interface BuildDiagnosticData {
  kind: 'build';
  /** Workspace folder the build ran in (absolute path). */
  root: string;
  installable: string;
  builtFile?: string;
  logPath: string;
  /** The diagnosis as found, for fixesFor (file/range as placed). */
  diagnostic: BuildDiagnostic;
  intents: FixIntent[];
}

export interface BuildDeps {
  connection: Connection;
  diagnostics: DiagnosticsSink;
  /** The Nix models, loaded with the first build that needs them (see server.ts). */
  nixModels(): Promise<NixModelCache>;
  /** Open editor buffer text by absolute path. */
  textOf(absPath: string): string | undefined;
  /** The Cargo workspace root a path belongs to (diagnostics are published per such root). */
  cargoRootFor(absPath: string): string | undefined;
  /** Loads the parsers a build's diagnosis reads (the first call starts the load, later ones share it). */
  loadParsers(): Promise<unknown>;
  /** A build succeeded (e.g. remember Cargo.lock's digest for the stale-hash check). */
  onSuccess?(root: string, nixFiles: string[]): void;
  /** Whether programs may run (a trusted workspace): only then is a cut build's whole log read with `nix log`. */
  mayRun?(): boolean;
  /** Says a line in the client's log of the server (its output channel): what became of a cut build's whole log. */
  note?(message: string): void;
}

/** The Nix file an installable evaluates: the file itself for nix-build, its flake's flake.nix (in the workspace at `root`) otherwise. */
export function builtFileFor(installable: string, paths: readonly string[], root = '/'): string | undefined {
  if (isFileInstallable(installable)) return installable.replace(/^\.\//, '');
  // `check:<flakeref>` is how flake checks are keyed (see installableKey).
  const ref = parseFlakeRef(installable.replace(/^check:/, ''));
  if (ref.kind !== 'local') return undefined;
  const rel = relative(root, resolve(root, ref.path));
  if (rel.startsWith('..') || isAbsolute(rel)) return undefined;
  const flakeIn = (d: string) => posix.join(d, ref.dir, 'flake.nix').replace(/^\.\//, '');
  let dir = rel.split(sep).join('/');
  while (ref.search && !paths.includes(posix.join(dir, 'flake.nix')) && dir) dir = posix.dirname(dir) === '.' ? '' : posix.dirname(dir);
  return paths.includes(flakeIn(dir)) ? flakeIn(dir) : undefined;
}

/**
 * What a build built, the same whichever folder it ran in and however the installable was spelt: a Nix file by its
 * path; a flake output by the directory of its flake (a bare path: Nix looks for flake.nix upwards, so `.#default` in a
 * folder below the flake builds the flake's; then `?dir=`) and its attribute (none: `default`); a flake id or a remote
 * URL as written. `check:` (flake checks) is kept.
 */
export function buildTarget(folder: string, installable: string, hasFlake = (dir: string) => existsSync(join(dir, 'flake.nix'))): string {
  const check = installable.startsWith('check:') ? 'check:' : '';
  const inst = installable.slice(check.length);
  if (isFileInstallable(inst)) return `${check}file:${resolve(folder, inst)}`;
  const ref = parseFlakeRef(inst);
  const attr = ref.fragment || 'default';
  if (ref.kind === 'other') return `${check}flake:${ref.ref}#${attr}`;
  let dir = resolve(folder, ref.path || '.');
  for (let d = dir; ref.search; d = dirname(d)) {
    if (hasFlake(d)) {
      dir = d;
      break;
    }
    if (dirname(d) === d) break;
  }
  return `${check}flake:${join(dir, ref.dir)}#${attr}`;
}

export function isBuildDiagnostic(d: Diagnostic): d is Diagnostic & { data: BuildDiagnosticData } {
  return d.source === 'nixify' && (d.data as Partial<BuildDiagnosticData> | undefined)?.kind === 'build';
}

export function toLspDiagnostic(d: BuildDiagnostic, data: Omit<BuildDiagnosticData, 'diagnostic' | 'intents'>): Diagnostic {
  // A possible cause is worded as one, a step lower (confidence.ts); the data keeps the finding as found.
  const told = asTold(d);
  return {
    range: d.range ?? startOfFile(),
    severity: SEVERITY[told.severity],
    source: 'nixify',
    code: d.kind ?? d.category,
    message: told.message,
    relatedInformation: d.related?.map((r) => ({ location: { uri: relUri(data.root, r.file), range: r.range }, message: r.message })),
    data: { ...data, diagnostic: d, intents: d.fixes } satisfies BuildDiagnosticData,
  };
}

export class BuildDiagnosticsStore {
  /** buildTarget → the folder its last build ran in, and uri → diagnostics. */
  private readonly byTarget = new Map<string, { folder: string; byUri: Map<string, Diagnostic[]> }>();
  /**
   * buildTarget → its latest build event (started, finished): a diagnosis still running when a newer build of the same
   * target starts or finishes is dropped, not published over the newer one.
   */
  private readonly latest = new Map<string, number>();
  private events = 0;
  /** Folders that are no Cargo root publish on their own; the URIs they published to. */
  private readonly ownPublished = new Map<string, Set<string>>();
  private registered = false;

  constructor(private readonly deps: BuildDeps) {}

  /** The producer for Diagnostics: everything every installable under `cargoRoot` left. */
  private producer = (cargoRoot: string): Map<string, Diagnostic[]> => {
    const out = new Map<string, Diagnostic[]>();
    for (const { folder, byUri } of this.byTarget.values()) {
      if (this.deps.cargoRootFor(join(folder, 'flake.nix')) !== cargoRoot) continue;
      for (const [uri, ds] of byUri) out.set(uri, [...(out.get(uri) ?? []), ...ds]);
    }
    return out;
  };

  private publish(folder: string) {
    if (!this.registered) {
      this.deps.diagnostics.addProducer('build', this.producer);
      this.registered = true;
    }
    const cargoRoot = this.deps.cargoRootFor(join(folder, 'flake.nix'));
    if (cargoRoot) return this.deps.diagnostics.publishNow(cargoRoot);
    // Not a Cargo workspace (a plain Nix folder): publish directly, clearing what is gone.
    const byUri = new Map<string, Diagnostic[]>();
    for (const e of this.byTarget.values()) {
      if (e.folder === folder) for (const [uri, ds] of e.byUri) byUri.set(uri, [...(byUri.get(uri) ?? []), ...ds]);
    }
    for (const [uri, diagnostics] of byUri) void this.deps.connection.sendDiagnostics({ uri, diagnostics });
    for (const uri of this.ownPublished.get(folder) ?? []) if (!byUri.has(uri)) void this.deps.connection.sendDiagnostics({ uri, diagnostics: [] });
    this.ownPublished.set(folder, new Set(byUri.keys()));
  }

  started(folder: string, installable: string) {
    const target = buildTarget(folder, installable);
    this.latest.set(target, ++this.events);
    const old = this.byTarget.get(target);
    if (!old) return;
    this.byTarget.delete(target);
    // A clear needs no parser: published now, without loading them.
    this.publish(old.folder);
  }

  /** Diagnoses the log and publishes; resolves with what was published (tests, timing). */
  async finished(folder: string, p: BuildFinishedParams): Promise<Diagnostic[]> {
    const target = buildTarget(folder, p.installable);
    const event = ++this.events;
    this.latest.set(target, event);
    await this.deps.loadParsers();
    // The diagnosis comes with the first finished build, not at the server's start.
    const { buildWorkspace } = await import('./buildWorkspace');
    const { diagnoseLog } = await import('../pipeline/diagnose');
    const { wholeLogNote } = await import('../diagnose/wholeLog');
    const ws = buildWorkspace(folder, this.deps.textOf, await this.deps.nixModels());
    if (p.exitCode === 0) {
      this.deps.onSuccess?.(
        folder,
        ws.nixFiles.filter((m) => m.calls.length).map((m) => m.path),
      );
    }
    const builtFile = builtFileFor(p.installable, ws.files.paths, folder);
    let placed: BuildDiagnostic[] = [];
    // A log that kept only Nix's last lines of a failed build (a log given by path, a build without -L): its whole log.
    // Read with the `nix` the client built with (its setting or its search), not whichever is on this server's PATH.
    const wholeLog = p.exitCode !== 0 && this.deps.mayRun?.() ? (await import('../pipeline/nixLog')).nixLogReader(p.nixPath ? { nix: p.nixPath } : {}) : undefined;
    let notes: string[] = [];
    try {
      // A build that succeeded has no failing step to show.
      const r = await diagnoseLog(logChunks(p.logPath), ws, { root: folder, builtFile, failingStep: p.exitCode !== 0, wholeLog });
      placed = r.diagnostics;
      notes = r.wholeLogs.map(wholeLogNote);
    } catch {
      // The log is gone (temp dir cleaned): nothing to say about this build.
    }
    // Whether the findings came from the whole log or only its tail, beside each finding. The note points at
    // the client's view of the log (decoded, as "Show full build log" shows it), not the raw task log file.
    const related = notes.map((message) => ({ location: { uri: logViewUri(p.logPath, p.installable), range: startOfFile() }, message }));
    const byUri = new Map<string, Diagnostic[]>();
    for (const d of placed) {
      // No workspace file explains it (placeDiagnostics left it unplaced: a failing step of a derivation no file
      // names, any finding outside a workspace that has no built file): nowhere to show it.
      if (!d.file) continue;
      const uri = relUri(folder, d.file);
      const ld = toLspDiagnostic(d, { kind: 'build', root: folder, installable: p.installable, builtFile, logPath: p.logPath });
      if (related.length) ld.relatedInformation = [...(ld.relatedInformation ?? []), ...related];
      byUri.set(uri, [...(byUri.get(uri) ?? []), ld]);
    }
    // A newer build of the same target started or finished while this log was read: its findings are stale.
    if (this.latest.get(target) !== event) return [];
    // Logged only for the build whose findings are shown: a superseded build's note would describe a log no one sees.
    for (const n of notes) this.deps.note?.(n);
    const old = this.byTarget.get(target);
    if (byUri.size) this.byTarget.set(target, { folder, byUri });
    else this.byTarget.delete(target);
    if (old && old.folder !== folder) this.publish(old.folder);
    this.publish(folder);
    return [...byUri.values()].flat();
  }
}
