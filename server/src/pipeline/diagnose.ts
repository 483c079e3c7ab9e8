// A failed build's log → diagnoses placed where their fixes go, for every front
// door (`nixify diagnose`, the language server after a build task): the same
// view of the workspace (files on disk, optionally with editor buffers laid
// over them; its Nix files parsed) and the same placement.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, posix } from 'node:path';
import { diagnoseStream } from '../diagnose/diagnoser';
import type { WorkspaceFiles } from '../diagnose/locate';
import { placeDiagnostics, type PlaceOptions } from '../diagnose/place';
import type { Diagnostic } from '../diagnose/types';
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

/** Streams the log through the diagnosis rules and places each finding in the workspace. Rejects when the log cannot be read. */
/** `failingStep`: when no rule recognises the cause, say which step failed (DiagnoserOptions.failingStep: off unless asked). */
export async function diagnoseBuild(log: AsyncIterable<string | Uint8Array>, ws: DiagnosisWorkspace, opts: PlaceOptions & { failingStep?: boolean }): Promise<Diagnostic[]> {
  const { failingStep, ...placeOpts } = opts;
  const found = await diagnoseStream(log, { failingStep });
  // A build script's panic is read in its source (diagnose/scriptPanic.ts): the Rust grammar only then.
  if (found.some((d) => d.details?.buildScript)) await ensureParser('rust');
  return placeDiagnostics(found, ws.nixFiles, ws.files, { ...(ws.crateFile ? { crateFile: ws.crateFile } : {}), ...placeOpts });
}
