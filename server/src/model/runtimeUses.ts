// What the running program uses of the system, so the unit's hardening and
// ordering fit it instead of a fixed list: system-wide /proc readers (a
// sysinfo monitor needs /proc/stat and /proc/meminfo, which ProcSubset=pid
// hides; a process list needs other processes, which ProtectProc=invisible
// hides), netlink (interface and route queries), Unix sockets, the databases
// it talks to (sqlite files and where they live, a PostgreSQL server and the
// variable holding its connection string) and the files it writes.
// From the crates the release build compiles (or the direct dependencies
// without a lock) and the member's sources with comments blanked.
import { lexRust, type RustSourceFile, type SourceRef } from './rustSource';
import type { CargoManifest } from './types';

export interface Because {
  /** A crate name, or a source location's text. */
  what: string;
  at?: SourceRef;
}

export interface SqliteUse {
  crate: string;
  /** The file the program opens when nothing says otherwise, as written (`app.db`, `sqlite://data/app.db`). */
  path?: string;
  /** The variable the program reads the database location from (DATABASE_URL, SQLITE_PATH), when found. */
  env?: string;
  at?: SourceRef;
}

export interface PostgresUse {
  crate: string;
  /** The variable holding the connection string (DATABASE_URL, POSTGRES_URL), when found. */
  env?: string;
  at?: SourceRef;
}

export interface RuntimeUses {
  /** Reads system-wide /proc files (stat, meminfo, loadavg…): ProcSubset must stay `all`. */
  procfs: Because[];
  /** Lists or inspects other processes: ProtectProc must leave them visible. */
  processes: Because[];
  /** Opens netlink sockets (interfaces, routes, addresses). */
  netlink: Because[];
  /** Opens or listens on Unix sockets (D-Bus, a database socket, its own control socket). */
  unix: Because[];
  sqlite?: SqliteUse;
  postgres?: PostgresUse;
  /** Absolute paths it writes (files or folders), for StateDirectory and friends or ReadWritePaths. */
  writes: { path: string; at: SourceRef }[];
  /** It writes relative paths: the working directory must be writable (the StateDirectory). */
  writesRelative: SourceRef[];
}

/** A crate the build compiles, with the chain it came through and its features. */
export interface UsedCrate {
  name: string;
  features: ReadonlySet<string>;
}

const PROCFS = /^(sysinfo|procfs|procfs-core|psutil|sys-info|systemstat|heim|heim-.*|sysinfo-.*|proc-maps|procinfo)$/;
const NETLINK =
  /^(netlink-sys|netlink-proto|netlink-packet-route|netlink-packet-core|rtnetlink|neli|if-watch|if-addrs|get_if_addrs|local-ip-address|network-interface|netdev|default-net|wireguard-control|nl80211|ethtool|mnl|nftnl)$/;
const UNIX = /^(zbus|dbus|dbus-tokio|hyperlocal|tokio-unix-ipc|interprocess|sd-notify|systemd|libsystemd|tracing-journald|systemd-journal-logger|syslog|parity-tokio-ipc)$/;
/** Crates that talk to PostgreSQL, or (sqlx, diesel, sea-orm) do when a feature says so. */
const POSTGRES = /^(postgres|tokio-postgres|deadpool-postgres|bb8-postgres|r2d2_postgres|sqlx-postgres|postgres-openssl|postgres-native-tls)$/;
const SQLITE = /^(rusqlite|libsqlite3-sys|sqlx-sqlite|sqlite|sqlite3-sys|tokio-rusqlite|r2d2_sqlite|deadpool-sqlite|async-sqlite|limbo)$/;
const featureDb = (c: UsedCrate, db: 'postgres' | 'sqlite'): boolean =>
  (c.name === 'sqlx' || c.name === 'diesel' || c.name === 'sea-orm' || c.name === 'sqlx-core') &&
  [...c.features].some((f) => (db === 'postgres' ? /^(postgres|sqlx-postgres|postgresql)$/.test(f) : /^(sqlite|sqlx-sqlite|returning_clauses_for_sqlite_3_35)$/.test(f)));

interface Lexed {
  path: string;
  code: string;
  lines: number[];
}

