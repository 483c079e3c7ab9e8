// JS/CSS pipelines next to the crate: a package.json (with its lock) whose
// build script makes the assets the program reads — bundled in at compile time
// (rust-embed, include_dir, include_str!) or served at run time (ServeDir).
// Without Nix running that script the build copies raw sources, or fails on a
// folder that only `npm run build` makes. So the packaging gets a
// buildNpmPackage that runs it (dependencies from package-lock.json, one hash
// the first build reports), and the Rust build puts its output where the
// program reads it before cargo runs: compile-time reads see it, and a service
// that installs that folder copies the built one.
//
// Where the output goes comes from the crate: the build script's own flags
// (vite/tsc --outDir, esbuild --outdir/--outfile, tailwindcss -o), then the
// bundlers' default dist/, matched against what the Rust sources read.
import { posix } from 'node:path';
import type { BuildReads, ReadWhen } from '../model/buildReads';
import type { Workspace } from '../model/types';
import type { DirEntry } from '../model/workspace';

export interface FrontendPipeline {
  /** The folder with package.json, root-relative ('' for the root). */
  dir: string;
  /** The npm script that builds the assets. */
  script: string;
  /** What the build writes, root-relative. */
  out: string;
  /** Where the Rust build reads the output, when a read names it. */
  target?: { path: string; when: ReadWhen; because: string };
}

export interface FrontendScan {
  pipelines: FrontendPipeline[];
  /** What could not be packaged, for the user. */
  warnings: string[];
}

const SKIP = new Set(['node_modules', 'target', 'src', '.git', 'dist', 'build', 'result']);

/** Flags that name a build's output, in the order they are tried. */
const OUT_FLAGS: RegExp[] = [
  /--out-?dir(?:=|\s+)(?:"([^"]+)"|'([^']+)'|(\S+))/i, // vite, tsc, esbuild --outdir
  /--dist-dir(?:=|\s+)(?:"([^"]+)"|'([^']+)'|(\S+))/, // parcel
  /--outfile(?:=|\s+)(?:"([^"]+)"|'([^']+)'|(\S+))/, // esbuild
  /(?:^|\s)(?:-o|--output)(?:=|\s+)(?:"([^"]+)"|'([^']+)'|(\S+))/, // tailwindcss, rollup
];

/** Tools whose output defaults to dist/ when no flag says otherwise. */
const DIST_DEFAULT = /\b(vite|webpack|parcel|rsbuild|rspack)\b/;

/** The script text `npm run build` runs, one `npm run x` / `&&` level followed. */
function scriptText(scripts: Record<string, string>, name: string): string {
  const s = scripts[name] ?? '';
  return s.replace(/\bnpm run (\S+)/g, (_, n: string) => (n !== name ? (scripts[n] ?? '') : ''));
}

