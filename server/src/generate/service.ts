// "From package to running service": decides, from the crate and its sources,
// how the program learns its port, what the package must install, and writes
// the NixOS module, its nginx location, a Docker image and a VM test.
// The entry is planService(); flake.nix and package.nix belong to other
// generators, so their parts come back as FlakeExtras and PackageAdditions.
import { analyzeBuildReads, type BuildReads } from '../model/buildReads';
import { parserReady } from '../parse/treeSitter';
import { resolveBuild } from '../infer/resolve';
import { analyzeService, readRustSources, varRole, type AssetDir, type RustSourceFile, type ServiceFacts, type SourceRef } from '../model/rustSource';
import type { CargoManifest, Workspace } from '../model/types';
import { nodeFs, type WorkspaceFs } from '../model/workspace';
import { mainPackage } from './context';
import { dockerNix } from './docker';
import type { FlakeExtras } from './flake';
import { moduleNix } from './module';
import { normalizeSubpath } from './nginx';
import { attrKey, attrs, call, code, fn, istr, kv, list, name, raw, type Entry } from './nixWriter';
import { vmTestNix } from './vmTest';
import { analyzeNeeds, type RuntimeNeeds } from '../model/runtimeNeeds';
import { chooseServiceMember, serviceSources } from '../model/serviceRole';
import { decideNeeds, rootLinkMessage, type ModuleNeeds, type RootLinks } from './serviceNeeds';
import { rustRootLinks, templateRootLinks, type RootLink } from '../model/rootLinks';

const dedupeLinks = (links: RootLink[]) => [...new Map(links.map((l) => [`${l.file}:${l.line}:${l.text}`, l])).values()];
import { analyzeRuntimeUses, type RuntimeUses } from '../model/runtimeUses';
import { applyRuntimeUses } from './serviceUses';
import { rootMarker, type RootMarker } from '../model/rootResponse';

export interface ServiceOptions {
  /** services.<name>; default: the binary's name. */
  name?: string;
  /** Workspace member (package name); default: the crate's main binary package. */
  member?: string;
  module: boolean;
  /** Subdirectory of the existing site, e.g. '/forum/'; default '/<name>/'. */
  nginxPath?: string;
  /** The existing nginx virtual host, e.g. 'example.org'. */
  virtualHost?: string;
  docker: boolean;
  /** A static system user instead of DynamicUser. */
  staticUser?: boolean;
  vmTest: boolean;
  /** Port when the sources do not say (default 8080). */
  port?: number;
  /** The callPackage file the non-flake defaults use (package.nix of the buildRustPackage generator); null when there is none (crane, naersk, crate2nix). */
  packageFile?: string | null;
}

export interface GeneratedFile {
  path: string;
  content: string;
}

/** Attributes to merge into the package derivation (buildRustPackage's finalAttrs body, or crane's buildPackage args). */
export interface PackageAdditions {
  /** nixpkgs attribute names for nativeBuildInputs (also callPackage formals in package.nix). */
  nativeBuildInputs: string[];
  /** Shell run after install; `$out` is set. */
  postInstall?: string;
  /** Why, for a comment above the attributes. */
  because: string[];
  /** Root-relative paths the postInstall copies from the source: the package's src must hold them. */
  sources?: string[];
}

export interface ServicePlan {
  files: GeneratedFile[];
  flakeAdditions: FlakeExtras;
  packageAdditions: PackageAdditions;
  warnings: string[];
  /** What was detected, for the CLI's --json and the editor's explanation. */
  facts: ServiceFacts;
  model: ServiceModel;
}

export type WiredValue = 'port' | 'socket' | 'host';

