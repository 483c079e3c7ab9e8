// What a web service's Rust sources say about running it: how it learns its
// port (clap argument, environment variable, hard-coded address), which asset
// folders it reads at run time, and whether it makes TLS requests.
//
// HEURISTIC by design: a lexical scan of src/**/*.rs (comments removed, string
// literals kept, `#[cfg(test)] mod` blocks skipped), not a Rust parser. It
// recognises the common idioms of axum/actix/warp/rocket/hyper services; when
// nothing matches, the answer is `{ kind: 'unknown' }` rather than a guess.
// Every finding carries the file and line it came from, so a person can check it.
import type { BuildReads } from './buildReads';
import type { WorkspaceFs } from './workspace';
import type { CargoManifest, Workspace } from './types';
import { compareText } from '../../../shared/src/textOrder';

export interface RustSourceFile {
  /** Root-relative path. */
  path: string;
  text: string;
}

export interface SourceRef {
  file: string;
  /** 1-based line. */
  line: number;
  /** The trimmed source line, for messages. */
  text: string;
}

/** `port`: the value is a port number; `socket`: one value holds `address:port`. */
export type PortForm = 'port' | 'socket';

export type PortHow =
  | { kind: 'env'; name: string; form: PortForm; default?: number; at?: SourceRef }
  | { kind: 'arg'; flag: string; form: PortForm; default?: number; env?: string; at?: SourceRef }
  | { kind: 'hardcoded'; port: number; address: string; at?: SourceRef }
  | { kind: 'unknown' };

/** How the listen address reaches the program when it is separate from the port. */
export type AddressHow = { kind: 'env'; name: string; at?: SourceRef } | { kind: 'arg'; flag: string; at?: SourceRef } | { kind: 'fixed'; address: string; at?: SourceRef };

export interface AssetDir {
  /** Root-relative folder, e.g. `static` or `crates/web/templates`. */
  dir: string;
  /** runtime: a path the program opens; embedded: compiled in (include_*!, rust-embed, askama, sqlx::migrate!); unreferenced: exists, no mention found. */
  use: 'runtime' | 'embedded' | 'unreferenced';
  /** An environment variable the program reads for this folder (`STATIC_DIR`), when found. */
  env?: string;
  at?: SourceRef;
}

export interface TlsUse {
  /** The build compiles a TLS client stack, so the program may verify certificates at run time. */
  client: boolean;
  /** "reqwest → hyper-rustls", one per TLS crate found. */
  because: string[];
}

export interface ServiceFacts {
  port: PortHow;
  address?: AddressHow;
  assets: AssetDir[];
  tls: TlsUse;
  /** Crates that generate machine code at run time: MemoryDenyWriteExecute must stay off. */
  jit: string[];
  /** The build compiles a WebSocket server stack (axum `ws`, tungstenite, actix-ws…): nginx should pass upgrades. */
  websockets: boolean;
  /** Notes for the person: lower-confidence findings and ambiguities. */
  notes: string[];
}

// ---------------------------------------------------------------- lexing

/**
 * Two views of a Rust file with identical offsets: `code` has comments blanked,
 * `shape` also has string and char literal contents blanked, so structure
 * (brackets, `;`) can be matched without being fooled by `"[::]:80"`.
 */
