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
  for (let m; (m = attr.exec(code));) if (/(?:^|[\s,(])version\s*(?:[,)=]|$)/.test(m[1]!)) versionFlag = '--version';
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

/** The attribute text that precedes the field or variant at `at` (back to the previous item's `,` or the opening `{`). */
function attributesBefore(code: string, at: number): string {
  const window = code.slice(Math.max(0, at - 1500), at);
  const cut = Math.max(window.lastIndexOf(',\n'), window.lastIndexOf('{'), window.lastIndexOf(';'));
  return window.slice(cut + 1);
}

/** Whether the enum around `at` derives a clap subcommand (`Subcommand`, or `Parser` on an enum). */
function inSubcommandEnum(code: string, at: number): boolean {
  const before = code.slice(Math.max(0, at - 6000), at);
  const e = before.lastIndexOf('enum ');
  if (e < 0 || before.slice(e).includes('}\n}')) return false;
  return /derive\s*\([^)]*\b(?:Subcommand|Parser)\b[^)]*\)[^;{}]*$/.test(before.slice(Math.max(0, e - 600), e));
}

/** `#[arg(long)]` / `#[arg(long = "name")]` in attribute text: the flag's spelling, or undefined when not a long flag. */
function longFlag(attrText: string, field: string): string | undefined {
  const attrs = [...attrText.matchAll(/#\[\s*(?:arg|clap|structopt)\s*\(([\s\S]*?)\)\s*\]/g)].map((m) => m[1]!);
  for (const a of attrs) {
    const named = /\blong\s*=\s*"([\w-]+)"/.exec(a);
    if (named) return named[1];
    if (/(?:^|[\s,(])long\s*(?:[,)]|$)/.test(a)) return kebab(field);
  }
  return undefined;
}

function completionCommand(code: string): CompletionCommand | undefined {
  if (/\bCompleteEnv\s*::/.test(code)) return { kind: 'env' };
  // Builder API: Command::new("completions") / SubCommand::with_name("completion"), or Arg::new("completions").long(…).
  const builder = /(?:Command::new|SubCommand::with_name|App::new)\s*\(\s*"([\w-]*completions?|complete)"\s*\)/.exec(code);
  if (builder) return { kind: 'args', words: [builder[1]!] };
  const builderArg = /Arg::(?:new|with_name)\s*\(\s*"([\w-]*completions?)"\s*\)[^;]*?\.long\s*\(\s*"([\w-]+)"\s*\)/.exec(code);
  if (builderArg) return { kind: 'args', words: [`--${builderArg[2]}`] };
  // Derive API: a subcommand enum variant named for completions (clap spells it in kebab-case).
  const variant = /\b(\w*Completions?|Complete)\s*(\{[^}]*\}|\(\s*((?:\w+::)*\w+)\s*\))?\s*(?=[,}])/g;
  for (let m; (m = variant.exec(code));) {
    if (!inSubcommandEnum(code, m.index)) continue;
    const renamed = /#\[\s*(?:command|clap)\s*\([^\]]*\bname\s*=\s*"([\w-]+)"/.exec(attributesBefore(code, m.index))?.[1];
    const name = renamed ?? kebab(m[1]!);
    // A tuple variant's arguments are the fields of its Args struct.
    const argsType = m[3]?.split('::').at(-1);
    const body = argsType ? (new RegExp(`struct\\s+${argsType}\\s*(\\{[^}]*\\})`).exec(code)?.[1] ?? '') : (m[2] ?? '');
    // `#[arg(long)] shell: Shell` makes the shell a flag; a bare field is positional.
    const shellField = /(?:pub\s+)?(\w+)\s*:\s*(?:Option\s*<\s*)?(?:clap_complete::)?\w*Shell\b/.exec(body);
    const flag = shellField ? longFlag(attributesBefore(body, shellField.index), shellField[1]!) : undefined;
    return { kind: 'args', words: flag ? [name, `--${flag}`] : [name] };
  }
  // A top-level flag: `#[arg(long)] completions: Option<Shell>` / `gen_completions: Option<String>`.
  const field = /(?:pub\s+)?(\w*completions?\w*)\s*:\s*Option\s*</gi;
  for (let m; (m = field.exec(code));) {
    const flag = longFlag(attributesBefore(code, m.index), m[1]!);
    if (flag) return { kind: 'args', words: [`--${flag}`] };
  }
  return undefined;
}