/** Everything the Nix generators need, decided once. */
export interface ServiceModel {
  name: string;
  pname: string;
  bin: string;
  description?: string;
  /** Default of services.<name>.port. */
  port: number;
  /** Default of services.<name>.listenAddress. */
  listenAddress: string;
  /** Environment variables the module sets from its options. */
  env: { name: string; value: WiredValue }[];
  /** Command-line arguments the module passes from its options. */
  args: { flag: string; value: WiredValue }[];
  /** What the program hard-codes: the module asserts the options agree. */
  fixed?: { port?: number; address?: string; at?: SourceRef };
  /** One sentence: how the port reaches the program. */
  portSummary: string;
  staticUser: boolean;
  packageFile: string | null;
  nginx: { path: string; virtualHost?: string; websockets: boolean };
  /** Installed asset folders and how the wrapper points at them. */
  /** chdir: the wrapper starts in the store copy; bound: the asset folders are mounted into the writable working directory instead. */
  assets: { installed: AssetDir[]; chdir: boolean; bound?: boolean };
  tls: boolean;
  jit: string[];
  /** What the program needs to be given (required settings, defaults, secrets, a config file) and how the module passes it. */
  needs: ModuleNeeds;
  /** Links and redirects to the site root: under a sub-path they leave it (model/rootLinks.ts). */
  rootLinks: RootLinks;
  /** What the program uses of the system (/proc, netlink, databases, files it writes): hardening and ordering follow it. */
  uses?: RuntimeUses;
  /** Text the program writes at `/` (its root handler), which the VM test looks for through nginx. */
  marker?: RootMarker;
  /** Why no VM test is written (it could not pass), when so. */
  vmTestBlocked?: string;
}

const where = (at?: SourceRef) => (at ? ` (${at.file}:${at.line})` : '');

