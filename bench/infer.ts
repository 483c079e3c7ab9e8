// `npm run bench:infer`: inference scored against what nixpkgs really uses for
// the corpus crates (../shared/corpus/crates/*/expected.json). Compile inputs
// only: packaging extras (installShellFiles, makeWrapper…) are not inferable
// from Cargo files and are left out; inputs nixpkgs lists without any evidence
// in the lock are reported apart, not counted as misses.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { infer } from '../server/src/infer/infer';
import { linkedBy, NIXPKGS_ATTRS, propagatedBy } from '../server/src/infer/pkgConfig';
import { cargoCacheFacts, cargoCacheManifests } from '../server/src/infer/registry';
import { recordedManifest, recordedManifestCount, recordedVersions } from '../server/src/infer/depManifests';
import { membersForCargoArgs, resolveBuild } from '../server/src/infer/resolve';
import { dataFacts } from '../server/src/infer/signals';
import { targetApplies } from '../server/src/infer/cfg';
import { rowFor } from '../server/src/infer/table';
import type { InferOptions } from '../server/src/infer/types';
import type { Workspace } from '../server/src/model/types';
import { consistencyCeiling, errorsAllowed, type CeilingCase } from './inferCeiling';
import { loadWorkspace } from '../server/src/model/workspace';
import { initParsers } from '../server/src/parse/treeSitter';

const corpus = join(__dirname, '..', '..', 'shared', 'corpus', 'crates');

interface Expected {
  nativeBuildInputs: string[];
  buildInputs: string[];
  env_native_deps?: Record<string, string>;
  packaging_extras?: string[];
  inputs_without_lock_evidence?: string[];
  buildFeatures?: string[];
  buildNoDefaultFeatures?: boolean;
  cargoBuildFlags?: string[];
  buildAndTestSubdir?: string | null;
  lock_evidence?: Record<string, string[]>;
}

/**
 * One spelling per derivation: nixpkgs moved the X11 libraries to by-name names (`libx11`,
 * `libxcursor`; `xorg.libX11` and `libX11` under `with xorg;` are the same package), and package
 * files write outputs or overrides of the same package (`openssl.dev`, `(lib.getDev curl)`).
 */
const norm = (a: string) => {
  const m = /^\(lib\.getDev (\S+)\)$/.exec(a);
  if (m) return m[1]!;
  const x = a.replace(/^xorg\./, '').replace(/\.(dev|out|lib)$/, '');
  if (x === 'ncurses6') return 'ncurses'; // ncurses' default ABI is 6: the same derivation
  return /^libX/.test(x) || /^libx(cb|cursor|i|randr|rendr|ext|ft|inerama|mu|t|tst|xf86vm|11|scrnsaver|render)$/.test(x) ? x.toLowerCase() : x;
};

/**
 * The members nixpkgs builds, from what its package.nix passes to cargo (cargoBuildFlags,
 * buildAndTestSubdir), read the way cargo reads them; the corpus' prose description of the member
 * is for people. Undefined: cargo's default choice at the root (default-members, root package, all).
 */
function members(ws: Workspace, exp: Expected): string[] | undefined {
  return membersForCargoArgs(ws, exp.cargoBuildFlags ?? [], exp.buildAndTestSubdir);
}

/** nix-init's approach on the same table: every crate of the lock, all features on, dev-dependencies included, no platform pruning. */
function baseline(ws: Workspace): Set<string> {
  const out = new Set<string>();
  for (const p of ws.lock?.packages ?? []) {
    const row = rowFor(p.name);
    const all = new Set(['vendored', 'bundled', 'static', 'pkg-config', 'dynamic-linking', 'xlib', 'io-uring']);
    for (const r of row?.rules ?? []) {
      if (
        r.when &&
        !r.when({ version: p.version, features: new Set(), featuresKnown: false, vendored: 'system' }) &&
        !r.when({ version: p.version, features: all, featuresKnown: false, vendored: 'system' })
      )
        continue;
      for (const a of [...(r.native ?? []), ...(r.build ?? [])]) out.add(a);
    }
    if (p.name === 'pkg-config') out.add('pkg-config');
  }
  return out;
}

