// The src fixes' real check, shared by the sqlx and include-macro tests: each form
// (a src expression over `lib` and `craneLib`) is evaluated with the real nixpkgs
// lib and crane in the Nix 2.26 chroot (../shared/oracles), and the files of the
// store copy it makes are listed.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const REPO = join(__dirname, '..', '..', '..', '..');
const ORACLE = join(REPO, '..', 'shared', 'oracles', 'nix-2.26.sh');
const ORACLE_SRC = process.env.ORACLE_SRC ?? join(REPO, '..', '.cache', 'oracles', 'src');

/** Why the real-lib check cannot run here, or undefined when it can. */
export function srcOracleWhy(): string | undefined {
  if (!existsSync(ORACLE)) return `${ORACLE} is missing`;
  if (typeof process.getuid === 'function' && process.getuid() !== 0) return 'the Nix 2.26 chroot needs root';
  if (!existsSync(join(ORACLE_SRC, 'nixpkgs-lib', 'lib')) || !existsSync(join(ORACLE_SRC, 'crane', 'lib')))
    return `nixpkgs-lib and crane are not in ${ORACLE_SRC} (fetched sources, ../shared/oracles/README.md)`;
  const r = spawnSync(ORACLE, ['run', 'true'], { encoding: 'utf8' });
  return r.status === 0 ? undefined : `the Nix 2.26 chroot does not run (${(r.stderr || r.stdout).trim().split('\n').pop()})`;
}

/** Evaluates every form in `dir` (a project tree) and returns the sorted files of each form's store copy. */
export function storeFilesOf(dir: string, forms: Record<string, string>): (form: string) => string[] {
  for (const [name, expr] of Object.entries(forms)) writeFileSync(join(dir, `${name}.nix`), `{ lib, craneLib }:\n${expr}\n`);
  // crane's functions take their siblings by name, as crane's own lib does (bench/src-oracle.nix).
  writeFileSync(
    join(dir, 'eval.nix'),
    `let
  lib = import <nixpkgs-lib>;
  crane = <crane>;
  craneLib = lib.fix (self: let callPackage = lib.callPackageWith (self // { inherit lib; }); in {
    internalCrateNameFromCargoToml = callPackage (crane + "/internalCrateNameFromCargoToml.nix") { };
    internalCrateNameForCleanSource = callPackage (crane + "/internalCrateNameForCleanSource.nix") { };
    filterCargoSources = callPackage (crane + "/filterCargoSources.nix") { };
    cleanCargoSource = callPackage (crane + "/cleanCargoSource.nix") { };
  });
in
builtins.concatStringsSep " " (lib.mapAttrsToList (n: _: "\${n}=\${import (./. + "/\${n}.nix") { inherit lib craneLib; }}") (builtins.fromJSON ${JSON.stringify(JSON.stringify(Object.fromEntries(Object.keys(forms).map((k) => [k, true]))))}))
`,
  );
  const script = `for kv in $(nix-instantiate --eval --read-write-mode --raw ${dir}/eval.nix); do n=\${kv%%=*}; (cd \${kv#*=} && find . -type f | sed "s|^./|$n |"); done`;
  const r = spawnSync(ORACLE, ['run', script], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  return (form) =>
    r.stdout
      .split('\n')
      .filter((l) => l.startsWith(`${form} `))
      .map((l) => l.slice(form.length + 1))
      .sort();
}
