// Folders whose files are copies no build reads its sources from: build outputs (`result`, `result-dev`),
// cargo's and dependencies' trees, caches, direnv's and VCS folders. Walks skip them; placement passes over them.
export const COPY_DIRS: ReadonlySet<string> = new Set(['target', '.git', 'node_modules', '.direnv', 'result', '.jj', '.cache']);

/** Whether a folder named `name` holds copies (COPY_DIRS, or a `result-<output>` link). */
export function isCopyDir(name: string): boolean {
  return COPY_DIRS.has(name) || name.startsWith('result-');
}
