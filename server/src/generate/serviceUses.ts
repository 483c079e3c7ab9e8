// The parts of the NixOS module that follow what the program uses of the
// system (model/runtimeUses.ts): /proc visibility, address families, the
// folders it writes, and its database — a sqlite file kept in the
// StateDirectory it starts in, or a PostgreSQL server it is ordered after,
// created locally by default and reached over the Unix socket with peer
// authentication, so no password is ever written into the Nix store.
import { becauseText, sqliteAbsolute, type Because, type RuntimeUses } from '../model/runtimeUses';
import { attrs, call, code, interpolated, kv, list, raw, str, type Entry, type Nix } from './nixWriter';
import type { ServiceModel } from './service';

const reasons = (bs: Because[], max = 3) => bs.slice(0, max).map(becauseText).join(', ') + (bs.length > max ? ', …' : '');

/** Decides what the uses change in the model; returns warnings for the person. */
export function applyRuntimeUses(m: ServiceModel, uses: RuntimeUses): string[] {
  m.uses = uses;
  const warnings: string[] = [];
  // A program that writes relative paths (a sqlite file `app.db`) must start in its StateDirectory, not in the read-only store.
  const writesHere = uses.writesRelative.length > 0;
  if (writesHere && m.assets.chdir) {
    m.assets.chdir = false;
    m.assets.bound = true;
    warnings.push(
      `${m.bin} writes relative paths (${uses.writesRelative
        .slice(0, 2)
        .map((r) => `${r.file}:${r.line}`)
        .join(', ')}) and reads relative asset folders: it starts in /var/lib/${m.name} (writable) and the asset folders are mounted there read-only (BindReadOnlyPaths).`,
    );
  }
  if (uses.procfs.length) warnings.push(`${m.bin} reads system-wide /proc files (${reasons(uses.procfs)}): ProcSubset is left at all.`);
  if (uses.processes.length) warnings.push(`${m.bin} lists other processes (${reasons(uses.processes)}): ProtectProc is default, so it sees them.`);
  if (uses.netlink.length) warnings.push(`${m.bin} opens netlink sockets (${reasons(uses.netlink)}): AF_NETLINK is allowed.`);
  const pg = uses.postgres;
  if (pg && !pg.env)
    warnings.push(
      `${m.bin} talks to PostgreSQL (${pg.crate}) but no variable naming the connection was found: the unit is ordered after postgresql.service; pass the connection with environment or environmentFile.`,
    );
  if (uses.sqlite?.path && !uses.sqlite.env && sqliteAbsolute(uses.sqlite.path))
    warnings.push(`${m.bin} opens the sqlite database ${uses.sqlite.path}${uses.sqlite.at ? ` (${uses.sqlite.at.file}:${uses.sqlite.at.line})` : ''}, an absolute path: the unit may write there.`);
  return warnings;
}

/** ProtectProc / ProcSubset as the program's /proc reads allow. */
export function procEntries(m: ServiceModel): Entry[] {
  const u = m.uses;
  const out: Entry[] = [];
  if (u?.processes.length) out.push(kv('ProtectProc', str('default'), `It lists other processes (${reasons(u.processes)}).`));
  else out.push(kv('ProtectProc', str('invisible')));
  if (u?.procfs.length) out.push({ comment: `No ProcSubset = "pid": it reads system-wide /proc files (${reasons(u.procfs)}), which that hides.` });
  else out.push(kv('ProcSubset', str('pid')));
  return out;
}

export function addressFamilies(m: ServiceModel): Entry {
  const u = m.uses;
  const families = [str('AF_INET'), str('AF_INET6'), str('AF_UNIX')];
  const why = [`AF_UNIX: ${u?.unix.length ? reasons(u.unix) : 'database sockets'} and the journal`];
  if (u?.postgres) why[0] = `AF_UNIX: the PostgreSQL socket and the journal`;
  if (u?.netlink.length) {
    families.push(str('AF_NETLINK'));
    why.push(`AF_NETLINK: ${reasons(u.netlink)}`);
  }
  return kv('RestrictAddressFamilies', list(families), `${why.join('; ')}.`);
}