/** Turns the facts into wiring: what the module sets, what it can only check. */
export function decideService(
  member: CargoManifest,
  facts: ServiceFacts,
  opts: ServiceOptions,
  runtime: RuntimeNeeds = { items: [], notes: [], links: [] },
  links: RootLink[] = [],
): { model: ServiceModel; warnings: string[] } {
  const pname = member.package!.name;
  const bin = member.package?.defaultRun ?? (member.bins.some((b) => b.name === pname) ? pname : member.bins[0]?.name) ?? pname;
  const name = opts.name ?? bin;
  if (!/^[A-Za-z_][A-Za-z0-9_-]*$/.test(name)) throw new Error(`service name ${JSON.stringify(name)}: use letters, digits, - and _ (it names services.<name> and the systemd unit)`);
  const warnings: string[] = [...facts.notes];
  const env: ServiceModel['env'] = [];
  const args: ServiceModel['args'] = [];
  let fixed: ServiceModel['fixed'];
  let port = opts.port ?? 8080;
  let listenAddress = '127.0.0.1';
  let portSummary: string;
  const how = facts.port;
  const fromConfig = runtime.configFile?.listen && (how.kind === 'hardcoded' || how.kind === 'unknown') ? runtime.configFile : undefined;
  if (fromConfig) {
    // `listen = "127.0.0.1:4000"` in its configuration file: the module writes that key from listenAddress and port.
    if (how.kind === 'hardcoded') port = opts.port ?? how.port;
    portSummary = `${bin} reads where to listen from the ${fromConfig.listen!.key} key of its configuration file (parsed at ${fromConfig.parsedAt.file}:${fromConfig.parsedAt.line}); the module writes that key from listenAddress and port`;
  } else if (how.kind === 'env' || how.kind === 'arg') {
    port = opts.port ?? how.default ?? 8080;
    const push = (v: WiredValue) => (how.kind === 'env' ? env.push({ name: how.name, value: v }) : args.push({ flag: how.flag, value: v }));
    push(how.form);
    const addr = facts.address;
    if (how.form === 'port' && addr?.kind === 'env') env.push({ name: addr.name, value: 'host' });
    if (how.form === 'port' && addr?.kind === 'arg') args.push({ flag: addr.flag, value: 'host' });
    if (how.form === 'port' && addr?.kind === 'fixed') {
      listenAddress = addr.address;
      fixed = { address: addr.address, at: addr.at };
    }
    const carrier = how.kind === 'env' ? `the ${how.name} environment variable` : `the ${how.flag} argument`;
    portSummary = `${bin} reads its ${how.form === 'socket' ? 'address and port' : 'port'} from ${carrier}${where(how.at)}`;
    if (how.form === 'port' && !addr) {
      portSummary += '; no setting for its listen address was found, so listenAddress only tells nginx where to connect';
      warnings.push(`${bin} takes its port from ${carrier} but no listen-address setting was found: check that it listens on 127.0.0.1 (or set listenAddress to what it uses).`);
    } else if (addr?.kind === 'fixed') portSummary += `, and listens on ${addr.address}, hard-coded${where(addr.at)}`;
  } else if (how.kind === 'hardcoded') {
    port = how.port;
    listenAddress = how.address === 'localhost' ? '127.0.0.1' : how.address;
    fixed = { port: how.port, address: listenAddress, at: how.at };
    portSummary = `${bin} listens on ${how.address}:${how.port}, hard-coded${where(how.at)}; the module defaults to that port and asserts port and listenAddress are left as they are`;
    warnings.push(
      `${bin} hard-codes its listen address ${how.address}:${how.port}${where(how.at)}: the module defaults to it; to make it configurable, read PORT (std::env::var("PORT")) in the program.`,
    );
  } else {
    portSummary = `Nixify found no port setting in ${bin}'s sources; pass it with extraArgs or environment`;
    warnings.push(
      `no port setting found in ${bin}'s sources (no clap --port/--listen, no env::var("PORT"), no hard-coded address): the module defaults port to ${port} and passes nothing; set services.${name}.extraArgs or environment so ${bin} listens there.`,
    );
  }
  if (fixed?.address && !['127.0.0.1', '::1', 'localhost'].includes(fixed.address)) {
    warnings.push(`${bin} listens on ${fixed.address}${where(fixed.at)}: other hosts can reach it directly when the firewall allows the port (openFirewall is false by default).`);
  }
  if (port < 1024) warnings.push(`port ${port} is below 1024: the service gets CAP_NET_BIND_SERVICE and runs without PrivateUsers.`);
  const installed = facts.assets.filter((a) => a.use !== 'embedded');
  for (const a of installed.filter((x) => x.use === 'unreferenced')) warnings.push(`${a.dir}/ exists but no code mentions it; it is installed to $out/share/${pname} anyway.`);
  const chdir = installed.some((a) => !a.env);
  if (chdir)
    warnings.push(
      `the wrapped ${bin} starts in $out/share/${pname} (read-only) so relative asset paths resolve: point files it writes at /var/lib/${name} (the service's StateDirectory) with absolute paths.`,
    );
  if (facts.jit.length) warnings.push(`${facts.jit.join(', ')} generate code at run time: MemoryDenyWriteExecute is off.`);
  const needs = decideNeeds(runtime, name, bin);
  warnings.push(...needs.warnings);
  const nginxPath = normalizeSubpath(opts.nginxPath ?? `/${name}/`);
  const basePath = runtime.items.find((i) => BASE_PATH.test(i.name.replace(/^-+/, '')));
  const rootLinks = { links, basePathSetting: basePath ? `${basePath.name} (${basePath.at.file}:${basePath.at.line})` : undefined };
  if (links.length && nginxPath !== '/') warnings.push(`nginx path ${nginxPath}: ${rootLinkMessage(bin, rootLinks)}.`);
  return {
    model: {
      name,
      pname,
      bin,
      description: member.package?.description,
      port,
      listenAddress,
      env,
      args,
      fixed,
      portSummary,
      staticUser: !!opts.staticUser,
      packageFile: opts.packageFile === undefined ? 'package.nix' : opts.packageFile,
      nginx: { path: nginxPath, virtualHost: opts.virtualHost, websockets: facts.websockets },
      assets: { installed, chdir },
      tls: facts.tls.client,
      jit: facts.jit,
      needs: needs.needs,
      rootLinks,
    },
    warnings,
  };
}

/** A setting naming where the app is mounted (`BASE_PATH`, `--base-url`, `PUBLIC_URL`). */
const BASE_PATH = /(^|[_-])(base[_-]?path|base[_-]?url|root[_-]?url|public[_-]?url|path[_-]?prefix|url[_-]?prefix|sub[_-]?path|mount[_-]?path|application[_-]?root|web[_-]?root|prefix)$/i;

