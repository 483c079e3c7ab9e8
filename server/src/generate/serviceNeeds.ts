// The module options for what the program needs to run (model/runtimeNeeds.ts):
// a required setting becomes an option without a default (NixOS refuses to
// build the system until it is set), a default found in the code is carried
// over, and each description says where in the code the setting is read.
// Secrets never reach the Nix store: a secret value is read from
// environmentFile (an assertion says which variable is missing), the path of
// a secret file is an option whose file systemd hands over with LoadCredential
// (the program gets %d/<name>). A program that reads a configuration file gets
// `settings` rendered with pkgs.formats.<format> and a `configFile` option.
import type { RootLink } from '../model/rootLinks';
import type { ConfigFileNeed, RuntimeNeed, RuntimeNeeds } from '../model/runtimeNeeds';
import { attrs, call, code, escapeString, int, interpolated, kv, list, name, raw, str, type Code, type Entry, type Nix } from './nixWriter';

export interface ModuleNeed {
  /** services.<name>.<option>. */
  option: string;
  need: RuntimeNeed;
  /** How the value reaches the program. */
  wire: { env: string } | { flag: string } | { positional: true };
  /** The option names a file systemd passes with LoadCredential under this name. */
  credential?: string;
}

/** Links and redirects to the site root, and a base-path setting the program reads (`BASE_URL (src/main.rs:3)`). */
export interface RootLinks {
  links: RootLink[];
  basePathSetting?: string;
}

export interface ModuleNeeds {
  options: ModuleNeed[];
  /** Secret values read from the environment: they go in environmentFile. */
  envFileSecrets: RuntimeNeed[];
  config?: ConfigFileNeed;
}

/** Options the module declares itself: a discovered setting never takes these names. */
const RESERVED = new Set(['enable', 'package', 'listenAddress', 'port', 'environment', 'environmentFile', 'extraArgs', 'openFirewall', 'user', 'group', 'nginx', 'settings', 'configFile']);

const FLAG = /^--?[A-Za-z0-9][A-Za-z0-9_.-]*$/;
const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** `DATABASE_HOST` → databaseHost, `--rp-id` → rpId. */
export function optionName(raw: string): string {
  const words = raw
    .replace(/^-+/, '')
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((w) => w.toLowerCase());
  const s = words.map((w, i) => (i ? w[0]!.toUpperCase() + w.slice(1) : w)).join('');
  return /^[a-z]/.test(s) ? s : `setting${s[0]?.toUpperCase() ?? ''}${s.slice(1)}`;
}

const where = (n: { at: { file: string; line: number } }) => `${n.at.file}:${n.at.line}`;

/** A carrier the module can pass: a valid variable name, a flag, or the first hand-read argument. */
const carrierOk = (c: ConfigFileNeed) => (c.carrier.kind === 'env' ? ENV_NAME.test(c.carrier.name) : c.carrier.kind === 'arg' ? FLAG.test(c.carrier.flag) : c.carrier.index === 1);

const carrierText = (c: ConfigFileNeed) =>
  c.carrier.kind === 'env' ? `the ${c.carrier.name} environment variable` : c.carrier.kind === 'arg' ? `the ${c.carrier.flag} argument` : `its first argument`;

