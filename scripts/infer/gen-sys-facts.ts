// Generates server/src/data/sysCrates.json: for each crate whose build reaches
// for something native (a `links` key, pkg-config/system-deps/vcpkg probes,
// CMake, bindgen, autotools), the facts its own Cargo.toml and build script
// state, with the crate version and the package they were read from.
//
// Source: crate sources unpacked on this machine — Debian's librust-*-dev
// packages (/usr/share/cargo/registry, `apt-get install librust-<crate>-dev`)
// and, when present, cargo's registry cache. Run by hand when the table should
// grow; CI does not run it (a unit test checks the committed data's shape):
//
//   node --import tsx scripts/infer/gen-sys-facts.ts [--keep] [DIR…|FILE.deb…]
//
// --keep: start from the committed entries and re-read only the crates found in the sources given
// (same version or newer), so facts a newer extractor reads can be added from a few packages without
// bringing back every source the table was first made from.
//
// Debian repackages crates: vendored C sources are removed and some build
// scripts are patched to link the system library only. Probes, `links`,
// build-dependencies and features survive, and those are the facts kept; the
// bundled-vs-system choice is read from features and env knobs (signals.ts).
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { extractSysFacts, type SysFacts } from '../../server/src/infer/buildScript';

const out = join(__dirname, '..', '..', 'server', 'src', 'data', 'sysCrates.json');
const debian = '/usr/share/cargo/registry';
const cargoSrc = join(process.env.CARGO_HOME || join(homedir(), '.cargo'), 'registry', 'src');
// Arguments: directories of unpacked crates, or librust-*-dev .deb files (`apt-get download`, e.g. from a
// newer Debian release: DEB_RELEASE names it in the entries' source).
const keep = process.argv.includes('--keep');
const args = process.argv.slice(2).filter((a) => a !== '--keep');
const roots = args.length ? args.filter((a) => !a.endsWith('.deb')) : [debian, ...(existsSync(cargoSrc) ? readdirSync(cargoSrc).map((i) => join(cargoSrc, i)) : [])];
const debRoots = new Map<string, string>(); // unpacked registry dir → "Debian <release> <package> <version>"
const tmp = mkdtempSync(join(tmpdir(), 'sys-facts-'));
for (const deb of args.filter((a) => a.endsWith('.deb'))) {
  const [pkg, version] = execFileSync('dpkg-deb', ['-f', deb, 'Package', 'Version'], { encoding: 'utf8' })
    .trim()
    .split('\n')
    .map((l) => l.replace(/^\w+:\s*/, ''));
  const dir = join(tmp, pkg!);
  execFileSync('dpkg-deb', ['-x', deb, dir]);
  const reg = join(dir, 'usr', 'share', 'cargo', 'registry');
  if (existsSync(reg)) debRoots.set(reg, `Debian ${process.env.DEB_RELEASE ?? 'unknown'} ${pkg} ${version}`);
}
roots.push(...debRoots.keys());
const release = /VERSION_CODENAME=(\S+)/.exec(existsSync('/etc/os-release') ? readFileSync('/etc/os-release', 'utf8') : '')?.[1] ?? 'unknown';

const debVersion = (crate: string): string | undefined => {
  try {
    return execFileSync('dpkg-query', ['-W', '-f', '${Version}', `librust-${crate.toLowerCase().replace(/_/g, '-')}-dev`], { encoding: 'utf8' }).trim() || undefined;
  } catch {
    return undefined;
  }
};

const TOOLS = new Set(['cc', 'cmake', 'pkg-config', 'system-deps', 'vcpkg', 'bindgen', 'autotools', 'clang-sys']);

type Entry = SysFacts & { from: string };
const crates: Record<string, Entry> = keep && existsSync(out) ? (JSON.parse(readFileSync(out, 'utf8')) as { crates: Record<string, Entry> }).crates : {};
// Recorded entries a source of the same version may replace (its facts are read by today's extractor).
const recorded = new Set(Object.keys(crates));
const versionOf = (v: string) => v.split(/[.+-]/).map((x) => parseInt(x, 10) || 0);
const newer = (a: string, b: string) => {
  const [x, y] = [versionOf(a), versionOf(b)];
  for (let i = 0; i < 3; i++) if ((x[i] ?? 0) !== (y[i] ?? 0)) return (x[i] ?? 0) > (y[i] ?? 0);
  return false;
};

for (const root of roots) {
  if (!existsSync(root)) continue;
  for (const dir of readdirSync(root).sort()) {
    const base = join(root, dir);
    const manifest = join(base, 'Cargo.toml');
    if (!existsSync(manifest)) continue;
    const text = readFileSync(manifest, 'utf8');
    let name: string;
    let buildPath = 'build.rs';
    try {
      const m = /^\[package\][\s\S]*?^name\s*=\s*"([^"]+)"/m.exec(text);
      if (!m) continue;
      name = m[1]!;
      const b = /^build\s*=\s*"([^"]+)"/m.exec(text);
      if (b) buildPath = b[1]!;
    } catch {
      continue;
    }
    if (TOOLS.has(name)) continue;
    const scripts: string[] = [];
    const main = join(base, buildPath);
    if (existsSync(main)) scripts.push(readFileSync(main, 'utf8'));
    const buildDir = join(base, 'build');
    if (existsSync(buildDir) && statSync(buildDir).isDirectory()) {
      for (const f of readdirSync(buildDir)) if (f.endsWith('.rs')) scripts.push(readFileSync(join(buildDir, f), 'utf8'));
    }
    let facts: SysFacts;
    try {
      facts = extractSysFacts(text, scripts);
    } catch (e) {
      console.error(`skip ${dir}: ${(e as Error).message.split('\n')[0]}`);
      continue;
    }
    const native =
      facts.links || facts.pkgConfig.length || facts.pkgConfigVariables?.length || facts.pkgConfigByFeature || facts.cmake || facts.bindgen === 'always' || facts.autotools || /[-_]sys$/.test(name);
    if (!native || !scripts.length) continue;
    if (crates[name] && !newer(facts.version, crates[name].version) && !(recorded.has(name) && !newer(crates[name].version, facts.version))) continue;
    recorded.delete(name);
    const deb = root === debian ? debVersion(name) : undefined;
    const from = debRoots.get(root) ?? (deb ? `Debian ${release} librust-${name.toLowerCase().replace(/_/g, '-')}-dev ${deb}` : `crates.io ${name} ${facts.version} (cargo registry cache)`);
    crates[name] = { from, ...facts };
  }
}

const sorted = Object.fromEntries(Object.entries(crates).sort(([a], [b]) => a.localeCompare(b)));
writeFileSync(
  out,
  JSON.stringify(
    {
      $comment:
        'Generated by scripts/infer/gen-sys-facts.ts from crate sources (Cargo.toml + build script); facts only. Debian removes vendored sources and patches some build scripts to link the system library, so bundling is read from features and env knobs, not from these scripts.',
      crates: sorted,
    },
    null,
    1,
  ) + '\n',
);
rmSync(tmp, { recursive: true, force: true });
console.log(`${Object.keys(sorted).length} crates → ${out}`);
