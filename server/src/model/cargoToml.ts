// Cargo.toml → CargoManifest, as written (workspace inheritance and target
// auto-discovery are applied by workspace.ts, which can see other files).
import { parse, TomlError } from 'smol-toml';
import { locateToml, type TomlRanges } from './tomlRanges';
import { ModelError, type BinTarget, type CargoManifest, type DependencyKind, type DependencySpec, type LibTarget, type PackageInfo, type Range, type WorkspaceSection } from './types';

type Table = Record<string, unknown>;

const isTable = (v: unknown): v is Table => typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Date);

/** The parsed manifest plus what inheritance needs: which fields say `workspace = true`. */
export interface RawManifest extends CargoManifest {
  /** package fields written as `field.workspace = true`. */
  inheritedFields: string[];
  /** `build = false` disables the default build.rs discovery. */
  buildDisabled: boolean;
  autobins: boolean;
  ranges: CargoManifest['ranges'];
  toml: TomlRanges;
}

export function tomlErrorRange(e: TomlError): Range {
  const line = Math.max(0, (e.line ?? 1) - 1);
  const character = Math.max(0, (e.column ?? 1) - 1);
  return { start: { line, character }, end: { line, character: character + 1 } };
}

export function parseToml(text: string, file: string): Table {
  try {
    return parse(text) as Table;
  } catch (e) {
    if (e instanceof TomlError) {
      const first = e.message.split('\n')[0]!.replace(/^Invalid TOML document: /, '');
      throw new ModelError(`${file}:${e.line ?? 1}:${e.column ?? 1}: invalid TOML: ${first}`, file, tomlErrorRange(e));
    }
    throw e;
  }
}

class Reader {
  constructor(
    readonly file: string,
    readonly toml: TomlRanges,
  ) {}

  fail(message: string, path: (string | number)[]): never {
    const loc = this.toml.get(...path);
    const where = loc ? `:${loc.valueRange.start.line + 1}:${loc.valueRange.start.character + 1}` : '';
    throw new ModelError(`${this.file}${where}: ${message}`, this.file, loc?.valueRange);
  }

  str(v: unknown, path: (string | number)[]): string | undefined {
    if (v === undefined) return undefined;
    if (typeof v !== 'string') this.fail(`\`${path.join('.')}\` must be a string`, path);
    return v;
  }

  strList(v: unknown, path: (string | number)[]): string[] {
    if (v === undefined) return [];
    if (!Array.isArray(v) || v.some((x) => typeof x !== 'string')) this.fail(`\`${path.join('.')}\` must be an array of strings`, path);
    return v as string[];
  }

  bool(v: unknown, path: (string | number)[], dflt: boolean): boolean {
    if (v === undefined) return dflt;
    if (typeof v !== 'boolean') this.fail(`\`${path.join('.')}\` must be true or false`, path);
    return v;
  }
}

const DEP_TABLES: [string, DependencyKind][] = [
  ['dependencies', 'normal'],
  ['dev-dependencies', 'dev'],
  ['dev_dependencies', 'dev'],
  ['build-dependencies', 'build'],
  ['build_dependencies', 'build'],
];

