import assert from 'node:assert/strict';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import { analyzeService, lexRust, parseSocket } from '../../../server/src/model/rustSource';
import type { Workspace } from '../../../server/src/model/types';
import { loadWorkspace } from '../../../server/src/model/workspace';
import { initParsers } from '../../../server/src/parse/treeSitter';

let ws: Workspace;
before(async () => {
  await initParsers();
  ws = loadWorkspace(join(__dirname, '..', '..', 'fixtures', 'service', 'hardcoded'));
});

const facts = (text: string, deps: string[] = []) => {
  const member = { ...ws.members[0]!, dependencies: deps.map((d) => ({ name: d, package: d, kind: 'normal' as const, optional: false, defaultFeatures: true, features: [] })) };
  return analyzeService({ ...ws, members: [member] }, member, [{ path: 'src/main.rs', text }]);
};
const port = (text: string, deps?: string[]) => {
  const p = facts(text, deps).port;
  if ('at' in p) delete p.at;
  return p;
};

describe('lexing Rust', () => {
  it('blanks comments but keeps strings, with the same offsets', () => {
    const src = 'let a = "// not a comment"; // "127.0.0.1:1"\n/* outer /* nested */ "x" */ let b = r#"raw "quoted""#;';
    const { code, shape } = lexRust(src);
    assert.equal(code.length, src.length);
    assert.ok(code.includes('"// not a comment"'));
    assert.ok(!code.includes('127.0.0.1'));
    assert.ok(!code.includes('nested'));
    assert.ok(code.includes('r#"raw "quoted""#'));
    assert.ok(!shape.includes('raw'), 'shape blanks string contents');
  });

  it('tells char literals from lifetimes', () => {
    const { code } = lexRust("fn f<'a>(x: &'a str) -> char { let q = '\"'; let s = \"[::]:80\"; '\\'' }");
    assert.ok(code.includes('"[::]:80"'));
    assert.equal(lexRust('let c = \'"\'; let s = "127.0.0.1:9";').shape.includes('127'), false);
  });

  it('skips #[cfg(test)] modules', () => {
    const { code } = lexRust('fn main() {}\n#[cfg(test)]\nmod tests {\n  fn t() { bind("127.0.0.1:4000"); { } }\n}\nfn after() {}');
    assert.ok(!code.includes('4000'));
    assert.ok(code.includes('fn after'));
  });

  it('parses socket literals', () => {
    assert.deepEqual(parseSocket('0.0.0.0:8080'), { address: '0.0.0.0', port: 8080 });
    assert.deepEqual(parseSocket('[::]:80'), { address: '::', port: 80 });
    assert.equal(parseSocket('127.0.0.1:0'), undefined);
    assert.equal(parseSocket('example.org:80'), undefined);
  });
});