/** postInstall and makeWrapper for folders the program reads at run time. */
export function packageAdditionsFor(m: ServiceModel): PackageAdditions {
  if (!m.assets.installed.length) return { nativeBuildInputs: [], because: [] };
  const share = `$out/share/${m.pname}`;
  const wrap = [`wrapProgram $out/bin/${m.bin}`];
  for (const a of m.assets.installed) if (a.env) wrap.push(`--set-default ${a.env} ${share}/${a.dir.split('/').pop()}`);
  if (m.assets.chdir) wrap.push(`--chdir ${share}`);
  // Nothing to set (the unit mounts the folders where the program starts): no wrapper.
  const wrapped = wrap.length > 1;
  return {
    nativeBuildInputs: wrapped ? ['makeWrapper'] : [],
    postInstall: [`mkdir -p ${share}`, `cp -r ${m.assets.installed.map((a) => a.dir).join(' ')} ${share}/`, ...(wrapped ? [wrap.join(' \\\n  ')] : [])].join('\n'),
    because: m.assets.installed.map((a) => `${a.dir}/ is read at run time${a.at ? ` (${a.at.file}:${a.at.line})` : ''}${a.env ? `; ${a.env} points at it` : ''}`),
    sources: m.assets.installed.map((a) => a.dir),
  };
}

/** The PackageAdditions as attribute entries for a derivation body at `indent` (package.nix: 2; prefix 'pkgs.' in a flake). */
export function packageAdditionEntries(add: PackageAdditions, prefix: 'pkgs.' | '' = ''): Entry[] {
  if (!add.postInstall) return [];
  return [
    ...(add.nativeBuildInputs.length ? [kv('nativeBuildInputs', list(add.nativeBuildInputs.map((a) => raw(prefix ? code`pkgs.${attrKey(a)}` : attrKey(a)))))] : []),
    kv('postInstall', istr(add.postInstall.endsWith('\n') ? add.postInstall : `${add.postInstall}\n`), add.because.join('; ')),
  ];
}

/** Why a VM test of this service could not pass (then none is written), or undefined. */
export function vmTestBlocked(m: ServiceModel, facts: ServiceFacts): string | undefined {
  if (facts.port.kind === 'unknown' && !m.env.length && !m.args.length)
    return `no port setting was found in ${m.bin}'s sources, so a test cannot know where it listens; pass the port with extraArgs or environment, then write the test`;
  return undefined;
}

/** The flake outputs: nixosModules.default (system-agnostic), packages.<system>.docker, checks.<system>.nixos. */
export function flakeAdditionsFor(m: ServiceModel, opts: ServiceOptions): FlakeExtras {
  const out: FlakeExtras = {};
  if (opts.module) {
    out.topLevel = [
      kv(
        'nixosModules.default',
        fn(
          ['lib', 'pkgs'],
          attrs([kv('imports', list([raw('./nixos/module.nix')])), kv(code`services.${name(m.name)}.package`, raw('lib.mkDefault self.packages.${pkgs.stdenv.hostPlatform.system}.default'))]),
          true,
        ),
        'One module for every system: the package comes from this flake for the host it is deployed on.',
      ),
    ];
    if (opts.vmTest && !m.vmTestBlocked)
      out.checks = [
        kv('nixos', call('pkgs.callPackage', raw('./nixos/test.nix'), attrs([kv('nixosModule', raw('self.nixosModules.default'))])), 'A NixOS VM (Linux with KVM): the service answers through nginx.'),
      ];
  }
  if (opts.docker)
    out.packages = [kv('docker', call('pkgs.callPackage', raw('./nix/docker.nix'), attrs([kv('package', raw('self.packages.${system}.default'))])), 'nix build .#docker && ./result | docker load')];
  return out;
}

/**
 * Plans the service files for the workspace's main binary. `fs` reads the Rust
 * sources (the editor passes its overlay; default: the disk under ws.root).
 */
