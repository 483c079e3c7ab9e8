// The workspace as the build diagnosis sees it: the disk with open buffers
// laid over it, Nix files from the server's cache. A module of its own so that
// the diagnosis loads with the first finished build or build quick fix, not
// with the server.
import { diagnosisWorkspace, type DiagnosisWorkspace } from '../pipeline/diagnose';
import type { NixModelCache } from './nixModels';

export function buildWorkspace(root: string, textOf: (abs: string) => string | undefined, cache: NixModelCache): DiagnosisWorkspace {
  return diagnosisWorkspace(root, textOf, (abs, text, rel) => cache.model(abs, text, rel));
}
