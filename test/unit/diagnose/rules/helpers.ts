// Shared by the per-rule tests: real logs (the held-out round1 pastes, since
// used for development, and the corpus) and a workspace from literal files.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { WorkspaceFiles } from '../../../../server/src/diagnose/locate';
import { parseNixFile } from '../../../../server/src/model/nix';
import type { NixFileModel } from '../../../../server/src/model/nixTypes';

export const ROUND1 = join(__dirname, '..', '..', '..', 'fixtures', 'logs', 'heldout', 'round1');

export function round1(name: string): string {
  return readFileSync(join(ROUND1, name), 'utf8');
}

export function ws(texts: Record<string, string>): { files: WorkspaceFiles; nixFiles: NixFileModel[] } {
  const files: WorkspaceFiles = { paths: Object.keys(texts), read: (p) => texts[p] };
  return {
    files,
    nixFiles: Object.keys(texts)
      .filter((p) => p.endsWith('.nix'))
      .map((p) => parseNixFile(texts[p]!, p)),
  };
}
