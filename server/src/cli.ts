// `nixify`: the command-line front door onto the same cores the language server uses.
// Only what every command needs is imported here: each command's module (and
// the parsers) load when that command runs, and the builder list only for the
// usage text, so `--version` costs little more than starting Node (the bundle
// is split at these dynamic imports; bench/coldStart.ts measures it).
import { UsageError, type CliIO, type CommandHandler } from './cli/io';

const lazy =
  (load: () => Promise<CommandHandler>): CommandHandler =>
  async (args, io) =>
    (await load())(args, io);

const usage = async () => {
  const { BUILDER_NAMES } = await import('./builders');
  return `usage: nixify <command> [options]

commands:
  init [DIR]      write Nix packaging for the crate (--builder ${BUILDER_NAMES.join('|')},
                  --no-flake, --member NAME, --vendoring cargoLock|cargoHash, --dry-run, --json, --force;
                  --module [--nginx-path /forum/ --virtual-host example.org] [--static-user] [--no-vm-test],
                  --docker, --nix-version V: the Nix that builds it, for git submodules; default: nix --version)
  infer [DIR]     print the nixpkgs inputs the crate's Linux build needs (--json, --member NAME,
                  --features a,b, --no-default-features, --dev, --vendored system|bundled|all-system)
  check [DIR]     report what will break before a build (--json); exit 1 on errors
  diagnose [LOG|-] explain a failed nix build log (--root DIR, --json; a log cut to Nix's last lines is
                  read whole with \`nix log\` unless --no-nix-log); exit 1 on errors
  lsp --stdio     run the language server over stdio (Neovim, Helix, …)
`;
};

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
    io.stdout.write(await usage());
    return cmd ? 0 : 2;
  }
  if (cmd === '--version') {
    io.stdout.write(`${process.env.NIXIFY_VERSION ?? '0.0.0'}\n`);
    return 0;
  }
  const handler = commands[cmd];
  if (!handler) {
    io.stderr.write(`nixify: unknown command \`${cmd}\`\n${await usage()}`);
    return 2;
  }
  try {
    // `infer` reads Cargo files only (smol-toml and the key-range scanner): no wasm to compile.
    // The language server loads its parsers on its own threads.
    if (cmd !== 'lsp' && cmd !== 'infer') {
      const parsers = await import('./parse/treeSitter');
      parsers.compileParsersBaselineOnly();
      await parsers.initParsers();
    }
    return await handler(rest, io);
  } catch (e) {
    const [{ ModelError }, { NixValueError }] = await Promise.all([import('./model/types'), import('./generate/nixWriter')]);
    if (e instanceof UsageError || e instanceof ModelError || e instanceof NixValueError) {
      io.stderr.write(`nixify ${cmd}: ${e.message.split('\n')[0]}\n`);
      return 2;
    }
    io.stderr.write(`nixify ${cmd}: internal error: ${(e as Error).message}\n`);
    if (process.env.NIXIFY_DEBUG) io.stderr.write(`${(e as Error).stack}\n`);
    return 2;
  }
}
