// PATTERNS' first part: build tools', compilers', linkers' and shells' own sentences for a program they could not find.
import type { Pattern } from './patterns';

/** A shell's not-found sentence with its frame (the script and line it was reading, or its own name): PATTERNS. */
export const SHELL_FRAMED =
  /(?:^|[\s/])[\w.+-]+: (?:line )?\d+: ([\w.+-]*[A-Za-z][\w.+-]*): (?:command not found|not found)\s*$|(?:^|[\s/])(?:ba|da|k)?sh: ([\w.+-]*[A-Za-z][\w.+-]*): command not found\s*$|\bzsh: command not found: ([\w.+-]*[A-Za-z][\w.+-]*)\s*$/;
/** A build script's sentence for a program it could not start, std's error right after it: PATTERNS. */
export const SPAWN_VERB =
  /\b(?:could not|couldn't|failed to|unable to|cannot|can't) (?:run|execute|spawn|start|invoke) (?!(?:command|process|program|tool|binary|script|it)\b)[`'"]?([\w.+-]*[A-Za-z][\w.+-]*)[`'"]?: (?:No such file or directory \(os error 2\)|Os \{ code: 2, kind: NotFound)/i;
export const TOOL_SENTENCES: readonly Pattern[] = [
  {
    // prost-build ≥ 0.11, tonic-build; prost-build ≤ 0.10 (`Failed to find the protoc binary. The PROTOC environment variable is not set …`).
    re: /Could not find `protoc`|`protoc` installation|set(?:ting)? the `?PROTOC`? environment variable|failed to invoke protoc|Failed to find the protoc binary|PROTOC environment variable is not set/,
    tool: 'protoc',
    why: 'prost-build / tonic-build run protoc',
    hint: ['Could not find `protoc`', '`protoc` installation', 'PROTOC` environment variable', 'PROTOC environment variable', 'failed to invoke protoc', 'Failed to find the protoc binary'],
  },
  // The protoc crate's `Protoc::version()` (rust-protobuf 2.x; protoc-rust and protoc-rust-grpc build scripts call it
  // through `.expect("protoc version")`) spawns `protoc --version` from PATH and passes the spawn's error on with its
  // kind kept (`Custom { kind: NotFound, error: "failed to spawn …" }`, older `Os { code: 2, kind: NotFound`); its
  // own failures are all `Other`, so NotFound there is protoc missing from PATH.
  { re: /\bprotoc version: (?:Custom \{ kind: NotFound|Os \{ code: 2, kind: NotFound)/, tool: 'protoc', why: 'protoc-rust runs protoc from PATH', hint: 'protoc version: ' },
  { re: /failed to execute command: [^\n]*\bcmake\b|Missing dependency: cmake/, tool: 'cmake', why: 'a build script runs cmake', hint: ['failed to execute command: ', 'Missing dependency: cmake'] },
  // The spawn helper cmake-rs, cc-rs < 1.0.42 and many -sys build scripts share: `failed to execute command: No such
  // file or directory (os error 2)` then `is \`cmake\` not installed?` (the program as the script named it, maybe a path).
  { re: /is `(?:[^`\s]*\/)?([\w.+-]+)` not installed\?/, tool: (m) => m[1]!, why: 'a build script runs it', hint: 'not installed?' },
  // gcc/clang asked for a linker by `-C link-arg=-fuse-ld=mold` (.cargo/config.toml) that is not on PATH.
  { re: /invalid linker name in argument '-fuse-ld=([\w.+-]+)'/, tool: (m) => m[1]!, why: 'the C compiler links with it (-fuse-ld)', hint: 'invalid linker name' },
  // GNU env running a program PATH does not have (`env: ‘python3’: No such file or directory`, C locale: 'python3').
  { re: /\benv: [‘'"]([\w.+-]+)[’'"]: No such file or directory/, tool: (m) => m[1]!, why: 'a script runs it through env', hint: 'env: ', named: true },
  // GNU make running a recipe's program: 4.3+ `make: protoc: No such file or directory`, older `make[2]: protoc: Command not found`.
  // Named whatever the attribute when the name has no dot (make's own words for a recipe's program); with one it may be
  // an included makefile old make reported the same way (`make: config.mk: No such file or directory`): known names only.
  // Not make's own makefile names: real make 4.3 reports `make -f Makefile` without one in the same words
  // (`make: Makefile: No such file or directory`, then `*** No rule to make target 'Makefile'`).
  {
    re: /^make(?:\[\d+\])?: (?!(?:GNUmakefile|makefile|Makefile):)([\w+-]*[A-Za-z][\w+-]*): (?:No such file or directory|Command not found)$/,
    tool: (m) => m[1]!,
    why: 'a Makefile recipe runs it',
    hint: 'make',
    named: true,
  },
  { re: /^make(?:\[\d+\])?: ([\w.+-]+): (?:No such file or directory|Command not found)$/, tool: (m) => m[1]!, why: 'a Makefile recipe runs it', hint: 'make' },
  // Cargo runs `cargo-<name>` from PATH for `cargo <name>`: `error: no such command: \`leptos\``.
  { re: /^error: no such command: `([\w-]+)`/, tool: (m) => `cargo-${m[1]}`, why: 'cargo runs it for a subcommand', hint: 'no such command' },
  // A program run through a shell that could not find it exits 127 (wasm-pack: `failed to execute \`wasm-opt\`: exited with exit status: 127`).
  { re: /failed to execute `([\w.+-]+)`: exited with exit status: 127\b/, tool: (m) => m[1]!, why: 'the build runs it', hint: 'exit status: 127' },
  // The Dioxus CLI (dx) optimising the app's wasm: with downloads off (prefer-no-downloads, what a sandboxed build
  // sets) it takes wasm-opt only from PATH and bails `Missing wasm-opt`, under its context `Failed to create wasm-opt
  // instance` (anyhow's chain: `Caused by:` then `0: …`, `1: Missing wasm-opt`).
  { re: /^\s*(?:\d+: )?Missing (wasm-opt)\s*$/, tool: (m) => m[1]!, why: 'dx optimises the wasm with it', hint: 'Missing wasm-opt' },
  // wasm-pack looks wasm-opt up on PATH first (`find_wasm_opt`'s `which("wasm-opt")`; one early release only downloaded) and
  // only then downloads binaryen's release from GitHub: binary-install's `failed to download from <url>` under
  // wasm-pack's `To disable \`wasm-opt\`, …` — a sandboxed build cannot download, so wasm-opt off PATH is the cause
  // (round20 k08); where there is nothing to download: `no prebuilt wasm-opt binaries are available for this platform`.
  {
    re: /failed to download from https:\/\/github\.com\/WebAssembly\/binaryen\/releases\//,
    tool: 'wasm-opt',
    why: 'wasm-pack optimises the wasm with it, taking it from PATH before it tries to download binaryen',
    hint: 'WebAssembly/binaryen/releases',
  },
  {
    re: /no prebuilt wasm-opt binaries are available/,
    tool: 'wasm-opt',
    why: 'wasm-pack optimises the wasm with it, from PATH when it has no binaryen release to download',
    hint: 'no prebuilt wasm-opt',
  },
  // Meson's compiler detection: `ERROR: Unknown compiler(s): [['cc'], ['gcc'], …]` (the list names the language).
  {
    re: /Unknown compilers?\(s\): \[.*?\[['"](cc|c\+\+|gfortran|rustc)['"]\]/,
    tool: (m) => m[1]!,
    why: 'meson compiles with it',
    hint: 'Unknown compiler',
  },
  // CMake's compiler detection (`No CMAKE_CXX_COMPILER could be found.`).
  { re: /No CMAKE_(C|CXX)_COMPILER could be found/, tool: (m) => (m[1] === 'C' ? 'cc' : 'c++'), why: 'CMake compiles C/C++', hint: 'COMPILER could be found' },
  { re: /Unable to find libclang|couldn\\?'t find any valid shared libraries matching: \[\\?'libclang/, tool: 'libclang', why: 'bindgen needs libclang', hint: 'libclang' },
  // bindgen's clang without the C library's headers (`fatal error: 'stdio.h' file not found`): nixpkgs' bindgenHook passes them.
  // Not glibc's per-word-size `gnu/stubs-32.h` (its own gnu/stubs.h picks it by __WORDSIZE): the headers were found and
  // the compile targets a word size the C library was not built for (clang given another target), no input missing.
  {
    re: /fatal error: '((?:sys|bits|gnu)\/(?!stubs-)[\w.-]+\.h|(?:stdio|stddef|stdlib|stdint|stdbool|stdarg|string|limits|inttypes|time|errno|wchar|unistd|math|signal|features)\.h)' file not found/,
    tool: 'libclang',
    why: 'bindgen runs clang, which needs the C headers',
    hint: 'fatal error',
  },
  {
    re: /Error configuring OpenSSL build|Can't locate [\w/]+\.pm in @INC|"perl": No such file or directory/,
    tool: 'perl',
    why: 'openssl-src builds OpenSSL with perl',
    hint: ['OpenSSL build', '.pm in @INC', '"perl": No such'],
  },
  // rustc ≤ 1.2x `could not exec the linker \`cc\``, later `linker \`cc\` not found`; pastes quoted in an issue's text
  // often lose the backticks to single or typographic quotes (`linker 'cc' not found`).
  {
    re: /could not exec the linker [`'‘"]([^`'’"\s]+)[`'’"]|linker [`'‘"]([^`'’"\s]+)[`'’"] not found/,
    tool: (m) => m[1] ?? m[2]!,
    why: 'rustc needs a C linker',
    hint: ['exec the linker ', '` not found', "' not found", '" not found', '’ not found'],
  },
  // cc-rs (`failed to find tool "cc"`, `Failed to find tool. Is \`c++\` installed?`), autoconf's `no acceptable C compiler found in $PATH`.
  {
    re: /failed to find tool "([\w.+-]+)"|Failed to find tool\. Is `([\w.+-]+)` installed\?|no acceptable (C|C\+\+) compiler found in \$PATH/i,
    tool: (m) => m[1] ?? m[2] ?? (m[3] === 'C' ? 'cc' : 'c++'),
    why: 'a build script compiles C',
  },
  // Meson's `ERROR: Program 'blueprint-compiler' not found or not executable` (older: `Program(s) ['x'] not found …`).
  { re: /Program(?:\(s\))? \[?'([\w.+-]+)'\]? not found or not executable/, tool: (m) => m[1]!, why: 'meson runs it', hint: 'not executable' },
  // Cargo itself could not spawn a program it was asked to run: `could not execute process \`protoc …\` (never executed)`
  // (cargo-util's ProcessError: the whole command line in backticks, its arguments may hold parentheses, `--check-cfg 'cfg(…)'`;
  // cargo before 1.0–1.1x capitalised it: `Could not execute process \`rustc -vV\` (never executed)`, round65 ul07).
  { re: /[Cc]ould not execute process `(?:[^`\s]*\/)?([\w.+-]+)(?: [^`]*)?` \(never executed\)/, tool: (m) => m[1]!, why: 'the build runs it', hint: 'never executed' },
  // llvm-sys: `No suitable version of LLVM was found system-wide or pointed` / `to by LLVM_SYS_170_PREFIX.`
  // (its crate version and env knob carry the LLVM major version it was built for: 170 → 17).
  { re: /No suitable version of LLVM was found/, tool: 'llvm-config', why: 'llvm-sys runs llvm-config', hint: 'version of LLVM' },
  // A shell's own sentence, with the script and line it was reading, or its own name in front (real bash 5.2: `install.sh:
  // line 2: rev: command not found`, `/usr/bin/bash: line 1: x: …`, `bash: x: command not found`; dash: `install.sh: 2: rev:
  // not found`, `sh: 1: x: not found`; zsh: `zsh: command not found: x`): a program PATH lacks, named whether or not a
  // nixpkgs attribute is known for it. A bare `x: command not found` (no shell's frame) is left to the pattern after
  // this one, which names only known programs: direnv's and a profile's functions (`use_std: command not found`) read alike.
  {
    re: SHELL_FRAMED,
    tool: (m) => m[1] ?? m[2] ?? m[3]!,
    why: 'the shell running the build could not find it on PATH',
    hint: [': command not found', ': not found', 'command not found: '],
    named: true,
  },
  { re: /(?:^|\s|\/)([\w.+-]+): (?:command not found|not found)$/, tool: (m) => m[1]!, why: 'the build calls it', hint: [': command not found', ': not found'] },
  // A build script's sentence for the program it could not start, with std's error right after it (real cargo 1.95:
  // `could not run \`glslc\`: No such file or directory (os error 2)`, `failed to execute glslc: Os { code: 2, kind:
  // NotFound, … }` from `.expect("failed to execute glslc")`): the verb says a program, so the name is said unmapped too.
  // Not a noun in the program's place (cmake-rs' `failed to execute command: No such file …`, which names it on the next line).
  {
    re: SPAWN_VERB,
    tool: (m) => m[1]!,
    why: 'a build script runs it, and std could not spawn it',
    named: true,
    mayBeFile: true,
  },
  { re: /failed to run `?([\w.+-]+)`?: No such file or directory|Failed to execute `?([\w.+-]+)`?:? No such file or directory/i, tool: (m) => m[1] ?? m[2]!, why: 'a build script calls it' },
];
