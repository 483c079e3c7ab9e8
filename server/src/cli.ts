// `nixify`: the command-line front door onto the same cores the language server uses.
// Only what every command needs is imported here: each command's module (and
// the parsers) load when that command runs, so `--version` and `--help` cost
// little more than starting Node (bench/coldStart.ts measures it).
import { BUILDER_NAMES } from './builders';
import { ModelError } from './model/types';
import { NixValueError } from './generate/nixWriter';
import { UsageError, type CliIO, type CommandHandler } from './cli/io';

const lazy =
  (load: () => Promise<CommandHandler>): CommandHandler =>
  async (args, io) =>
    (await load())(args, io);

const USAGE = `usage: nixify <command> [options]

commands:
  init [DIR]      write Nix packaging for the crate (--builder ${BUILDER_NAMES.join('|')},
                  --no-flake, --member NAME, --vendoring cargoLock|cargoHash, --dry-run, --json, --force;
                  --module [--nginx-path /forum/ --virtual-host example.org] [--static-user] [--no-vm-test],
                  --docker, --nix-version V: the Nix that builds it, for git submodules; default: nix --version)
  infer [DIR]     print the nixpkgs inputs the crate's Linux build needs (--json, --member NAME,
                  --features a,b, --no-default-features, --dev, --vendored system|bundled|all-system)
  check [DIR]     report what will break before a build (--json); exit 1 on errors
  diagnose [LOG|-] explain a failed nix build log (--root DIR, --json); exit 1 on errors
  lsp --stdio     run the language server over stdio (Neovim, Helix, …)
`;

export const commands: Record<string, CommandHandler> = {
  infer: lazy(async () => (await import('./cli/infer')).inferCommand),
  lsp: lazy(async () => (await import('./cli/lsp')).lspCommand),
  check: lazy(async () => (await import('./cli/commands')).extraCommands.check!),
  init: lazy(async () => (await import('./cli/commands')).extraCommands.init!),
  diagnose: lazy(async () => (await import('./cli/commands')).extraCommands.diagnose!),
};

export async function runCli(argv: string[], io: CliIO): Promise<number> {
  const [cmd, ...rest] = argv;
  if (!cmd || cmd === '--help' || cmd === '-h' || cmd === 'help') {
    io.stdout.write(USAGE);
    return cmd ? 0 : 2;
  }
  if (cmd === '--version') {
    io.stdout.write(`${process.env.NIXIFY_VERSION ?? '0.0.0'}\n`);
    return 0;
  }
  const handler = commands[cmd];
  if (!handler) {
    io.stderr.write(`nixify: unknown command \`${cmd}\`\n${USAGE}`);
    return 2;
  }
  try {
    if (cmd !== 'lsp') await (await import('./parse/treeSitter')).initParsers();
    return await handler(rest, io);
  } catch (e) {
    if (e instanceof UsageError || e instanceof ModelError || e instanceof NixValueError) {
      io.stderr.write(`nixify ${cmd}: ${e.message.split('\n')[0]}\n`);
      return 2;
    }
    io.stderr.write(`nixify ${cmd}: internal error: ${(e as Error).message}\n`);
    if (process.env.NIXIFY_DEBUG) io.stderr.write(`${(e as Error).stack}\n`);
    return 2;
  }
}

if (require.main === module) {
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(0);
    throw e;
  });
  runCli(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr, stdin: process.stdin, cwd: process.cwd() }).then((code) => {
    process.exitCode = code;
  });
}