function readDeps(r: Reader, table: unknown, kind: DependencyKind, base: string[], target?: string): DependencySpec[] {
  if (table === undefined) return [];
  if (!isTable(table)) r.fail(`\`${base.join('.')}\` must be a table`, base);
  const out: DependencySpec[] = [];
  for (const [name, spec] of Object.entries(table)) {
    const path = [...base, name];
    const range = r.toml.get(...path)?.keyRange;
    if (typeof spec === 'string') {
      out.push({ name, package: name, kind, target, optional: false, defaultFeatures: true, features: [], version: spec, range });
      continue;
    }
    if (!isTable(spec)) r.fail(`dependency \`${name}\` must be a version string or a table`, path);
    const git = r.str(spec.git, [...path, 'git']);
    const d: DependencySpec = {
      name,
      package: r.str(spec.package, [...path, 'package']) ?? name,
      kind,
      target,
      optional: r.bool(spec.optional, [...path, 'optional'], false),
      defaultFeatures: r.bool(spec['default-features'] ?? spec.default_features, [...path, 'default-features'], true),
      features: r.strList(spec.features, [...path, 'features']),
      version: r.str(spec.version, [...path, 'version']),
      path: r.str(spec.path, [...path, 'path']),
      range,
    };
    if (git) {
      d.git = {
        url: git,
        rev: r.str(spec.rev, [...path, 'rev']),
        tag: r.str(spec.tag, [...path, 'tag']),
        branch: r.str(spec.branch, [...path, 'branch']),
      };
    }
    if (spec.workspace !== undefined) d.workspace = r.bool(spec.workspace, [...path, 'workspace'], false);
    out.push(d);
  }
  return out;
}

function readAllDeps(r: Reader, doc: Table): DependencySpec[] {
  const deps: DependencySpec[] = [];
  for (const [key, kind] of DEP_TABLES) for (const d of readDeps(r, doc[key], kind, [key])) deps.push(d);
  if (doc.target !== undefined) {
    if (!isTable(doc.target)) r.fail('`target` must be a table', ['target']);
    for (const [spec, t] of Object.entries(doc.target)) {
      if (!isTable(t)) continue;
      for (const [key, kind] of DEP_TABLES) for (const d of readDeps(r, t[key], kind, ['target', spec, key], spec)) deps.push(d);
    }
  }
  return deps;
}

const PACKAGE_STRINGS: [keyof PackageInfo, string][] = [
  ['version', 'version'],
  ['description', 'description'],
  ['license', 'license'],
  ['licenseFile', 'license-file'],
  ['homepage', 'homepage'],
  ['repository', 'repository'],
  ['documentation', 'documentation'],
  ['rustVersion', 'rust-version'],
  ['edition', 'edition'],
  ['defaultRun', 'default-run'],
];

function readPackage(r: Reader, pkg: Table, inherited: string[]): PackageInfo {
  const info: PackageInfo = { name: '', authors: [], keywords: [], inherited: [] };
  const name = pkg.name;
  if (typeof name !== 'string' || !name) r.fail('`package.name` must be a non-empty string', ['package', 'name']);
  info.name = name;
  for (const [field, key] of PACKAGE_STRINGS) {
    const v = pkg[key];
    if (isTable(v) && v.workspace === true) {
      inherited.push(key);
      continue;
    }
    (info as unknown as Record<string, unknown>)[field] = r.str(v, ['package', key]);
  }
  for (const key of ['authors', 'keywords'] as const) {
    const v = pkg[key];
    if (isTable(v) && v.workspace === true) inherited.push(key);
    else info[key] = r.strList(v, ['package', key]);
  }
  if (isTable(pkg.metadata)) info.metadata = pkg.metadata;
  return info;
}

function readWorkspace(r: Reader, ws: Table): WorkspaceSection {
  const pkg = isTable(ws.package) ? ws.package : {};
  const p: WorkspaceSection['package'] = {};
  for (const [field, key] of PACKAGE_STRINGS) {
    const v = r.str(pkg[key], ['workspace', 'package', key]);
    if (v !== undefined) (p as Record<string, unknown>)[field] = v;
  }
  if (pkg.authors !== undefined) p.authors = r.strList(pkg.authors, ['workspace', 'package', 'authors']);
  if (pkg.keywords !== undefined) p.keywords = r.strList(pkg.keywords, ['workspace', 'package', 'keywords']);
  return {
    members: r.strList(ws.members, ['workspace', 'members']),
    exclude: r.strList(ws.exclude, ['workspace', 'exclude']),
    defaultMembers: r.strList(ws['default-members'], ['workspace', 'default-members']),
    resolver: r.str(ws.resolver, ['workspace', 'resolver']),
    package: p,
    dependencies: readDeps(r, ws.dependencies, 'normal', ['workspace', 'dependencies']),
  };
}

