// The hostile-crate corpus: 2,000 crates generated from a fixed seed, each a
// small variation on what broke Nixify before (injection payloads in every
// field, invalid and backtracking member globs, deep keys, FIFOs, devices,
// links out of the crate, huge and binary files, empty workspaces). Written to
// disk case by case by test/hostile/corpus.test.ts's workers.
import { execFileSync } from 'node:child_process';
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { hostileText, samples } from '../nix/generate/hostileValues';

export const CORPUS_SIZE = 2000;
export const CORPUS_SEED = 1919;

type Entry = string | { symlink: string } | { fifo: true };

const toml = (s: string) =>
  `"${[...s].map((c) => (c === '"' || c === '\\' ? `\\${c}` : c.charCodeAt(0) < 0x20 || c === '\x7f' ? `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}` : c)).join('')}"`;

let texts: string[] | undefined;
const text = (i: number, k: number) => {
  texts ??= samples(hostileText({ nul: true }), 4096, CORPUS_SEED);
  return texts[(i * 7 + k * 13) % texts.length]!;
};

function manifest(i: number, extra = ''): string {
  return [
    '[package]',
    `name = ${toml(text(i, 1).replace(/\0/g, '') || 'x')}`,
    'version = "0.1.0"',
    `description = ${toml(text(i, 2))}`,
    `license = ${toml(text(i, 3))}`,
    `homepage = ${toml(text(i, 4))}`,
    '',
    '[[bin]]',
    `name = ${toml(text(i, 5).replace(/\0/g, '') || 'b')}`,
    'path = "src/main.rs"',
    '',
    '[features]',
    `${toml(text(i, 6))} = []`,
    extra,
  ].join('\n');
}

/** The files of case `i` (relative path → content, symlink or FIFO). */
export function corpusCase(i: number): Record<string, Entry> {
  const base: Record<string, Entry> = { 'src/main.rs': 'fn main() {}\n' };
  switch (i % 12) {
    case 0:
      return { ...base, 'Cargo.toml': manifest(i) };
    case 1:
      return { ...base, 'Cargo.toml': manifest(i, `\n[workspace]\nmembers = [${toml(`crates/${text(i, 7)}`)}, ${toml(text(i, 8))}]\n`) };
    case 2:
      return { ...base, 'Cargo.toml': manifest(i, `\n[workspace]\nmembers = [${toml(`${'*a'.repeat(10 + (i % 30))}*b`)}]\n`), [`${'a'.repeat(60 + (i % 100))}/x/.keep`]: '' };
    case 3:
      return {
        ...base,
        'Cargo.toml': manifest(
          i,
          `\n[package.metadata]\n${Array(500 + (i % 5000))
            .fill('a')
            .join('.')} = 1\n`,
        ),
      };
    case 4:
      return { ...base, 'Cargo.toml': manifest(i), 'Cargo.lock': { fifo: true } };
    case 5:
      return { ...base, 'Cargo.toml': manifest(i), 'Cargo.lock': { symlink: '/dev/zero' } };
    case 6:
      return { ...base, 'Cargo.toml': manifest(i), 'flake.nix': { symlink: '/etc/passwd' }, 'package.nix': { symlink: `/tmp/nixify-hostile-target-${i}` } };
    case 7:
      return {
        ...base,
        'Cargo.toml':
          i % 48 === 7
            ? `[package]\nname = "x"\nversion = "0.1.0"\ndescription = "${'x'.repeat(5 << 20)}"\n`
            : manifest(i, `\n[dependencies]\n${Array.from({ length: 200 + (i % 3000) }, (_, k) => `d${k} = "1"`).join('\n')}\n`),
      };
    case 8:
      return { ...base, 'Cargo.toml': i % 24 === 8 ? '[workspace]\nmembers = []\n' : `[package]\nname = "x"\nversion = "0.1.0"\n\n[workspace]\nmembers = []\n` };
    case 9:
      return { ...base, 'Cargo.toml': text(i, 9) + text(i, 10) };
    case 10:
      return { ...base, 'Cargo.toml': manifest(i), 'Cargo.lock': `version = 3\n${text(i, 11)}`, 'flake.nix': `{ outputs = ${text(i, 12)} ${'('.repeat(i % 3000)}` };
    default:
      return { ...base, 'Cargo.toml': manifest(i, `\n[package.metadata]\na = ${'{b='.repeat(i % 300)}1${'}'.repeat(i % 300)}\n`) };
  }
}

/** Writes case `i` under `dir`. */
export function writeCase(dir: string, i: number): void {
  for (const [rel, e] of Object.entries(corpusCase(i))) {
    const p = join(dir, rel);
    mkdirSync(dirname(p), { recursive: true });
    if (typeof e === 'string') writeFileSync(p, e);
    else if ('symlink' in e) symlinkSync(e.symlink, p);
    else execFileSync('mkfifo', [p]);
  }
}
