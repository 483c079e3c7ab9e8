// `nixify init [DIR] --builder B [--no-flake] [--member NAME] [--vendoring cargoLock|cargoHash] [--nix-version V] [--dry-run] [--json] [--force]`
// `… --ci github|gitlab [--cachix NAME]`: the CI file too (alone when flake.nix exists);
// `… --nixpkgs`: only pkgs/by-name/<xx>/<pname>/package.nix for a nixpkgs pull request.
// Flags → a request; the shared pipeline plans; this door writes the files.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { inferenceToJson } from '../infer/infer';
import { cargoCacheManifests } from '../infer/registry';
import { makeContext } from '../generate/context';
import { existingTargets, writeCrateFiles } from '../model/writeCrateFiles';
import { readGitInfo } from '../model/git';
import { readGitRemote, tagSourceHash } from '../model/gitRemote';
import { loadCrate } from '../pipeline/load';
import { nixify, RequestError, type NixifyRequest } from '../pipeline/nixify';
import { planCiForFlake, planCiForGenerated, planNixpkgs, type ShipPlan } from '../pipeline/ship';
import { vendoredFlag } from './infer';
import { parseArgs, UsageError, type CommandHandler } from './io';
import { resolveDir } from './paths';
import { ensureParser } from '../parse/treeSitter';

/** `nix --version` of the Nix on PATH, or undefined when there is none (the flake then takes the form every Nix accepts). */
function localNixVersion(): string | undefined {
  const r = spawnSync('nix', ['--version'], { encoding: 'utf8', timeout: 10_000, stdio: ['ignore', 'pipe', 'ignore'] });
  return r.status === 0 ? r.stdout.split('\n')[0] : undefined;
}

export const initCommand: CommandHandler = async (args, io) => {
  const { positionals, flags } = parseArgs(args, {
    boolean: ['no-flake', 'dry-run', 'json', 'force', 'no-default-features', 'module', 'docker', 'static-user', 'no-vm-test', 'nixpkgs'],
    string: ['builder', 'member', 'vendoring', 'features', 'vendored', 'nginx-path', 'virtual-host', 'ci', 'cachix', 'nix-version'],
  });
  if (positionals.length > 1) throw new UsageError('init takes at most one directory');
  const { ws, fs } = loadCrate(resolveDir(io.cwd, positionals[0]), { git: readGitInfo });
  const str = (name: string) => flags.get(name) as string | undefined;
  const request: NixifyRequest = {
    builder: str('builder'),
    flake: !flags.has('no-flake'),
    member: str('member'),
    vendoring: str('vendoring'),
    features: (str('features') ?? '').split(/[ ,]+/).filter(Boolean),
    noDefaultFeatures: flags.has('no-default-features'),
    vendored: vendoredFlag(flags.get('vendored')),
    module: flags.has('module'),
    docker: flags.has('docker'),
    vmTest: !flags.has('no-vm-test'),
    nginxPath: str('nginx-path'),
    virtualHost: str('virtual-host'),
    staticUser: flags.has('static-user'),
    // Only submodules depend on the Nix version: ask `nix --version` only then.
    nixVersion: str('nix-version') ?? (ws.git.submodules.length ? localNixVersion() : undefined),
  };
  await ensureParser('rust'); // src and the service's assets come from what the Rust sources read
  const exists = (p: string) => existsSync(join(ws.root, p));
  if (flags.has('cachix') && !flags.has('ci')) throw new UsageError('--cachix configures the CI file: add --ci github or --ci gitlab');
  let plan: { files: { path: string; content: string }[]; warnings: string[]; inferred?: ReturnType<typeof nixify>['inferred']; service?: ReturnType<typeof nixify>['service']; label: string };
  try {
    if (flags.has('nixpkgs')) {
      if (flags.has('ci')) throw new RequestError('--nixpkgs writes only the nixpkgs package: run --ci separately');
      const r = planNixpkgs(ws, request, { exists, fs, gitRemote: () => readGitRemote(ws.root), tagHash: (tag) => tagSourceHash(ws.root, tag), manifestOf: cargoCacheManifests() });
      plan = { ...r, label: 'nixpkgs' };
    } else if (flags.has('ci') && exists('flake.nix')) {
      // The flake is there: only the CI file, built around whatever the flake exposes.
      const r: ShipPlan = planCiForFlake(ws, fs.readFile('flake.nix') ?? '', { forge: str('ci'), cachix: str('cachix') });
      plan = { ...r, label: `${str('ci')} CI` };
    } else {
      const r = nixify(ws, request, { exists, fs, manifestOf: cargoCacheManifests() });
      const ci = flags.has('ci') ? planCiForGenerated(makeContext(ws, r.inferred, r.options, exists), { forge: str('ci'), cachix: str('cachix') }, !!request.docker) : undefined;
      plan = { files: [...r.files, ...(ci?.files ?? [])], warnings: [...r.warnings, ...(ci?.warnings ?? [])], inferred: r.inferred, service: r.service, label: r.options.builder };
    }
  } catch (e) {
    if (e instanceof RequestError) throw new UsageError(e.message);
    throw e;
  }
  if (flags.has('dry-run')) {
    if (flags.has('json'))
      io.stdout.write(
        JSON.stringify(
          { files: plan.files, ...(plan.inferred ? { inferred: inferenceToJson(plan.inferred) } : {}), warnings: plan.warnings, ...(plan.service ? { service: plan.service.facts } : {}) },
          null,
          2,
        ) + '\n',
      );
    else for (const f of plan.files) io.stdout.write(`--- ${f.path}\n${f.content}`);
    return 0;
  }
  // A dangling symlink counts as existing: writing there would create its target, wherever it is.
  const clash = existingTargets(ws.root, plan.files);
  if (clash.length && !flags.has('force')) {
    throw new UsageError(`${clash.join(', ')} already exist${clash.length === 1 ? 's' : ''} in ${ws.root}; nothing was written (use --force to overwrite, or --dry-run to see the files)`);
  }
  // All or nothing, never through a symlink (see writeCrateFiles).
  writeCrateFiles(ws.root, plan.files, { overwrite: flags.has('force') });
  if (flags.has('json')) io.stdout.write(JSON.stringify({ written: plan.files.map((f) => f.path), warnings: plan.warnings }, null, 2) + '\n');
  else {
    io.stdout.write(`nixify: wrote ${plan.files.map((f) => f.path).join(', ')} (${plan.label}) in ${ws.root}\n`);
    for (const w of plan.warnings) io.stderr.write(`nixify: note: ${w}\n`);
  }
  return 0;
};
