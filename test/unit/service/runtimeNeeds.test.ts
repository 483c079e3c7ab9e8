// Discovery of what a program needs to run (model/runtimeNeeds.ts), pattern by
// pattern, each with the line it was found on; and the service member chosen
// by role (model/serviceRole.ts).
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import { analyzeNeeds, secretKind } from '../../../server/src/model/runtimeNeeds';
import { chooseServiceMember } from '../../../server/src/model/serviceRole';
import { rustRootLinks, templateRootLinks } from '../../../server/src/model/rootLinks';
import { readFileSync } from 'node:fs';
import { loadWorkspace, nodeFs } from '../../../server/src/model/workspace';
import { ensureParser, initParsers } from '../../../server/src/parse/treeSitter';

before(() => Promise.all([initParsers(), ensureParser('rust')]));

const needs = (text: string, more: { path: string; text: string }[] = []) => analyzeNeeds([{ path: 'src/main.rs', text }, ...more]);
const brief = (text: string, more: { path: string; text: string }[] = []) =>
  needs(text, more).items.map((i) => `${i.kind} ${i.name} ${i.required ? 'required' : `default=${i.default}`}${i.secret ? ` secret=${i.secret}` : ''} :${i.at.line}`);

describe('environment variables', () => {
  it('required with ?, expect, unwrap, map_err()? and a panicking fallback; defaults with unwrap_or(_else), match Err; optional ones left out', () => {
    const src = `
fn main() -> anyhow::Result<()> {
    let a = std::env::var("A_HOST")?;
    let b = env::var("B_USER").expect("B_USER");
    let c = env::var_os("C_DIR").unwrap();
    let d = dotenvy::var("D_NAME").map_err(|e| anyhow!("{e}"))?;
    let e = env::var("E_URL").unwrap_or_else(|_| panic!("E_URL is required"));
    let f = env::var("F_LEVEL").unwrap_or("info".into());
    let g: u16 = env::var("G_WORKERS").ok().and_then(|v| v.parse().ok()).unwrap_or(8);
    let h = match env::var("H_MODE") { Ok(v) => v, Err(_) => "fast".to_string() };
    let i = match env::var("I_KEY_ID") { Ok(v) => v, Err(_) => std::process::exit(2) };
    if let Ok(j) = env::var("J_OPTIONAL") {}
    let k = env::var("K_MAYBE").ok();
    let l = env::var(NAME_VAR).unwrap();
    Ok(())
}
const NAME_VAR: &str = "L_FROM_CONST";
#[cfg(test)]
mod tests { fn t() { std::env::var("T_ONLY").unwrap(); } }
`;
    assert.deepEqual(brief(src), [
      'env A_HOST required :3',
      'env B_USER required :4',
      'env C_DIR required :5',
      'env D_NAME required :6',
      'env E_URL required :7',
      'env F_LEVEL default=info :8',
      'env G_WORKERS default=8 :9',
      'env H_MODE default=fast :10',
      'env I_KEY_ID required :11',
      'env L_FROM_CONST required :14',
    ]);
  });

  it('helpers: a default parameter carried over, a required helper, a helper whose Result the caller unwraps', () => {
    const helpers = {
      path: 'src/env.rs',
      text: `
pub fn env_or<T: std::str::FromStr>(key: &str, fallback: T) -> T {
    match std::env::var(key) { Ok(v) => v.parse().unwrap_or(fallback), Err(_) => fallback }
}
pub fn must(key: &str) -> String { std::env::var(key).unwrap_or_else(|_| panic!("{key} must be set")) }
pub fn get(key: &str) -> Result<String, std::env::VarError> { std::env::var(key) }
`,
    };
    const src = `
fn main() -> anyhow::Result<()> {
    let port: u16 = env_or("APP_PORT", 3000);
    let host = must("SMTP_HOST");
    let user = get("SMTP_USER")?;
    let maybe = get("SMTP_MAYBE").ok();
    Ok(())
}`;
    assert.deepEqual(brief(src, [helpers]), ['env APP_PORT default=3000 :3', 'env SMTP_HOST required :4', 'env SMTP_USER required :5']);
  });

  it('config structs: #[config(env_prefix)], per-field env, config::Environment::with_prefix into a struct, layered files leave fields optional', () => {
    const src = `
#[derive(Config)]
#[config(env_prefix = "app")]
struct Conf {
    /// The public URL.
    base_url: String,
    #[config(default = 10)]
    pool: u32,
    #[config(env = "MAIL_RELAY")]
    relay: String,
    theme: Option<String>,
}
#[derive(Deserialize)]
struct Db { host: String, password: String, #[serde(default)] port: u16 }
fn db() -> Db {
    config::Config::builder().add_source(config::Environment::with_prefix("DB")).build().unwrap().try_deserialize::<Db>().unwrap()
}`;
    assert.deepEqual(brief(src), [
      'env APP_BASE_URL required :6',
      'env APP_POOL default=10 :8',
      'env MAIL_RELAY required :10',
      'env DB_HOST required :16',
      'env DB_PASSWORD required secret=value :16',
    ]);
    const layered = src.replace('.add_source(config::Environment', '.add_source(config::File::with_name("db")).add_source(config::Environment');
    assert.ok(!brief(layered).some((x) => x.startsWith('env DB_')));
  });
});