/** Decides the option, wiring and secret handling of each discovered setting. */
export function decideNeeds(needs: RuntimeNeeds, service: string, bin: string): { needs: ModuleNeeds; warnings: string[] } {
  const warnings: string[] = [];
  const options: ModuleNeed[] = [];
  const envFileSecrets: RuntimeNeed[] = [];
  const taken = new Set(RESERVED);
  const pick = (base: string) => {
    let n = base;
    for (let i = 2; taken.has(n); i++) n = `${base}${i}`;
    taken.add(n);
    return n;
  };
  for (const need of needs.items) {
    const envOk = need.kind === 'env' ? ENV_NAME.test(need.name) : !!need.env && ENV_NAME.test(need.env);
    const flagOk = need.kind === 'arg' && (need.positional || FLAG.test(need.name));
    if (!envOk && !flagOk) continue;
    if (need.secret === 'value') {
      // A password or token: never an option (it would be in the store); environmentFile carries it.
      if (envOk) {
        if (need.required) envFileSecrets.push(need);
      } else if (need.required)
        warnings.push(
          `${bin} takes the secret ${need.name} only as a command-line argument (${where(need)}), which every local user can read in the process list: it is not a module option; pass it through extraArgs only if you accept that, or make the program read it from a file or a variable.`,
        );
      continue;
    }
    if (need.secret === 'file') {
      if (!need.required) continue; // the program's own default path is kept.
      if (need.positional) {
        warnings.push(`${bin} takes a secret file as a positional argument (${where(need)}): set it through extraArgs (LoadCredential puts it at $CREDENTIALS_DIRECTORY).`);
        continue;
      }
      const option = pick(optionName(need.kind === 'env' ? need.name.replace(/_?FILE$/i, '_FILE') : need.name));
      const credential = option.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`).replace(/[^a-z0-9-]/g, '');
      options.push({ option, need, wire: need.kind === 'env' ? { env: need.name } : { flag: need.name }, credential });
      continue;
    }
    const option = pick(optionName(need.name));
    const wire: ModuleNeed['wire'] = need.kind === 'env' ? { env: need.name } : need.positional ? { positional: true } : { flag: need.name };
    options.push({ option, need, wire });
  }
  if (needs.configFile) {
    const c = needs.configFile;
    const ok = carrierOk(c);
    if (!ok) warnings.push(`${bin} reads a configuration file (${c.parsedAt.file}:${c.parsedAt.line}) whose path Nixify could not pass: write it yourself and pass it with extraArgs.`);
  }
  for (const n of needs.notes) warnings.push(n);
  const required = options.filter((o) => o.need.required).map((o) => `services.${service}.${o.option}`);
  if (required.length) warnings.push(`${bin} needs settings with no default in its code; the module has options for them that you must set: ${required.join(', ')}.`);
  if (envFileSecrets.length)
    warnings.push(
      `${bin} reads secrets from the environment (${envFileSecrets.map((s) => (s.kind === 'env' ? s.name : s.env)).join(', ')}): put them in services.${service}.environmentFile (the module asserts it is set).`,
    );
  return {
    needs: {
      options,
      envFileSecrets,
      config: needs.configFile && carrierOk(needs.configFile) ? needs.configFile : undefined,
    },
    warnings,
  };
}

const typeCode = (o: ModuleNeed): Code => {
  const n = o.need;
  if (o.credential) return code`lib.types.path`;
  if (n.type === 'int') return /(^|[_-])PORT$/i.test(n.name.replace(/^-+/, '')) ? code`lib.types.port` : code`lib.types.int`;
  if (n.type === 'bool') return code`lib.types.bool`;
  // lib.types.path holds absolute paths only: a relative default (`static`) stays a string.
  if (n.type === 'path' && (n.default === undefined || n.default.startsWith('/'))) return code`lib.types.path`;
  return code`lib.types.str`;
};

function defaultNix(o: ModuleNeed): Nix | undefined {
  const d = o.need.default;
  if (o.need.required || d === undefined) return undefined;
  const t = typeCode(o);
  if ((t === 'lib.types.int' || t === 'lib.types.port') && /^\d+$/.test(d) && Number.isSafeInteger(Number(d))) return raw(int(Number(d)));
  if (t === 'lib.types.bool' && (d === 'true' || d === 'false')) return raw(d);
  if (t === 'lib.types.int' || t === 'lib.types.port' || t === 'lib.types.bool') return undefined;
  return str(d);
}

function describe(o: ModuleNeed, bin: string): string {
  const n = o.need;
  const help = n.help ? `${n.help.trim().replace(/\.?$/, '.')} ` : '';
  const carrier = 'env' in o.wire ? `the ${o.wire.env} environment variable` : 'flag' in o.wire ? `the ${o.wire.flag} argument` : 'a positional argument';
  if (o.credential) {
    return `${help}Path of a file holding a secret ${bin} reads (${where(n)}: ${n.via}). Give it as a string outside the Nix store ("/run/secrets/${o.credential}"): systemd hands the file to the service with LoadCredential, and ${bin} gets its private copy through ${carrier}.`;
  }
  const state = n.required ? `Required: ${bin} has no default for it` : `Defaults to the value in ${bin}'s code`;
  return `${help}${state} (${where(n)}: ${n.via}). Passed as ${carrier}.`;
}

export function needLets(m: { needs: ModuleNeeds }): Entry[] {
  const c = m.needs.config;
  if (!c) return [];
  return [kv('settingsFormat', raw(c.format === 'toml' ? 'pkgs.formats.toml { }' : c.format === 'yaml' ? 'pkgs.formats.yaml { }' : 'pkgs.formats.json { }'))];
}

export function needOptions(m: { name: string; bin: string; needs: ModuleNeeds }): Entry[] {
  const out: Entry[] = [];
  for (const o of m.needs.options) {
    const d = defaultNix(o);
    out.push(
      kv(
        name(o.option),
        call(
          'lib.mkOption',
          attrs([
            kv('type', raw(o.credential ? code`lib.types.path` : typeCode(o))),
            ...(d ? [kv('default', d)] : []),
            ...(o.credential ? [kv('example', str(`/run/secrets/${o.credential}`))] : []),
            kv('description', str(describe(o, m.bin))),
          ]),
        ),
      ),
    );
  }
  const c = m.needs.config;
  if (c) {
    const ext = c.format;
    const carrier = carrierText(c);
    const keys = c.requiredKeys.length ? ` The keys it has no default for: ${c.requiredKeys.join(', ')}.` : '';
    out.push(
      kv(
        'settings',
        call(
          'lib.mkOption',
          attrs([
            kv('type', raw('settingsFormat.type')),
            kv('default', attrs([])),
            kv(
              'description',
              str(
                `${m.bin}'s configuration, written to a ${ext.toUpperCase()} file in the Nix store (parsed at ${c.parsedAt.file}:${c.parsedAt.line}; its path is read at ${c.at.file}:${c.at.line}).${keys} Keep secrets out of it: the store is world-readable.`,
              ),
            ),
          ]),
        ),
      ),
      kv(
        'configFile',
        call(
          'lib.mkOption',
          attrs([
            kv('type', raw('lib.types.path')),
            kv(
              'default',
              raw(
                c.listen
                  ? code`settingsFormat.generate ${escapeString(`${m.name}.${ext}`)} ({ ${name(c.listen.key)} = ${c.listen.form === 'socket' ? code`hostPort` : code`cfg.port`}; } // cfg.settings)`
                  : code`settingsFormat.generate ${escapeString(`${m.name}.${ext}`)} cfg.settings`,
              ),
              c.listen ? `${c.listen.key}: where ${m.bin} listens, from listenAddress and port (settings can override it).` : undefined,
            ),
            kv('defaultText', call('lib.literalExpression', str(`a ${ext.toUpperCase()} file made from services.${m.name}.settings`))),
            kv('description', str(`The configuration file ${m.bin} reads, passed as ${carrier}. Give a path as a string outside the store to use a file with secrets instead of settings.`)),
          ]),
        ),
      ),
    );
  }
  return out;
}

/** How an option's value becomes text for systemd. */
function valueCode(o: ModuleNeed): Code {
  const ref = code`cfg.${name(o.option)}`;
  const t = typeCode(o);
  if (t === 'lib.types.str') return ref;
  if (t === 'lib.types.bool') return code`lib.boolToString ${ref}`;
  return code`toString ${ref}`;
}

/** Environment entries: plain settings, secret files at their credential path, the config file. */
export function needEnv(m: { needs: ModuleNeeds }): Entry[] {
  const out: Entry[] = [];
  for (const o of m.needs.options) {
    if (!('env' in o.wire)) continue;
    if (o.credential) out.push(kv(name(o.wire.env), str(`%d/${o.credential}`), 'systemd replaces %d with the service credentials directory.'));
    else out.push(kv(name(o.wire.env), raw(valueCode(o))));
  }
  const c = m.needs.config;
  if (c?.carrier.kind === 'env') out.push(kv(name(c.carrier.name), raw('toString cfg.configFile')));
  return out;
}

/** Arguments a program reads by position (`env::args().nth(1)`): first on the command line, in order. */
export function needArgsFirst(m: { needs: ModuleNeeds }): Nix[] {
  const c = m.needs.config;
  const byIndex = new Map<number, Nix>();
  if (c?.carrier.kind === 'argv') byIndex.set(c.carrier.index, raw('toString cfg.configFile'));
  for (const o of m.needs.options) if (o.need.argv !== undefined) byIndex.set(o.need.argv, raw(valueCode(o)));
  const out: Nix[] = [];
  for (let i = 1; byIndex.has(i); i++) out.push(byIndex.get(i)!);
  return out;
}

/** Command-line arguments: flags with their values, then positional ones (credential paths are added to ExecStart unquoted, see execStartSuffix). */
export function needArgs(m: { needs: ModuleNeeds }): Nix[] {
  const out: Nix[] = [];
  const c = m.needs.config;
  if (c?.carrier.kind === 'arg') out.push(str(c.carrier.flag), raw('toString cfg.configFile'));
  for (const o of m.needs.options) if ('flag' in o.wire && !o.credential) out.push(str(o.wire.flag), raw(valueCode(o)));
  for (const o of m.needs.options) if ('positional' in o.wire && o.need.argv === undefined) out.push(raw(valueCode(o)));
  return out;
}

/** ` --password-file %d/password-file`: after the escaped arguments, so systemd expands %d. Flags are checked against FLAG. */
export function execStartSuffix(m: { needs: ModuleNeeds }): string {
  return m.needs.options
    .filter((o) => o.credential && 'flag' in o.wire)
    .map((o) => ` ${(o.wire as { flag: string }).flag} %d/${o.credential}`)
    .join('');
}

export function loadCredential(m: { needs: ModuleNeeds }): Nix | undefined {
  const creds = m.needs.options.filter((o) => o.credential);
  if (!creds.length) return undefined;
  return list(creds.map((o) => raw(interpolated([`${o.credential}:`, ''], [code`toString cfg.${name(o.option)}`]))));
}

export function needAssertions(m: { name: string; bin: string; needs: ModuleNeeds }): Nix[] {
  const out: Nix[] = [];
  for (const o of m.needs.options.filter((x) => x.credential)) {
    const ref = code`cfg.${name(o.option)}`;
    out.push(
      attrs([
        kv('assertion', raw(code`!(builtins.isPath ${ref}) && !(lib.hasPrefix builtins.storeDir (toString ${ref}))`)),
        kv('message', str(`services.${m.name}.${o.option} must be a path outside the Nix store, given as a string ("/run/secrets/${o.credential}"): it names a secret file.`)),
      ]),
    );
  }
  if (m.needs.envFileSecrets.length) {
    const names = m.needs.envFileSecrets.map((s) => (s.kind === 'env' ? s.name : s.env!));
    out.push(
      attrs([
        kv('assertion', raw('cfg.environmentFile != null')),
        kv(
          'message',
          str(
            `services.${m.name}.environmentFile must be set: ${m.bin} needs the secret${names.length > 1 ? 's' : ''} ${names.join(', ')} (${m.needs.envFileSecrets.map((s) => where(s)).join(', ')}), which it reads from the environment; put ${names.map((n) => `${n}=…`).join(' and ')} in that file.`,
          ),
        ),
      ]),
    );
  }
  return out;
}

/**
 * What the VM test sets so the service can start: a stand-in value for every
 * required option, stand-in secret files under /etc (not the store path the
 * assertions refuse), and an environmentFile with the secret variables.
 */
export function vmTestNeeds(m: { name: string; needs: ModuleNeeds }): { service: Entry[]; machine: Entry[] } {
  const service: Entry[] = [];
  const etc: Entry[] = [];
  const dir = `nixify-test/${m.name}`;
  for (const o of m.needs.options) {
    if (!o.need.required) continue;
    if (o.credential) {
      service.push(kv(name(o.option), str(`/etc/${dir}/${o.credential}`)));
      etc.push(kv(escapeString(`${dir}/${o.credential}`), attrs([kv('text', str('test-secret'))])));
      continue;
    }
    const t = typeCode(o);
    if (t === 'lib.types.port') service.push(kv(name(o.option), raw(int(8081))));
    else if (t === 'lib.types.int') service.push(kv(name(o.option), raw(int(1))));
    else if (t === 'lib.types.bool') service.push(kv(name(o.option), raw('false')));
    else if (t === 'lib.types.path') service.push(kv(name(o.option), str(`/var/lib/${m.name}`)));
    else service.push(kv(name(o.option), str('test')));
  }
  if (m.needs.envFileSecrets.length) {
    service.push(kv('environmentFile', str(`/etc/${dir}/env`)));
    etc.push(kv(escapeString(`${dir}/env`), attrs([kv('text', str(m.needs.envFileSecrets.map((s) => `${s.kind === 'env' ? s.name : s.env}=test-secret\n`).join('')))])));
  }
  const c = m.needs.config;
  if (c?.requiredKeys.length) service.push(kv('settings', attrs(c.requiredKeys.map((k) => kv(name(k), str('test'))))));
  return { service, machine: etc.length ? [kv('environment.etc', attrs(etc))] : [] };
}

/** What to say about root-absolute links, naming the first places and the way out. */
export function rootLinkMessage(bin: string, r: RootLinks): string {
  const shown = r.links
    .slice(0, 3)
    .map((l) => `${l.file}:${l.line} ${l.text}`)
    .join(', ');
  const more = r.links.length > 3 ? ` and ${r.links.length - 3} more` : '';
  const fix = r.basePathSetting
    ? `set its base path (${r.basePathSetting} looks like that setting) to the nginx path with stripPrefix = false`
    : 'serve it at / (a virtual host of its own) or teach it a base path (stripPrefix cannot help: with it those links leave the path, without it the app sees paths it does not route)';
  return `${bin} emits links that start at the site root (${shown}${more}), which leave a sub-path: ${fix}`;
}
