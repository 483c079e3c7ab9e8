// The words that wake missingTool: every line one of its patterns or follow-ups reads holds one.
export const MISSING_TOOL_MARKERS: readonly string[] = [
  // Not bare `found`, which woke the rule for openssl-sys' `directory *should* be found`, `No hash was found`,
  // `Python 3 found`: every pattern's `found` is `not found` or autoconf's `compiler found` (the others have markers of their own).
  'not found',
  'compiler found',
  // pyo3-build-config's `no Python 3.x interpreter found`.
  'interpreter found',
  'protoc',
  'PROTOC',
  'cmake',
  // Not bare `clang` (`++ env CC=…/clang-wrapper-11.1.0/bin/cc`): only libclang's patterns need it.
  'libclang',
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
  'find tool',
  'never executed',
  'not executable',
  'version of LLVM',
  'LLVM_SYS_',
  'COMPILER could be found',
  'Unknown compiler',
  'no such command',
  'exit status: 127',
  'rerun pass',
  'Missing wasm-opt',
  'WebAssembly/binaryen/releases',
  'running "',
  'no prebuilt wasm-opt',
  // NODE_SPAWN, NODE_SYSCALL (PY_SPAWN's line holds 'No such file').
  'ENOENT',
  "syscall: 'spawn",
  // xcrun's two sentences (the Display form's `(os error 2)` comes with 'No such file').
  'unable to find utility',
  'cannot execute tool',
  // cargo-binutils' spawn failure (its other two sentences carry `find tool`).
  'Failed to execute tool',
  // NixOS' stub loader refusing a downloaded program.
  'dynamically linked executable',
  // trunk offline.
  "couldn't find application",
  // cargo-llvm-cov without the toolchain's llvm-tools component.
  'please install llvm-tools',
  // dioxus-cli without a download.
  'Missing wasm-bindgen-cli@',
  // bindgen's panic after its clang missed a header.
  'Unable to generate bindings',
  // A panic's place in bindgen's own source (BINDGEN_AT), by its tail: `bin` starts too many paths for the marker scan.
  'ndgen-',
];
