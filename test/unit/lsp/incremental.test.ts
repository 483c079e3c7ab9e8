// The language server keeps its analysis across edits (WorkspaceIndex: lock
// blocks re-read only where the text changed, the previous load and inference
// reused when the edit does not reach them). After random edit sequences on
// real workspaces, what it holds must equal a from-scratch analysis of the
// same texts: the workspace model, its error, and the inference.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import { WorkspaceIndex } from '../../../server/src/lsp/workspaceIndex';
import { initParsers } from '../../../server/src/parse/treeSitter';

before(() => initParsers());

const REPO = join(__dirname, '..', '..', '..');
const CORPUS = join(REPO, '..', 'shared', 'corpus', 'crates');

function rng(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const blocks = (text: string) => text.split(/(?=^\[\[package\]\]$)/m);
const pick = <T>(xs: T[], r: () => number) => xs[Math.floor(r() * xs.length)]!;

/** Edits of Cargo.lock: the ones `cargo update` and hand edits make, and breakage. */
const LOCK_EDITS: ((t: string, r: () => number, names: string[]) => string)[] = [
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
  index.inferred(root);
  for (let s = 0; s < steps; s++) {
    const x = r();
    let changed = lockPath;
    if (x < 0.08) texts.delete(lockPath);
    else if (x < 0.16) {
      changed = tomlPath;
      texts.set(tomlPath, r() < 0.5 ? original.toml : `${texts.get(tomlPath) ?? original.toml}\n# edited ${s}\n`);
    } else texts.set(lockPath, pick(LOCK_EDITS, r)(texts.get(lockPath) ?? original.lock, r, names));
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
    replay(join(REPO, 'examples', 'axum-openssl'), 1, 120);
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
    replay(join(CORPUS, 'nushell'), 2, 40);
    for (const [i, name] of ['zizmor', 'cargo-nextest', 'lact'].entries()) if (existsSync(join(CORPUS, name))) replay(join(CORPUS, name), 10 + i, 20);
  });
});
