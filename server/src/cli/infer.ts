// `nixify infer [DIR] [--json] [--member NAME] [--features a,b] [--no-default-features] [--dev]`
import { infer, inferenceToJson } from '../infer/infer';
import { cargoCacheManifests } from '../infer/registry';
import { loadWorkspace } from '../model/workspace';
import { parseArgs, UsageError, type CommandHandler } from './io';
import { resolveDir } from './paths';

export const inferCommand: CommandHandler = async (args, io) => {
  const { positionals, flags } = parseArgs(args, { boolean: ['json', 'no-default-features', 'dev'], string: ['member', 'features', 'vendored'] });
  if (positionals.length > 1) throw new UsageError('infer takes at most one directory');
  const dir = resolveDir(io.cwd, positionals[0]);
  // The inference reads no symlinks (src and the checks do): the tree is not walked for them.
  const ws = loadWorkspace(dir, { skipScan: true });
  const member = flags.get('member') as string | undefined;
  if (member && !ws.members.some((m) => m.package?.name === member)) {
    throw new UsageError(`no workspace member named \`${member}\` (members: ${ws.members.map((m) => m.package?.name).join(', ')})`);
  }
  const result = infer(ws, {
    members: member ? [member] : ws.focus ? [ws.focus] : undefined,
    features: ((flags.get('features') as string | undefined) ?? '').split(/[ ,]+/).filter(Boolean),
    noDefaultFeatures: flags.has('no-default-features'),
    includeDev: flags.has('dev'),
    vendored: vendoredFlag(flags.get('vendored')),
    // Exact edges from the published manifests when cargo has downloaded them.
    manifestOf: cargoCacheManifests(),
  });
  const json = inferenceToJson(result);
  if (result.withoutLock) io.stderr.write(NO_LOCK_NOTE + '\n');
  if (flags.has('json')) {
    io.stdout.write(JSON.stringify(json, null, 2) + '\n');
    return 0;
  }
  const line = (label: string, xs: string[]) => io.stdout.write(`${label}: ${xs.length ? xs.join(' ') : '(none)'}\n`);
  line('nativeBuildInputs', json.nativeBuildInputs);
  line('buildInputs', json.buildInputs);
  const env = Object.entries(json.env);
  line(
    'env',
    env.map(([k, v]) => `${k}=${String(v)}`),
  );
  // Not linked: the generated package puts these on the program's rpath after fixup.
  const opened = result.buildInputs.filter((i) => i.loadedAtRunTime).map((i) => i.attr);
  if (opened.length) line('opened at run time (dlopen), on the rpath after fixup', opened);
  if (json.reasons.length) {
    io.stdout.write('\nwhy:\n');
    for (const r of json.reasons) io.stdout.write(`  ${r.input}: ${r.because}\n`);
  }
  return 0;
};

export const NO_LOCK_NOTE = 'nixify infer: no Cargo.lock, so only the direct dependencies in Cargo.toml were looked at; run `cargo generate-lockfile` for the whole graph.';

/** `--vendored system|bundled|all-system`: what to do with -sys crates that can build their own copy. */
export function vendoredFlag(v: string | true | undefined): 'system' | 'bundled' | 'all-system' | undefined {
  if (v === undefined) return undefined;
  if (v === 'system' || v === 'bundled' || v === 'all-system') return v;
  throw new UsageError('--vendored must be system, bundled or all-system');
}
