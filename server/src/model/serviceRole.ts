// Which workspace member is the service: the binary that binds a socket or runs
// a server framework (its own sources, or a workspace library it depends on by
// path), never a choice by name. Test and WebDriver crates (e2e suites whose
// `goto("localhost:8000")` looks like an address) are not candidates; a CLI
// client has no server signal. Several servers: the strongest is chosen and
// the message names the others and how to pick one (`--member`).
import { lexRust } from './rustSource';
import type { CargoManifest, Workspace } from './types';
import type { WorkspaceFs } from './workspace';

export interface ServerSignals {
  member: string;
  /** Has a binary target: only those can run as a service. */
  bin: boolean;
  /** A test/e2e/bench crate or a WebDriver client. */
  test: boolean;
  /** Signals in its own sources (`TcpListener::bind in src/main.rs:12`). */
  own: string[];
  /** Signals found in workspace crates it depends on by path. */
  inherited: string[];
  score: number;
}

const FRAMEWORKS = new Set([
  'axum',
  'actix-web',
  'rocket',
  'warp',
  'poem',
  'tide',
  'salvo',
  'ntex',
  'gotham',
  'tiny_http',
  'trillium',
  'viz',
  'loco-rs',
  'pavex',
  'ohkami',
  'rouille',
  'iron',
  'nickel',
]);
const WEBDRIVER = new Set(['fantoccini', 'thirtyfour', 'headless_chrome', 'chromiumoxide', 'webdriver', 'playwright', 'selenium-rs']);
/** Calls that start serving: each names its own kind, so a file counts once per kind. */
const SERVE: [RegExp, string][] = [
  [/\b(?:std::net::|tokio::net::|async_std::net::)?TcpListener::bind\s*\(/, 'TcpListener::bind'],
  [/\bHttpServer::new\s*\(/, 'HttpServer::new'],
  [/\baxum::serve\s*\(|\baxum::Server::bind\s*\(/, 'axum::serve'],
  [/\bwarp::serve\s*\(/, 'warp::serve'],
  [/\bServer::bind\s*\(|\bServer::try_bind\s*\(/, 'Server::bind'],
  [/\bServer::builder\s*\(\s*\)[\s\S]{0,400}?\.serve(?:_with_shutdown|_with_incoming)?\s*\(/, 'tonic Server::builder().serve'],
  [/\brocket::build\s*\(|#\[\s*(?:rocket::)?launch\s*\]/, 'rocket::build'],
  [/\bserve_connection\s*\(/, 'hyper serve_connection'],
  // `.bind(addr)?`/`.bind("0.0.0.0:80")`, not sqlite's `stmt.bind((1, value))` or a closure's `.bind(x)`.
  [
    /\.bind\s*\(\s*(?:&\s*)?(?:(?:\w+\.)*(?:addr|address|listen|listen_addr|listen_address|bind_addr|bind_address|socket|socket_addr|sock_addr|host_port)\b|format!\s*\(\s*"[^"]*:\{|"[^"]*:\d+"|\(\s*"[^"]*"\s*,|\(\s*\[\s*\d)/,
    '.bind(',
  ],
  [/\baxum_server::bind(?:_rustls)?\s*\(|\bHttpServer::bind\b/, 'axum_server::bind'],
  // tide/poem/salvo: `app.listen("127.0.0.1:8080")`, `.listen(addr)`.
  [
    /\.listen\s*\(\s*(?:&\s*)?(?:(?:\w+\.)*(?:addr|address|listen|listen_addr|listen_address|bind_addr|bind_address|socket_addr|host_port)\b|format!\s*\(\s*"[^"]*:\{|"[^"]*:\d+"|\(\s*"[^"]*"\s*,)/,
    '.listen(',
  ],
  [/\bTcpListener::new\s*\(/, 'TcpListener::new'],
  // A system daemon offering D-Bus objects (zbus): it runs as a service too, and its clients only hold proxies.
  [/\.serve_at\s*\(/, 'zbus serve_at'],
  [/\.serve\s*\(/, '.serve('],
  [/\bUnixListener::bind\s*\(/, 'UnixListener::bind'],
];

/** Test code by place: tests/, benches/, examples/, a `test`/`tests` module folder or file. */
export const TEST_PATH = /(^|\/)(tests?|benches|examples|fuzz|testing|test_utils?)(\/|\.rs$)|_tests?\.rs$|(^|\/)tests?\.rs$/;
const SKIP = new Set(['target', '.git', 'node_modules', 'tests', 'benches', 'examples', 'fuzz']);
const MAX_FILES = 3000;
const MAX_BYTES = 2 << 20;

/**
 * A member's Rust sources outside test code: src/ and the folders of targets
 * whose root is elsewhere (`[lib] path = "mod.rs"` at the crate root).
 */
export function memberSources(fs: WorkspaceFs, m: CargoManifest): { path: string; text: string }[] {
  const base = m.dir ? `${m.dir}/` : '';
  const roots = new Set([`${base}src`]);
  for (const p of [m.lib?.path, ...m.bins.map((b) => b.path)]) {
    if (!p || p.startsWith('src/')) continue;
    const dir = p.includes('/') ? p.slice(0, p.lastIndexOf('/')) : '';
    roots.add(`${base}${dir}`.replace(/\/$/, ''));
  }
  const out: { path: string; text: string }[] = [];
  const seen = new Set<string>();
  const walk = (dir: string, depth: number) => {
    for (const e of fs.readDir(dir || '.') ?? []) {
      if (out.length >= MAX_FILES) return;
      const p = dir ? `${dir}/${e.name}` : e.name;
      if (e.isDir && !e.isSymlink && !SKIP.has(e.name) && !e.name.startsWith('.') && depth < 12) {
        // A member nested in this folder is its own crate.
        if (depth > 0 && fs.readFile(`${p}/Cargo.toml`) !== undefined) continue;
        walk(p, depth + 1);
      } else if (e.isFile && e.name.endsWith('.rs') && !seen.has(p) && !TEST_PATH.test(p.slice(base.length))) {
        seen.add(p);
        const text = fs.readFile(p);
        if (text !== undefined && text.length <= MAX_BYTES) out.push({ path: p, text });
      }
    }
  };
  for (const r of roots) walk(r, r === `${base}src` ? 1 : 0);
  return out;
}

const TEST_NAME = /(^|[-_])(tests?|e2e|integration|bench|benches|benchmarks?|xtask|fuzz|examples?)([-_]|$)/i;

function signalsOf(files: { path: string; text: string }[]): string[] {
  const found = new Map<string, string>();
  for (const f of files) {
    const { code } = lexRust(f.text);
    for (const [re, what] of SERVE) {
      if (found.has(what)) continue;
      const m = re.exec(code);
      if (m) found.set(what, `${what} in ${f.path}:${code.slice(0, m.index).split('\n').length}`);
    }
  }
  return [...found.values()];
}

/** Workspace members a member depends on by path (build and normal dependencies, transitively). */
function pathDepMembers(ws: Workspace, m: CargoManifest, seen = new Set<CargoManifest>()): CargoManifest[] {
  for (const d of m.dependencies) {
    if (d.kind === 'dev' || d.rootPath === undefined) continue;
    const dep = ws.members.find((x) => x.dir === d.rootPath);
    if (dep && !seen.has(dep) && dep !== m) {
      seen.add(dep);
      pathDepMembers(ws, dep, seen);
    }
  }
  return [...seen];
}

/** A member's sources and those of the workspace crates it uses by path: what the service's behaviour comes from. */
export function serviceSources(ws: Workspace, fs: WorkspaceFs, member: CargoManifest): { path: string; text: string }[] {
  return [member, ...pathDepMembers(ws, member)].flatMap((m) => memberSources(fs, m));
}

/** The server signals of every member, strongest first. */
export function serverSignals(ws: Workspace, fs: WorkspaceFs): ServerSignals[] {
  const own = new Map<CargoManifest, string[]>();
  const ownOf = (m: CargoManifest) => {
    let s = own.get(m);
    if (!s) {
      s = signalsOf(memberSources(fs, m));
      const frameworks = m.dependencies.filter((d) => d.kind !== 'dev' && FRAMEWORKS.has(d.package)).map((d) => `depends on ${d.package}`);
      // A server framework counts on its own too (its serve call may be in a macro or a helper crate).
      s.push(...frameworks);
      own.set(m, s);
    }
    return s;
  };
  const out: ServerSignals[] = [];
  for (const m of ws.members) {
    if (!m.package) continue;
    const name = m.package.name;
    const test = TEST_NAME.test(name) || TEST_NAME.test(m.dir.split('/').pop() ?? '') || m.dependencies.some((d) => WEBDRIVER.has(d.package));
    const bin = m.bins.length > 0;
    const mine = bin && !test ? ownOf(m) : [];
    const inherited = bin && !test ? pathDepMembers(ws, m).flatMap((d) => ownOf(d).filter((s) => !s.startsWith('depends on'))) : [];
    const score =
      test || !bin
        ? 0
        : mine.filter((s) => !s.startsWith('depends on')).length * 3 + mine.filter((s) => s.startsWith('depends on')).length + (inherited.length ? 1 + Math.min(inherited.length, 3) : 0);
    out.push({ member: name, bin, test, own: mine, inherited, score });
  }
  return out.sort((a, b) => b.score - a.score);
}

export interface ServiceMemberChoice {
  member?: string;
  /** What the person should know: the choice and its reason, the other servers. */
  message?: string;
  signals: ServerSignals[];
}

/**
 * The member to run as a service, when the person named none. Ties go to the
 * member cargo runs by default (the root package, then default-members).
 */
export function chooseServiceMember(ws: Workspace, fs: WorkspaceFs): ServiceMemberChoice {
  const signals = serverSignals(ws, fs);
  const servers = signals.filter((s) => s.score > 0);
  if (!servers.length) return { signals };
  const dm = ws.rootManifest.workspace?.defaultMembers ?? [];
  const dirOf = (n: string) => ws.members.find((m) => m.package?.name === n)?.dir ?? '';
  const rank = (s: ServerSignals) => s.score * 10 + (dirOf(s.member) === '' ? 2 : 0) + (dm.includes(dirOf(s.member)) ? 1 : 0);
  servers.sort((a, b) => rank(b) - rank(a));
  const best = servers[0]!;
  const why = (s: ServerSignals) => (s.own.length ? s.own : s.inherited).slice(0, 2).join(', ');
  const others = servers.slice(1).filter((s) => s.own.some((x) => !x.startsWith('depends on')));
  let message: string | undefined;
  if (ws.members.filter((m) => m.package).length > 1) {
    message = `the service is ${best.member} (${why(best)})`;
    if (others.length)
      message += `; ${others.map((s) => s.member).join(', ')} also ${others.length > 1 ? 'serve' : 'serves'} (${why(others[0]!)}): run again with --member ${others[0]!.member} for ${others.length > 1 ? 'another' : 'its'} module (services.<name> differ, so both can be imported)`;
  }
  return { member: best.member, message, signals };
}
