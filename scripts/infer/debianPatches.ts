// Debian's crate packages ship the Cargo.toml Debian builds with and, beside it, the patches that
// made it (debian/patches with its `series`). Reversing the hunks that touch Cargo.toml, last
// applied first, gives the manifest as published on crates.io back: what Cargo resolves for
// everyone else (Debian drops features whose crates it lacks, and once in a while makes an optional
// dependency a plain one).
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** The file sections of a unified diff that patch the crate's Cargo.toml (`a/Cargo.toml`, `crate/Cargo.toml`). */
export function cargoTomlHunks(diff: string): string {
  const sections = diff.split(/^(?=--- )/m);
  return sections.filter((sec) => /^\+\+\+ [^/\s]+\/Cargo\.toml(\s|$)/m.test(sec)).join('');
}

/** Cargo.toml as published: Debian's patches to it reversed, last applied first; undefined when one does not reverse cleanly. */
export function upstreamManifest(crateDir: string): { text: string; reversed: string[] } | undefined {
  const text = readFileSync(join(crateDir, 'Cargo.toml'), 'utf8');
  const series = join(crateDir, 'patches', 'series');
  if (!existsSync(series)) return { text, reversed: [] };
  const names = readFileSync(series, 'utf8')
    .split('\n')
    .map((l) => l.replace(/#.*/, '').trim().split(/\s+/)[0]!)
    .filter(Boolean);
  const tmp = mkdtempSync(join(tmpdir(), 'dep-manifest-'));
  try {
    writeFileSync(join(tmp, 'Cargo.toml'), text);
    const reversed: string[] = [];
    for (const n of [...names].reverse()) {
      const hunks = cargoTomlHunks(readFileSync(join(crateDir, 'patches', n), 'utf8'));
      if (!hunks) continue;
      try {
        execFileSync('patch', ['-R', '-p1', '-s', '-f', '--no-backup-if-mismatch', '-r', '-', '-d', tmp], { input: hunks, stdio: ['pipe', 'ignore', 'ignore'] });
      } catch {
        return undefined;
      }
      reversed.push(n);
    }
    return { text: readFileSync(join(tmp, 'Cargo.toml'), 'utf8'), reversed: reversed.reverse() };
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}
