// `nixify init [DIR] --builder B [--no-flake] [--member NAME] [--vendoring cargoLock|cargoHash] [--dry-run] [--json] [--force]`
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { defaultInitOptions, planInit, type InitOptions } from '../generate/plan';
import { planService } from '../generate/service';
import { infer, inferenceToJson } from '../infer/infer';
import { cargoCacheManifests } from '../infer/registry';
import { vendoredFlag } from './infer';
import { loadWorkspace } from '../model/workspace';
import { parseArgs, UsageError, type CommandHandler } from './io';
import { resolveDir } from './paths';

const BUILDERS = ['buildRustPackage', 'crane', 'naersk', 'crate2nix'] as const;

export const initCommand: CommandHandler = async (args, io) => {
  const { positionals, flags } = parseArgs(args, {
    boolean: ['no-flake', 'dry-run', 'json', 'force', 'no-default-features', 'module', 'docker', 'static-user', 'no-vm-test'],
    string: ['builder', 'member', 'vendoring', 'features', 'vendored', 'nginx-path', 'virtual-host'],
  });
  if (positionals.length > 1) throw new UsageError('init takes at most one directory');
  const ws = loadWorkspace(resolveDir(io.cwd, positionals[0]));
  const defaults = defaultInitOptions(ws);
  const builder = (flags.get('builder') as string | undefined) ?? defaults.builder;
  if (!(BUILDERS as readonly string[]).includes(builder)) throw new UsageError(`--builder must be one of ${BUILDERS.join(', ')}`);
  const vendoring = (flags.get('vendoring') as string | undefined) ?? defaults.vendoring;
  if (vendoring !== 'cargoLock' && vendoring !== 'cargoHash') throw new UsageError('--vendoring must be cargoLock or cargoHash');
  const member = (flags.get('member') as string | undefined) ?? (ws.focus || defaults.member);
  if (member && !ws.members.some((m) => m.package?.name === member)) {
    throw new UsageError(`no workspace member named \`${member}\` (members: ${ws.members.map((m) => m.package?.name).join(', ')})`);
  }
  if (flags.has('no-flake') && builder !== 'buildRustPackage') throw new UsageError(`--no-flake only works with --builder buildRustPackage (${builder} is used through a flake)`);
  const features = ((flags.get('features') as string | undefined) ?? '').split(/[ ,]+/).filter(Boolean);
  const opts: InitOptions = {
    builder: builder as InitOptions['builder'],
    flake: !flags.has('no-flake'),
    member,
    vendoring,
    features: features.length ? features : undefined,
    noDefaultFeatures: flags.has('no-default-features') || undefined,
  };
  const inferred = infer(ws, { members: member ? [member] : undefined, features, noDefaultFeatures: opts.noDefaultFeatures, vendored: vendoredFlag(flags.get('vendored')), manifestOf: cargoCacheManifests() });
  const nginxPath = flags.get('nginx-path') as string | undefined;
  const virtualHost = flags.get('virtual-host') as string | undefined;
  if ((nginxPath || virtualHost) && !flags.has('module')) throw new UsageError('--nginx-path and --virtual-host configure the NixOS module: add --module');
  if (nginxPath && !virtualHost) throw new UsageError('--nginx-path needs --virtual-host (the existing site, e.g. example.org)');
  const wantsService = flags.has('module') || flags.has('docker');
  const service = wantsService
    ? planService(ws, {
        module: flags.has('module'),
        docker: flags.has('docker'),
        vmTest: flags.has('module') && !flags.has('no-vm-test'),
        nginxPath,
        virtualHost,
        staticUser: flags.has('static-user') || undefined,
        member,
        packageFile: builder === 'buildRustPackage' ? 'package.nix' : null,
      })
    : undefined;
  const plan = planInit(ws, inferred, opts, (p) => existsSync(join(ws.root, p)), service && (() => ({ files: service.files, flake: service.flakeAdditions, warnings: service.warnings, packageAdditions: service.packageAdditions })));
  if (flags.has('dry-run')) {
    if (flags.has('json')) io.stdout.write(JSON.stringify({ files: plan.files, inferred: inferenceToJson(inferred), warnings: plan.warnings, ...(service ? { service: service.facts } : {}) }, null, 2) + '\n');
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
    io.stdout.write(`nixify: wrote ${plan.files.map((f) => f.path).join(', ')} (${builder}) in ${ws.root}\n`);
    for (const w of plan.warnings) io.stderr.write(`nixify: note: ${w}\n`);
  }
  return 0;
};
