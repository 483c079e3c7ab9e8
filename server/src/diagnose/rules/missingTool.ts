// A build step needs an executable that is not in nativeBuildInputs
// (protoc for prost-build, cmake, libclang for bindgen, perl for openssl-src …).
import { intentFix } from '../../fixes/intentFixes';
import { diag, type DiagnosisRule, type Matcher } from '../rule';
import { inputsPlacement } from '../site';
import { TOOL_ATTR } from './tables';

interface Pattern {
  re: RegExp;
  tool: string | ((m: RegExpExecArray) => string);
  why: string;
}

const PATTERNS: Pattern[] = [
  {
    // prost-build ≥ 0.11, tonic-build; prost-build ≤ 0.10 (`Failed to find the protoc binary. The PROTOC environment variable is not set …`).
    re: /Could not find `protoc`|`protoc` installation|set(?:ting)? the `?PROTOC`? environment variable|failed to invoke protoc|Failed to find the protoc binary|PROTOC environment variable is not set/,
    tool: 'protoc',
    why: 'prost-build / tonic-build run protoc',
  },
  { re: /is `cmake` not installed\?|failed to execute command: [^\n]*\bcmake\b|Missing dependency: cmake/, tool: 'cmake', why: 'a build script runs cmake' },
  { re: /Unable to find libclang|couldn\\?'t find any valid shared libraries matching: \[\\?'libclang/, tool: 'libclang', why: 'bindgen needs libclang' },
  { re: /Error configuring OpenSSL build|Can't locate [\w/]+\.pm in @INC|"perl": No such file or directory/, tool: 'perl', why: 'openssl-src builds OpenSSL with perl' },
  { re: /could not exec the linker `([^`]+)`|linker `([^`]+)` not found/, tool: (m) => m[1] ?? m[2]!, why: 'rustc needs a C linker' },
  { re: /(?:^|\s|\/)([\w.+-]+): (?:command not found|not found)$/, tool: (m) => m[1]!, why: 'the build calls it' },
  { re: /failed to run `?([\w.+-]+)`?: No such file or directory|Failed to execute `?([\w.+-]+)`?:? No such file or directory/i, tool: (m) => m[1] ?? m[2]!, why: 'a build script calls it' },
  // Build tools' own wording: rustbuild's `couldn't find required command: "cmake"`, `which: no cmake in (…)`, zsh's `command not found: cmake`.
  { re: /(?:couldn't|could not) find required command:? "?([\w.+-]+)"?|which: no ([\w.+-]+) in \(|command not found: ([\w.+-]+)/i, tool: (m) => m[1] ?? m[2] ?? m[3]!, why: 'the build runs it' },
  // A build script's own words, or its panic on spawning the program (`'protoc: Os { code: 2, kind: NotFound`).
  { re: /\b([\w.+-]+) is not installed or not in PATH|(?:^|['"\s])([\w.+-]+): Os \{ code: 2, kind: NotFound/, tool: (m) => m[1] ?? m[2]!, why: 'a build script runs it' },
];

// `<arch>-<vendor/os>-…-gcc|cc|clang|ld`: a target triple's C compiler or linker.
const CROSS_LINKER = /^(?:aarch64|arm\w*|i[3-6]86|x86_64|riscv\w+|powerpc\w*|mips\w*|s390x|wasm32)-[\w.]+(?:-[\w.]+)*-(?:gcc|cc|clang|ld)$/;

function attrFor(tool: string): string | undefined {
  if (tool === 'libclang') return 'rustPlatform.bindgenHook';
  return TOOL_ATTR[tool];
}

function create(): Matcher {
  const seen = new Set<string>();
  return {
    line(l, ctx) {
      const t = l.text;
      if (!/found|protoc|PROTOC|cmake|clang|OpenSSL build|@INC|perl|linker|No such file|not installed|NotFound|required command|which: no |command not found/.test(t)) return;
      for (const p of PATTERNS) {
        const m = p.re.exec(t);
        if (!m) continue;
        const tool = typeof p.tool === 'string' ? p.tool : p.tool(m);
        if (CROSS_LINKER.test(tool)) {
          // A cross C toolchain (`aarch64-linux-gnu-gcc` from .cargo/config): no attribute adds it as is.
          ctx.claim();
          if (seen.has(tool)) return;
          seen.add(tool);
          return ctx.emit(
            diag(
              'missing-tool',
              `The cross linker ${tool} is not available in the build: take it from the cross toolchain (pkgsCross.<platform>.stdenv.cc, with CARGO_TARGET_<TRIPLE>_LINKER pointing at it) or build for the host.`,
              [t.trim()],
              [],
              { drv: l.drv ?? ctx.lastFailedDrv, details: { tool } },
            ),
          );
        }
        const attr = attrFor(tool);
        // pkg-config's absence is explained by the openssl / pkgconfig-lib rules.
        if (!attr || tool === 'pkg-config' || tool === 'pkgconf') return;
        ctx.claim();
        if (seen.has(tool)) return;
        seen.add(tool);
        const env = tool === 'protoc' ? ' (or set PROTOC)' : tool === 'libclang' ? ' (sets LIBCLANG_PATH)' : '';
        return ctx.emit(
          diag('missing-tool', `${tool} is not available in the build (${p.why}): add ${attr} to nativeBuildInputs${env}.`, [t.trim()], [{ kind: 'add-inputs', nativeBuildInputs: [attr] }], {
            drv: l.drv ?? ctx.lastFailedDrv,
            details: { tool, attr },
          }),
        );
      }
    },
  };
}

export const missingToolRule: DiagnosisRule = {
  category: 'missing-tool',
  markers: [
    'found',
    'protoc',
    'PROTOC',
    'cmake',
    'clang',
    'OpenSSL build',
    'in @INC',
    '"perl"',
    'linker',
    'No such file',
    'not installed',
    'NotFound',
    'required command',
    'which: no ',
    'command not found',
  ],
  create,
  place: inputsPlacement,
  fixes: (_d, s, f) => {
    const fix = intentFix(f, s);
    return fix && { ...fix, preferred: f.kind === 'add-inputs' };
  },
};
