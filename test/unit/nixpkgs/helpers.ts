// The nixpkgs package of a fixture crate, as the front doors make it (sources
// read from the member, the git remote and tags passed in).
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { makeContext } from '../../../server/src/generate/context';
import { nixpkgsPackage } from '../../../server/src/generate/nixpkgsPackage';
import { cliSignals } from '../../../server/src/generate/nixpkgsSignals';
import { defaultInitOptions } from '../../../server/src/generate/plan';
import { infer } from '../../../server/src/infer/infer';
import { readRustSources } from '../../../server/src/model/rustSource';
import { loadWorkspace, nodeFs } from '../../../server/src/model/workspace';

export const fixtures = join(__dirname, '..', '..', 'fixtures');

export function nixpkgsFor(crate: string, remoteUrl: string | undefined, tags: string[], member?: string, srcHash?: string) {
  const root = join(fixtures, crate);
  const ws = loadWorkspace(root);
  const ctx = makeContext(ws, infer(ws), { ...defaultInitOptions(ws), builder: 'buildRustPackage', flake: true, member, today: new Date(Date.UTC(2026, 10, 1)) }, (p) => existsSync(join(root, p)));
  return nixpkgsPackage(ctx, { remoteUrl, tags, signals: cliSignals(ctx.pkg, readRustSources(nodeFs(root), ctx.pkg)), srcHash });
}