function readLib(r: Reader, lib: unknown): LibTarget | undefined {
  if (lib === undefined) return undefined;
  if (!isTable(lib)) r.fail('`lib` must be a table', ['lib']);
  return {
    name: r.str(lib.name, ['lib', 'name']),
    path: r.str(lib.path, ['lib', 'path']),
    crateTypes: r.strList(lib['crate-type'] ?? lib.crate_type, ['lib', 'crate-type']),
  };
}

function readBins(r: Reader, bins: unknown): BinTarget[] {
  if (bins === undefined) return [];
  if (!Array.isArray(bins)) r.fail('`bin` must be an array of tables ([[bin]])', ['bin']);
  return bins.map((b, i) => {
    if (!isTable(b)) r.fail('each [[bin]] must be a table', ['bin', i]);
    const name = r.str(b.name, ['bin', i, 'name']);
    if (!name) r.fail('[[bin]] needs a `name`', ['bin', i]);
    return { name, path: r.str(b.path, ['bin', i, 'path']), requiredFeatures: r.strList(b['required-features'], ['bin', i, 'required-features']) };
  });
}

function readFeatures(r: Reader, f: unknown): Record<string, string[]> {
  if (f === undefined) return {};
  if (!isTable(f)) r.fail('`features` must be a table', ['features']);
  const out: Record<string, string[]> = {};
  for (const [k, v] of Object.entries(f)) out[k] = r.strList(v, ['features', k]);
  return out;
}

/**
 * Parses one Cargo.toml. `path` is relative to the workspace root and is used
 * in messages ("cli/Cargo.toml:3:8: …") and as CargoManifest.path.
 */
export function parseCargoManifest(text: string, path: string): RawManifest {
  const doc = parseToml(text, path);
  const toml = locateToml(text);
  const r = new Reader(path, toml);
  const inheritedFields: string[] = [];
  const slash = path.lastIndexOf('/');
  const rawPkg = doc.package ?? doc.project;
  if (rawPkg !== undefined && !isTable(rawPkg)) r.fail('`package` must be a table', ['package']);
  const pkgTable = rawPkg as Table | undefined;
  if (pkgTable === undefined && doc.workspace === undefined) {
    throw new ModelError(`${path}: neither [package] nor [workspace] found: not a Cargo manifest`, path);
  }
  const pkg = pkgTable ? readPackage(r, pkgTable, inheritedFields) : undefined;
  const build = pkgTable?.build;
  const packageKeys: Record<string, Range> = {};
  for (const [p, loc] of toml.under('package')) if (p.length === 2) packageKeys[p[1]!] = loc.valueRange;
  return {
    path,
    dir: slash === -1 ? '' : path.slice(0, slash),
    package: pkg,
    lib: readLib(r, doc.lib),
    bins: readBins(r, doc.bin),
    features: readFeatures(r, doc.features),
    dependencies: readAllDeps(r, doc),
    workspace: doc.workspace === undefined ? undefined : isTable(doc.workspace) ? readWorkspace(r, doc.workspace) : r.fail('`workspace` must be a table', ['workspace']),
    hasPatches: doc.patch !== undefined || doc.replace !== undefined,
    buildScript: typeof build === 'string' ? build : undefined,
    buildDisabled: build === false,
    autobins: pkgTable?.autobins !== false,
    inheritedFields,
    ranges: {
      package: toml.get('package')?.keyRange,
      name: toml.get('package', 'name')?.valueRange,
      version: toml.get('package', 'version')?.valueRange,
      rustVersion: toml.get('package', 'rust-version')?.valueRange,
      workspace: toml.get('workspace')?.keyRange,
      packageKeys,
    },
    toml,
  };
}