interface Score {
  tp: number;
  fp: number;
  fn: number;
}
const score = (): Score => ({ tp: 0, fp: 0, fn: 0 });
/** Adds one crate's result: inputs nixpkgs lists without lock evidence are neither hits nor misses. */
/**
 * What a build that lists `b` has along with it, over the bench's spellings (libx11 is xorg.libX11):
 * what nixpkgs propagates (propagatedBy) and, for a library the program opens at run time, what `b`'s
 * libraries link (linkedBy) — the two relations inference drops an input by (infer.ts dropPropagated).
 */
const spelled = new Map(Object.keys(NIXPKGS_ATTRS).map((a) => [norm(a), a]));
const propagatesNorm = (b: string) => new Set([...propagatedBy(spelled.get(b) ?? b), ...linkedBy(spelled.get(b) ?? b)].map(norm));
function tally(s: Score, want: Set<string>, got: Set<string>, unevidenced: Set<string>): { misses: string[]; extra: string[] } {
  // What a listed library propagates (nixpkgs' propagatedBuildInputs: gtk4 → cairo, glib, pango) or
  // links is in the build whether written or not: a need met that way is a hit, and writing it is no extra.
  const brings = (xs: Set<string>, a: string) => [...xs].some((b) => b !== a && propagatesNorm(b).has(a));
  const misses = [...want].filter((a) => !got.has(a) && !brings(got, a) && !unevidenced.has(a));
  const extra = [...got].filter((a) => !want.has(a) && !brings(want, a));
  s.tp += [...want].filter((a) => got.has(a) || brings(got, a)).length;
  s.fp += extra.length;
  s.fn += misses.length;
  return { misses, extra };
}
const pct = (a: number, b: number) => (b ? ((100 * a) / b).toFixed(1) : '100.0');
const pr = (s: Score) => `precision ${pct(s.tp, s.tp + s.fp)}%  recall ${pct(s.tp, s.tp + s.fn)}%  (hits ${s.tp}, extra ${s.fp}, missed ${s.fn})`;

/** The package names of the workspace's own crates (members and path crates). */
function ownCrates(ws: Workspace): string[] {
  return [...ws.members, ...(ws.pathCrates ?? [])].map((m) => m.package?.name).filter((n): n is string => !!n);
}

/** The -sys crates of a lock (and crates that declare a native library): what leave-one-out forgets. */
function sysCratesOf(ws: Workspace): Set<string> {
  const tools = new Set(['cc', 'cmake', 'pkg-config', 'system-deps', 'vcpkg', 'bindgen', 'autotools', 'clang-sys']);
  return new Set(
    (ws.lock?.packages ?? [])
      .map((p) => p.name)
      .filter((n) => !tools.has(n) && (/[-_]sys(-rs)?$|-sys\d*$/.test(n) || dataFacts(n)?.links !== undefined || (rowFor(n) !== undefined && /^lib|sys/.test(n)))),
  );
}

interface Row {
  name: string;
  built: number;
  locked: number;
  misses: string[];
  extra: string[];
  heard: string[];
  envMisses: string[];
  envExtra: string[];
  why: Map<string, string>;
  whyMissed: Map<string, string>;
  /** `missed x` / `extra x` → its reason class. */
  classes: Map<string, Klass>;
  loo: { misses: string[]; extra: string[] };
}

type Klass = 'resolution' | '-sys decision' | 'run-time library (-sys decision)' | 'attribute choice (-sys decision)' | 'unverified lock edges' | 'no crate to go on';
const KLASS_MEANING: Record<Klass, string> = {
  resolution: 'which crates are built: a missed input whose crates are not built, or an extra below a crate whose workspace-named features are off',
  '-sys decision': 'the crate is built (a miss whose crate is built, or an extra every edge to which a manifest confirms); what it needs is the -sys data’s call',
  'run-time library (-sys decision)': 'an extra the crate opens with dlopen: nixpkgs lists it only when the packager wired the run-time path',
  'attribute choice (-sys decision)': 'the crate of a miss yields another attribute (udev vs systemd)',
  'unverified lock edges': 'an extra reached through a Cargo.lock edge that no manifest (member, cargo cache or recorded facts) confirms: built unless that edge is optional and off',
  'no crate to go on': 'a miss the corpus ties to no crate of the lock (a font, a tool nixpkgs adds for its own reasons)',
};

