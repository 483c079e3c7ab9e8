// rustc not finding an item of the standard library itself (`core::arch::naked_asm!` before Rust 1.88): the code was
// written for a newer std than the toolchain's, so the toolchain is the fix, not the code. rustc says it in its
// name-resolution errors, every era's wording (real rustc 1.95: wordings/sources/c195-std-item-*.log):
//   E0433 `failed to resolve: could not find \`naked_asm\` in \`arch\`` (1.95: `cannot find \`naked_asm\` in \`arch\``),
//         the path from the crate root only in the source line under the span (`core::arch::naked_asm!(`);
//   E0432 `unresolved import \`std::backtrace\``; E0425/E0412 `cannot find function \`x\` in module \`std::hint\``.
// A name under the standard library's platform modules (`std::os::unix`, `core::arch::x86_64`) exists only on its own
// target, and rustc 1.8x+ says so of any item cfg'd out of this target's std: the target's matter, not the toolchain's age.

const HEADLINE =
  /^error\[(E0433|E0432|E0425|E0412)\]: (?:failed to resolve: (?:could not|cannot) find `(\w+)` in `(\w+)`|cannot find `(\w+)` in `(\w+)`|unresolved import `((?:std|core|alloc)::[\w:]+)`|cannot find \w+ `(\w+)` in module `((?:std|core|alloc)(?:::\w+)*)`)/;
const ROOTS = '(?:std|core|alloc)';
/** std's per-target modules (std::os::*, core::arch::*): absent on other targets whatever the toolchain's age. */
const PLATFORM_MODULE =
  /^(?:unix|windows|linux|android|macos|ios|darwin|freebsd|netbsd|openbsd|wasi|fd|raw|x86|x86_64|aarch64|arm|arm64ec|wasm|wasm32|wasm64|riscv32|riscv64|mips|mips64|powerpc|powerpc64|nvptx|loongarch64|s390x|hexagon|csky)$/;

/** rustc's suggestion of a near name: the help's heading (1.4x+ inline `: \`x\``) and the note naming the near item. */
const SIMILAR_HELP = /\bsimilar name exists\b/;
const SIMILAR_NAMED = /similarly named \w+ `(\w+)` defined here|similar name exists[^`]*: `(?:\w+::)*(\w+)`/;

/** One edit apart: a letter added, dropped, changed, or two swapped (optimal string alignment distance 1). */
function oneEdit(a: string, b: string): boolean {
  if (a === b || Math.abs(a.length - b.length) > 1) return false;
  let i = 0;
  while (i < a.length && a[i] === b[i]) i++;
  const [x, y] = [a.slice(i), b.slice(i)];
  return x.slice(1) === y.slice(1) || x.slice(1) === y || x === y.slice(1) || (x.length > 1 && x[0] === y[1] && x[1] === y[0] && x.slice(2) === y.slice(2));
}

/**
 * rustc suggests a name one edit from the missing one (`HashMapp` → `HashMap`, `spin_lopp` → `spin_loop`, real rustc
 * 1.95): a misspelling, which no Rust version's std has — the code's error. A newer item's nearest older neighbour
 * differs by a word (`repeat_n` → `repeat`), so a suggestion further away leaves the toolchain's reading.
 */
function misspelt(item: string, below: readonly string[]): boolean {
  const at = below.findIndex((l) => SIMILAR_HELP.test(l) || SIMILAR_NAMED.test(l));
  if (at < 0) return false;
  for (const l of below.slice(at)) {
    const n = SIMILAR_NAMED.exec(l);
    if (n && oneEdit(item, (n[1] ?? n[2])!)) return true;
    // The suggestion's diff line (`1 + use std::backtrace;`, `2 +     std::hint::spin_loop();`).
    if (/^\s*\d+\s*[|+~]\s/.test(l) && [...l.matchAll(/\w+/g)].some((w) => oneEdit(item, w[0]))) return true;
  }
  return false;
}

export interface StdItem {
  /** The std path rustc could not resolve (`core::arch::naked_asm`). */
  path: string;
}

/** Whether a line is one of those headlines (read with the lines under it by stdItemMissing). */
export function stdItemHeadline(line: string): boolean {
  return line.startsWith('error[E04') && HEADLINE.test(line);
}

/**
 * The std item an E0432/E0433/E0425/E0412 (its headline, then the lines rustc printed under it) did not find, or
 * undefined when the path is not the standard library's or is a platform module.
 */
export function stdItemMissing(headline: string, below: readonly string[]): StdItem | undefined {
  const m = HEADLINE.exec(headline);
  if (!m) return undefined;
  let path: string | undefined;
  if (m[6]) path = m[6];
  else if (m[7]) path = `${m[8]}::${m[7]}`;
  else {
    const [item, parent] = m[2] ? [m[2], m[3]!] : [m[4]!, m[5]!];
    // The source line under the span: the path from std's root down to the item.
    const re = new RegExp(`\\b${ROOTS}::(?:\\w+::)*${parent}::${item}\\b`);
    for (const l of below) {
      const p = re.exec(l);
      if (p) {
        path = p[0];
        break;
      }
    }
  }
  // rustc 1.8x+ sees the item cfg'd out of this target's std (`note: found an item that was configured out`).
  if (!path || below.some((l) => l.includes('found an item that was configured out'))) return undefined;
  const parts = path.split('::');
  if (parts.slice(1).some((x) => PLATFORM_MODULE.test(x))) return undefined;
  if (misspelt(parts[parts.length - 1]!, below)) return undefined;
  return { path };
}