export function planService(ws: Workspace, opts: ServiceOptions, fs: WorkspaceFs = nodeFs(ws.root), sources?: RustSourceFile[], buildReads?: BuildReads): ServicePlan {
  // Without a named member, the service is the member that serves (binds a socket, runs a server framework).
  const choice = opts.member || ws.focus ? undefined : chooseServiceMember(ws, fs);
  const member = mainPackage(ws, opts.member ?? choice?.member);
  if (!member.package) throw new Error('the workspace has no package to run as a service');
  // The asset folders the program uses come from what the build reads (needs the Rust parser);
  // without it, the older name-based guess.
  const reads = buildReads ?? (parserReady('rust') ? analyzeBuildReads(ws, fs) : undefined);
  // TLS, JIT and WebSocket facts from the crates the release build compiles (the inference's resolution).
  const compiled = () => resolveBuild(ws, { members: [member.package!.name] }).crates.values();
  const own = sources ?? readRustSources(fs, member);
  const facts = analyzeService(ws, member, own, reads, compiled);
  // What it uses of the system (/proc, netlink, databases, files it writes), from the same compiled crates and its own sources.
  const uses = analyzeRuntimeUses(member, own, () => [...compiled()].map((c) => ({ name: c.pkg.name, features: c.features })));
  const needSources = parserReady('rust') ? (sources ?? serviceSources(ws, fs, member)) : undefined;
  if (facts.port.kind === 'unknown' && needSources) {
    // The port read through a helper (`env_or("PORT", 3000)`), which the lexical scan does not follow.
    const viaHelper = analyzeNeeds(needSources).items.find((i) => i.kind === 'env' && varRole(i.name) === 'port' && !i.required && i.via.includes('which reads the variable'));
    if (viaHelper) facts.port = { kind: 'env', name: viaHelper.name, form: 'port', default: Number(viaHelper.default) || undefined, at: { ...viaHelper.at, text: viaHelper.via } };
  }
  // What it needs to run: its own sources and the workspace crates it uses by path. Settings the module already wires (port, address, asset folders) are left out.
  const wired = {
    env: [
      ...(facts.port.kind === 'env' ? [facts.port.name] : facts.port.kind === 'arg' && facts.port.env ? [facts.port.env] : []),
      ...(facts.address?.kind === 'env' ? [facts.address.name] : []),
      ...facts.assets.flatMap((a) => (a.env ? [a.env] : [])),
      // The connection variable of a local PostgreSQL database: database.createLocally sets it.
      ...(uses.postgres?.env ? [uses.postgres.env] : []),
    ],
    flags: [...(facts.port.kind === 'arg' ? [facts.port.flag] : []), ...(facts.address?.kind === 'arg' ? [facts.address.flag] : [])],
  };
  const runtime = needSources ? analyzeNeeds(needSources, wired) : undefined;
  const linkSources = needSources ?? own;
  const links = [
    ...(runtime ? runtime.links : linkSources.flatMap((f) => rustRootLinks(f.path, f.text))),
    ...[...new Set([member.dir, ...linkSources.map((f) => ws.members.find((x) => x.dir && f.path.startsWith(`${x.dir}/`))?.dir ?? member.dir)])].flatMap((d) => templateRootLinks(fs, d)),
  ];
  const { model, warnings } = decideService(member, facts, opts, runtime, dedupeLinks(links));
  if (choice?.message) warnings.unshift(`${choice.message}.`);
  const usesWarnings = applyRuntimeUses(model, uses);
  if (model.assets.bound) warnings.splice(0, warnings.length, ...warnings.filter((w) => !w.startsWith(`the wrapped ${model.bin} starts in`)));
  warnings.push(...usesWarnings);
  model.marker = rootMarker(sources ?? readRustSources(fs, member));
  const files: GeneratedFile[] = [];
  if (opts.module) files.push({ path: 'nixos/module.nix', content: moduleNix(model) });
  // The VM test is a flake check: only written when the service can answer in it.
  model.vmTestBlocked = opts.module && opts.vmTest ? vmTestBlocked(model, facts) : undefined;
  if (opts.module && opts.vmTest && !model.vmTestBlocked) files.push({ path: 'nixos/test.nix', content: vmTestNix(model) });
  if (model.vmTestBlocked) warnings.push(`no VM test (nixos/test.nix): ${model.vmTestBlocked}.`);
  if (opts.docker) {
    const d = dockerNix(model);
    files.push({ path: 'nix/docker.nix', content: d.content });
    warnings.push(...d.warnings);
  }
  if (opts.vmTest && !opts.module) warnings.push('the VM test needs the NixOS module (--module): skipped.');
  return { files, flakeAdditions: flakeAdditionsFor(model, opts), packageAdditions: packageAdditionsFor(model), warnings, facts, model };
}
