// Program name → the nixpkgs attribute that puts it on PATH, from nixpkgs' own files (data/nixpkgsPrograms.json,
// written by scripts/diagnose/gen-nixpkgs-programs.mjs: by-name packages' mainProgram or name, unixtools.nix's
// single programs). Read only when a log names a program that was not found: the index is built on the first ask.
import data from '../data/nixpkgsPrograms.json';

let index: Map<string, string> | undefined;

/** The attribute nixpkgs' data gives for `program`, if any. */
export function nixpkgsProgramAttr(program: string): string | undefined {
  index ??= new Map(Object.entries(data.programs as Record<string, string>));
  return index.get(program);
}
