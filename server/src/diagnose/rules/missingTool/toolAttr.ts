// The nixpkgs attribute that provides a program, and whether a name is a file's rather than a program's.
import { programAttr } from '../../scriptPanic';
import { TOOL_ATTR } from '../tables';

export const LLVM_SYS = /LLVM_SYS_(\d{2,4})_PREFIX|llvm-sys v(\d{2,4})\./;

export function attrFor(tool: string, context: string[] = []): string | undefined {
  if (tool === 'libclang') return 'rustPlatform.bindgenHook';
  if (tool === 'llvm-config') {
    const v = context.map((x) => LLVM_SYS.exec(x)).find(Boolean);
    const n = v ? Number(v[1] ?? v[2]) : NaN;
    return n >= 30 ? `llvmPackages_${Math.floor(n / 10)}.llvm` : TOOL_ATTR[tool];
  }
  // TOOL_ATTR's own keys (`constructor: not found` is no attribute), cargo's subcommands under their own names.
  return programAttr(tool);
}

/** A name ending in a letter-led extension (`config.toml`, `wrapper.h`), not a version (`python3.11`): Pattern.mayBeFile. */
const FILE_NAME = /\.[A-Za-z][A-Za-z0-9]*$/;
/**
 * A file's name, not a program's (Pattern.mayBeFile): an extension after a stem that is no program either. A program's
 * variant keeps its program's stem (binutils' `ld.gold`, `ld.bfd`; mold's `ld.mold`), which an attribute provides.
 */
export const fileNamed = (tool: string): boolean => FILE_NAME.test(tool) && !attrFor(tool.slice(0, tool.lastIndexOf('.')));