describe('clap', () => {
  it('derive: no default and not Option/bool/Vec → required; defaults carried; flatten/subcommand skipped; positional', () => {
    const src = `
#[derive(Parser)]
struct Cli {
    #[arg(long)] origin: String,
    #[arg(long = "db", env = "APP_DB", default_value = "app.db")] database: String,
    #[arg(short, long, default_value_t = 4)] jobs: usize,
    #[arg(long)] token_file: std::path::PathBuf,
    #[arg(long)] quiet: bool,
    #[arg(long)] tags: Vec<String>,
    #[arg(long)] name: Option<String>,
    #[command(flatten)] log: LogArgs,
    root: std::path::PathBuf,
}`;
    assert.deepEqual(brief(src), ['arg --origin required :4', 'arg --db default=app.db :5', 'arg --jobs default=4 :6', 'arg --token-file required secret=file :7', 'arg root required :12']);
    assert.equal(needs(src).items.find((i) => i.name === '--db')?.env, 'APP_DB');
  });

  it('builder: Arg::new(..).long(..).required(true) and .env/.default_value', () => {
    const src = `
fn cli() -> Command {
    Command::new("x")
        .arg(Arg::new("secret").long("client-secret").env("CLIENT_SECRET").required(true))
        .arg(Arg::new("listen").long("listen").default_value("127.0.0.1:80"))
        .arg(Arg::new("debug").long("debug").action(ArgAction::SetTrue))
        .arg(Arg::new("name").long("name"))
}`;
    assert.deepEqual(brief(src), ['arg --client-secret required secret=value :4', 'arg --listen default=127.0.0.1:80 :5']);
  });
});

describe('configuration files', () => {
  it('a --config path read with toml::from_str into a struct: format, carrier, keys without default', () => {
    const src = `
#[derive(Parser)]
struct Args { #[arg(long, env = "APP_CONFIG")] config: PathBuf }
#[derive(Deserialize)]
struct Settings { listen: std::net::SocketAddr, name: String, #[serde(default)] debug: bool }
fn load(args: &Args) -> Settings {
    let text = std::fs::read_to_string(&args.config).unwrap();
    toml::from_str(&text).unwrap()
}`;
    const n = needs(src);
    assert.equal(n.items.length, 0, 'the path is the configFile option, not an option of its own');
    assert.deepEqual(
      { ...n.configFile, at: undefined, parsedAt: undefined },
      {
        format: 'toml',
        carrier: { kind: 'arg', flag: '--config' },
        default: undefined,
        required: true,
        at: undefined,
        parsedAt: undefined,
        requiredKeys: ['listen', 'name'],
        listen: { key: 'listen', form: 'socket' },
      },
    );
    assert.deepEqual(n.configFile?.parsedAt, { file: 'src/main.rs', line: 8 });
  });

  it('a JSON file named by the first argument (env::args().nth(1) with a usage message), loaded in config.rs', () => {
    const loader = {
      path: 'src/config.rs',
      text: `
#[derive(Deserialize)]
pub struct Config { pub queue: String, pub workers: Option<u32> }
pub fn load(filename: &Path) -> Config {
    let mut file = File::open(filename).unwrap();
    let mut contents = String::new();
    file.read_to_string(&mut contents).unwrap();
    serde_json::from_str(&contents).unwrap()
}`,
    };
    const main = `
fn main() {
    let arg = std::env::args().nth(1).expect("usage: worker <config>");
    let cfg = config::load(arg.as_ref());
}`;
    const n = needs(main, [loader]);
    assert.equal(n.items.length, 0);
    assert.deepEqual(
      { format: n.configFile?.format, carrier: n.configFile?.carrier, at: n.configFile?.at, keys: n.configFile?.requiredKeys },
      { format: 'json', carrier: { kind: 'argv', index: 1 }, at: { file: 'src/main.rs', line: 3 }, keys: ['queue'] },
    );
  });

  it('serde_json on request bodies is not a configuration file', () => {
    const src = `
fn handler(body: String) -> serde_json::Value { serde_json::from_str(&body).unwrap() }
fn main() { let c = std::env::var("CONFIG").unwrap(); }`;
    assert.equal(needs(src).configFile, undefined);
  });
});

