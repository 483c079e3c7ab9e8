// What bench:diagnose (diagnose.ts) and its A/B (ab.ts) both set up: the
// corpus' failure logs, a big log assembled from them, and the diagnoser
// bundled as `nixify` ships it.
import { closeSync, openSync, readdirSync, readFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';

export const CORPUS = join(__dirname, '..', '..', '..', 'shared', 'corpus', 'logs');
export const GITHUB = join(CORPUS, 'github');
export const REAL = join(CORPUS, 'real-nix-2.8');

/** The corpus' logs (real Nix 2.8, then github), each ending in a newline. */
export function corpusLogs(filter: (name: string) => boolean = () => true): string[] {
  return [REAL, GITHUB].flatMap((d) =>
    readdirSync(d)
      .filter((f) => f.endsWith('.log') && filter(f))
      .map((f) => readFileSync(join(d, f), 'utf8').replace(/\n?$/, '\n')),
  );
}

// The lines a long build prints while it works (cargo's and Nix's progress), as the corpus logs have them.
const PROGRESS =
  /^(?:[\w.+-]+> |\s+> )?\s*(?:Compiling|Downloaded|Downloading|Fresh|Checking|Running|Finished|Updating|Locking|Adding|Vendoring|Unpacking|Executing|copying path|unpacking|source root|patching|configuring|building|installing|post-installation|shrinking|stripping|checking for references|Validating consistency|Running phase|Using versionCheckHook|\+\+ env|cargo build|running \d+ tests|test \S+ \.\.\. ok)\b/;

/** The speed bench's two big logs (`body` repeated to the size asked, then `tail` once): dense, and a long build. */
export function speedLogs(): { name: string; body: string; tail: string }[] {
  const failing = corpusLogs();
  const progress = failing.flatMap((t) => t.split('\n')).filter((l) => PROGRESS.test(l) && !l.startsWith('@nix'));
  return [
    { name: 'dense: every corpus log repeated (a failure every ~70 lines)', body: failing.join(''), tail: '' },
    {
      name: `long build: the corpus logs' ${progress.length} progress lines (Compiling …, building '…', Running phase …) repeated, then every failure log once`,
      body: progress.join('\n') + '\n',
      tail: failing.join(''),
    },
  ];
}

/** Writes ≥ `mb` MB: `body` repeated, then `tail` once. Returns the size. */
export function assemble(file: string, mb: number, body: string, tail = ''): number {
  const fd = openSync(file, 'w');
  let written = 0;
  const piece = body.repeat(Math.max(1, Math.floor((4 << 20) / body.length)));
  while (written < mb * 1024 * 1024) written += writeSync(fd, piece);
  if (tail) written += writeSync(fd, tail);
  closeSync(fd);
  return written;
}

/**
 * The diagnoser of the checkout at `root` as `nixify` runs it: its modules
 * bundled by esbuild into one ES module (as scripts/build.mjs bundles the CLI),
 * written to `dir`; returns its path. Loaded through tsx instead, every import
 * between the diagnoser's modules is read through a getter at each use (its
 * CommonJS transform), which costs the dense log ≈ 9 % more CPU than the
 * shipped code spends.
 */
export async function shippedDiagnoser(root: string, dir: string, minify = true): Promise<string> {
  const esbuild = await import('esbuild');
  const outfile = join(dir, 'diagnoser.mjs');
  await esbuild.build({
    entryPoints: [join(root, 'server', 'src', 'diagnose', 'diagnoser.ts')],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    minify,
    keepNames: true,
    logLevel: 'warning',
    // What scripts/build.mjs gives the CLI's modules: `require`, `__filename` and `__dirname`.
    banner: {
      js: "import{createRequire as __nixifyRequire}from'node:module';import{fileURLToPath as __nixifyPath}from'node:url';import{dirname as __nixifyDir}from'node:path';const require=__nixifyRequire(import.meta.url),__filename=__nixifyPath(import.meta.url),__dirname=__nixifyDir(__filename);",
    },
  });
  return outfile;
}
