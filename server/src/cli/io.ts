// The contract every `nixify <command>` handler follows, so handlers are plain
// functions that tests call in-process and the CLI entry only dispatches.
import type { Readable, Writable } from 'node:stream';

export interface CliIO {
  stdout: Writable;
  stderr: Writable;
  stdin: Readable;
  cwd: string;
}

/** Exit codes: 0 ok, 1 findings/failure worth failing CI for, 2 usage or unreadable input. */
export type ExitCode = 0 | 1 | 2;

export type CommandHandler = (args: string[], io: CliIO) => Promise<ExitCode>;

/** Thrown by handlers for a one-line message on stderr and exit code 2 (never a stack trace). */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

export interface ParsedArgs {
  positionals: string[];
  flags: Map<string, string | true>;
}

/**
 * Minimal, strict flag parsing: `--flag`, `--flag value`, `--flag=value`.
 * Unknown flags are an error, so misspelt options never pass silently in CI.
 */
export function parseArgs(args: string[], spec: { boolean?: string[]; string?: string[] }): ParsedArgs {
  const booleans = new Set(spec.boolean ?? []);
  const strings = new Set(spec.string ?? []);
  const positionals: string[] = [];
  const flags = new Map<string, string | true>();
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === '--') {
      positionals.push(...args.slice(i + 1));
      break;
    }
    if (a.startsWith('--') && a.length > 2) {
      const eq = a.indexOf('=');
      const name = eq === -1 ? a.slice(2) : a.slice(2, eq);
      if (booleans.has(name)) {
        if (eq !== -1) throw new UsageError(`--${name} takes no value`);
        flags.set(name, true);
      } else if (strings.has(name)) {
        const value = eq !== -1 ? a.slice(eq + 1) : args[++i];
        if (value === undefined) throw new UsageError(`--${name} needs a value`);
        flags.set(name, value);
      } else {
        throw new UsageError(`unknown option --${name}`);
      }
    } else {
      positionals.push(a);
    }
  }
  return { positionals, flags };
}