describe('how the port reaches the program', () => {
  it('clap derive: the long flag, its env and default_value_t (through a const)', () => {
    const p = port('const DEFAULT_PORT: u16 = 7000;\n#[derive(Parser)]\nstruct A {\n  /// the port\n  #[arg(short, long, env = "APP_PORT", default_value_t = DEFAULT_PORT)]\n  port: u16,\n}');
    assert.deepEqual(p, { kind: 'arg', flag: '--port', form: 'port', default: 7000, env: 'APP_PORT' });
  });

  it('clap derive: a SocketAddr --listen with a renamed flag', () => {
    const p = port('#[derive(Parser)]\nstruct A {\n  #[clap(long = "listen-on", default_value = "[::1]:4321")]\n  listen: std::net::SocketAddr,\n}');
    assert.deepEqual(p, { kind: 'arg', flag: '--listen-on', form: 'socket', default: 4321, env: undefined });
  });

  it('clap builder: Arg::new("port").long("port").env("PORT")', () => {
    const p = port('let m = Command::new("x").arg(Arg::new("port").long("port").env("PORT").default_value("5000")).get_matches();');
    assert.deepEqual(p, { kind: 'arg', flag: '--port', form: 'port', default: 5000, env: 'PORT' });
  });

  it('a positional argument is not a flag the module can pass', () => {
    assert.equal(port('#[derive(Parser)]\nstruct A {\n  #[arg(default_value_t = 80)]\n  port: u16,\n}').kind, 'unknown');
  });

  it('std::env::var("PORT") with a string fallback, and the HOST variable for the address', () => {
    const f = facts('let port = std::env::var("PORT").unwrap_or_else(|_| "8081".to_string());\nlet host = env::var("HOST").unwrap_or("127.0.0.1".into());');
    assert.deepEqual({ ...f.port, at: undefined }, { kind: 'env', name: 'PORT', form: 'port', default: 8081, at: undefined });
    assert.equal(f.address?.kind, 'env');
    assert.equal(f.address?.kind === 'env' && f.address.name, 'HOST');
  });

  it('a variable name held in a const', () => {
    assert.deepEqual(port('const PORT_VAR: &str = "WEB_PORT";\nfn main() { let p = std::env::var(PORT_VAR).ok(); }'), { kind: 'env', name: 'WEB_PORT', form: 'port', default: undefined });
  });

  it("ignores other services' addresses (database, SMTP, Redis)", () => {
    const p = port('let a = env::var("DATABASE_PORT"); let b = env::var("SMTP_HOST"); let c = env::var("REDIS_ADDR"); let r = redis::Client::open("127.0.0.1:6379");');
    assert.deepEqual(p, { kind: 'unknown' });
  });

  it('prefers PORT over a prefixed port variable', () => {
    assert.equal((port('let a = env::var("ADMIN_PORT"); let b = env::var("PORT");') as { name: string }).name, 'PORT');
  });

  it('hard-coded addresses: tuples, Ipv4Addr constants, actix host/port pairs', () => {
    assert.deepEqual(port('axum::Server::bind(&SocketAddr::from(([0, 0, 0, 0], 8080)))'), { kind: 'hardcoded', port: 8080, address: '0.0.0.0' });
    assert.deepEqual(port('let l = TcpListener::bind((Ipv4Addr::LOCALHOST, 4000)).await?;'), { kind: 'hardcoded', port: 4000, address: '127.0.0.1' });
    assert.deepEqual(port('HttpServer::new(f).bind(("127.0.0.1", 8088))?.run()'), { kind: 'hardcoded', port: 8088, address: '127.0.0.1' });
    assert.deepEqual(port('let addr: SocketAddr = "[::]:9090".parse().unwrap(); axum::serve(TcpListener::bind(addr))'), { kind: 'hardcoded', port: 9090, address: '::' });
  });

  it('an address literal outside any bind call is not taken for the listen address', () => {
    assert.deepEqual(port('let peer = "10.0.0.2:7000"; println!("{peer}");'), { kind: 'unknown' });
  });

  it('env port with a hard-coded address in a format string', () => {
    const f = facts('let port = env::var("PORT").unwrap();\nlet l = TcpListener::bind(format!("0.0.0.0:{port}")).await;');
    assert.equal(f.port.kind, 'env');
    assert.deepEqual({ ...f.address, at: undefined }, { kind: 'fixed', address: '0.0.0.0', at: undefined });
  });

  it('rocket: ROCKET_PORT and ROCKET_ADDRESS', () => {
    const f = facts('#[launch] fn rocket() -> _ { rocket::build() }', ['rocket']);
    assert.deepEqual(f.port, { kind: 'env', name: 'ROCKET_PORT', form: 'port', default: 8000 });
    assert.deepEqual(f.address, { kind: 'env', name: 'ROCKET_ADDRESS' });
  });

  it('a hand-parsed "--port" flag, noted as such', () => {
    const f = facts('let mut args = std::env::args(); while let Some(a) = args.next() { if a == "--port" { } }');
    assert.equal(f.port.kind, 'arg');
    assert.match(f.notes[0]!, /--port appears as a string/);
  });

  it('lexopt\'s Long("listen") is a hand-parsed --listen taking address:port', () => {
    const f = facts('fn parse(p: &mut lexopt::Parser) { while let Some(a) = p.next()? { match a { Long("listen") => { addr = p.value()?.parse()?; } _ => {} } } }');
    assert.deepEqual({ ...f.port, at: undefined }, { kind: 'arg', flag: '--listen', form: 'socket', at: undefined });
    assert.match(f.notes[0]!, /lexopt's Long\("listen"\)/);
  });

  it('nothing recognisable: unknown, never a guess', () => {
    assert.deepEqual(port('fn main() { let cfg = load_config(); serve(cfg); }'), { kind: 'unknown' });
  });
});

describe('assets, TLS and WebSockets', () => {
  it('asset folders: runtime paths, embedded ones, and an env var pointing at one', async () => {
    const aws = loadWorkspace(join(__dirname, '..', '..', 'fixtures', 'service', 'assets'));
    const m = aws.members[0]!;
    const runtime = analyzeService(aws, m, [{ path: 'src/main.rs', text: 'let d = std::env::var("STATIC_DIR").unwrap_or("static".into()); let t = include_str!("../templates/index.html");' }]);
    assert.deepEqual(
      runtime.assets.map((a) => [a.dir, a.use, a.env]),
      [
        ['static', 'runtime', 'STATIC_DIR'],
        ['templates', 'embedded', undefined],
      ],
    );
    assert.deepEqual(runtime.tls, { client: true, because: ['reqwest'] });
    const embed = analyzeService(aws, m, [{ path: 'src/main.rs', text: '#[derive(RustEmbed)]\n#[folder = "static/"]\nstruct Assets;' }]);
    assert.equal(embed.assets[0]!.use, 'embedded');
    assert.equal(embed.assets[1]!.use, 'unreferenced');
  });

  it("WebSockets from axum's ws feature; no TLS client without one", () => {
    const cws = loadWorkspace(join(__dirname, '..', '..', 'fixtures', 'service', 'clap-port'));
    const f = analyzeService(cws, cws.members[0]!, []);
    assert.equal(f.websockets, true);
    assert.deepEqual(f.tls, { client: false, because: [] });
  });
});