describe('secrets', () => {
  it('values and files by name and type', () => {
    assert.equal(secretKind('SESSION_SECRET'), 'value');
    assert.equal(secretKind('--admin-password-file'), 'file');
    assert.equal(secretKind('DB_PASSWORD_FILE'), 'file');
    assert.equal(secretKind('api_key', 'PathBuf'), 'file');
    assert.equal(secretKind('PUBLIC_KEY'), undefined);
    assert.equal(secretKind('AWS_ACCESS_KEY_ID'), undefined);
    assert.equal(secretKind('LOG_FILE'), undefined);
    assert.equal(secretKind('DATABASE_HOST'), undefined);
  });
});

describe('the service member, by role', () => {
  it('the member that binds, not the CLI client (which depends on the same library) nor the WebDriver e2e crate (which also binds)', () => {
    const root = join(__dirname, '..', '..', 'fixtures', 'service', 'roles');
    const c = chooseServiceMember(loadWorkspace(root), nodeFs(root));
    assert.equal(c.member, 'notes-server');
    const s = new Map(c.signals.map((x) => [x.member, x]));
    assert.equal(s.get('notes-e2e')?.test, true);
    assert.equal(s.get('notes-cli')?.score, 0);
    assert.match(c.message ?? '', /TcpListener::bind in crates\/server\/src\/main\.rs:6/);
  });

  it('a D-Bus daemon (zbus serve_at) is the service, not its command-line client', () => {
    const files = new Map<string, string>([
      ['Cargo.toml', '[workspace]\nmembers = ["ctl", "daemon"]\n'],
      ['ctl/Cargo.toml', '[package]\nname = "ctl"\nversion = "0.1.0"\n'],
      ['ctl/src/main.rs', 'fn main() { let p = proxy::FanProxy::new(&conn); }\n'],
      ['daemon/Cargo.toml', '[package]\nname = "fand"\nversion = "0.1.0"\n'],
      ['daemon/src/main.rs', 'fn main() { let _c = zbus::connection::Builder::system()?.name("org.example.Fan")?.serve_at("/org/example/Fan", fan)?.build(); }\n'],
    ]);
    const dirs = (rel: string) => {
      const pre = rel === '.' || rel === '' ? '' : `${rel}/`;
      const names = new Map<string, boolean>();
      for (const k of files.keys()) if (k.startsWith(pre)) names.set(k.slice(pre.length).split('/')[0]!, k.slice(pre.length).includes('/'));
      return names.size ? [...names].map(([name, isDir]) => ({ name, isDir, isFile: !isDir, isSymlink: false })) : undefined;
    };
    const fs = { readFile: (rel: string) => files.get(rel), readDir: dirs };
    const c = chooseServiceMember(loadWorkspace('/virtual', { fs }), fs);
    assert.equal(c.member, 'fand');
  });
});

describe('links to the site root', () => {
  it('templates, HTML in Rust strings, maud and redirects; not other hosts, the base path or relative links', () => {
    const root = join(__dirname, '..', '..', 'fixtures', 'service', 'root-links');
    const fs = nodeFs(root);
    assert.deepEqual(
      templateRootLinks(fs, '').map((l) => `${l.file}:${l.line} ${l.text}`),
      ['templates/base.html:2 href="/static/board.css"', 'templates/base.html:6 action="/post"'],
    );
    assert.deepEqual(
      rustRootLinks('src/main.rs', readFileSync(join(root, 'src', 'main.rs'), 'utf8')).map((l) => `${l.line} ${l.text}`),
      ['4 Redirect::to("/login")', '9 href="/threads"', '14 src="/static/logo.svg"'],
    );
  });
});
