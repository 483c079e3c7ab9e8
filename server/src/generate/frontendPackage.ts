// The Nix of a frontend pipeline (frontend.ts): a buildNpmPackage that runs
// its build script into $out, and the Rust build's preBuild that puts that
// output where the program reads it.
import type { FrontendPipeline } from './frontend';
import type { GenContext } from './context';
import { FAKE_HASH } from './wasm';
import { shellWord } from './trunk';
import { attrs, call, code, ident, istr, istrWith, kv, list, pathExpr, raw, str, type Code, type Entry, type Nix } from './nixWriter';

/** `<crate>-frontend`, or `<crate>-<folder>` when the crate has several. */
export function frontendName(ctx: GenContext, f: FrontendPipeline): string {
  return ctx.frontend.length > 1 && f.dir ? `${ctx.pname}-${f.dir.split('/').pop()}` : `${ctx.pname}-frontend`;
}

/** `frontend`, `frontend2`…: the let binding of the i-th pipeline. */
export const frontendVar = (i: number): Code => ident(i ? `frontend${i + 1}` : 'frontend');

/** The folder's files minus what npm and cargo make there (node_modules, target, the output). */
function npmSrc(f: FrontendPipeline, lib: 'lib' | 'pkgs.lib'): Nix {
  const root = pathExpr(f.dir || '.');
  const made = [...(f.dir ? [] : ['target']), 'node_modules'].map((d) => (f.dir ? `${f.dir}/${d}` : d));
  const drop = [...made, f.out].map((p) => raw(code`(${lib as Code}.fileset.maybeMissing ${pathExpr(p)})`));
  return call(`${lib}.fileset.toSource`, attrs([kv('root', raw(root)), kv('fileset', call(`${lib}.fileset.difference`, raw(root), call(`${lib}.fileset.unions`, list(drop))))]));
}

/** `buildNpmPackage { … }` for the pipeline, in package.nix (`p` '') or a flake (`pkgs.`). */
export function npmPackage(f: FrontendPipeline, pname: string, version: Nix, p: 'pkgs.' | ''): Nix {
  const rel = f.dir ? f.out.slice(f.dir.length + 1) : f.out;
  return call(
    `${p}buildNpmPackage`,
    attrs([
      kv('pname', str(pname)),
      kv('version', version),
      kv('src', npmSrc(f, p ? 'pkgs.lib' : 'lib'), `${f.dir || 'The root'}${f.dir ? '/' : ''} without node_modules and the output: the npm project.`),
      kv('npmDepsHash', str(FAKE_HASH), "lib.fakeHash: the first build fails and reports the real hash of package-lock.json's dependencies (the editor offers the fix)."),
      ...(f.script !== 'build' ? [kv('npmBuildScript', str(f.script))] : []),
      kv('installPhase', istr(`runHook preInstall\ncp -r ${shellWord(rel)} $out\nrunHook postInstall\n`), `npm run ${f.script} writes ${f.out}.`),
    ]),
  );
}

/** preBuild of the Rust build: each pipeline's output copied to where the program reads it. */
export function frontendPreBuild(fs: FrontendPipeline[]): Entry[] {
  if (!fs.length) return [];
  const parts: string[] = [''];
  const holes: Code[] = [];
  fs.forEach((f, i) => {
    const out = shellWord(f.out);
    const parent = f.out.includes('/') ? shellWord(f.out.slice(0, f.out.lastIndexOf('/'))) : undefined;
    parts[parts.length - 1] += `rm -rf ${out}\n${parent ? `mkdir -p ${parent}\n` : ''}cp -r `;
    holes.push(frontendVar(i));
    parts.push(` ${out}\nchmod -R u+w ${out}\n`);
  });
  const why = fs
    .map((f) => `${f.target!.path} is read ${f.target!.when === 'runtime' ? 'at run time' : 'at compile time'} (${f.target!.because}): npm run ${f.script} in ${f.dir || 'the root'} makes it`)
    .join('; ');
  return [kv('preBuild', istrWith(parts, holes), why)];
}
