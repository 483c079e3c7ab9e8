// The NixOS service harness: a generated module evaluated with the real
// lib.evalModules and NixOS' own systemd/nginx files (eval.nix), its unit
// scored by `systemd-analyze security --offline=true`, checked by
// `systemd-analyze verify` (warnings count as failures: verify exits 0 on an
// unknown key), and its nginx server block by a real `nginx -t` — all inside
// the Nix 2.26 chroot of ../shared/oracles (systemd 257, nginx 1.26).
// Used by test/nix/service/harness.test.ts and `npm run bench:service`.
// harnessSkipReason() says why it cannot run (CI: no chroot, no fetched files).
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { GeneratedFile, ServiceModel } from '../../../../server/src/generate/service';

const repoRoot = resolve(__dirname, '..', '..', '..', '..');
const oracleScript = join(repoRoot, '..', 'shared', 'oracles', 'nix-2.26.sh');
const oracleSrc = process.env.ORACLE_SRC ?? join(repoRoot, '..', '.cache', 'oracles', 'src');
const libPath = join(oracleSrc, 'nixpkgs-lib', 'lib');
export const nixosFiles = resolve(repoRoot, process.env.NIXIFY_NIXOS_HARNESS ?? join('.cache', 'nixos-harness'));
const evalNix = join(__dirname, 'eval.nix');

/** The paths scripts/nixos-harness/files.txt lists (the one list of what to bring). */
export function neededFiles(): string[] {
  return readFileSync(join(repoRoot, 'scripts', 'nixos-harness', 'files.txt'), 'utf8')
    .split('\n')
    .map((l) => l.trim().split(/\s+/)[0]!)
    .filter((p) => p && !p.startsWith('#'));
}

let ready: string | undefined | null = null;
/** Why the harness cannot run here, or undefined when it can. */
export function harnessSkipReason(): string | undefined {
  if (ready !== null) return ready;
  const why = (): string | undefined => {
    if (process.env.NIXIFY_NIXOS_HARNESS_OFF === '1') return 'NIXIFY_NIXOS_HARNESS_OFF=1';
    if (!existsSync(oracleScript)) return `${oracleScript} is missing`;
    if (typeof process.getuid === 'function' && process.getuid() !== 0) return 'the Nix 2.26 chroot needs root';
    if (!existsSync(join(libPath, 'default.nix'))) return `the real nixpkgs lib is not in ${libPath} (bring it with fetch, see ../shared/oracles/README.md)`;
    const absent = neededFiles().filter((p) => !existsSync(join(nixosFiles, p)));
    if (absent.length) return `NixOS' own files are not in ${nixosFiles} (${absent.length} missing, e.g. ${absent[0]}; scripts/nixos-harness/check.sh says how to bring them)`;
    const r = spawnSync(oracleScript, ['run', 'systemd-analyze --version >/dev/null && nginx -v 2>/dev/null && nix-instantiate --version'], { encoding: 'utf8' });
    if (r.status !== 0) return `the chroot does not run (${(r.stderr || r.stdout).trim().split('\n').pop()}); run ${oracleScript} setup`;
    return undefined;
  };
  ready = why();
  return ready;
}

const q = (s: string) => `'${s.replace(/'/g, "'\\''")}'`;

function inChroot(script: string): { status: number; out: string } {
  const r = spawnSync(oracleScript, ['run', script], { encoding: 'utf8', maxBuffer: 64 << 20 });
  return { status: r.status ?? 1, out: `${r.stdout}${r.stderr}` };
}

export interface HarnessOption {
  path: string;
  defined: boolean;
  type: string;
  description: string;
}

export interface PathCheck {
  /** The nginx path the module was evaluated with. */
  path: string;
  evaluated: boolean;
  /** The evaluation error's last lines. */
  error?: string;
  unit?: string;
  nginxConf?: string;
  failedAssertions: string[];
  exposure?: number;
  security?: string;
  verify?: { ok: boolean; out: string };
  nginx?: { ok: boolean; out: string };
}