(async () => {
  if (!existsSync(corpus)) {
    console.log('bench infer: ../shared/corpus/crates not found; skipped');
    return;
  }
  await initParsers();
  const policies: NonNullable<InferOptions['vendored']>[] = ['system', 'bundled', 'all-system'];
  const scores = new Map(policies.map((p) => [p, score()]));
  const envScores = new Map(policies.map((p) => [p, score()]));
  const base = score();
  const loo = score();
  let noEvidence = 0,
    ms = 0,
    runs = 0;
  const names = readdirSync(corpus)
    .filter((n) => existsSync(join(corpus, n, 'expected.json')))
    .sort();
  const rows: Row[] = [];
  const ceilingCases: CeilingCase[] = [];
  const coverage = { built: 0, applied: 0, incompatible: 0 };
  for (const name of names) {
    const exp = JSON.parse(readFileSync(join(corpus, name, 'expected.json'), 'utf8')) as Expected;
    const ws = loadWorkspace(join(corpus, name));
    const extras = new Set(exp.packaging_extras ?? []);
    const unevidenced = new Set((exp.inputs_without_lock_evidence ?? []).map(norm));
    const want = new Set([...exp.nativeBuildInputs, ...exp.buildInputs].filter((a) => !extras.has(a)).map(norm));
    const envWant = new Set(Object.keys(exp.env_native_deps ?? {}));
    noEvidence += [...unevidenced].filter((a) => want.has(a)).length;
    const asBuilt: InferOptions = { members: members(ws, exp), features: exp.buildFeatures, noDefaultFeatures: exp.buildNoDefaultFeatures };
    let row: Row | undefined;
    for (const vendored of policies) {
      const t0 = performance.now();
      const r = infer(ws, { ...asBuilt, vendored });
      ms += performance.now() - t0;
      runs++;
      const all = [...r.nativeBuildInputs, ...r.buildInputs];
      // A packaging extra nixpkgs lists too (wrapGAppsHook4 for a GTK app) is scored apart, like nixpkgs' own.
      const got = new Set(all.map((i) => norm(i.attr)).filter((a) => !extras.has(a)));
      const { misses, extra } = tally(scores.get(vendored)!, want, got, unevidenced);
      const env = tally(envScores.get(vendored)!, envWant, new Set(r.env.map((e) => e.name)), new Set());
      if (vendored !== 'system') continue;
      const why = new Map(all.map((i) => [norm(i.attr), `${i.because}${i.checkedAgainst ? ` [edges checked against the published manifests of ${i.checkedAgainst.join(', ')}]` : ''}`]));
      // Leave-one-out: the same build with no table row and no data entry for this crate's own -sys crates,
      // nor recorded manifest facts for them or for the crates its own workspace publishes (Debian may
      // package a corpus project's library crates: those facts would describe the crate being scored),
      // nor the upstream facts read only because this crate's build crossed them.
      const l = infer(ws, { ...asBuilt, vendored, withoutData: new Set([...sysCratesOf(ws), ...ownCrates(ws)]), withoutUpstreamOf: name });
      const lt = tally(loo, want, new Set([...l.nativeBuildInputs, ...l.buildInputs].map((i) => norm(i.attr)).filter((a) => !extras.has(a))), unevidenced);
      const evidence = new Map(Object.entries(exp.lock_evidence ?? {}).map(([a, cs]) => [norm(a), cs]));
      const resolution = resolveBuild(ws, asBuilt);
      const toggledOff = offFeatures(ws, resolution);
      ceilingCases.push({
        name,
        want,
        unevidenced,
        // A crate reached only below a crate whose workspace-named features are off is a resolution error, not a -sys decision.
        built: [...resolution.crates.values()].filter((c) => !(c.guessed && c.via.slice(0, -1).some((n) => toggledOff.has(n)))),
        memberProbes: [...resolution.memberBuildDeps].filter(([, d]) => d.has('pkg-config') || d.has('system-deps')).map(([m]) => m),
        evidence,
        locked: new Set((ws.lock?.packages ?? []).map((p) => p.name)),
      });
      // Members count as built too: an in-tree crate's build script can be the evidence (rkvm-input → libevdev).
      const built = new Set([...r.builtCrates.map((k) => k.split('@')[0]!), ...resolution.builtMembers]);
      const lockDeps = new Map((ws.lock?.packages ?? []).map((p) => [p.name, p]));
      const whyMissed = new Map(misses.map((m) => [m, whyMissedOf(m, evidence.get(m) ?? [], built, lockDeps, ws)]));
      const classes = new Map<string, Klass>();
      const evidenceOfMisses = new Set(misses.flatMap((m) => evidence.get(m) ?? []));
      for (const m of misses) {
        const ev = evidence.get(m) ?? [];
        classes.set(`missed ${m}`, !ev.length ? 'no crate to go on' : ev.some((c) => built.has(c)) ? '-sys decision' : 'resolution');
      }
      for (const c of resolution.crates.values()) {
        if (!c.pkg.source?.startsWith('registry+')) continue;
        coverage.built++;
        if (recordedManifest(c.pkg.name, c.pkg.version)) coverage.applied++;
        else if (recordedVersions(c.pkg.name).length) coverage.incompatible++;
      }
      const unit = new Map([...resolution.crates.values()].map((c) => [c.key, c]));
      for (const x of extra) {
        const i = all.find((a) => norm(a.attr) === x)!;
        // Only a path with an edge taken from the lock alone can be wrong about the crate being built.
        const guessed = unit.get(i.crate)?.guessed === true;
        const below = guessed ? i.via.slice(0, -1).find((n) => toggledOff.has(n)) : undefined;
        classes.set(
          `extra ${x}`,
          // Not built at all comes before what a built crate would need.
          below
            ? 'resolution'
            : i.loadedAtRunTime
              ? 'run-time library (-sys decision)'
              : evidenceOfMisses.has(i.crate.split('@')[0]!)
                ? 'attribute choice (-sys decision)'
                : guessed
                  ? 'unverified lock edges'
                  : '-sys decision',
        );
        if (below)
          why.set(x, `${why.get(x)} [below ${below}, whose ${[...toggledOff.get(below)!].join(', ')} the workspace leaves off: an optional dependency behind them would look the same in the lock]`);
        else if (guessed) why.set(x, `${why.get(x)} [an edge on the way is read from Cargo.lock alone: no manifest facts for ${unverifiedOn(i.via, resolution)}]`);
      }
      row = {
        name,
        built: r.builtCrates.length,
        locked: ws.lock?.packages.length ?? 0,
        misses,
        extra,
        heard: [...unevidenced].filter((a) => want.has(a) && !got.has(a)),
        envMisses: env.misses,
        envExtra: env.extra,
        why,
        whyMissed,
        classes,
        loo: lt,
      };
    }
    rows.push(row!);
    tally(base, want, baseline(ws), unevidenced);
  }
  console.log('per crate (vendored = system, the default; LOO = without data for its own -sys crates):');
  for (const r of rows) {
    const diff = (m: string[], x: string[]) => `${m.length || x.length ? '' : 'exact'}${m.length ? ` missed: ${m.join(' ')}` : ''}${x.length ? ` extra: ${x.join(' ')}` : ''}`;
    const looDiff = diff(r.loo.misses, r.loo.extra);
    console.log(
      `${r.name.padEnd(15)} ${String(r.built).padStart(4)}/${String(r.locked).padEnd(4)} crates built  ${diff(r.misses, r.extra)}` +
        `${r.envMisses.length ? `  env missed: ${r.envMisses.join(' ')}` : ''}${r.envExtra.length ? `  env extra: ${r.envExtra.join(' ')}` : ''}` +
        `${looDiff !== diff(r.misses, r.extra) ? `  | LOO: ${looDiff}` : ''}` +
        `${r.heard.length ? `  (not counted, nixpkgs lists without lock evidence: ${r.heard.join(' ')})` : ''}`,
    );
  }
  console.log(`\ncompile inputs (nativeBuildInputs + buildInputs minus packaging extras), ${names.length} crates, as nixpkgs builds them (its buildFeatures, buildNoDefaultFeatures, member):`);
  console.log(`  nixify vendored=system     ${pr(scores.get('system')!)}`);
  console.log(
    `  leave-one-out              ${pr(loo)}  (each crate scored with no table row, data entry or recorded manifest facts for its own -sys crates, nor recorded manifest facts for the crates its workspace publishes, nor upstream facts read for its build alone: what an unseen crate gets)`,
  );
  for (const p of policies.slice(1)) console.log(`  nixify vendored=${p.padEnd(10)} ${pr(scores.get(p)!)}`);
  console.log(`  nix-init-style baseline    ${pr(base)}  (same table; whole lock, all features, dev-deps, no platform pruning)`);
  console.log(`  ${noEvidence} inputs nixpkgs lists with no crate in the lock that uses them are left out of both (neither hit nor miss).`);
  console.log(
    "  A library another input brings counts as present, written or not: what nixpkgs' package file propagates (gtk4 brings cairo, glib, pango, wayland; data/nixpkgsPropagated.json), else what its .pc files require; for a library opened at run time, what the input's libraries link.",
  );
  console.log(
    `  recorded manifest facts (data/crateManifests.json, ${recordedManifestCount.crates} crates, ${recordedManifestCount.versions} versions, from Debian; data/crateManifestsUpstream.json, ${recordedManifestCount.upstreamCrates} crates, ${recordedManifestCount.upstreamVersions} versions, from their repositories' tags): applied to ${coverage.applied} of ${coverage.built} built registry crates; ${coverage.incompatible} more have an entry for a semver-incompatible version (their lock edges are walked as before)`,
  );
  console.log('\nenv for native deps (names only), scored apart:');
  for (const p of policies) console.log(`  nixify vendored=${p.padEnd(10)} ${pr(envScores.get(p)!)}`);
  const byClass = new Map<Klass, number>();
  for (const r of rows) for (const k of r.classes.values()) byClass.set(k, (byClass.get(k) ?? 0) + 1);
  console.log('\nmisses and extras by reason class (vendored = system):');
  for (const [k, n] of [...byClass].sort((a, b) => b[1] - a[1])) console.log(`  ${String(n).padStart(3)}  ${k}: ${KLASS_MEANING[k]}`);
  const present = (want: Set<string>, a: string) => want.has(a) || [...want].some((b) => b !== a && propagatesNorm(b).has(a));
  const ceiling = consistencyCeiling(ceilingCases, false, norm, tally, present);
  const versioned = consistencyCeiling(ceilingCases, true, norm, tally, present);
  console.log(`\nconsistency ceiling          ${pr(ceiling.score)}`);
  console.log(
    '  the best a rule can score that decides alike for every package given the same crate signals: per (crate, the features it is built with, attribute), the choice most corpus packages with that crate built that way make (memorised per crate, not per package; crates the corpus ties to a listed input count as built; an attribute several crates of a package can stand for is counted as decided right, so this is an upper bound)',
  );
  const fewest = ceiling.score.fp + ceiling.score.fn;
  const allowed = errorsAllowed(ceiling.score.tp + ceiling.score.fn);
  console.log(
    `  fewest misses + extras of any rule deciding alike per crate signal: ${fewest}; 95/95 allows at most ${allowed} here: ${fewest > allowed ? 'out of reach without deciding per package' : 'within reach'}`,
  );
  console.log(`  with the crate's version in its signal too (a finer memory, nearer one entry per package): ${pr(versioned.score)}, ${versioned.score.fp + versioned.score.fn} misses + extras`);
  console.log(`  ${ceiling.single} decisions by one crate signal, ${ceiling.multi} shared by several (taken as right); signals on which packages split (minority listed):`);
  for (const s of ceiling.split) console.log(`    ${s.attr.padEnd(16)} ${s.listed}/${s.of} list it  ${s.signal}  — ${s.listed * 2 >= s.of ? 'not listed' : 'listed'} by ${s.packages.join(', ')}`);
  console.log('\nten worst crates (vendored = system), with the reason class of each miss and extra:');
  const worst = [...rows].sort((a, b) => b.misses.length + b.extra.length - (a.misses.length + a.extra.length) || a.name.localeCompare(b.name)).slice(0, 10);
  for (const r of worst) {
    const counts = new Map<Klass, number>();
    for (const k of r.classes.values()) counts.set(k, (counts.get(k) ?? 0) + 1);
    const main = [...counts].sort((a, b) => b[1] - a[1])[0]?.[0];
    console.log(`  ${r.name}: ${r.misses.length} missed, ${r.extra.length} extra — mostly ${main}`);
    for (const m of r.misses) console.log(`    missed ${m} [${r.classes.get(`missed ${m}`)}]: ${r.whyMissed.get(m)}`);
    for (const x of r.extra) console.log(`    extra  ${x} [${r.classes.get(`extra ${x}`)}]: ${r.why.get(x) ?? ''}`);
  }
  // `--classes KLASS,…` (or `all`): every miss and extra of those classes, not only the ten worst crates'.
  const wantClasses = process.argv.includes('--classes') ? process.argv[process.argv.indexOf('--classes') + 1]?.split(',') : undefined;
  if (wantClasses) {
    console.log(`\nevery miss and extra of class ${wantClasses.join(', ')}:`);
    for (const r of rows)
      for (const [k, c] of r.classes) {
        if (!wantClasses.includes('all') && !wantClasses.some((w) => c.startsWith(w))) continue;
        const [kind, x] = k.split(' ') as [string, string];
        console.log(`  ${r.name}: ${kind === 'missed' ? 'missed' : 'extra '} ${x} [${c}]: ${kind === 'missed' ? r.whyMissed.get(x) : (r.why.get(x) ?? '')}`);
      }
  }
  // With the local cargo cache the registry crates' own manifests replace the lock heuristics.
  const manifestOf = cargoCacheManifests();
  const buildFactsOf = cargoCacheFacts();
  const cached = score();
  let withManifest = 0,
    registryCrates = 0;
  for (const name of names) {
    const exp = JSON.parse(readFileSync(join(corpus, name, 'expected.json'), 'utf8')) as Expected;
    const ws = loadWorkspace(join(corpus, name));
    for (const p of ws.lock?.packages ?? []) if (p.source?.startsWith('registry+')) (registryCrates++, manifestOf(p.name, p.version) && withManifest++);
    if (!withManifest) continue;
    const extras = new Set(exp.packaging_extras ?? []);
    const want = new Set([...exp.nativeBuildInputs, ...exp.buildInputs].filter((a) => !extras.has(a)).map(norm));
    const r = infer(ws, { members: members(ws, exp), features: exp.buildFeatures, noDefaultFeatures: exp.buildNoDefaultFeatures, manifestOf, buildFactsOf });
    tally(cached, want, new Set([...r.nativeBuildInputs, ...r.buildInputs].map((i) => norm(i.attr))), new Set((exp.inputs_without_lock_evidence ?? []).map(norm)));
  }
  console.log(`\ncargo cache: published manifests found for ${withManifest} of ${registryCrates} registry crates`);
  if (withManifest) console.log(`  nixify vendored=system + cargo cache ${pr(cached)}`);
  console.log(`\ntime: ${(ms / runs).toFixed(1)} ms per inference`);
})();