function lex(files: RustSourceFile[]): Lexed[] {
  return files.map((f) => {
    const { code } = lexRust(f.text);
    const lines = [0];
    for (let i = 0; i < code.length; i++) if (code[i] === '\n') lines.push(i + 1);
    return { path: f.path, code, lines };
  });
}

function at(f: Lexed, index: number): SourceRef {
  let lo = 0;
  let hi = f.lines.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (f.lines[mid]! <= index) lo = mid;
    else hi = mid - 1;
  }
  const end = f.code.indexOf('\n', f.lines[lo]!);
  return { file: f.path, line: lo + 1, text: f.code.slice(f.lines[lo]!, end < 0 ? undefined : end).trim() };
}

/** The lines of test modules (`#[cfg(test)] mod … { … }`) are not the running program. */
function testRanges(code: string): [number, number][] {
  const out: [number, number][] = [];
  for (const m of code.matchAll(/#\[cfg\(test\)\]\s*(?:pub\s+)?mod\s+\w+\s*\{/g)) {
    let depth = 0;
    for (let i = m.index + m[0].length - 1; i < code.length; i++) {
      if (code[i] === '{') depth++;
      else if (code[i] === '}' && --depth === 0) {
        out.push([m.index, i]);
        break;
      }
    }
  }
  return out;
}

function* matches(files: Lexed[], re: RegExp): Generator<{ f: Lexed; m: RegExpMatchArray }> {
  for (const f of files) {
    const tests = testRanges(f.code);
    for (const m of f.code.matchAll(re)) if (!tests.some(([a, b]) => m.index! >= a && m.index! <= b)) yield { f, m };
  }
}

const DB_FILE = /^(?:sqlite:(?:\/\/)?)?([^"?:]*\.(?:db|sqlite3?|db3))(?:\?[^"]*)?$/;

/** The variable a connection string or database path is read from: env::var("X"), env!-less clap `env = "X"`, dotenv-style lookups. */
function dbEnv(files: Lexed[], kind: 'postgres' | 'sqlite'): { name: string; at: SourceRef } | undefined {
  const names = /^(DATABASE_URL|DB_URL|[A-Z0-9_]*(?:DATABASE|POSTGRES|PG|DB|SQLITE)[A-Z0-9_]*(?:URL|URI|DSN|PATH|FILE|CONNECTION(?:_STRING)?))$/;
  const found: { name: string; at: SourceRef }[] = [];
  for (const { f, m } of matches(files, /\b(?:env::var(?:_os)?|var(?:_os)?|env)\s*\(\s*"([A-Z][A-Z0-9_]*)"|\benv\s*=\s*"([A-Z][A-Z0-9_]*)"/g)) {
    const n = m[1] ?? m[2]!;
    if (names.test(n)) found.push({ name: n, at: at(f, m.index!) });
  }
  const rank = (n: string) => (n === 'DATABASE_URL' ? 0 : 10) + (kind === 'postgres' ? (/POSTGRES|PG/.test(n) ? 0 : /SQLITE/.test(n) ? 9 : 1) : /SQLITE/.test(n) ? 0 : /POSTGRES|PG/.test(n) ? 9 : 1);
  return found.sort((a, b) => rank(a.name) - rank(b.name))[0];
}

export function analyzeRuntimeUses(member: CargoManifest, sources: RustSourceFile[], compiled?: () => Iterable<UsedCrate>): RuntimeUses {
  const crates: UsedCrate[] = [];
  let fromBuild = false;
  if (compiled)
    try {
      for (const c of compiled()) crates.push(c);
      fromBuild = true;
    } catch {
      /* the direct dependencies below */
    }
  if (!fromBuild) for (const d of member.dependencies) if (d.kind !== 'dev' && d.kind !== 'build') crates.push({ name: d.package, features: new Set(d.features) });
  const files = lex(sources);
  const uses: RuntimeUses = { procfs: [], processes: [], netlink: [], unix: [], writes: [], writesRelative: [] };
  for (const c of crates) {
    if (PROCFS.test(c.name)) uses.procfs.push({ what: c.name });
    if (NETLINK.test(c.name)) uses.netlink.push({ what: c.name });
    if (UNIX.test(c.name)) uses.unix.push({ what: c.name });
    if (!uses.postgres && (POSTGRES.test(c.name) || featureDb(c, 'postgres'))) uses.postgres = { crate: c.name };
    if (!uses.sqlite && (SQLITE.test(c.name) || featureDb(c, 'sqlite'))) uses.sqlite = { crate: c.name };
  }
  // Sources: literal /proc files, process listings, netlink and Unix sockets by name.
  for (const { f, m } of matches(files, /"\/proc\/(?:stat|meminfo|loadavg|cpuinfo|uptime|vmstat|diskstats|mounts|net\/[\w/]+|pressure\/\w+|sys\/[\w/]+)"/g))
    uses.procfs.push({ what: m[0], at: at(f, m.index!) });
  if (uses.procfs.length)
    for (const { f, m } of matches(files, /\b(?:new_all|refresh_all|refresh_processes(?:_specifics)?|processes|all_processes|process_by_name|processes_by_(?:exact_)?name|pids)\s*\(/g)) {
      uses.processes.push({ what: m[0].replace(/\s*\($/, ''), at: at(f, m.index!) });
      break;
    }
  for (const { f, m } of matches(files, /\b(?:AF_NETLINK|AddressFamily::Netlink|NETLINK_ROUTE|SockProtocol::Netlink\w*)\b/g)) uses.netlink.push({ what: m[0], at: at(f, m.index!) });
  for (const { f, m } of matches(files, /\b(?:UnixListener|UnixStream|UnixDatagram|AF_UNIX|AddressFamily::Unix)\b/g)) {
    uses.unix.push({ what: m[0], at: at(f, m.index!) });
    break;
  }
  // Databases: the file a sqlite program opens by default and the variable that moves it; the variable holding a PostgreSQL URL.
  if (uses.sqlite) {
    for (const { f, m } of matches(files, /"((?:sqlite:(?:\/\/)?)?[^"\s?:]*\.(?:db|sqlite3?|db3)(?:\?[^"]*)?)"/g)) {
      const p = DB_FILE.exec(m[1]!);
      if (!p) continue;
      uses.sqlite.path = m[1]!;
      uses.sqlite.at = at(f, m.index!);
      break;
    }
    const e = dbEnv(files, 'sqlite');
    if (e) {
      uses.sqlite.env = e.name;
      uses.sqlite.at ??= e.at;
    }
  }
  if (uses.postgres) {
    const e = dbEnv(files, 'postgres');
    if (e) {
      uses.postgres.env = e.name;
      uses.postgres.at = e.at;
    }
  }
  // Files it writes: absolute targets (for StateDirectory-style folders or ReadWritePaths), and whether relative ones exist.
  const writers = /\b(?:fs::write|File::create|create_dir_all|create_dir|OpenOptions::new\(\)[^;]*?\.open|tokio::fs::write|rename|copy)\s*\(\s*"([^"]+)"/g;
  for (const { f, m } of matches(files, writers)) {
    const p = m[1]!;
    if (p.startsWith('/')) {
      if (!p.startsWith('/tmp/') && !p.startsWith('/dev/') && !p.startsWith('/proc/')) uses.writes.push({ path: p, at: at(f, m.index!) });
    } else uses.writesRelative.push(at(f, m.index!));
  }
  if (uses.sqlite?.path && !sqliteAbsolute(uses.sqlite.path) && uses.sqlite.at) uses.writesRelative.push(uses.sqlite.at);
  const dedupe = (xs: Because[]) => xs.filter((x, i) => xs.findIndex((y) => y.what === x.what) === i);
  uses.procfs = dedupe(uses.procfs);
  uses.netlink = dedupe(uses.netlink);
  uses.unix = dedupe(uses.unix);
  return uses;
}

/** `/var/lib/x/app.db`, `sqlite:///var/lib/x/app.db`: an absolute file (`sqlite://data/app.db` is relative). */
export const sqliteAbsolute = (p: string): boolean => p.replace(/^sqlite:(?:\/\/)?/, '').startsWith('/');

/** "sysinfo", "\"/proc/stat\" at src/main.rs:12": one reason for a comment or a warning. */
export function becauseText(b: Because): string {
  return b.at ? `${b.what} at ${b.at.file}:${b.at.line}` : b.what;
}