export function lexRust(text: string): { code: string; shape: string } {
  const code = text.split('');
  const shape = text.split('');
  const blank = (arr: string[], from: number, to: number) => {
    for (let k = from; k < to; k++) if (arr[k] !== '\n') arr[k] = ' ';
  };
  const isIdent = (c: string | undefined) => !!c && /[A-Za-z0-9_]/.test(c);
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    const n = text[i + 1];
    if (c === '/' && n === '/') {
      const end = text.indexOf('\n', i);
      const e = end < 0 ? text.length : end;
      blank(code, i, e);
      blank(shape, i, e);
      i = e;
    } else if (c === '/' && n === '*') {
      let depth = 1;
      let j = i + 2;
      while (j < text.length && depth) {
        if (text[j] === '/' && text[j + 1] === '*') (depth++, (j += 2));
        else if (text[j] === '*' && text[j + 1] === '/') (depth--, (j += 2));
        else j++;
      }
      blank(code, i, j);
      blank(shape, i, j);
      i = j;
    } else if ((c === 'r' || (c === 'b' && n === 'r')) && !isIdent(text[i - 1]) && /^b?r#*"/.test(text.slice(i, i + 260))) {
      const m = /^b?r(#*)"/.exec(text.slice(i, i + 260))!;
      const close = `"${m[1]}`;
      const start = i + m[0].length;
      const end = text.indexOf(close, start);
      const e = end < 0 ? text.length : end;
      blank(shape, start, e);
      i = e + close.length;
    } else if (c === '"') {
      let j = i + 1;
      while (j < text.length && text[j] !== '"') j += text[j] === '\\' ? 2 : 1;
      blank(shape, i + 1, j);
      i = j + 1;
    } else if (c === "'") {
      // A char literal ('x', '\n', '\u{1F600}') or a lifetime ('a): only the former has a closing quote right after.
      if (n === '\\') {
        const end = text.indexOf("'", i + 2);
        const e = end < 0 ? i + 1 : end;
        blank(shape, i + 1, e);
        i = e + 1;
      } else {
        const cp = text.codePointAt(i + 1);
        const len = cp !== undefined && cp > 0xffff ? 2 : 1;
        if (text[i + 1 + len] === "'") {
          blank(shape, i + 1, i + 1 + len);
          i += 2 + len;
        } else i++;
      }
    } else i++;
  }
  // Test modules bind ports like 127.0.0.1:0 and read variables the service does not.
  const s = shape.join('');
  const testMod = /#\[cfg\(\s*test\s*\)\]\s*(?:#\[[^\]]*\]\s*)*(?:pub(?:\([^)]*\))?\s+)?mod\s+\w+\s*\{/g;
  for (let m; (m = testMod.exec(s));) {
    const end = matchBrace(s, m.index + m[0].length - 1);
    blank(code, m.index, end);
    blank(shape, m.index, end);
  }
  return { code: code.join(''), shape: shape.join('') };
}

/** Index just past the bracket closing the one at `open` (in a `shape` view). */
function matchBrace(s: string, open: number): number {
  const pairs: Record<string, string> = { '{': '}', '(': ')', '[': ']' };
  const want = pairs[s[open]!]!;
  let depth = 0;
  for (let i = open; i < s.length; i++) {
    if (s[i] === s[open]) depth++;
    else if (s[i] === want && --depth === 0) return i + 1;
  }
  return s.length;
}

// ---------------------------------------------------------------- reading

const MAX_FILES = 2000;
const MAX_BYTES = 2 << 20;

/** src/**\/*.rs of a member (and its bin paths outside src/), through the workspace's file access. */
export function readRustSources(fs: WorkspaceFs, member: CargoManifest): RustSourceFile[] {
  const base = member.dir ? `${member.dir}/` : '';
  const out: RustSourceFile[] = [];
  const walk = (dir: string) => {
    for (const e of fs.readDir(dir) ?? []) {
      if (out.length >= MAX_FILES) return;
      const p = `${dir}/${e.name}`;
      if (e.isDir && !e.isSymlink) walk(p);
      else if (e.isFile && e.name.endsWith('.rs')) {
        const text = fs.readFile(p);
        if (text !== undefined && text.length <= MAX_BYTES) out.push({ path: p, text });
      }
    }
  };
  walk(`${base}src`);
  for (const b of member.bins) {
    if (b.path && !b.path.startsWith('src/')) {
      const text = fs.readFile(`${base}${b.path}`);
      if (text !== undefined) out.push({ path: `${base}${b.path}`, text });
    }
  }
  return out;
}

// ---------------------------------------------------------------- analysis

interface Lexed {
  path: string;
  code: string;
  shape: string;
  lines: number[];
}

const lexAll = (files: RustSourceFile[]): Lexed[] =>
  files.map((f) => {
    const { code, shape } = lexRust(f.text);
    const lines = [0];
    for (let i = 0; i < code.length; i++) if (code[i] === '\n') lines.push(i + 1);
    return { path: f.path, code, shape, lines };
  });

