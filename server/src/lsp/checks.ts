// Pre-build findings as diagnostics, recomputed (debounced) whenever a Cargo
// or Nix file of the workspace changes in an editor or on disk.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { Diagnostic } from 'vscode-languageserver/node';
import { DiagnosticTag } from './protocolValues';
import { lockDigest } from '../check/hashes';
import type { CheckState, Finding } from '../check/types';
import type { NixFileModel } from '../model/nixTypes';
import type { WorkspaceFs } from '../model/workspace';
import { checkCrate } from '../pipeline/check';
import { relUri, SEVERITY } from './convert';
import type { WorkspaceIndex } from './workspaceIndex';

export interface FindingData {
  kind: 'finding';
  fixes: Finding['fixes'];
}

export function findingToDiagnostic(root: string, f: Finding): Diagnostic {
  return {
    range: f.range,
    severity: SEVERITY[f.severity],
    source: 'nixify',
    code: f.code,
    message: f.message,
    tags: f.unnecessary ? [DiagnosticTag.Unnecessary] : undefined,
    relatedInformation: f.related?.map((r) => ({ location: { uri: relUri(root, r.file), range: r.range }, message: r.message })),
    data: { kind: 'finding', fixes: f.fixes } satisfies FindingData,
  };
}

/** Remembers Cargo.lock's digest at the last successful build, across restarts. */
export class BuildMemory {
  private readonly file: string;
  private readonly byRoot: Record<string, Record<string, string>>;

  constructor(dir = join(process.env.XDG_STATE_HOME ?? join(homedir(), '.local', 'state'), 'nixify')) {
    this.file = join(dir, 'builds.json');
    try {
      this.byRoot = JSON.parse(readFileSync(this.file, 'utf8'));
    } catch {
      this.byRoot = {};
    }
  }

  state(root: string): CheckState {
    return { lockDigestAtLastBuild: new Map(Object.entries(this.byRoot[root] ?? {})) };
  }

  /** A build of the workspace succeeded: every Nix file's cargoHash matched this lock. */
  recordSuccess(root: string, lockText: string | undefined, nixFiles: string[]) {
    if (lockText === undefined) return;
    const digest = lockDigest(lockText);
    const entry = (this.byRoot[root] ??= {});
    for (const f of nixFiles) entry[f] = digest;
    try {
      mkdirSync(join(this.file, '..'), { recursive: true });
      writeFileSync(this.file, JSON.stringify(this.byRoot));
    } catch {
      // Memory only: the stale-hash hint is advisory.
    }
  }
}

export function checkDiagnostics(index: WorkspaceIndex, root: string, fs: WorkspaceFs, memory: BuildMemory, nixModel: (path: string, text: string) => NixFileModel): Map<string, Diagnostic[]> {
  const out = new Map<string, Diagnostic[]>();
  const entry = index.get(root);
  if (!entry.ws) return out;
  const findings = checkCrate(entry.ws, fs, { state: memory.state(root), nixModel, inferred: index.inferred(root) });
  for (const f of findings) {
    const uri = relUri(root, f.file);
    const list = out.get(uri) ?? [];
    list.push(findingToDiagnostic(root, f));
    out.set(uri, list);
  }
  return out;
}
