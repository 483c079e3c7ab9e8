// The language server keeps its analysis across edits (WorkspaceIndex: lock
// blocks re-read only where the text changed, the previous load and inference
// reused when the edit does not reach them). After random edit sequences on
// real workspaces, what it holds must equal a from-scratch analysis of the
// same texts: the workspace model, its error, and the inference.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import { infer } from '../../../server/src/infer/infer';
import { inferAfterLockEdit, inferTracked, PACKAGE_FIELDS_INFERENCE_SKIPS, reuseStats } from '../../../server/src/infer/reuse';
import { IncrementalCargoLock } from '../../../server/src/model/cargoLockFast';
import type { LockPackage, Workspace } from '../../../server/src/model/types';
import { loadWorkspaceAt } from '../../../server/src/model/workspace';
import { inferOptionsForChecks } from '../../../server/src/pipeline/check';
import { WorkspaceIndex } from '../../../server/src/lsp/workspaceIndex';
import { initParsers } from '../../../server/src/parse/treeSitter';
import { rng } from '../../seededRandom';

before(() => initParsers());

const REPO = join(__dirname, '..', '..', '..');
const CORPUS = join(REPO, '..', 'shared', 'corpus', 'crates');

const blocks = (text: string) => text.split(/(?=^\[\[package\]\]$)/m);
const pick = <T>(xs: T[], r: () => number) => xs[Math.floor(r() * xs.length)]!;

