// Which Debian librust-*-dev packages to read for data/crateManifests.json: every crate package from
// which a native crate can be reached through Debian's own dependency fields (Depends, Recommends,
// Suggests — Debian's Rust packaging writes a crate's optional dependencies as Suggests/feature
// packages), found in an `apt-cache dumpavail` listing. A native crate is one inference can turn into
// an input: a `*-sys` crate, one with recorded build-script facts (data/sysCrates.json) or a row of
// infer/table.ts. The rule is about the dependency graph, never about the crates of a corpus.
//
//   node --import tsx scripts/infer/debian-native-closure.ts AVAIL.txt > packages.txt
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { rowFor } from '../../server/src/infer/table';

const avail = readFileSync(process.argv[2]!, 'utf8');
const sys = (JSON.parse(readFileSync(join(__dirname, '..', '..', 'server', 'src', 'data', 'sysCrates.json'), 'utf8')) as { crates: Record<string, unknown> }).crates;
const deps = new Map<string, Set<string>>();
const providers = new Map<string, Set<string>>();
const field = (stanza: string, name: string) => new RegExp(`^${name}: (.*(?:\\n .*)*)`, 'm').exec(stanza)?.[1] ?? '';
const rustNames = (s: string) => s.match(/librust-[a-z0-9][a-z0-9.+-]*?-dev\b/g) ?? [];
for (const stanza of avail.split(/\n\n+/)) {
  const pkg = field(stanza, 'Package').trim();
  if (!/^librust-.*-dev$/.test(pkg)) continue;
  const d = deps.get(pkg) ?? new Set<string>();
  for (const f of ['Depends', 'Recommends', 'Suggests']) for (const n of rustNames(field(stanza, f))) d.add(n);
  deps.set(pkg, d);
  for (const n of [pkg, ...rustNames(field(stanza, 'Provides'))]) providers.set(n, (providers.get(n) ?? new Set()).add(pkg));
}
// Feature packages (librust-x+feat-dev) and versioned names (librust-x-0.3-dev) stand for their crate's package.
const crateOf = (pkg: string) => pkg.replace(/^librust-/, '').replace(/-dev$/, '');
const isCrate = (pkg: string) => !crateOf(pkg).includes('+');
const native = (pkg: string) => {
  const c = crateOf(pkg);
  return /-sys(-\d+)?$/.test(c) || c in sys || c.replace(/-/g, '_') in sys || rowFor(c) !== undefined || rowFor(c.replace(/-/g, '_')) !== undefined;
};
const reaches = new Set([...deps.keys()].filter(native));
for (let changed = true; changed;) {
  changed = false;
  for (const [pkg, ds] of deps) {
    if (reaches.has(pkg)) continue;
    if ([...ds].some((d) => [...(providers.get(d) ?? [])].some((p) => reaches.has(p)))) {
      reaches.add(pkg);
      changed = true;
    }
  }
}
console.log([...reaches].filter(isCrate).sort().join('\n'));
