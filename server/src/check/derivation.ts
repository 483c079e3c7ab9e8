// Findings about one builder call compared with the crate it builds: names and
// versions that drifted from Cargo.toml (hint: the build works), binaries and
// members that do not exist, unfiltered sources (hint: slower, not broken).
// No finding about crane without buildDepsOnly: crane's buildPackage builds the
// dependencies in their own derivation when cargoArtifacts is not given.
import { callKind } from '../builders';
import type { BuilderCall, NixBinding } from '../model/nixTypes';
import type { CargoManifest, Workspace } from '../model/types';
import type { Check, Finding, NixFile } from './types';

/** The Cargo package a call builds: `-p NAME`, buildAndTestSubdir, else the focus/root package. */
export function builtPackages(ws: Workspace, call: BuilderCall): { names: string[]; explicit: boolean } {
  const names: string[] = [];
  for (const b of [call.cargoExtraArgs, call.cargoBuildFlags]) {
    if (!b) continue;
    for (const m of b.text.matchAll(/(?:-p|--package)[\s"=]+([A-Za-z0-9_-]+)/g)) names.push(m[1]!);
  }
  const subdir = call.buildAndTestSubdir?.stringValue;
  if (subdir !== undefined) {
    const m = ws.members.find((x) => x.dir === subdir.replace(/^\.\/|\/$/g, ''));
    if (m?.package) names.push(m.package.name);
  }
  if (names.length) return { names, explicit: true };
  // Without -p, cargo builds the focused or root package; a virtual workspace builds
  // all its (default) members, so there is no one package to compare names with.
  const fallback = ws.members.find((m) => m.package?.name === ws.focus) ?? ws.members.find((m) => m.dir === '');
  return { names: fallback?.package ? [fallback.package.name] : [], explicit: false };
}

const member = (ws: Workspace, name: string): CargoManifest | undefined => ws.members.find((m) => m.package?.name === name);

function drift(file: NixFile, b: NixBinding | undefined, what: string, expected: string | undefined, cargoPath: string): Finding | undefined {
  if (!b || b.stringValue === undefined || expected === undefined || b.stringValue === expected) return undefined;
  return {
    code: 'version-drift',
    severity: 'hint',
    file: file.path,
    range: b.valueRange,
    message: `${what} "${b.stringValue}" differs from ${cargoPath} ("${expected}"). Read it from Cargo.toml (lib.importTOML) to keep one source of truth.`,
    fixes: [{ title: `Set ${what} to "${expected}"`, edits: [{ path: file.path, edits: [{ range: b.valueRange, newText: JSON.stringify(expected) }] }], preferred: true }],
  };
}

export const derivationChecks: Check = ({ ws, nixFiles }) => {
  const findings: Finding[] = [];
  for (const file of nixFiles) {
    const calls = file.model.calls;
    for (const call of calls) {
      const spec = callKind(call.kind);
      if (!spec.packageDerivation) continue;
      const { names, explicit } = builtPackages(ws, call);
      for (const n of explicit ? names : []) {
        if (member(ws, n)) continue;
        const b = call.cargoExtraArgs ?? call.cargoBuildFlags ?? call.buildAndTestSubdir!;
        findings.push({
          code: 'unknown-member',
          severity: 'error',
          file: file.path,
          range: b.valueRange,
          message: `\`${n}\` is not a package of this workspace (members: ${ws.members.map((m) => m.package?.name).join(', ')}).`,
          fixes: [],
        });
      }
      const pkg = names.length ? member(ws, names[0]!) : undefined;
      if (pkg?.package && !spec.depsOnly) {
        const f1 = drift(file, call.version, 'version', pkg.package.version, pkg.path);
        if (f1) findings.push(f1);
        // crane and naersk may name the derivation freely; buildRustPackage users expect pname = crate name.
        if (spec.pnameIsCrateName) {
          const f2 = drift(file, call.pname, 'pname', pkg.package.name, pkg.path);
          if (f2) findings.push(f2);
        }
      }
      const mp = call.mainProgram;
      const bins = ws.members.flatMap((m) => m.bins.map((b) => b.name));
      if (mp?.stringValue !== undefined && bins.length && !bins.includes(mp.stringValue)) {
        const own = (pkg ?? ws.members.find((m) => m.bins.length))?.bins.map((b) => b.name) ?? [];
        findings.push({
          code: 'main-program',
          severity: 'warning',
          file: file.path,
          range: mp.valueRange,
          message: `meta.mainProgram "${mp.stringValue}" names no binary of the crate (binaries: ${bins.join(', ')}); \`nix run\` and lib.getExe will fail.`,
          fixes: own.length
            ? own.map((b, i) => ({
                title: `Set mainProgram to "${b}"`,
                edits: [{ path: file.path, edits: [{ range: mp.valueRange, newText: JSON.stringify(b) }] }],
                preferred: i === 0 && own.length === 1,
              }))
            : [],
        });
      }
      const src = call.src;
      if (src && /^\.\/?\.?$|^\.\/\.$/.test(src.text.trim())) {
        const crane = call.kind.startsWith('crane');
        findings.push({
          code: 'unfiltered-src',
          severity: 'hint',
          file: file.path,
          range: src.valueRange,
          message: `\`src = ./.\` copies everything (target/, .git, editor files) into the store and rebuilds on every edit. Filter it with ${crane ? '`craneLib.cleanCargoSource ./.`' : '`lib.fileset.toSource`'}.`,
          fixes: crane ? [{ title: 'Use craneLib.cleanCargoSource ./.', edits: [{ path: file.path, edits: [{ range: src.valueRange, newText: 'craneLib.cleanCargoSource ./.' }] }] }] : [],
        });
      }
    }
  }
  return findings;
};