export interface HarnessResult {
  name: string;
  /** Options of services.<name>, from the real module system. */
  options: HarnessOption[];
  /** Options with no value unless someone sets one: what the program requires. */
  required: HarnessOption[];
  paths: PathCheck[];
}

/** What nixos/modules/services/web-servers/nginx/default.nix includes for recommendedProxySettings. */
const RECOMMENDED_PROXY_HEADERS = [
  'proxy_set_header        Host $host;',
  'proxy_set_header        X-Real-IP $remote_addr;',
  'proxy_set_header        X-Forwarded-For $proxy_add_x_forwarded_for;',
  'proxy_set_header        X-Forwarded-Proto $scheme;',
  'proxy_set_header        X-Forwarded-Host $host;',
  'proxy_set_header        X-Forwarded-Server $hostname;',
  '',
].join('\n');

/**
 * Evaluates `files` (the plan's nixos/module.nix) for each nginx path and runs
 * the real tools on the result. `work` must be under the folder the chroot
 * mounts (the checkout's parent): the repository's .cache/ is.
 */
export function checkService(files: GeneratedFile[], model: ServiceModel, work: string, nginxPaths = ['/forum/', '/'], extraSettings: Record<string, unknown> = {}): HarnessResult {
  rmSync(work, { recursive: true, force: true });
  for (const f of files) {
    mkdirSync(dirname(join(work, 'gen', f.path)), { recursive: true });
    writeFileSync(join(work, 'gen', f.path), f.content);
  }
  const proxyHeaders = join(work, 'recommended-proxy-headers.conf');
  writeFileSync(proxyHeaders, RECOMMENDED_PROXY_HEADERS);
  const evals = nginxPaths.map((p, i) => {
    const dir = join(work, `p${i}`);
    mkdirSync(dir, { recursive: true });
    // As a deployment would: secrets in a file outside the store (modules may require it), nginx on.
    const settings = { environmentFile: `/run/keys/${model.name}.env`, ...extraSettings, nginx: { enable: true, path: p, virtualHost: 'example.org' } };
    writeFileSync(join(dir, 'settings.json'), JSON.stringify(settings));
    const cmd = [
      'nix-instantiate --eval --strict --json',
      q(evalNix),
      `--argstr libPath ${q(libPath)}`,
      `--argstr nixos ${q(nixosFiles)}`,
      `--arg module ${q(join(work, 'gen', 'nixos', 'module.nix'))}`,
      `--argstr name ${q(model.name)}`,
      `--arg settings ${q(join(dir, 'settings.json'))}`,
      `--argstr mainProgram ${q(model.bin)}`,
      `--argstr proxyHeaders ${q(proxyHeaders)}`,
      `> ${q(join(dir, 'eval.json'))} 2> ${q(join(dir, 'eval.err'))}`,
    ].join(' ');
    return { p, dir, cmd };
  });
  inChroot(evals.map((e) => `${e.cmd} || true`).join('\n'));

  const result: HarnessResult = { name: model.name, options: [], required: [], paths: [] };
  const tools: string[] = [];
  for (const e of evals) {
    const check: PathCheck = { path: e.p, evaluated: false, failedAssertions: [] };
    result.paths.push(check);
    let json: { units: Record<string, string>; servers: Record<string, string>; failedAssertions: string[]; options: HarnessOption[]; filled: string[] };
    try {
      json = JSON.parse(readFileSync(join(e.dir, 'eval.json'), 'utf8'));
    } catch {
      check.error = evalError(readFileSync(join(e.dir, 'eval.err'), 'utf8'));
      continue;
    }
    check.evaluated = true;
    check.failedAssertions = json.failedAssertions;
    if (!result.options.length) {
      result.options = json.options;
      result.required = json.options.filter((o) => json.filled.includes(o.path));
    }
    const unit = json.units[model.name];
    if (!unit) {
      check.error = `no systemd.services.${model.name}`;
      continue;
    }
    check.unit = unit;
    // The unit under a root holding systemd's own units, ExecStart's program and the databases it orders after.
    const root = join(e.dir, 'root');
    mkdirSync(join(root, 'etc', 'systemd', 'system'), { recursive: true });
    writeFileSync(join(root, 'etc', 'systemd', 'system', `${model.name}.service`), unit);
    writeFileSync(join(e.dir, `${model.name}.service`), unit);
    const exe = /^ExecStart="?([^"\s]+)/m.exec(unit)?.[1];
    if (exe?.startsWith('/')) {
      mkdirSync(dirname(join(root, exe)), { recursive: true });
      writeFileSync(join(root, exe), '#!/bin/sh\n');
      chmodSync(join(root, exe), 0o755);
    }
    // A database the unit requires is another module's unit on a real system (services.postgresql): a stand-in here.
    for (const dep of new Set(unit.match(/\b[\w@-]+\.service\b/g) ?? []))
      if (dep !== `${model.name}.service`) writeFileSync(join(root, 'etc', 'systemd', 'system', dep), `[Unit]\nDescription=stand-in for ${dep}\n[Service]\nExecStart=/bin/true\n`);
    const servers = Object.values(json.servers).join('\n');
    const conf = [
      `pid ${join(e.dir, 'nginx.pid')};`,
      'error_log stderr;',
      'events {}',
      'http {',
      '  access_log off;',
      "  map $http_upgrade $connection_upgrade { default upgrade; '' close; }",
      servers,
      '}',
      '',
    ].join('\n');
    check.nginxConf = conf;
    writeFileSync(join(e.dir, 'nginx.conf'), conf);
    const d = q(e.dir);
    tools.push(
      `cd ${d}`,
      `mkdir -p root/usr/lib/systemd && cp -r /usr/lib/systemd/system root/usr/lib/systemd/`,
      `systemd-analyze security --offline=true ${q(`${model.name}.service`)} > security.out 2>&1; echo $? > security.rc`,
      `systemd-analyze verify --root=${q(root)} ${q(`/etc/systemd/system/${model.name}.service`)} > verify.out 2>&1; echo $? > verify.rc`,
      `nginx -t -q -e stderr -p ${d} -c ${q(join(e.dir, 'nginx.conf'))} > nginx.out 2>&1; echo $? > nginx.rc`,
    );
  }
  if (tools.length) inChroot(tools.join('\n'));
  for (const [i, e] of evals.entries()) {
    const check = result.paths[i]!;
    if (!check.unit) continue;
    const read = (f: string) => (existsSync(join(e.dir, f)) ? readFileSync(join(e.dir, f), 'utf8') : '');
    check.security = read('security.out');
    const m = /Overall exposure level for \S+: ([\d.]+)/.exec(check.security);
    if (m) check.exposure = Number(m[1]);
    const verifyOut = read('verify.out').trim();
    check.verify = { ok: read('verify.rc').trim() === '0' && verifyOut === '', out: verifyOut };
    const nginxOut = read('nginx.out').trim();
    check.nginx = { ok: read('nginx.rc').trim() === '0', out: nginxOut };
  }
  return result;
}

/** The message of a Nix evaluation error (from its last `error:` line on), without the code excerpts. */
function evalError(stderr: string): string {
  const lines = stderr.trim().split('\n');
  const at = lines.map((l) => /^\s*error:/.test(l)).lastIndexOf(true);
  const msg = (at >= 0 ? lines.slice(at) : lines.slice(-4)).map((l) => l.trim()).filter(Boolean);
  return msg.join(' ').slice(0, 600) || 'no output';
}

/** `file:line` in an option's description (where the generator found the setting), if any. */
export function sourceOf(description: string): string | undefined {
  return /\(([^()\s]+\.rs:\d+)/.exec(description)?.[1];
}
