// The names other build tools give a missing native library, mapped onto the
// one pkg-config table (nixpkgs' own .pc data): CMake's find_package names
// (`ZLIB`, `LibXml2`, `ALSA`) and the C headers a compiler could not open
// (`alsa/asoundlib.h`, `zlib.h`). A library installs its headers under a
// directory or file named like its pkg-config module; anything the table does
// not answer gets no attribute (no guess).
import { pkgConfigAttr } from './tables';

/** The attribute of the first candidate name the pkg-config table knows. */
function firstKnown(names: string[]): string | undefined {
  for (const n of new Set(names)) {
    if (!/^[\w.+-]+$/.test(n)) continue;
    const a = pkgConfigAttr(n);
    if (a) return a;
  }
  return undefined;
}

/** CMake's `Could NOT find <Name>`: the package name lower-cased, with and without `lib`. */
export function cmakePackageAttr(name: string): string | undefined {
  const l = name.toLowerCase();
  return firstKnown([l, l.startsWith('lib') ? l.slice(3) : `lib${l}`]);
}

// Headers of libc, the compiler and the kernel: their absence is the toolchain's, never a library input.
const TOOLCHAIN_DIRS = /^(?:sys|bits|gnu|asm|asm-generic|linux|machine|arpa|netinet|net|c\+\+|mach)\//;
const LIBC_HEADERS = new Set(
  'assert complex ctype errno fenv float inttypes iso646 limits locale math setjmp signal stdalign stdarg stdatomic stdbool stddef stdint stdio stdlib stdnoreturn string tgmath threads time uchar wchar wctype unistd fcntl pthread dlfcn features alloca malloc memory strings sched semaphore termios poll dirent pwd grp netdb syslog elf endian'
    .split(' ')
    .map((h) => `${h}.h`),
);

/** A header of libc or the compiler itself (`stdio.h`, `sys/types.h`, `stddef.h`). */
export function isToolchainHeader(header: string): boolean {
  return LIBC_HEADERS.has(header) || TOOLCHAIN_DIRS.test(header);
}

/**
 * The attribute whose headers `header` is (`alsa/asoundlib.h` → alsa-lib,
 * `X11/extensions/Xrandr.h` → xorg.libXrandr, `X11/Xlib.h` → xorg.libX11,
 * `zlib.h` → zlib, `libudev.h` → udev): in a directory the file's stem, then
 * the top directory; else the stem; each as a pkg-config module.
 */
export function headerAttr(header: string): string | undefined {
  if (isToolchainHeader(header)) return undefined;
  const parts = header.split('/');
  const stem = parts[parts.length - 1]!.replace(/\.(?:h|hh|hpp|hxx)$/, '');
  if (parts.length > 1) {
    const dir = parts[0]!.toLowerCase();
    // A directory's own library first when the file names another one (`X11/extensions/Xrandr.h`).
    const s = stem.toLowerCase();
    return (s.length > 2 ? firstKnown([s]) : undefined) ?? firstKnown([dir, dir.startsWith('lib') ? dir.slice(3) : `lib${dir}`]);
  }
  const l = stem.toLowerCase();
  return firstKnown([l, l.startsWith('lib') ? l : `lib${l}`]);
}