function refAt(f: Lexed, index: number): SourceRef {
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

/** Integer and string `const`/`static` items, so `([0, 0, 0, 0], PORT)` and `env::var(PORT_VAR)` resolve. */
function constants(files: Lexed[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const f of files) {
    for (const m of f.code.matchAll(/\b(?:const|static)\s+([A-Z_][A-Z0-9_]*)\s*:\s*[&'\w\s]+=\s*("(?:[^"\\]|\\.)*"|\d[\d_]*)\s*;/g)) {
      out.set(m[1]!, m[2]!.startsWith('"') ? m[2]!.slice(1, -1) : m[2]!.replace(/_/g, ''));
    }
  }
  return out;
}

const asPort = (s: string | undefined): number | undefined => {
  if (s === undefined) return undefined;
  const n = Number(s.replace(/_/g, '').replace(/(u16|u32|usize|i32|i64|u64)$/, ''));
  return Number.isInteger(n) && n > 0 && n < 65536 ? n : undefined;
};

/** `127.0.0.1:3000`, `[::]:8080`, `localhost:80` → address and port. */
export function parseSocket(s: string): { address: string; port: number } | undefined {
  const m = /^(\d{1,3}(?:\.\d{1,3}){3}|\[[0-9A-Fa-f:.]*\]|localhost):(\d{1,5})$/.exec(s.trim());
  const port = asPort(m?.[2]);
  if (!m || !port) return undefined;
  return { address: m[1]!.replace(/^\[(.*)\]$/, '$1'), port };
}

// Ports of the databases and brokers a service talks to, never its own.
const CLIENT_PORTS = new Set([25, 465, 587, 3306, 5432, 5672, 6379, 9042, 9092, 9200, 11211, 27017, 4222, 2379, 8500]);
// Variables naming some other service's address (DATABASE_PORT, SMTP_HOST…).
const FOREIGN =
  /(^|_)(DB|DATABASE|POSTGRES|PG|MYSQL|MARIADB|REDIS|VALKEY|SMTP|MAIL|IMAP|MONGO|MONGODB|AMQP|RABBIT|RABBITMQ|KAFKA|NATS|ELASTIC|ES|S3|MINIO|PROXY|OTEL|OTLP|JAEGER|METRICS|PROMETHEUS|STATSD|LDAP|MEMCACHED|CACHE|UPSTREAM|BACKEND|API|REMOTE|PEER|GRPC_CLIENT)(_|$)/;

type VarRole = 'port' | 'socket' | 'host';
/** Whether a variable names the service's own port, address:port or host (DATABASE_PORT does not). */
export function varRole(name: string): VarRole | undefined {
  if (FOREIGN.test(name)) return undefined;
  if (/(^|_)PORT$/.test(name)) return 'port';
  if (/(^|_)(ADDR|ADDRESS|BIND|LISTEN|BIND_ADDR|LISTEN_ADDR|LISTEN_ADDRESS|SOCKET_ADDR)$/.test(name)) return 'socket';
  if (/(^|_)(HOST|IP|INTERFACE)$/.test(name) && name !== 'HOST_IP') return 'host';
  return undefined;
}

/** A lower rank wins: `PORT` beats `APP_PORT` beats `ADMIN_PORT`. */
function varRank(name: string, crate: string): number {
  const prefix = name.replace(/_?(PORT|ADDR|ADDRESS|BIND|LISTEN|HOST|IP|INTERFACE|LISTEN_ADDR|BIND_ADDR|LISTEN_ADDRESS|SOCKET_ADDR)$/, '');
  if (!prefix) return 0;
  const own = crate.toUpperCase().replace(/-/g, '_');
  if (prefix === own || /^(APP|SERVER|HTTP|WEB|SERVICE|LISTEN|BIND)$/.test(prefix)) return 1;
  return 2;
}

interface ArgField {
  flag: string;
  field: string;
  type: string;
  env?: string;
  default?: string;
  at: SourceRef;
}

function fieldRole(field: string, type: string): VarRole | undefined {
  const f = field.toLowerCase();
  if (/^(http_|web_|server_|listen_|bind_|app_)?port$/.test(f)) return 'port';
  if (/\b(IpAddr|Ipv4Addr|Ipv6Addr)\b/.test(type) || /^(host|bind_host|listen_host|ip|interface|listen_ip|bind_ip)$/.test(f)) return 'host';
  if (/\bSocketAddr\b/.test(type) || /^(listen|bind|addr|address|listen_addr|listen_address|bind_addr|bind_address|socket|socket_addr|http_addr|server_addr|server_address)$/.test(f)) return 'socket';
  return undefined;
}

/** clap derive fields (`#[arg(long, env = "PORT", default_value_t = 8080)] port: u16`) and builder chains. */
function clapArgs(f: Lexed, consts: Map<string, string>): ArgField[] {
  const out: ArgField[] = [];
  const fieldRe = /((?:#\[\s*[\w:]+\s*(?:\([^\]]*\))?\s*\]\s*)+)(?:pub(?:\([^)]*\))?\s+)?(\w+)\s*:\s*([^,}]+)/dg;
  for (const m of f.shape.matchAll(fieldRe)) {
    const [as, ae] = m.indices![1]!;
    const attrsText = f.code.slice(as, ae);
    const argAttr = [...attrsText.matchAll(/#\[\s*(?:arg|clap|structopt|argh|option)\s*\(([\s\S]*?)\)\s*\]/g)].map((x) => x[1]!).join(',');
    if (!argAttr) continue;
    const field = m[2]!;
    const type = f.code.slice(m.indices![3]![0], m.indices![3]![1]).trim();
    const long = /(?:^|[,(\s])long\s*(?:=\s*"([^"]+)")?/.exec(argAttr);
    if (!long) continue; // positional: nothing a module can name
    const env = /(?:^|[,\s])env\s*(?:=\s*"([^"]+)")?/.exec(argAttr);
    const defStr = /default_value\s*=\s*"([^"]*)"/.exec(argAttr)?.[1];
    const defT = /default_value_t\s*=\s*([^,)]+)/.exec(argAttr)?.[1]?.trim();
    const def = defStr ?? (defT ? (consts.get(defT.replace(/^.*::/, '')) ?? defT.replace(/^"|"$/g, '')) : undefined);
    out.push({
      flag: `--${long[1] ?? field.replace(/_/g, '-')}`,
      field,
      type,
      env: env ? (env[1] ?? field.toUpperCase()) : undefined,
      default: def,
      at: refAt(f, m.index!),
    });
  }
  for (const m of f.code.matchAll(/Arg::(?:new|with_name)\(\s*"([\w-]+)"\s*\)/g)) {
    const chainEnd = f.shape.slice(m.index!).search(/Arg::(?:new|with_name)\(|;/g);
    const chain = f.code.slice(m.index!, chainEnd < 1 ? m.index! + 400 : m.index! + chainEnd);
    const long = /\.long\(\s*"([\w-]+)"\s*\)/.exec(chain);
    if (!long) continue;
    out.push({
      flag: `--${long[1]}`,
      field: m[1]!.replace(/-/g, '_'),
      type: /value_parser\(\s*clap::value_parser!\(\s*u16\s*\)/.test(chain) ? 'u16' : '',
      env: /\.env\(\s*"([^"]+)"\s*\)/.exec(chain)?.[1],
      default: /\.default_value\(\s*"([^"]*)"\s*\)/.exec(chain)?.[1],
      at: refAt(f, m.index!),
    });
  }
  return out;
}

interface EnvRead {
  name: string;
  default?: string;
  at: SourceRef;
}

/** `std::env::var("PORT")`, `env::var_os(PORT_VAR)`, `dotenvy::var("BIND")`, with the fallback in the same statement. */
function envReads(f: Lexed, consts: Map<string, string>): EnvRead[] {
  const out: EnvRead[] = [];
  for (const m of f.code.matchAll(/\b(?:env|dotenvy|dotenv)::var(?:_os)?\s*\(\s*(?:"([A-Za-z0-9_]+)"|([A-Z_][A-Z0-9_]*))\s*\)/g)) {
    const name = m[1] ?? consts.get(m[2]!);
    if (!name) continue;
    const after = m.index! + m[0].length;
    const stop = f.shape.slice(after).search(/;/);
    const tail = f.code.slice(after, stop < 0 ? after + 300 : after + Math.min(stop, 300));
    const fb = /unwrap_or(?:_else)?\s*\(\s*(?:\|[^|]*\|\s*)?(?:\{\s*)?(?:"([^"]*)"|(\d[\d_]*)(?:u16|u32|usize)?\b|([A-Z_][A-Z0-9_]*)\b)/.exec(tail);
    const def = fb ? (fb[1] ?? fb[2] ?? consts.get(fb[3] ?? '')) : undefined;
    out.push({ name, default: def, at: refAt(f, m.index!) });
  }
  return out;
}

interface Literal {
  address: string;
  port: number;
  /** The port came from a variable (`([0, 0, 0, 0], port)`): only the address is fixed. */
  portFromVar?: boolean;
  bindContext: boolean;
  at: SourceRef;
}

const BIND_CONTEXT = /\b(bind|listen|serve|run|TcpListener|SocketAddr|HttpServer|axum|warp|hyper|tide|poem|salvo|Server)\b/;

/** Address literals: `"127.0.0.1:3000"`, `([0, 0, 0, 0], 8080)`, `(Ipv4Addr::LOCALHOST, 3000)`, `("0.0.0.0", 8080)`, `format!("0.0.0.0:{port}")`. */
function literals(f: Lexed, consts: Map<string, string>): Literal[] {
  const out: Literal[] = [];
  const ctx = (i: number) => {
    const from = Math.max(0, f.shape.lastIndexOf(';', i - 1) + 1, i - 250);
    return BIND_CONTEXT.test(f.code.slice(from, Math.min(f.code.length, i + 80)));
  };
  const portOf = (tok: string): { port?: number; fromVar: boolean } => {
    const lit = asPort(tok);
    if (lit) return { port: lit, fromVar: false };
    const c = asPort(consts.get(tok.replace(/^.*::/, '')));
    return c ? { port: c, fromVar: false } : { port: undefined, fromVar: /^[a-z_][\w.]*$/.test(tok) };
  };
  const push = (address: string, portTok: string, index: number) => {
    const p = portOf(portTok.trim());
    if (!p.port && !p.fromVar) return;
    out.push({ address, port: p.port ?? 0, portFromVar: p.fromVar || undefined, bindContext: ctx(index), at: refAt(f, index) });
  };
  for (const m of f.code.matchAll(/"([^"\\]{3,60})"/g)) {
    const s = parseSocket(m[1]!);
    if (s) out.push({ ...s, bindContext: ctx(m.index!), at: refAt(f, m.index!) });
    const fmt = /^(\d{1,3}(?:\.\d{1,3}){3}|\[[0-9A-Fa-f:]*\]):\{\w*\}$/.exec(m[1]!);
    if (fmt) out.push({ address: fmt[1]!.replace(/^\[(.*)\]$/, '$1'), port: 0, portFromVar: true, bindContext: true, at: refAt(f, m.index!) });
  }
  for (const m of f.code.matchAll(/\(\s*\[\s*(\d{1,3})\s*,\s*(\d{1,3})\s*,\s*(\d{1,3})\s*,\s*(\d{1,3})\s*\]\s*,\s*([\w:.]+)\s*\)/g)) push(`${m[1]}.${m[2]}.${m[3]}.${m[4]}`, m[5]!, m.index!);
  for (const m of f.code.matchAll(/\(\s*(?:[\w:]*::)?Ipv([46])Addr::(LOCALHOST|UNSPECIFIED)(?:\.into\(\))?\s*,\s*([\w:.]+)\s*\)/g)) {
    const a = m[1] === '4' ? (m[2] === 'LOCALHOST' ? '127.0.0.1' : '0.0.0.0') : m[2] === 'LOCALHOST' ? '::1' : '::';
    push(a, m[3]!, m.index!);
  }
  for (const m of f.code.matchAll(/Ipv4Addr::new\(\s*(\d{1,3})\s*,\s*(\d{1,3})\s*,\s*(\d{1,3})\s*,\s*(\d{1,3})\s*\)\s*\)?\s*,\s*([\w:.]+)\s*\)/g))
    push(`${m[1]}.${m[2]}.${m[3]}.${m[4]}`, m[5]!, m.index!);
  for (const m of f.code.matchAll(/\(\s*"(\d{1,3}(?:\.\d{1,3}){3}|localhost|::1?|\[::1?\])"\s*,\s*([\w:.]+)\s*\)/g)) push(m[1]!.replace(/^\[(.*)\]$/, '$1'), m[2]!, m.index!);
  return out;
}

const TLS_CRATES: Record<string, string> = {
  'native-tls': 'native-tls',
  'hyper-tls': 'hyper-tls',
  'hyper-rustls': 'hyper-rustls',
  'tokio-rustls': 'tokio-rustls',
  'tokio-native-tls': 'tokio-native-tls',
  'rustls-native-certs': 'rustls-native-certs',
  'rustls-platform-verifier': 'rustls-platform-verifier',
  openssl: 'openssl',
  ureq: 'ureq',
  isahc: 'isahc',
  curl: 'curl',
};

const JIT_CRATES = new Set(['wasmtime', 'cranelift-codegen', 'v8', 'deno_core', 'mlua', 'luajit', 'pcre2', 'wasmer', 'llvm-sys', 'inkwell', 'dynasmrt']);

/** TLS client stacks and JIT engines that the release build compiles (same resolution as the inference). */
const WS_CRATES = new Set(['tungstenite', 'tokio-tungstenite', 'async-tungstenite', 'actix-ws', 'actix-web-actors', 'fastwebsockets', 'axum-tungstenite', 'warp', 'poem-websocket', 'salvo-websocket']);

/**
 * The crates the release build compiles, as the inference resolves them (the
 * caller passes it: the model does not depend on the inference).
 */
export type CompiledCrates = () => Iterable<{ pkg: { name: string }; via: string[]; features: ReadonlySet<string>; featuresKnown: boolean }>;

function buildFacts(ws: Workspace, member: CargoManifest, compiled?: CompiledCrates): { tls: TlsUse; jit: string[]; websockets: boolean } {
  const because: string[] = [];
  const jit = new Set<string>();
  let websockets = false;
  const direct = () => {
    for (const d of member.dependencies) {
      if (d.kind === 'dev') continue;
      if (TLS_CRATES[d.package] || d.package === 'reqwest') because.push(d.package);
      if (JIT_CRATES.has(d.package)) jit.add(d.package);
      if ((WS_CRATES.has(d.package) && d.package !== 'warp') || (d.package === 'axum' && d.features.includes('ws'))) websockets = true;
    }
  };
  if (!ws.lock || !compiled) direct();
  else
    try {
      for (const c of compiled()) {
        const name = c.pkg.name;
        // warp always builds tungstenite; axum only with its `ws` feature.
        if ((WS_CRATES.has(name) && name !== 'warp' && !c.via.includes('warp')) || (name === 'axum' && c.features.has('ws'))) websockets = true;
        if (TLS_CRATES[name] && !(name === 'ureq' && !c.features.has('tls') && !c.features.has('rustls') && !c.features.has('native-tls') && c.featuresKnown)) {
          because.push([...c.via.slice(0, -1), name].join(' → '));
        }
        if (JIT_CRATES.has(name)) jit.add(name);
      }
    } catch {
      direct();
    }
  return { tls: { client: because.length > 0, because: [...new Set(because)].sort() }, jit: [...jit].sort(), websockets };
}

/**
 * The folders (or files) the program reads, found by use in buildReads: a
 * runtime read's top folder is installed; a compile-time one is embedded.
 * An environment variable named for the folder (`STATIC_DIR`) points at it.
 */
function assetsFromReads(member: CargoManifest, reads: BuildReads, envs: EnvRead[]): AssetDir[] {
  const base = member.dir ? `${member.dir}/` : '';
  const own = new Set([member.package?.name, ...member.dependencies.filter((d) => d.path !== undefined && d.kind !== 'dev').map((d) => d.name)]);
  const top = (p: string) => (base && p.startsWith(base) ? `${base}${p.slice(base.length).split('/')[0]}` : p.split('/')[0]!);
  const out = new Map<string, AssetDir>();
  for (const r of reads.reads) {
    if (!own.has(r.crate) || r.when === 'test' || r.kind === 'cargo' || r.kind === 'path-dependency' || r.kind === 'patch') continue;
    const dir = top(r.path);
    // Compile-time reads inside src/ are source files, not asset folders.
    if (
      r.when === 'build' &&
      (r.kind === 'include' || r.kind === 'module-path' || r.kind === 'rerun-if-changed' || r.kind === 'literal' || r.kind === 'symlink-target' || /^(src|build\.rs)$/.test(dir.slice(base.length)))
    )
      continue;
    const at = r.at ? { file: r.at.file, line: r.at.line, text: r.because } : undefined;
    const prev = out.get(dir);
    if (r.when === 'runtime' && prev?.use !== 'runtime') out.set(dir, { dir, use: 'runtime', at, env: r.env && dir === r.path ? r.env : undefined });
    else if (r.when === 'runtime' && r.env && dir === r.path && !prev?.env) out.set(dir, { ...prev!, env: r.env });
    else if (!prev) out.set(dir, { dir, use: 'embedded', at });
  }
  return [...out.values()]
    .map((a) => {
      const name = a.dir.slice(base.length).replace(/\.[^.]*$/, '');
      const envVar = envs.find((e) =>
        new RegExp(
          `^(?:[A-Z0-9]+_)?(${name
            .toUpperCase()
            .replace(/[^A-Z0-9]/g, '_')
            .replace(/S$/, '')}S?|WEB|ROOT)_?(DIR|PATH|ROOT|FOLDER)$`,
        ).test(e.name),
      );
      if (a.env) return { ...a, at: envs.find((e) => e.name === a.env)?.at ?? a.at };
      return a.use === 'runtime' && envVar ? { ...a, env: envVar.name, at: envVar.at } : a;
    })
    .sort((x, y) => compareText(x.dir, y.dir));
}

function assetUses(ws: Workspace, member: CargoManifest, files: Lexed[], envs: EnvRead[]): AssetDir[] {
  const base = member.dir ? `${member.dir}/` : '';
  const dirs = ws.assetDirs.filter((d) => d.startsWith(base) && !d.slice(base.length).includes('/'));
  const askama = member.dependencies.some((d) => /^(askama|rinja|sailfish)$/.test(d.package));
  return dirs.map((dir) => {
    const name = dir.slice(base.length);
    const embedded = new RegExp(
      `(include_(?:str|bytes|dir)!\\s*\\([^)]*\\b${name}\\b|#\\[\\s*(?:folder|prefix)\\s*=\\s*"[^"]*\\b${name}\\b|sqlx::migrate!\\s*\\(\\s*(?:"[^"]*\\b${name}\\b[^"]*")?\\s*\\))`,
    );
    const runtime = new RegExp(`"(?:\\./)?${name}(?:/[^"]*)?"`);
    const envVar = envs.find((e) => new RegExp(`^(?:[A-Z0-9]+_)?(${name.toUpperCase().replace(/S$/, '')}S?|WEB|ROOT)_?(DIR|PATH|ROOT|FOLDER)$`).test(e.name));
    let use: AssetDir['use'] = 'unreferenced';
    let at: SourceRef | undefined;
    for (const f of files) {
      const e = embedded.exec(f.code);
      if (e && use === 'unreferenced') ((use = 'embedded'), (at = refAt(f, e.index)));
      const r = runtime.exec(f.code);
      // A string that is also inside an include!/embed is the embed; otherwise the program opens the path.
      if (r && !(e && Math.abs(e.index - r.index) < 120)) {
        use = 'runtime';
        at = refAt(f, r.index);
        break;
      }
    }
    if (use === 'unreferenced' && name === 'templates' && askama) use = 'embedded';
    if (use === 'unreferenced' && name === 'migrations') use = 'embedded';
    return { dir, use, env: envVar?.name, at: envVar && use !== 'embedded' ? envVar.at : at };
  });
}

/**
 * The facts about one member's sources; `files` come from readRustSources (or an editor's buffers).
 * With `reads` (model/buildReads.ts) asset folders are the ones the code uses; without, the
 * folders with well-known names (the older heuristic, kept for callers without the Rust parser).
 */
export function analyzeService(ws: Workspace, member: CargoManifest, sources: RustSourceFile[], reads?: BuildReads, compiled?: CompiledCrates): ServiceFacts {
  const files = lexAll(sources);
  const consts = constants(files);
  const crate = member.package?.name ?? '';
  const notes: string[] = [];
  const args = files.flatMap((f) => clapArgs(f, consts));
  const envs = files.flatMap((f) => envReads(f, consts));
  const lits = files.flatMap((f) => literals(f, consts)).filter((l) => l.portFromVar || !CLIENT_PORTS.has(l.port));
  const bindLits = lits.filter((l) => l.bindContext);
  const fixedAddr = bindLits.find((l) => l.portFromVar);
  const literalDefault = bindLits.find((l) => !l.portFromVar);

  let port: PortHow = { kind: 'unknown' };
  let address: AddressHow | undefined;

  const argBy = (role: VarRole) => args.filter((a) => fieldRole(a.field, a.type) === role);
  const portArg = argBy('port')[0];
  const socketArg = argBy('socket')[0];
  const hostArg = argBy('host')[0];
  const envBy = (role: VarRole) => envs.filter((e) => varRole(e.name) === role).sort((a, b) => varRank(a.name, crate) - varRank(b.name, crate));
  const portEnv = envBy('port')[0];
  const socketEnv = envBy('socket')[0];
  const hostEnv = envBy('host')[0];
  const rocket = member.dependencies.some((d) => d.package === 'rocket' && d.kind !== 'dev');

  if (portArg) {
    port = { kind: 'arg', flag: portArg.flag, form: 'port', default: asPort(portArg.default), env: portArg.env, at: portArg.at };
    if (hostArg) address = { kind: 'arg', flag: hostArg.flag, at: hostArg.at };
  } else if (socketArg) {
    port = { kind: 'arg', flag: socketArg.flag, form: 'socket', default: parseSocket(socketArg.default ?? '')?.port, env: socketArg.env, at: socketArg.at };
  } else if (portEnv) {
    port = { kind: 'env', name: portEnv.name, form: 'port', default: asPort(portEnv.default), at: portEnv.at };
    if (hostEnv) address = { kind: 'env', name: hostEnv.name, at: hostEnv.at };
  } else if (socketEnv) {
    port = { kind: 'env', name: socketEnv.name, form: 'socket', default: parseSocket(socketEnv.default ?? '')?.port, at: socketEnv.at };
  } else if (rocket) {
    // Rocket reads ROCKET_PORT/ROCKET_ADDRESS through figment unless the program replaces its config.
    port = { kind: 'env', name: 'ROCKET_PORT', form: 'port', default: 8000 };
    address = { kind: 'env', name: 'ROCKET_ADDRESS' };
    notes.push("rocket: the port and address are passed as ROCKET_PORT and ROCKET_ADDRESS (Rocket's own configuration).");
  } else if (literalDefault) {
    port = { kind: 'hardcoded', port: literalDefault.port, address: literalDefault.address, at: literalDefault.at };
  } else {
    // Manual argument parsing: a "--port" literal somewhere, or lexopt's `Long("listen")`.
    for (const f of files) {
      const m = /"(--(?:port|listen|bind|addr|address))"|\bLong\(\s*"(port|listen|bind|addr|address)"\s*\)/.exec(f.code);
      if (m) {
        const flag = m[1] ?? `--${m[2]}`;
        port = { kind: 'arg', flag, form: flag === '--port' ? 'port' : 'socket', at: refAt(f, m.index) };
        notes.push(`${flag} appears as ${m[1] ? 'a string' : `lexopt's Long("${m[2]}")`} in ${refAt(f, m.index).file}: assumed to be the listen argument (no clap definition found).`);
        break;
      }
    }
  }
  if (port.kind === 'arg' || port.kind === 'env') {
    if (port.default === undefined && literalDefault) port.default = literalDefault.port;
    if (!address && port.form === 'port' && fixedAddr) address = { kind: 'fixed', address: fixedAddr.address, at: fixedAddr.at };
  }
  const otherPorts = [
    ...args.filter((a) => a !== portArg && fieldRole(a.field, a.type) === 'port').map((a) => a.flag),
    ...envs.filter((e) => e !== portEnv && varRole(e.name) === 'port').map((e) => e.name),
  ];
  if (otherPorts.length && port.kind !== 'unknown')
    notes.push(`other port settings were found (${[...new Set(otherPorts)].join(', ')}); the module wires only ${port.kind === 'arg' ? port.flag : port.kind === 'env' ? port.name : 'the first'}.`);
  const { tls, jit, websockets } = buildFacts(ws, member, compiled);
  return { port, address, assets: reads ? assetsFromReads(member, reads, envs) : assetUses(ws, member, files, envs), tls, jit, websockets, notes };
}
