// `nixify init [DIR] --builder B [--no-flake] [--member NAME] [--vendoring cargoLock|cargoHash] [--dry-run] [--json] [--force]`
// Flags → a NixifyRequest; the shared pipeline plans; this door writes the files.
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { inferenceToJson } from '../infer/infer';
import { cargoCacheManifests } from '../infer/registry';
import { readGitInfo } from '../model/git';
import { loadCrate } from '../pipeline/load';
import { nixify, RequestError, type NixifyRequest } from '../pipeline/nixify';
import { vendoredFlag } from './infer';
import { parseArgs, UsageError, type CommandHandler } from './io';
import { resolveDir } from './paths';
import { ensureParser } from '../parse/treeSitter';

export const initCommand: CommandHandler = async (args, io) => {
  const { positionals, flags } = parseArgs(args, {
    boolean: ['no-flake', 'dry-run', 'json', 'force', 'no-default-features', 'module', 'docker', 'static-user', 'no-vm-test'],
    string: ['builder', 'member', 'vendoring', 'features', 'vendored', 'nginx-path', 'virtual-host'],
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
  };
  await ensureParser('rust'); // src and the service's assets come from what the Rust sources read
  let plan;
  try {
    plan = nixify(ws, request, { exists: (p) => existsSync(join(ws.root, p)), fs, manifestOf: cargoCacheManifests() });
  } catch (e) {
    if (e instanceof RequestError) throw new UsageError(e.message);
    throw e;
  }
  if (flags.has('dry-run')) {
    if (flags.has('json')) io.stdout.write(JSON.stringify({ files: plan.files, inferred: inferenceToJson(plan.inferred), warnings: plan.warnings, ...(plan.service ? { service: plan.service.facts } : {}) }, null, 2) + '\n');
    else for (const f of plan.files) io.stdout.write(`--- ${f.path}\n${f.content}`);
    return 0;
  }
  const clash = plan.files.filter((f) => existsSync(join(ws.root, f.path)));
  if (clash.length && !flags.has('force')) {
    throw new UsageError(`${clash.map((f) => f.path).join(', ')} already exist${clash.length === 1 ? 's' : ''} in ${ws.root}; nothing was written (use --force to overwrite, or --dry-run to see the files)`);
  }
  for (const f of plan.files) {
    const p = join(ws.root, f.path);
    mkdirSync(dirname(p), { recursive: true });
    writeFileSync(p, f.content);
  }
  if (flags.has('json')) io.stdout.write(JSON.stringify({ written: plan.files.map((f) => f.path), warnings: plan.warnings }, null, 2) + '\n');
  else {
    io.stdout.write(`nixify: wrote ${plan.files.map((f) => f.path).join(', ')} (${plan.options.builder}) in ${ws.root}\n`);
    for (const w of plan.warnings) io.stderr.write(`nixify: note: ${w}\n`);
  }
  return 0;
};
