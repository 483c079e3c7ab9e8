// A flake only sees files git tracks: an untracked Cargo.lock, build.rs or new
// module builds fine with cargo and fails inside `nix build`.
import { FixCommands } from '../../../shared/src/fixCommands';
import type { Check, Finding } from './types';
import { startOfFile } from '../model/ranges';

const TOP = startOfFile();

export const untrackedFiles: Check = ({ ws, fs }) => {
  const { git } = ws;
  if (!git.isRepo || !git.tracked || fs.readFile('flake.nix') === undefined) return [];
  const tracked = git.tracked;
  const needed: { path: string; severity: Finding['severity']; why: string }[] = [];
  const add = (path: string, severity: Finding['severity'], why: string) => {
    if (fs.readFile(path) !== undefined && !tracked.has(path)) needed.push({ path, severity, why });
  };
  add('flake.nix', 'error', 'Nix evaluates the flake from the git tree');
  add('flake.lock', 'warning', 'the pinned inputs are ignored and re-resolved');
  add('Cargo.lock', 'error', 'cargo needs it to build offline inside the sandbox');
  for (const f of ['package.nix', 'default.nix', 'rust-toolchain.toml', 'rust-toolchain']) add(f, 'error', 'the flake refers to it');
  for (const m of ws.members) {
    const base = m.dir ? `${m.dir}/` : '';
    add(m.path, 'error', 'cargo reads it');
    if (m.buildScript) add(`${base}${m.buildScript}`, 'error', 'cargo runs it before compiling');
    // New modules: cargo compiles them, the flake's copy of the tree lacks them.
    const walk = (dir: string, depth: number) => {
      if (depth > 6) return;
      for (const e of fs.readDir(dir) ?? []) {
        const rel = `${dir}/${e.name}`;
        if (e.isDir) walk(rel, depth + 1);
        else if (e.isFile && e.name.endsWith('.rs')) add(rel, 'error', 'it is a module of the crate');
      }
    };
    walk(`${base}src`, 0);
  }
  return needed.map(({ path, severity, why }) => {
    const ignored = git.ignored?.has(path) || (git.untracked !== undefined && !git.untracked.has(path));
    return {
      code: 'untracked-file',
      severity,
      file: path,
      range: TOP,
      message: ignored
        ? `${path} is ignored by git, so the flake cannot see it (${why}). Remove it from .gitignore or add it with \`git add -f\`.`
        : `${path} is not tracked by git, so \`nix build\` of the flake cannot see it (${why}).`,
      fixes: [
        {
          title: ignored ? `Force-add ${path} to git (git add -f)` : `Add ${path} to git (git add)`,
          edits: [],
          command: { id: FixCommands.gitAdd, args: [path, ignored === true] },
          preferred: true,
        },
      ],
    } satisfies Finding;
  });
};