/** The registry crates on an input's path whose edges the lock alone gives, and why they have no recorded facts. */
function unverifiedOn(via: string[], res: ReturnType<typeof resolveBuild>): string {
  const out: string[] = [];
  for (const name of via.slice(0, -1)) {
    const c = [...res.crates.values()].find((k) => k.pkg.name === name);
    if (!c?.pkg.source) continue;
    if (c.pkg.source.startsWith('git+')) {
      out.push(`${name} ${c.pkg.version} (a git source: no published manifest)`);
      continue;
    }
    if (recordedManifest(name, c.pkg.version)) continue;
    const has = recordedVersions(name);
    out.push(`${name} ${c.pkg.version}${has.length ? ` (recorded ${has.join(', ')}: not semver-compatible)` : ''}`);
  }
  return out.join(', ') || 'a lock edge its parent’s recorded entry does not name';
}

/** Per crate, the features the workspace names for it (`dep/feat`, `features = [...]`) that are off in this build. */
function offFeatures(ws: Workspace, res: ReturnType<typeof resolveBuild>): Map<string, Set<string>> {
  const named = new Map<string, Set<string>>();
  for (const m of ws.members) {
    const pkgOf = new Map(m.dependencies.map((d) => [d.name, d.package]));
    const learn = (pkg: string | undefined, f: string) => pkg && named.set(pkg, (named.get(pkg) ?? new Set()).add(f));
    for (const d of m.dependencies) for (const f of d.features) learn(d.package, f);
    for (const entries of Object.values(m.features))
      for (const e of entries) {
        const mm = /^([^/?]+)\??\/(.+)$/.exec(e);
        if (mm && !e.startsWith('dep:')) learn(pkgOf.get(mm[1]!), mm[2]!);
      }
  }
  const out = new Map<string, Set<string>>();
  for (const c of res.crates.values()) {
    const off = [...(named.get(c.pkg.name) ?? [])].filter((f) => !c.features.has(f));
    if (off.length) out.set(c.pkg.name, new Set(off));
  }
  return out;
}