/** A `[[package]]` block, more often one of a crate the build compiles (`built`: name@version). */
function pickBlock(b: string[], r: () => number, built: Set<string>): number {
  const of = (i: number) => /^name = "([^"]+)"\nversion = "([^"]+)"/m.exec(b[i]!);
  for (let k = 0; k < 20 && r() < 0.8; k++) {
    const i = 1 + Math.floor(r() * (b.length - 1));
    const m = of(i);
    if (m && built.has(`${m[1]}@${m[2]}`)) return i;
  }
  return 1 + Math.floor(r() * (b.length - 1));
}

const escape = (x: string) => x.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Edits of Cargo.lock: the ones `cargo update` and hand edits make, and breakage. */
const LOCK_EDITS: ((t: string, r: () => number, names: string[], built: Set<string>) => string)[] = [
  (t, r) => {
    const b = blocks(t);
    const i = Math.floor(r() * b.length);
    b[i] = `# note\n${b[i]}`;
    return b.join('');
  },
  // A version bump (the build's crates and the others alike).
  (t, r) => {
    const b = blocks(t);
    const i = 1 + Math.floor(r() * (b.length - 1));
    b[i] = b[i]!.replace(/^version = "(\d+)/m, (_, v) => `version = "${Number(v) + 1}`);
    return b.join('');
  },
  (t, r) => {
    const all = [...t.matchAll(/checksum = "([0-9a-f])/g)];
    if (!all.length) return t;
    const m = pick(all, r);
    const i = m.index! + 'checksum = "'.length;
    return `${t.slice(0, i)}${m[1] === 'a' ? 'b' : 'a'}${t.slice(i + 1)}`;
  },
  (t, r) => {
    const b = blocks(t);
    if (b.length > 2) b.splice(1 + Math.floor(r() * (b.length - 1)), 1);
    return b.join('');
  },
  (t, r) => {
    const b = blocks(t);
    if (b.length < 3) return t;
    const i = 1 + Math.floor(r() * (b.length - 1));
    const j = 1 + Math.floor(r() * (b.length - 1));
    [b[i], b[j]] = [b[j]!, b[i]!];
    return b.join('');
  },
  // What `cargo update -p x` writes: x's version, and the entries naming that version in its dependents.
  (t, r, _, built) => {
    const b = blocks(t);
    if (b.length < 2) return t;
    const i = pickBlock(b, r, built);
    const m = /^name = "([^"]+)"\nversion = "(\d+)\.(\d+)\.(\d+)([^"]*)"/m.exec(b[i]!);
    if (!m) return t;
    const [, name, maj, min, patch, rest] = m;
    const from = `${maj}.${min}.${patch}${rest}`;
    const to = r() < 0.7 ? `${maj}.${min}.${Number(patch) + 1}` : `${Number(maj) + 1}.0.0`;
    b[i] = b[i]!.replace(`version = "${from}"`, `version = "${to}"`);
    const entry = new RegExp(`^ "${escape(name!)} ${escape(from)}( \\(|")`, 'gm');
    return b.map((x, k) => (k === i ? x : x.replace(entry, (_, end) => ` "${name} ${to}${end}`))).join('');
  },
  // A version edited by hand (the bench's edit): the entries naming it are left as they were.
  (t, r, _, built) => {
    const b = blocks(t);
    if (b.length < 2) return t;
    const i = pickBlock(b, r, built);
    b[i] = b[i]!.replace(/^version = "([^"]+)"/m, (_, v) => `version = "${v}9"`);
    return b.join('');
  },
  // A crate moved to a git source (a fork), or back to the registry.
  (t, r, _, built) => {
    const b = blocks(t);
    if (b.length < 2) return t;
    const i = pickBlock(b, r, built);
    const git = 'source = "git+https://example.org/fork?branch=fix#0123456789abcdef0123456789abcdef01234567"';
    const reg = 'source = "registry+https://github.com/rust-lang/crates.io-index"';
    b[i] = b[i]!.includes(git) ? b[i]!.replace(git, reg) : b[i]!.replace(/^source = "registry\+[^"]*"/m, git);
    return b.join('');
  },
  // An entry dropped from a dependency list.
  (t, r) => {
    const all = [...t.matchAll(/^ "[^"\n]+",\n/gm)];
    if (!all.length) return t;
    const m = pick(all, r);
    return t.slice(0, m.index!) + t.slice(m.index! + m[0].length);
  },
  // A second version of a crate beside the first (the build may now pick either).
  (t, r, _, built) => {
    const b = blocks(t);
    if (b.length < 2) return t;
    const i = pickBlock(b, r, built);
    const copy = b[i]!.replace(/^version = "(\d+)/m, (_, v) => `version = "${Number(v) + 7}`);
    b.splice(i + 1, 0, copy.endsWith('\n\n') ? copy : `${copy}\n`);
    return b.join('');
  },
  // A new edge to a crate of the lock (it may bring a native input into the build).
  (t, r, names) => {
    const all = [...t.matchAll(/^dependencies = \[\n/gm)];
    if (!all.length) return t;
    const m = pick(all, r);
    const i = m.index! + m[0].length;
    return `${t.slice(0, i)} "${pick(names, r)}",\n${t.slice(i)}`;
  },
  (t, r) => {
    const p = Math.floor(r() * t.length);
    return `${t.slice(0, p)}"${t.slice(p)}`;
  },
];

function replay(root: string, seed: number, steps: number): void {
  const r = rng(seed);
  const lockPath = join(root, 'Cargo.lock');
  const tomlPath = join(root, 'Cargo.toml');
  const original = { lock: readFileSync(lockPath, 'utf8'), toml: readFileSync(tomlPath, 'utf8') };
  const names = [...new Set([...original.lock.matchAll(/^name = "([^"]+)"/gm)].map((m) => m[1]!))];
  const texts = new Map<string, string>();
  const buffers = { textOf: (p: string) => texts.get(p) };
  const index = new WorkspaceIndex(buffers, () => false);
  index.get(root);
  const built = new Set(index.inferred(root)!.builtCrates);
  for (let s = 0; s < steps; s++) {
    const x = r();
    let changed = lockPath;
    if (x < 0.08) texts.delete(lockPath);
    else if (x < 0.24) {
      changed = tomlPath;
      const y = r();
      const toml = texts.get(tomlPath) ?? original.toml;
      // Back to the original; a comment (nothing the resolution reads); or a line setting a key dropped
      // (a dependency, a feature, default-features, the resolver: what the resolution reads, or not).
      if (y < 0.3) texts.set(tomlPath, original.toml);
      else if (y < 0.45) texts.set(tomlPath, `${toml}\n# edited ${s}\n`);
      else if (y < 0.6) {
        // A comment or blank line put between two lines anywhere: every range below it moves.
        const starts = [0, ...[...toml.matchAll(/\n/g)].map((m) => m.index! + 1)];
        const at = pick(starts, r);
        texts.set(tomlPath, `${toml.slice(0, at)}${pick(['# edited\n', '\n', '  \t\n', `#[${s}] = "x"\n`], r)}${toml.slice(at)}`);
      } else {
        const keys = [...toml.matchAll(/^[A-Za-z0-9_.-]+ *=.*\n/gm)];
        if (keys.length) {
          const m = pick(keys, r);
          texts.set(tomlPath, toml.slice(0, m.index!) + toml.slice(m.index! + m[0].length));
        }
      }
    } else texts.set(lockPath, pick(LOCK_EDITS, r)(texts.get(lockPath) ?? original.lock, r, names, built));
    index.invalidate(changed);
    const fresh = new WorkspaceIndex(buffers, () => false);
    const [a, b] = [index.get(root), fresh.get(root)];
    const at = `${root} seed ${seed} step ${s}`;
    assert.equal(a.error?.message, b.error?.message, at);
    assert.deepEqual(a.ws, b.ws, at);
    // Asked only every other step: an inference may be reused across several edits.
    if (s % 2 === 0 || !a.ws) assert.deepEqual(index.inferred(root), fresh.inferred(root), at);
  }
}

describe('incremental analysis in the language server (WorkspaceIndex)', () => {
  it('equals a from-scratch analysis after random edits of examples/axum-openssl', () => {
    const { mapped, kept } = reuseStats;
    replay(join(REPO, 'examples', 'axum-openssl'), 1, 120);
    // The edits reach every path: inference kept, resolution mapped onto new versions, resolved again.
    assert.ok(reuseStats.kept > kept && reuseStats.mapped > mapped, JSON.stringify(reuseStats));
  });

  it('equals a from-scratch analysis after random edits of a workspace with a path crate outside its members', () => {
    const root = mkdtempSync(join(tmpdir(), 'nixify-incremental-'));
    try {
      const write = (p: string, t: string) => (mkdirSync(join(root, p, '..'), { recursive: true }), writeFileSync(join(root, p), t));
      write('Cargo.toml', '[workspace]\nmembers = ["app"]\nexclude = ["pc"]\nresolver = "2"\n');
      write('app/Cargo.toml', '[package]\nname = "app"\nversion = "0.1.0"\nedition = "2021"\n\n[dependencies]\npc = { path = "../pc" }\nlibc = "0.2"\n');
      write('app/src/main.rs', 'fn main() {}\n');
      write('pc/Cargo.toml', '[package]\nname = "pc"\nversion = "0.1.0"\nedition = "2021"\n\n[dependencies]\nopenssl-sys = "0.9"\nlibz-sys = "1"\n');
      write('pc/src/lib.rs', '');
      const reg = 'source = "registry+https://github.com/rust-lang/crates.io-index"\nchecksum = "0123456789abcdef"\n';
      const pkg = (name: string, version: string, deps: string[] = [], source = reg) =>
        `[[package]]\nname = "${name}"\nversion = "${version}"\n${source}${deps.length ? `dependencies = [\n${deps.map((d) => ` "${d}",\n`).join('')}]\n` : ''}\n`;
      write(
        'Cargo.lock',
        `version = 4\n\n${pkg('app', '0.1.0', ['libc', 'pc'], '')}${pkg('cc', '1.1.0')}${pkg('libc', '0.2.150')}${pkg('libz-sys', '1.1.20', ['cc', 'pkg-config', 'vcpkg'])}${pkg('openssl-sys', '0.9.103', ['cc', 'libc', 'pkg-config', 'vcpkg'])}${pkg('pc', '0.1.0', ['libz-sys', 'openssl-sys'], '')}${pkg('pkg-config', '0.3.30')}${pkg('vcpkg', '0.2.15')}`,
      );
      replay(root, 3, 80);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  it('equals a from-scratch analysis after random edits of corpus workspaces (nushell: 41 members, 958 locked crates)', (t) => {
    if (!existsSync(join(CORPUS, 'nushell'))) return t.skip('../shared/corpus/crates not found');
    const { mapped } = reuseStats;
    replay(join(CORPUS, 'nushell'), 2, 80);
    assert.ok(reuseStats.mapped > mapped, JSON.stringify(reuseStats));
    for (const [i, name] of ['zizmor', 'cargo-nextest', 'lact'].entries()) if (existsSync(join(CORPUS, name))) replay(join(CORPUS, name), 10 + i, 20);
  });
});

/**
 * Every single edit of one kind on the crates where a version decides what the
 * resolution reads: each built crate with several locked versions (entries
 * name it with its version), each member's own lock entry, and a sample of
 * the others. The inference after the edit and after undoing it, computed from
 * the one before, must equal a from-scratch inference.
 */
function everyEdit(root: string, sample: number): void {
  const ws0 = loadWorkspaceAt(root);
  const opts = inferOptionsForChecks(ws0);
  const text = readFileSync(join(root, 'Cargo.lock'), 'utf8');
  const lockOf = new IncrementalCargoLock();
  let ws = { ...ws0, lock: lockOf.parse(text)! };
  let inferred = inferTracked(ws, opts);
  const counts = new Map<string, number>();
  for (const p of ws.lock.packages) counts.set(p.name, (counts.get(p.name) ?? 0) + 1);
  const members = new Set(ws.members.map((m) => m.package?.name));
  const targets = ws.lock.packages.filter((p, i) => members.has(p.name) || (inferred.builtCrates.includes(`${p.name}@${p.version}`) && (counts.get(p.name)! > 1 || i % sample === 0)));
  const edits: [string, (t: string, p: LockPackage) => string][] = [
    ['version edited by hand', (t, p) => t.replace(`name = "${p.name}"\nversion = "${p.version}"`, `name = "${p.name}"\nversion = "${p.version}9"`)],
    [
      'cargo update -p',
      (t, p) => t.replace(`name = "${p.name}"\nversion = "${p.version}"`, `name = "${p.name}"\nversion = "${p.version}9"`).replaceAll(` "${p.name} ${p.version}`, ` "${p.name} ${p.version}9`),
    ],
    ['a new major version', (t, p) => t.replace(`name = "${p.name}"\nversion = "${p.version}"`, `name = "${p.name}"\nversion = "${Number(p.version.split('.')[0]) + 1}.0.0"`)],
    [
      "set to another locked version's",
      (t, p) => {
        const other = ws.lock.packages.find((o) => o.name === p.name && o.version !== p.version);
        return other ? t.replace(`name = "${p.name}"\nversion = "${p.version}"`, `name = "${p.name}"\nversion = "${other.version}"`) : t;
      },
    ],
    [
      'moved to a git fork',
      (t, p) =>
        t.replace(
          `name = "${p.name}"\nversion = "${p.version}"\nsource = "registry+`,
          `name = "${p.name}"\nversion = "${p.version}"\nsource = "git+https://example.org/fork#0123456789abcdef0123456789abcdef01234567"\nx = "registry+`,
        ),
    ],
  ];
  for (const p of targets) {
    for (const [kind, edit] of edits) {
      const edited = edit(text, p);
      if (edited === text) continue;
      for (const next of [edited, text]) {
        const lock = lockOf.parse(next);
        assert.ok(lock, `${root}: ${kind} of ${p.name} ${p.version} reads`);
        const after = { ...ws0, lock };
        const got = inferAfterLockEdit({ ws, inferred }, after, opts);
        assert.deepEqual(got, infer(after, opts), `${root}: ${kind} of ${p.name} ${p.version}${next === text ? ', undone' : ''}`);
        [ws, inferred] = [after, got];
      }
    }
  }
}

describe('inference after one edit of a version or source (infer/reuse.ts)', () => {
  it('equals a from-scratch inference for every crate whose version decides a lookup, on nushell and corpus workspaces', (t) => {
    if (!existsSync(join(CORPUS, 'nushell'))) return t.skip('../shared/corpus/crates not found');
    const { mapped, resolved } = reuseStats;
    everyEdit(join(REPO, 'examples', 'axum-openssl'), 1);
    // A member whose lock entry picks the older of two versions its requirement allows (without that entry, cargo's pick
    // is the newer), and opener, whose edge to dbus is built before 0.6 only.
    const root = mkdtempSync(join(tmpdir(), 'nixify-one-edit-'));
    try {
      writeFileSync(join(root, 'Cargo.toml'), '[package]\nname = "app"\nversion = "0.1.0"\nedition = "2021"\n\n[dependencies]\nfoo = "1"\nbar = "0.2"\nopener = "0.5"\n');
      const reg = 'source = "registry+https://github.com/rust-lang/crates.io-index"\n';
      const pkg = (name: string, version: string, deps: string[] = [], source = reg) =>
        `[[package]]\nname = "${name}"\nversion = "${version}"\n${source}${deps.length ? `dependencies = [\n${deps.map((d) => ` "${d}",\n`).join('')}]\n` : ''}\n`;
      writeFileSync(
        join(root, 'Cargo.lock'),
        `version = 4\n\n${pkg('app', '0.1.0', ['bar', 'foo 1.0.0', 'opener'], '')}${pkg('bar', '0.2.1', ['foo 1.5.0'])}${pkg('dbus', '0.9.7', ['libdbus-sys'])}${pkg('foo', '1.0.0', ['openssl-sys'])}${pkg('foo', '1.5.0')}${pkg('libdbus-sys', '0.2.5', ['pkg-config'])}${pkg('opener', '0.5.2', ['dbus'])}${pkg('openssl-sys', '0.9.103')}${pkg('pkg-config', '0.3.30')}`,
      );
      everyEdit(root, 1);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
    for (const name of ['nushell', 'zizmor', 'lact']) if (existsSync(join(CORPUS, name))) everyEdit(join(CORPUS, name), 40);
    // Both ways are taken: mapped (a crate with one locked version) and resolved again (an entry now points elsewhere).
    assert.ok(reuseStats.mapped > mapped && reuseStats.resolved > resolved + 3, JSON.stringify(reuseStats));
  });
});

describe('inference after a manifest edit (WorkspaceIndex)', () => {
  it('keeps the inference across an edit the resolution does not read, and infers again when features change', () => {
    const root = mkdtempSync(join(tmpdir(), 'nixify-manifest-edit-'));
    try {
      const toml =
        '[package]\nname = "app"\nversion = "0.1.0"\nedition = "2021"\n\n[features]\ndefault = ["tls"]\ntls = ["dep:openssl-sys"]\n\n[dependencies]\nopenssl-sys = { version = "0.9", optional = true }\n';
      writeFileSync(join(root, 'Cargo.toml'), toml);
      const reg = 'source = "registry+https://github.com/rust-lang/crates.io-index"\n';
      writeFileSync(
        join(root, 'Cargo.lock'),
        `version = 4\n\n[[package]]\nname = "app"\nversion = "0.1.0"\ndependencies = [\n "openssl-sys",\n]\n\n[[package]]\nname = "openssl-sys"\nversion = "0.9.103"\n${reg}dependencies = [\n "pkg-config",\n]\n\n[[package]]\nname = "pkg-config"\nversion = "0.3.30"\n${reg}`,
      );
      const texts = new Map<string, string>();
      const index = new WorkspaceIndex({ textOf: (p) => texts.get(p) }, () => false);
      const tomlPath = join(root, 'Cargo.toml');
      const step = (text: string) => {
        texts.set(tomlPath, text);
        index.invalidate(tomlPath);
        const fresh = new WorkspaceIndex({ textOf: (p) => texts.get(p) }, () => false);
        const got = index.inferred(root);
        assert.deepEqual(got, fresh.inferred(root));
        return got!;
      };
      const first = index.inferred(root)!;
      assert.ok(first.buildInputs.some((i) => i.attr === 'openssl'));
      // A comment and a release profile: the same inference object comes back.
      assert.equal(step(`${toml.replace('edition = "2021"\n', 'edition = "2021" # why\n')}\n[profile.release]\nlto = true\n`), first);
      // A description, a homepage (fields the inference never reads, PACKAGE_FIELDS_INFERENCE_SKIPS): the same again.
      assert.equal(step(toml.replace('edition = "2021"\n', 'edition = "2021"\ndescription = "An app"\nhomepage = "https://example.org"\n')), first);
      assert.equal(step(toml.replace('edition = "2021"\n', 'edition = "2021"\ndescription = "Another app"\n')), first);
      // The edition is read: inferred anew (equal to a fresh inference, checked in step).
      assert.notEqual(step(toml.replace('edition = "2021"\n', 'edition = "2024"\n')), first);
      // The default feature gone: openssl-sys is no longer built.
      assert.ok(!step(toml.replace('default = ["tls"]\n', '')).buildInputs.some((i) => i.attr === 'openssl'));
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});

/**
 * A copy of `o` whose objects report each field read of an object under a `package` key (a
 * `[package]` or `[workspace.package]`) to `read`; `packages` collects those objects.
 */
function recording(o: unknown, read: Set<string>, packages: Set<object>, inPackage = false): unknown {
  if (typeof o !== 'object' || o === null || o instanceof Map || o instanceof Set) return o;
  if (inPackage) packages.add(o);
  return new Proxy(o, {
    get(t, k, r) {
      if (inPackage && typeof k === 'string') read.add(k);
      return recording(Reflect.get(t, k, r), read, packages, k === 'package');
    },
    has(t, k) {
      if (inPackage && typeof k === 'string') read.add(k);
      return Reflect.has(t, k);
    },
    ownKeys(t) {
      // Enumerating reads every field.
      if (inPackage) for (const k of Reflect.ownKeys(t)) if (typeof k === 'string') read.add(k);
      return Reflect.ownKeys(t);
    },
  });
}

/** Whether `o` reaches one of `targets` (by identity). */
function reaches(o: unknown, targets: Set<object>, seen = new Set<object>()): boolean {
  if (typeof o !== 'object' || o === null || seen.has(o)) return false;
  if (targets.has(o)) return true;
  seen.add(o);
  if (o instanceof Map) return [...o].some(([k, v]) => reaches(k, targets, seen) || reaches(v, targets, seen));
  if (o instanceof Set) return [...o].some((v) => reaches(v, targets, seen));
  return Object.values(o).some((v) => reaches(v, targets, seen));
}

describe('the [package] fields the inference never reads (PACKAGE_FIELDS_INFERENCE_SKIPS)', () => {
  it('are not read by resolution and inference of the example and corpus workspaces, nor held by the result', () => {
    const roots = [join(REPO, 'examples', 'axum-openssl'), ...(existsSync(CORPUS) ? readdirSync(CORPUS).map((n) => join(CORPUS, n)) : [])];
    const read = new Set<string>();
    let inferred = 0;
    for (const root of roots) {
      if (!existsSync(join(root, 'Cargo.toml'))) continue;
      let ws: Workspace;
      try {
        ws = loadWorkspaceAt(root);
      } catch {
        continue; // (a corpus crate the model rejects has no inference to check)
      }
      const packages = new Set<object>();
      const seen: Workspace = {
        ...ws,
        rootManifest: recording(ws.rootManifest, read, packages) as Workspace['rootManifest'],
        members: recording(ws.members, read, packages) as Workspace['members'],
        pathCrates: recording(ws.pathCrates, read, packages) as Workspace['pathCrates'],
      };
      const raw = new Set<object>([ws.rootManifest, ...ws.members, ...(ws.pathCrates ?? [])].flatMap((m) => [m.package, m.workspace?.package].filter((p): p is NonNullable<typeof p> => !!p)));
      const result = inferTracked(seen, inferOptionsForChecks(seen));
      assert.ok(!reaches(result, raw), `${root}: the inference holds a [package] object`);
      inferred++;
    }
    assert.ok(inferred >= (existsSync(CORPUS) ? 20 : 1), `${inferred} workspaces inferred`);
    // The fields read are there: the recording sees them.
    assert.ok(read.has('name') && read.has('version'), [...read].join(', '));
    const both = [...PACKAGE_FIELDS_INFERENCE_SKIPS].filter((k) => read.has(k));
    assert.deepEqual(both, [], `read by the inference: ${both.join(', ')}`);
  });
});
