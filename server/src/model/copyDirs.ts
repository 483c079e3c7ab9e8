// Folders whose files are copies no build reads its sources from: build outputs (`result`, `result-dev`),
// cargo's and dependencies' trees, caches, direnv's and VCS folders. Every walk of the workspace skips them (member
// globs, the symlink scan, the build-reads walk, the diagnosis workspace), so nothing downstream filters again. A JS
// project's `dist` is not one: it is output a Rust build may embed (`include_str!`, rust-embed), so a file it reads.
export const COPY_DIRS: ReadonlySet<string> = new Set(['target', '.git', 'node_modules', '.direnv', 'result', '.jj', '.cache']);

/** Whether a folder named `name` holds copies (COPY_DIRS, or a `result-<output>` link). */
export function isCopyDir(name: string): boolean {
  return COPY_DIRS.has(name) || name.startsWith('result-');
}