/** Why an input nixpkgs lists was not inferred, from the crates the corpus names as its lock evidence. */
function whyMissedOf(attr: string, evidence: string[], built: Set<string>, lock: Map<string, { version: string; dependencies: string[] }>, ws: Workspace): string {
  if (!evidence.length) return 'nixpkgs lists it; the corpus names no crate of the lock for it';
  return evidence
    .map((c) => {
      if (!built.has(c)) {
        const declared = ws.members.flatMap((m) => m.dependencies.filter((d) => d.package === c).map((d) => ({ m, d })));
        const elsewhere = declared.filter(({ d }) => d.target && !targetApplies(d.target));
        const devOnly = declared.filter(({ d }) => d.kind === 'dev');
        if (declared.length && devOnly.length === declared.length)
          return `${c} is only a dev-dependency of ${devOnly.map(({ m }) => m.package?.name ?? m.dir).join(', ')}: cargo test builds it, the build does not`;
        if (declared.length && elsewhere.length === declared.length)
          return `${c} is only a [target.'${elsewhere[0]!.d.target}'] ${elsewhere[0]!.d.kind}-dependency of ${elsewhere[0]!.m.package?.name ?? elsewhere[0]!.m.dir}: not built on Linux`;
        const parents = [...lock].filter(([, p]) => p.dependencies.some((d) => d.split(' ')[0] === c)).map(([n]) => n);
        const builtParents = parents.filter((p) => built.has(p));
        const devOf = builtParents.filter((p) => declared.some(({ m, d }) => m.package?.name === p && d.kind === 'dev'));
        if (devOf.length && devOf.length === builtParents.length) return `${c} is a dev-dependency of ${devOf.join(', ')} (cargo test builds it, the build does not)`;
        return builtParents.length
          ? `${c} is not built: the edge from ${builtParents.join(', ')} is gated off here (a feature, platform or version fact)`
          : `${c} is not built: none of the crates that depend on it in the lock (${parents.join(', ') || 'none'}) is built with this member set and these features`;
      }
      if (attr === 'pkg-config') return `${c} is built, but no rule makes it probe pkg-config here (bundled copy kept, or an unknown crate)`;
      if (rowFor(c)) return `${c} is built; its table row gives no ${attr} here (bundled copy kept, a feature or version condition, or another attribute)`;
      if (dataFacts(c)) return `${c} is built; its build-script facts give no ${attr} (${dataFacts(c)!.pkgConfig.join(', ') || 'no pkg-config probe'})`;
      const p = lock.get(c);
      const deps = new Set((p?.dependencies ?? []).map((d) => d.split(' ')[0]!));
      if (p && /\+/.test(p.version) && deps.has('cc') && (deps.has('pkg-config') || deps.has('system-deps')))
        return `${c} ${p.version} is built; it ships its library's sources (build metadata) and is taken to build them`;
      if (deps.has('pkg-config') || deps.has('system-deps')) return `${c} is built and probes pkg-config, but no nixpkgs attribute matches its name`;
      return `${c} is built; no row, no facts, and its lock entry shows no pkg-config/libloading edge to go on`;
    })
    .join('; ');
}
