// Cargo.lock's format version against the cargo the pinned nixpkgs brings:
// which cargo reads which version is shared/src/lockVersions.ts' table. An older cargo stops at once
// ("lock file version 4 requires `-Znext-lockfile-bump`").
import { rustReadingLock } from '../../../shared/src/lockVersions';
import { compareVersions } from '../../../shared/src/version';
import { nixpkgsPin } from './flakeLock';
import { estimateRustc } from '../model/rustcEra';
import { OWN_TOOLCHAIN } from './toolchain';
import type { Check, Finding } from './types';

export const lockVersionTooNew: Check = ({ fs, nixFiles }) => {
  // The lock last: the language server's open lock is joined into a new copy of its text by the read (textDocument.ts).
  const flakeLock = fs.readFile('flake.lock');
  if (!flakeLock || !nixFiles.some((f) => f.model.calls.length)) return [];
  if (nixFiles.some((f) => OWN_TOOLCHAIN.test(f.text))) return [];
  const lock = fs.readFile('Cargo.lock');
  if (!lock) return [];
  const lines = lock.split('\n');
  const line = lines.findIndex((l) => /^version\s*=\s*\d+\s*$/.test(l));
  if (line < 0) return [];
  const version = parseInt(lines[line]!.split('=')[1]!, 10);
  // Versions 1 and 2 are read by every cargo a nixpkgs this check knows brings.
  const needs = version >= 3 ? rustReadingLock(version) : undefined;
  const pin = nixpkgsPin(flakeLock);
  const cargo = pin && estimateRustc(pin.ref, pin.lastModified);
  if (!needs || !cargo || compareVersions(cargo.version, needs) >= 0) return [];
  // Certain only when the flake has one nixpkgs: with several, Nixify does not know which one builds.
  const nixpkgsInputs = (nixFiles.find((f) => f.path === 'flake.nix')?.model.flakeInputs ?? []).filter((i) => /nixpkgs/i.test(i.name) || /nixpkgs/.test(i.url ?? '')).length;
  const known = cargo.basis === 'release-table' && nixpkgsInputs <= 1;
  return [
    {
      code: 'lock-version-too-new',
      severity: known ? 'error' : 'warning',
      file: 'Cargo.lock',
      range: { start: { line, character: 0 }, end: { line, character: lines[line]!.length } },
      message:
        `Cargo.lock is format version ${version}, which needs cargo ${needs} or newer; the ${pin!.input} pinned in flake.lock ` +
        `(${pin!.ref ?? 'unstable'}) has cargo ${cargo.version}${known ? '' : ' (estimated)'}, which cannot read it. ` +
        'Build with a newer nixpkgs or a rust-overlay toolchain, or write the lock with the older cargo.',
      fixes: [],
    } satisfies Finding,
  ];
};
