// Runs every pre-build check over one workspace. Each check is a plain function
// of the context; a failing check is reported, never allowed to hide the rest.
import { derivationChecks } from './derivation';
import { untrackedFiles } from './gitTracked';
import { nativeInputs } from './inputs';
import { runtimeRpath } from './runtimeRpath';
import { gitDepsWithoutHash, staleCargoHash } from './hashes';
import { handWrittenCargo } from './handWritten';
import { lockVersionTooNew } from './lockVersion';
import { srcContents } from './srcContents';
import { rustcTooOld, toolchainIgnored } from './toolchain';
import { toolchainTargetMissing } from './toolchainTarget';
import { wasmBindgenMismatch } from './wasmBindgen';
import type { Check, CheckContext, Finding } from './types';
import { startOfFile } from '../model/ranges';
import { compareText } from '../../../shared/src/textOrder';

export const CHECKS: Record<string, Check> = {
  nativeInputs,
  runtimeRpath,
  gitDepsWithoutHash,
  staleCargoHash,
  derivationChecks,
  untrackedFiles,
  rustcTooOld,
  toolchainIgnored,
  handWrittenCargo,
  toolchainTargetMissing,
  wasmBindgenMismatch,
  lockVersionTooNew,
  srcContents,
};

const ORDER = { error: 0, warning: 1, info: 2, hint: 3 } as const;

export function runChecks(ctx: CheckContext): Finding[] {
  const out: Finding[] = [];
  for (const [name, check] of Object.entries(CHECKS)) {
    try {
      out.push(...check(ctx));
    } catch (e) {
      out.push({
        code: 'check-failed',
        severity: 'hint',
        file: ctx.nixFiles[0]?.path ?? 'Cargo.toml',
        range: startOfFile(),
        message: `nixify: the ${name} check failed on this workspace (${(e as Error).message}); other findings are still shown.`,
        fixes: [],
      });
    }
  }
  return out.sort((a, b) => compareText(a.file, b.file) || a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character || ORDER[a.severity] - ORDER[b.severity]);
}

/** The Nix files checks look at: the root's and those in a `nix/` folder. */
export function nixFilePaths(readDir: (rel: string) => { name: string; isFile: boolean }[] | undefined): string[] {
  const out: string[] = [];
  for (const dir of ['', 'nix']) {
    for (const e of readDir(dir) ?? []) if (e.isFile && e.name.endsWith('.nix') && e.name !== 'Cargo.nix') out.push(dir ? `${dir}/${e.name}` : e.name);
  }
  return out.sort();
}
