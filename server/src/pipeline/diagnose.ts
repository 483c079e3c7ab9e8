// A failed build's log → diagnoses placed where their fixes go, for every front
// door (`nixify diagnose`, the language server after a build task): the same
// view of the workspace (files on disk, optionally with editor buffers laid
// over them; its Nix files parsed) and the same placement.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, posix } from 'node:path';
import { Diagnoser } from '../diagnose/diagnoser';
import type { WorkspaceFiles } from '../diagnose/locate';
import { placeDiagnostics, type PlaceOptions } from '../diagnose/place';
import type { Diagnostic } from '../diagnose/types';
import { type CutLog, logsToRead, WholeLogFramer, type WholeLogRead } from '../diagnose/wholeLog';
import { cargoCacheCrateDir, defaultCargoHome } from '../infer/registry';
import { isCopyDir } from '../model/copyDirs';
import { parseNixFile } from '../model/nix';
import type { NixFileModel } from '../model/nixTypes';
import { ensureParser } from '../parse/treeSitter';

const MAX_FILES = 20000;
const MAX_NIX_FILES = 100;
const MAX_NIX_BYTES = 1 << 20;

/**
 * Workspace-relative paths under `root`, bounded, never inside a folder of copies (isCopyDir, at any depth): every
 * consumer — placement, log paths, the files a build script opens — then sees only sources. A JS project's `dist`
 * is walked: a Rust build may embed it (`include_str!`, rust-embed), so it is a file the build reads.
 */
export function listFiles(root: string): string[] {
  const out: string[] = [];
  const walk = (rel: string, depth: number) => {
    let entries;
    try {
      entries = readdirSync(join(root, rel), { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      if (out.length >= MAX_FILES) return;
      const p = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) {
        if (!isCopyDir(e.name) && depth < 8) walk(p, depth + 1);
      } else if (e.isFile()) out.push(p);
    }
  };
  walk('', 0);
  return out;
}

export interface DiagnosisWorkspace {
  files: WorkspaceFiles;
  nixFiles: NixFileModel[];
  /** A registry crate's file in the local cargo cache (a dependency's build script that panicked). */
  crateFile?: PlaceOptions['crateFile'];
}

/** Largest crate file read from the cargo cache (build scripts are a few KB). */
const MAX_CRATE_FILE = 1 << 20;

/**
 * `<cargoHome>/registry/src/<index>/<name>-<version>/<rel>`, the source Cargo unpacked of a
 * published crate the developer has built; undefined where absent, too large or outside the crate.
 */
export function cargoCacheFiles(cargoHome = defaultCargoHome()): NonNullable<PlaceOptions['crateFile']> {
  const crateDir = cargoCacheCrateDir(cargoHome);
  return (name, version, rel) => {
    const norm = posix.normalize(rel);
    if (norm.startsWith('..') || posix.isAbsolute(norm) || !/^[\w.+-]+$/.test(name) || !/^[\w.+-]+$/.test(version)) return undefined;
    const dir = crateDir(name, version);
    if (!dir) return undefined;
    try {
      const file = join(dir, norm);
      return statSync(file).size > MAX_CRATE_FILE ? undefined : readFileSync(file, 'utf8');
    } catch {
      return undefined;
    }
  };
}

/**
 * The workspace as the diagnosis sees it. `textOf` lays open editor buffers
 * (by absolute path) over the disk; `model` parses a Nix file (the server
 * passes its incremental cache).
 */
export function diagnosisWorkspace(
  root: string,
  textOf: (abs: string) => string | undefined = () => undefined,
  model: (abs: string, text: string, rel: string) => NixFileModel = (_abs, text, rel) => parseNixFile(text, rel),
): DiagnosisWorkspace {
  const paths = listFiles(root);
  const files: WorkspaceFiles = {
    paths,
    read(p) {
      const abs = join(root, p);
      const open = textOf(abs);
      if (open !== undefined) return open;
      try {
        return readFileSync(abs, 'utf8');
      } catch {
        return undefined;
      }
    },
  };
  const nixFiles: NixFileModel[] = [];
  for (const p of paths) {
    if (!p.endsWith('.nix') || nixFiles.length >= MAX_NIX_FILES) continue;
    const text = files.read(p);
    if (text !== undefined && text.length <= MAX_NIX_BYTES) nixFiles.push(model(join(root, p), text, p));
  }
  return { files, nixFiles, crateFile: cargoCacheFiles() };
}

/**
 * Reads one cut build's whole log into `push` (the doors' `nix log`, pipeline/nixLog.ts): resolves with the command
 * that printed it (and, when it stopped early, why), rejects with why it could not when nothing was read.
 */
export type WholeLogReader = (cut: CutLog, push: (chunk: Uint8Array) => void) => Promise<{ from: string; partial?: string }>;

export interface DiagnoseOptions extends PlaceOptions {
  /** When no rule recognises the cause, say which step failed (DiagnoserOptions.failingStep: off unless asked). */
  failingStep?: boolean;
  /** Given: the whole logs of the builds the log shows only Nix's tail of are read through it (diagnose/wholeLog.ts). */
  wholeLog?: WholeLogReader;
}

/**
 * Streams the log through the diagnosis rules, then the whole log of each build it holds only the tail of (when a
 * reader is given: the same Diagnoser, after the original), and places each finding in the workspace. Rejects when
 * the log cannot be read; a whole log that cannot be read is said in `wholeLogs`, never thrown.
 */
export async function diagnoseLog(
  log: AsyncIterable<string | Uint8Array> | Iterable<string | Uint8Array>,
  ws: DiagnosisWorkspace,
  opts: DiagnoseOptions,
): Promise<{ diagnostics: Diagnostic[]; wholeLogs: WholeLogRead[] }> {
  const { failingStep, wholeLog, ...placeOpts } = opts;
  const d = new Diagnoser({ failingStep });
  let endsLine = true;
  for await (const chunk of log) {
    if (!chunk.length) continue;
    // A Diagnoser takes strings or bytes, not both: the whole logs come as bytes.
    const c = wholeLog && typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    d.push(c);
    endsLine = typeof c === 'string' ? c.endsWith('\n') : c[c.length - 1] === 10;
  }
  const wholeLogs: WholeLogRead[] = [];
  const cut = wholeLog ? logsToRead(d.cutLogs) : [];
  if (cut.length && !endsLine) d.push(Buffer.from('\n'));
  for (const c of cut) {
    const framer = new WholeLogFramer(c.drv, (b) => d.push(b));
    try {
      const r = await wholeLog!(c, (b) => framer.push(b));
      wholeLogs.push({ drv: c.drv, from: r.from, bytes: framer.bytes, ...(r.partial ? { partial: r.partial } : {}) });
    } catch (e) {
      wholeLogs.push({ drv: c.drv, bytes: framer.bytes, error: (e as Error).message });
    }
    framer.end();
  }
  const found = d.end();
  // A build script's panic is read in its source (diagnose/scriptPanic.ts): the Rust grammar only then.
  if (found.some((x) => x.details?.buildScript)) await ensureParser('rust');
  const diagnostics = placeDiagnostics(found, ws.nixFiles, ws.files, { ...(ws.crateFile ? { crateFile: ws.crateFile } : {}), ...placeOpts });
  return { diagnostics, wholeLogs };
}
