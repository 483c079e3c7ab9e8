// What the program uses of the system (model/runtimeUses.ts), from crates and sources.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyzeRuntimeUses, type UsedCrate } from '../../../server/src/model/runtimeUses';
import type { CargoManifest } from '../../../server/src/model/types';

const member = { dependencies: [], bins: [] } as unknown as CargoManifest;
const crates =
  (...cs: [string, string[]?][]) =>
  (): UsedCrate[] =>
    cs.map(([name, f]) => ({ name, features: new Set(f ?? []) }));
const src = (text: string) => [{ path: 'src/main.rs', text }];

describe('runtime uses', () => {
  it('procfs: a sysinfo build and a literal /proc/meminfo read; a process list only when it lists processes', () => {
    const a = analyzeRuntimeUses(member, src('fn main() { let s = sysinfo::System::new(); s.total_memory(); }'), crates(['sysinfo']));
    assert.deepEqual(
      a.procfs.map((b) => b.what),
      ['sysinfo'],
    );
    assert.deepEqual(a.processes, []);
    const b = analyzeRuntimeUses(member, src('fn main() { std::fs::read_to_string("/proc/meminfo"); for p in all_processes() {} }'), crates());
    assert.equal(b.procfs[0]!.at?.line, 1);
    assert.equal(b.processes[0]!.what, 'all_processes');
  });

  it('netlink from rtnetlink or AF_NETLINK in the code; Unix sockets from zbus or UnixListener', () => {
    assert.equal(analyzeRuntimeUses(member, src(''), crates(['rtnetlink'])).netlink[0]!.what, 'rtnetlink');
    assert.equal(analyzeRuntimeUses(member, src('let s = socket(libc::AF_NETLINK, 0, 0);'), crates()).netlink[0]!.what, 'AF_NETLINK');
    assert.equal(analyzeRuntimeUses(member, src('let l = tokio::net::UnixListener::bind(p);'), crates(['zbus'])).unix.length, 2);
  });

  it('databases: diesel with the postgres feature and its DATABASE_URL; a sqlx sqlite URL with a relative file; test modules and comments do not count', () => {
    const pg = analyzeRuntimeUses(member, src('fn main() { let u = std::env::var("DATABASE_URL").unwrap(); }'), crates(['diesel', ['postgres', 'r2d2']]));
    assert.equal(pg.postgres?.crate, 'diesel');
    assert.equal(pg.postgres?.env, 'DATABASE_URL');
    assert.equal(analyzeRuntimeUses(member, src(''), crates(['diesel', ['sqlite']])).postgres, undefined);
    const lite = analyzeRuntimeUses(
      member,
      src('// Connection::open("old.db")\nfn main() { SqlitePool::connect("sqlite://data/app.db?mode=rwc"); }\n#[cfg(test)]\nmod tests { fn t() { std::fs::write("fixture.txt", ""); } }'),
      crates(['sqlx-sqlite']),
    );
    assert.equal(lite.sqlite?.path, 'sqlite://data/app.db?mode=rwc');
    assert.deepEqual(
      lite.writesRelative.map((r) => r.line),
      [2],
    );
    const abs = analyzeRuntimeUses(member, src('fn main() { rusqlite::Connection::open("/var/lib/notes/notes.db"); std::fs::create_dir_all("/srv/uploads/x"); }'), crates(['rusqlite']));
    assert.deepEqual(abs.writesRelative, []);
    assert.deepEqual(
      abs.writes.map((w) => w.path),
      ['/srv/uploads/x'],
    );
  });

  it('without a lock, the direct non-dev dependencies', () => {
    const m = {
      dependencies: [
        { package: 'tokio-postgres', kind: 'normal', features: [] },
        { package: 'procfs', kind: 'dev', features: [] },
      ],
      bins: [],
    } as unknown as CargoManifest;
    const u = analyzeRuntimeUses(m, src(''));
    assert.equal(u.postgres?.crate, 'tokio-postgres');
    assert.deepEqual(u.procfs, []);
  });
});