/** The output the script writes, relative to its folder, if it says. */
export function scriptOutput(text: string, config?: string): string | undefined {
  for (const f of OUT_FLAGS) {
    const m = f.exec(text);
    if (m) return m[1] ?? m[2] ?? m[3];
  }
  const fromConfig = config && /outDir\s*:\s*["'`]([^"'`]+)["'`]/.exec(config)?.[1];
  if (fromConfig) return fromConfig;
  return DIST_DEFAULT.test(text) ? 'dist' : undefined;
}

const norm = (p: string) => {
  const n = posix.normalize(p).replace(/\/+$/, '');
  return n === '.' ? '' : n;
};

/** The folders with a package.json: the root, each member, and one level below each. */
function candidates(ws: Workspace, exists: (rel: string) => boolean, readDir: (rel: string) => DirEntry[] | undefined): string[] {
  const bases = [...new Set(['', ...ws.members.map((m) => m.dir)])];
  const out: string[] = [];
  for (const b of bases) {
    const join = (x: string) => (b ? `${b}/${x}` : x);
    if (exists(join('package.json'))) out.push(b);
    for (const e of readDir(b) ?? []) if (e.isDir && !SKIP.has(e.name) && !e.name.startsWith('.') && exists(join(`${e.name}/package.json`))) out.push(join(e.name));
  }
  return [...new Set(out)];
}

/** The JS/CSS pipelines next to the crate and where the Rust build reads their output. */
export function frontendPipelines(
  ws: Workspace,
  exists: (rel: string) => boolean,
  read: (rel: string) => string | undefined,
  readDir: (rel: string) => DirEntry[] | undefined,
  reads: BuildReads,
): FrontendScan {
  const pipelines: FrontendPipeline[] = [];
  const warnings: string[] = [];
  for (const dir of candidates(ws, exists, readDir)) {
    const at = (x: string) => (dir ? `${dir}/${x}` : x);
    let pkg: { scripts?: Record<string, string> };
    try {
      pkg = JSON.parse(read(at('package.json')) ?? '{}');
    } catch {
      warnings.push(`${at('package.json')} is not valid JSON: its build is not packaged.`);
      continue;
    }
    const scripts = pkg.scripts && typeof pkg.scripts === 'object' ? pkg.scripts : {};
    const script = 'build' in scripts ? 'build' : Object.keys(scripts).find((s) => /^build\b/.test(s));
    if (!script) continue;
    const other = ['yarn.lock', 'pnpm-lock.yaml', 'bun.lockb', 'bun.lock'].find((l) => exists(at(l)));
    if (!exists(at('package-lock.json'))) {
      warnings.push(
        other
          ? `${at(other)}: Nixify packages npm projects (package-lock.json) only; build ${dir || 'the root'}'s assets with nixpkgs' ${other.startsWith('yarn') ? 'fetchYarnDeps + yarnConfigHook' : other.startsWith('pnpm') ? 'pnpm.fetchDeps + pnpm.configHook' : 'bun tooling'} by hand, or add a package-lock.json.`
          : `${at('package.json')} has a ${script} script but no package-lock.json: buildNpmPackage needs the lock to fetch its dependencies; run npm install and commit package-lock.json.`,
      );
      continue;
    }
    const text = scriptText(scripts, script);
    const config = ['vite.config.ts', 'vite.config.js', 'vite.config.mjs'].map((c) => read(at(c))).find((c) => c !== undefined);
    const rel = scriptOutput(text, config);
    if (!rel) {
      warnings.push(`${at('package.json')}: the ${script} script names no output folder Nixify recognises (--outDir, --outdir, --outfile, -o, or a bundler's dist/): its build is not packaged.`);
      continue;
    }
    const out = norm(dir ? `${dir}/${rel}` : rel);
    if (!out || out.startsWith('..')) continue;
    const configs = [
      'tailwind.config.js',
      'tailwind.config.cjs',
      'tailwind.config.mjs',
      'tailwind.config.ts',
      'postcss.config.js',
      'vite.config.ts',
      'vite.config.js',
      'vite.config.mjs',
      'webpack.config.js',
    ]
      .map((c) => read(at(c)) ?? '')
      .join('\n');
    // Its src is its folder: a script or config reaching above it would miss files.
    if (dir && /\.\.\//.test(`${text}\n${configs}`)) {
      warnings.push(`${at('package.json')}: its ${script} script or its configs read files above ${dir}/ (../): Nixify does not package that build; run it into ${out} by hand in preBuild.`);
      continue;
    }
    const under = (p: string, q: string) => p === q || p.startsWith(`${q}/`);
    const hit = [...reads.missing, ...reads.reads].find((r) => r.kind !== 'cargo' && (under(out, r.path) || under(r.path, out)));
    if (!hit) {
      warnings.push(`${at('package.json')} builds ${out}/ (npm run ${script}), but no read of it was found in the Rust sources: it is not packaged; if the program serves it, install it yourself.`);
      continue;
    }
    pipelines.push({ dir, script, out, ...(hit ? { target: { path: hit.path, when: hit.when, because: hit.because } } : {}) });
  }
  return { pipelines, warnings };
}

/** Asset tools a build script may start (`Command::new("…")`), with the nixpkgs attribute that provides each. */
const BUILD_SCRIPT_TOOLS: Record<string, string> = { tailwindcss: 'tailwindcss', esbuild: 'esbuild', sass: 'dart-sass' };

/**
 * Tools build scripts start to make assets (the Tailwind standalone CLI, esbuild, sass): they
 * must be on PATH in the build. `npm`/`npx` there cannot work (no network): said instead.
 */
export function buildScriptTools(ws: Workspace, read: (rel: string) => string | undefined): { tools: { attr: string; because: string }[]; warnings: string[] } {
  const tools: { attr: string; because: string }[] = [];
  const warnings: string[] = [];
  for (const m of ws.members) {
    if (!m.buildScript || !m.package) continue;
    const path = m.dir ? `${m.dir}/${m.buildScript}` : m.buildScript;
    const text = read(path);
    if (!text) continue;
    for (const c of text.matchAll(/Command::new\(\s*"([^"\\]+)"\s*\)/g)) {
      const prog = c[1]!.split('/').pop()!;
      const line = text.slice(0, c.index).split('\n').length;
      const attr = BUILD_SCRIPT_TOOLS[prog];
      if (attr && !tools.some((t) => t.attr === attr)) tools.push({ attr, because: `${path}:${line} runs ${prog}` });
      if ((prog === 'npm' || prog === 'npx' || prog === 'yarn' || prog === 'pnpm') && !warnings.some((w) => w.startsWith(path))) {
        warnings.push(
          `${path}:${line} runs ${prog}: the Nix build has no network, so it cannot install packages; build the assets with a buildNpmPackage and point the build script at its output (or skip the step when the output exists).`,
        );
      }
    }
  }
  return { tools, warnings };
}