/** Extra StateDirectory/CacheDirectory/LogsDirectory/RuntimeDirectory names and ReadWritePaths for absolute paths it writes. */
export function writableEntries(m: ServiceModel): { state: string[]; entries: Entry[] } {
  const u = m.uses;
  const dirs: Record<string, Set<string>> = { StateDirectory: new Set(), CacheDirectory: new Set(), LogsDirectory: new Set(), RuntimeDirectory: new Set() };
  const other = new Map<string, string>();
  for (const w of u?.writes ?? []) {
    const mm = /^\/(var\/lib|var\/cache|var\/log|run)\/([A-Za-z0-9._-]+)(?:\/|$)/.exec(w.path);
    if (mm) {
      const key = { 'var/lib': 'StateDirectory', 'var/cache': 'CacheDirectory', 'var/log': 'LogsDirectory', run: 'RuntimeDirectory' }[mm[1]!]!;
      if (!(key === 'StateDirectory' && mm[2] === m.name)) dirs[key]!.add(mm[2]!);
    } else {
      const dir = w.path.endsWith('/') ? w.path.slice(0, -1) : w.path.slice(0, w.path.lastIndexOf('/')) || '/';
      if (/^[A-Za-z0-9._/-]+$/.test(dir) && dir !== '/' && !other.has(dir)) other.set(dir, `${w.at.file}:${w.at.line}`);
    }
  }
  const entries: Entry[] = [];
  const names = (key: string) => list([...dirs[key]!].map((d) => str(d)));
  if (dirs.CacheDirectory!.size) entries.push(kv('CacheDirectory', names('CacheDirectory'), `${m.bin} writes under /var/cache.`));
  if (dirs.LogsDirectory!.size) entries.push(kv('LogsDirectory', names('LogsDirectory'), `${m.bin} writes under /var/log.`));
  if (dirs.RuntimeDirectory!.size) entries.push(kv('RuntimeDirectory', names('RuntimeDirectory'), `${m.bin} writes under /run.`));
  if (other.size)
    entries.push(kv('ReadWritePaths', list([...other.keys()].map((d) => str(`-${d}`))), `${m.bin} writes there (${[...other.values()].join(', ')}); "-": no error when the folder does not exist.`));
  if (m.assets.bound)
    entries.push(
      kv(
        'BindReadOnlyPaths',
        list(
          m.assets.installed
            .filter((a) => !a.env)
            .map((a) => {
              const leaf = a.dir.split('/').pop()!;
              return raw(interpolated(['', `/share/${m.pname}/${leaf}:/var/lib/${m.name}/${leaf}`], [code`cfg.package`]));
            }),
        ),
        'The asset folders it reads by relative path, in the writable folder it starts in.',
      ),
    );
  return { state: [...dirs.StateDirectory!], entries };
}

// ---------------------------------------------------------------- PostgreSQL

export const usesPostgres = (m: ServiceModel) => !!m.uses?.postgres;

export function databaseOptions(m: ServiceModel): Entry[] {
  const pg = m.uses?.postgres;
  if (!pg) return [];
  const carrier = pg.env ? `${pg.env}${pg.at ? ` (read at ${pg.at.file}:${pg.at.line})` : ''}` : 'the connection setting';
  return [
    kv(
      'database.createLocally',
      call(
        'lib.mkOption',
        attrs([
          kv('type', raw('lib.types.bool')),
          kv('default', raw('true')),
          kv(
            'description',
            str(
              `Create a PostgreSQL database and role named after the service user on this machine (services.postgresql), reached over its Unix socket with peer authentication: no password. ${m.bin} uses PostgreSQL through ${pg.crate}. Set it to false to use another server and put ${carrier} with its password in environmentFile (never in the Nix store).`,
            ),
          ),
        ]),
      ),
    ),
  ];
}

/** The connection string for the local database, when the program reads one from a variable. */
export function databaseEnv(m: ServiceModel): { env: string; value: Nix } | undefined {
  const pg = m.uses?.postgres;
  if (!pg?.env) return undefined;
  return { env: pg.env, value: raw('"postgresql:///${cfg.user}?host=/run/postgresql&user=${cfg.user}"') };
}

export function databaseAssertions(m: ServiceModel): Nix[] {
  const pg = m.uses?.postgres;
  if (!pg) return [];
  return [
    attrs([
      kv('assertion', raw('cfg.database.createLocally || cfg.environmentFile != null')),
      kv(
        'message',
        str(
          `services.${m.name}.database.createLocally is false: set services.${m.name}.environmentFile to a file with ${pg.env ?? 'the connection string'}=postgresql://user:password@host/db (it holds a password, so it stays out of the Nix store).`,
        ),
      ),
    ]),
  ];
}

/** services.postgresql for the local database: one database owned by the role of the same name (ensureDBOwnership needs the names equal). */
export function databaseConfig(m: ServiceModel): Entry[] {
  if (!m.uses?.postgres) return [];
  return [
    kv(
      'services.postgresql',
      call(
        'lib.mkIf',
        raw('cfg.database.createLocally'),
        attrs([kv('enable', raw('true')), kv('ensureDatabases', list([raw('cfg.user')])), kv('ensureUsers', list([attrs([kv('name', raw('cfg.user')), kv('ensureDBOwnership', raw('true'))])]))]),
      ),
      'Peer authentication: the service user is the database role.',
    ),
  ];
}

/** after/requires postgresql.service when the database is on this machine. */
export function databaseOrdering(m: ServiceModel): { after: Nix; requires?: Entry } {
  if (!m.uses?.postgres) return { after: list([str('network-online.target')]) };
  return {
    after: raw('[ "network-online.target" ] ++ lib.optional cfg.database.createLocally "postgresql.service"'),
    requires: kv('requires', raw('lib.optional cfg.database.createLocally "postgresql.service"'), 'Its database runs on this machine: start after it, stop with it.'),
  };
}
