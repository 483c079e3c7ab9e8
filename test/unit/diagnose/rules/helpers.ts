// Shared by the per-rule tests: real logs (the held-out rounds' pastes, used
// for development after their first run, the corpus, the real tools' outputs the wording tests read)
// and a workspace from literal files.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { diagnoseText } from '../../../../server/src/diagnose/diagnoser';
import type { WorkspaceFiles } from '../../../../server/src/diagnose/locate';
import { parseNixFile } from '../../../../server/src/model/nix';
import type { NixFileModel } from '../../../../server/src/model/nixTypes';

export const ROUND1 = join(__dirname, '..', '..', '..', 'fixtures', 'logs', 'heldout', 'round1');

export function round1(name: string): string {
  return readFileSync(join(ROUND1, name), 'utf8');
}

/** A log of a held-out round after its first run (test/fixtures/logs/heldout/README.md). */
export function heldout(round: number, name: string): string {
  return readFileSync(join(ROUND1, '..', `round${round}`, name), 'utf8');
}

/** A log a real tool printed, kept for the wording tests (test/fixtures/logs/wordings/sources, whose README says how each was made). */
export function wordingSource(name: string): string {
  return readFileSync(join(ROUND1, '..', '..', 'wordings', 'sources', name), 'utf8');
}

/** The fix of a test failure that names no test: the check phase turned off (`skip-tests` with no names). */
export const CHECK_OFF = [{ kind: 'skip-tests', tests: [] as string[] }];

/** The categories the diagnoser reads in a log, in order. */
export const categories = (text: string): string[] => diagnoseText(text).map((d) => d.category);

export function ws(texts: Record<string, string>): { files: WorkspaceFiles; nixFiles: NixFileModel[] } {
  const files: WorkspaceFiles = { paths: Object.keys(texts), read: (p) => texts[p] };
  return {
    files,
    nixFiles: Object.keys(texts)
      .filter((p) => p.endsWith('.nix'))
      .map((p) => parseNixFile(texts[p]!, p)),
  };
}
