// What the program's own code says about its command line, for a nixpkgs
// package: whether `--version` prints the version (versionCheckHook can then
// run it after install), and how it prints shell completions with
// clap_complete (installShellCompletion can then install them). Read from the
// binary's sources with comments removed; nothing is guessed: a form this does
// not recognise gives no hook and a note for the person.
import type { CargoManifest } from '../model/types';

export interface RustFile {
  path: string;
  text: string;
}

/** How the installed program prints a completion script for a shell. */
export type CompletionCommand =
  /** `prog <words…> <shell>` (a subcommand with the shell as its argument, or a `--flag <shell>`). */
  | { kind: 'args'; words: string[] }
  /** clap_complete's dynamic completions: `COMPLETE=<shell> prog`. */
  | { kind: 'env' };

export interface CliSignals {
  /** `--version` prints the Cargo version: clap's `version` attribute, `.version(…)`, `command!()`, structopt, or a hand-parsed "--version". */
  versionFlag?: string;
  completions?: CompletionCommand;
  /** Why something was left out (for the warnings). */
  notes: string[];
}

/** Comments removed, so a commented-out attribute is not taken for code. */
function stripComments(text: string): string {
  return text.replace(/\/\*[\s\S]*?\*\//g, ' ').replace(/(^|[^:"'])\/\/[^\n]*/g, '$1');
}

const kebab = (s: string) =>
  s
    .replace(/([a-z0-9])([A-Z])/g, '$1-$2')
    .replace(/_/g, '-')
    .toLowerCase();

const uses = (m: CargoManifest, crate: string, kinds: string[] = ['normal']) => m.dependencies.some((d) => d.package === crate && kinds.includes(d.kind));

export function cliSignals(member: CargoManifest, files: RustFile[]): CliSignals {
  const notes: string[] = [];
  const code = files.map((f) => stripComments(f.text)).join('\n');
  let versionFlag: string | undefined;
  const attr = /#\[\s*(?:command|clap)\s*\(([^\]]*)\)\s*\]/g;
  for (let m; (m = attr.exec(code)); ) if (/(?:^|[\s,(])version\s*(?:[,)=]|$)/.test(m[1]!)) versionFlag = '--version';
  if (!versionFlag && /\.version\s*\(|\bcrate_version!\s*\(|\bcommand!\s*\(\s*\)/.test(code) && uses(member, 'clap')) versionFlag = '--version';
  // structopt adds --version from Cargo.toml unless told not to.
  if (!versionFlag && uses(member, 'structopt') && /derive\([^)]*StructOpt/.test(code) && !/no_version/.test(code)) versionFlag = '--version';
  if (!versionFlag && /"--version"/.test(code) && /env!\s*\(\s*"CARGO_PKG_VERSION"\s*\)/.test(code)) versionFlag = '--version';

  let completions: CompletionCommand | undefined;
  if (uses(member, 'clap_complete') || uses(member, 'clap_complete_command')) {
    completions = completionCommand(code);
    if (!completions) notes.push('the program uses clap_complete, but no completions subcommand or flag was recognised: install its completions with installShellCompletion by hand.');
  } else if (uses(member, 'clap_complete', ['build'])) {
    notes.push('clap_complete runs in build.rs: the completions are generated into OUT_DIR; install them with installShellCompletion from there by hand.');
  }
  return { versionFlag, completions, notes };
}

function completionCommand(code: string): CompletionCommand | undefined {
  if (/\bCompleteEnv\s*::/.test(code)) return { kind: 'env' };
  // Builder API: Command::new("completions") / SubCommand::with_name("completion").
  const builder = /(?:Command::new|SubCommand::with_name|App::new)\s*\(\s*"((?:generate-|gen-)?completions?|complete|shell-completions?)"\s*\)/.exec(code);
  if (builder) return { kind: 'args', words: [builder[1]!] };
  // Derive API: a Subcommand enum variant named for completions (clap renames it to kebab-case).
  const variant = /(?:#\[\s*(?:command|clap)\s*\(\s*name\s*=\s*"([\w-]+)"[^\]]*\)\s*\]\s*)?\b((?:Generate|Gen|Shell)?Completions?|Complete)\s*(\{[^}]*\}|\(\s*(\w+)\s*\))?\s*(?=[,}])/g;
  for (let m; (m = variant.exec(code)); ) {
    const before = code.slice(Math.max(0, m.index - 4000), m.index);
    const enumStart = before.lastIndexOf('enum ');
    if (enumStart < 0 || !/derive\([^)]*Subcommand/.test(before.slice(Math.max(0, enumStart - 400), enumStart))) continue;
    const name = m[1] ?? kebab(m[2]!);
    // A tuple variant's arguments are the fields of its Args struct.
    const body = m[3]?.startsWith('(') && m[4] ? (new RegExp(`struct\\s+${m[4]}\\s*(\\{[^}]*\\})`).exec(code)?.[1] ?? '') : (m[3] ?? '');
    // `#[arg(long)] shell: Shell` makes the shell a flag; a bare field is positional.
    const flag = /#\[\s*(?:arg|clap)\s*\([^\]]*\blong\b[^\]]*\)\s*\]\s*(?:pub\s+)?(\w+)\s*:\s*(?:Option\s*<\s*)?(?:clap_complete::)?(?:Shell|\w*Shell)\b/.exec(body);
    return { kind: 'args', words: flag ? [name, `--${kebab(flag[1]!)}`] : [name] };
  }
  // A top-level flag: `#[arg(long)] completions: Option<Shell>` / `generate_completions`.
  const field = /#\[\s*(?:arg|clap)\s*\(([^\]]*)\)\s*\]\s*(?:pub\s+)?(\w*completions?\w*)\s*:\s*Option\s*<\s*(?:clap_complete::)?(?:Shell|\w*Shell)\s*>/i.exec(code);
  if (field && /\blong\b/.test(field[1]!)) {
    const long = /\blong\s*=\s*"([\w-]+)"/.exec(field[1]!)?.[1] ?? kebab(field[2]!);
    return { kind: 'args', words: [`--${long}`] };
  }
  return undefined;
}
