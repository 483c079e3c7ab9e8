// A build step needs an executable that is not in nativeBuildInputs
// (protoc for prost-build, cmake, libclang for bindgen, perl for openssl-src …).
import { intentFix, srcBindingOf } from '../../fixes/intentFixes';
import { inputStyle } from '../../fixes/nixEdits';
import { diag, type DiagnosisRule, type Matcher, type RuleContext } from '../rule';
import { programAttr } from '../scriptPanic';
import { inputsPlacement } from '../site';
import type { Confidence, LogLine } from '../types';
import { CARGO_STDERR } from '../text';
import { scriptDownloaderSpawn } from './networkSandbox';
import { HOOK_FUNCTION_ATTR, STDENV_SETUP_FUNCTIONS, TOOL_ATTR } from './tables';
import { nixpkgsWasmBindgenCli, wasmBindgenAttr } from './toolVersion';
import bindgenSites from '../../data/bindgenLibclangSites.json';

export interface Pattern {
  re: RegExp;
  tool: string | ((m: RegExpExecArray) => string);
  why: string;
  /**
   * A word every match contains, or words one of which every match contains: the pattern is tried only on lines with
   * one (cheap for the many lines that wake this rule; the pre-test then looks for these words, not the expression).
   */
  hint?: string | readonly string[];
  /**
   * The tool's own sentence says the program is missing (not a file, not a guess): said even when no nixpkgs attribute
   * is known to provide it, naming the program with no input added.
   */
  named?: true;
  /** What to do when no attribute provides it (named patterns; default: add the package that provides it). */
  advice?: string;
  /** The program's version the match names, for a program a tool takes only at one version (wasm-bindgen). */
  version?: (m: RegExpExecArray) => string;
  /** The tool that takes wasm-bindgen only at Cargo.lock's version (default trunk). */
  pins?: string;
  /**
   * The sentence's name may be a file's (`could not run \`config.toml\``): a name ending in a letter-led extension is
   * said only when an attribute provides a program of that name (a version suffix, `python3.11`, stays a program's).
   */
  mayBeFile?: true;
}

// Tools that edit ELF files only (patchelf, chrpath): on darwin, whose binaries are Mach-O, no input makes their step pass.
const ELF_EDITORS = new Set(['patchelf', 'chrpath']);
const DARWIN_BUILD = /-stdenv-darwin\/|\/private\/tmp\/nix-build-|-apple-darwin\b/;
/** NixOS' stub loader refusing a program in a tool's cache directory, which names it and its version (PATTERNS). */
export const STUB_LOADER_CACHE = /Could not start dynamically linked executable: \S*\/\.cache\/[\w.-]+\/([a-z][\w-]*?)-(?:version_)?v?(\d[^/\s]*)\//;
/** cargo-binutils' sentences for an LLVM program its sysroot lacks (PATTERNS). */
export const CARGO_BINUTILS_TOOL = /^(?:Failed to (?:find|execute) tool|Could not find tool): ([a-z]+)\s*$/;
/** A shell's not-found sentence with its frame (the script and line it was reading, or its own name): PATTERNS. */
export const SHELL_FRAMED =
  /(?:^|[\s/])[\w.+-]+: (?:line )?\d+: ([\w.+-]*[A-Za-z][\w.+-]*): (?:command not found|not found)\s*$|(?:^|[\s/])(?:ba|da|k)?sh: ([\w.+-]*[A-Za-z][\w.+-]*): command not found\s*$|\bzsh: command not found: ([\w.+-]*[A-Za-z][\w.+-]*)\s*$/;
/** A build script's sentence for a program it could not start, std's error right after it: PATTERNS. */
export const SPAWN_VERB =
  /\b(?:could not|couldn't|failed to|unable to|cannot|can't) (?:run|execute|spawn|start|invoke) (?!(?:command|process|program|tool|binary|script|it)\b)[`'"]?([\w.+-]*[A-Za-z][\w.+-]*)[`'"]?: (?:No such file or directory \(os error 2\)|Os \{ code: 2, kind: NotFound)/i;
export const PATTERNS: readonly Pattern[] = [
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
  // cargo-llvm-cov (and the coverage tools on its pattern) runs llvm-cov and llvm-profdata from the Rust toolchain's
  // sysroot, which only rustup's llvm-tools component fills: `failed to find llvm-tools-preview, please install
  // llvm-tools-preview, or set LLVM_COV and LLVM_PROFDATA environment variables`. No nixpkgs attribute adds a component.
  {
    re: /\bfailed to find (llvm-tools(?:-preview)?), please install\b/,
    tool: (m) => m[1]!,
    why: "a cargo coverage subcommand runs llvm-cov and llvm-profdata from the Rust toolchain's sysroot, where only the llvm-tools component installs them",
    hint: 'please install llvm-tools',
    named: true,
    advice:
      'use a Rust toolchain with the llvm-tools component (rust-overlay: `extensions = [ "llvm-tools-preview" ]`; fenix: its `llvm-tools` component), or set LLVM_COV and LLVM_PROFDATA to the programs of a matching LLVM (llvmPackages.llvm)',
  },
  // ring ≤ 0.16's build script (and the many that copied its run_command): `panic!("failed to execute [{:?}]: {}", cmd, e)`,
  // the Command's Debug (`"musl-gcc" "-O3" …`, newer Rust prefixing `cd "…" && ` and `VAR="…" `) and std's spawn error.
  {
    re: /failed to execute \[(?:cd "[^"]*" && )?(?:[A-Za-z_]\w*="[^"]*" )*"(?:[^"]*\/)?([\w.+-]+)".*\]: No such file or directory/,
    tool: (m) => m[1]!,
    why: 'a build script runs it',
    hint: 'failed to execute [',
  },
  // Build tools' own wording: rustbuild's `couldn't find required command: "cmake"`, `which: no cmake in (…)`, zsh's `command not found: cmake`.
  { re: /(?:couldn't|could not) find required command:? "?([\w.+-]+)"?|which: no ([\w.+-]+) in \(|command not found: ([\w.+-]+)/i, tool: (m) => m[1] ?? m[2] ?? m[3]!, why: 'the build runs it' },
  // A build script's own words, or its panic on spawning the program (`'protoc: Os { code: 2, kind: NotFound`).
  // (Two patterns, each behind its words: a leading `[\w.+-]+` makes a regex try every position of a line.)
  { re: /\b([\w.+-]+) is not installed or not in PATH/, tool: (m) => m[1]!, why: 'a build script runs it', hint: 'not installed or not in PATH' },
  // A struct's Debug holding the command and its spawn error (the pkg-config crate 0.3.15–0.3.20's `Command { command:
  // "\"pkg-config\" \"--libs\" …", cause: Os { code: 2, kind: NotFound …`): the command's program, not the field's name.
  {
    re: /command: "(?:[A-Z_]+=\\"[^"\\]*\\" )*\\"(?:[^"\\]*\/)?([\w.+-]+)\\"(?:[^"\\]|\\.)*", cause: Os \{ code: 2, kind: NotFound/,
    tool: (m) => m[1]!,
    why: 'a build script runs it',
    hint: 'kind: NotFound',
  },
  // The program's name quoted as a build script's message quotes it (`Unable to find \`pg_config\`: Os { code: 2, …`).
  { re: /(?:^|['"`\s])([\w.+-]+)['"`]?: Os \{ code: 2, kind: NotFound/, tool: (m) => m[1]!, why: 'a build script runs it', hint: 'kind: NotFound' },
  // std's io::Error in its Display form (`No such file or directory (os error 2)`, what `{}` and anyhow print), right after
  // the name the message gives the program it spawned (rb-sys: `ruby not found: No such file or directory (os error 2)`,
  // real cargo 1.95 build script: `\`ruby\` not found: …`). A file's name reads alike: only a name a nixpkgs attribute
  // is known to provide as a program is said (below), so `Cargo.lock: … (os error 2)` says nothing.
  {
    re: /(?:^|['"`\s])([\w.+-]+)['"`]?(?: (?:was )?not found)?: No such file or directory \(os error 2\)/,
    tool: (m) => m[1]!,
    why: 'the build runs it, and std could not spawn it',
    hint: '(os error 2)',
  },
  // xcrun, which a darwin build (cc-rs, a build script compiling Metal shaders) asks for an Xcode tool: Apple's
  // `xcrun: error: unable to find utility "metal", not a developer tool or in PATH`, and since the Metal Toolchain became a
  // separate download (Xcode 26) `error: cannot execute tool 'metal' due to missing Metal Toolchain; use: xcodebuild
  // -downloadComponent MetalToolchain`. Xcode's own tools (metal, actool, xcodebuild) have no nixpkgs attribute: named, no input.
  {
    re: /unable to find utility "([\w.+-]+)", not a developer tool or in PATH|cannot execute tool '([\w.+-]+)' due to missing\b/,
    tool: (m) => m[1] ?? m[2]!,
    why: "xcrun, Xcode's tool finder, could not find it",
    hint: ['unable to find utility', 'cannot execute tool'],
    named: true,
    advice:
      "it is one of Xcode's own tools, which nixpkgs does not package: the build needs the host's Xcode with that component installed (xcrun's message says how) and reachable from the build, or the feature that needs it turned off",
  },
  // NixOS' stub loader (nix-ld's default, `programs.nix-ld`: `Could not start dynamically linked executable: <path>` then
  // `NixOS cannot run dynamically linked executables intended for generic linux environments`) refusing a program a
  // tool downloaded into its cache because none was provided (trunk's `~/.cache/trunk/sass-1.69.5/src/dart`,
  // `wasm-bindgen-0.2.100/`, `wasm-opt-version_116/`): the cache directory names the program and its version.
  // dioxus-cli (`dx`) told not to download (its prefer_no_downloads setting, which nixpkgs' dioxus-cli sets) looks
  // wasm-bindgen up on PATH and fails with `Missing wasm-bindgen-cli@<version>`, the version Cargo.lock pins.
  {
    re: /\bMissing wasm-bindgen-cli@(\d[\w.-]*)/,
    tool: 'wasm-bindgen',
    version: (m) => m[1]!,
    why: 'dx, not allowed to download it, runs it from PATH',
    hint: 'Missing wasm-bindgen-cli@',
    pins: 'dx',
  },
  {
    re: STUB_LOADER_CACHE,
    tool: (m) => m[1]!,
    version: (m) => m[2]!,
    why: 'a tool downloaded it into its cache, none being provided, and the download, built for other Linux systems, cannot start on NixOS',
    hint: 'dynamically linked executable: ',
    named: true,
  },
  // trunk in offline mode (a sandboxed build) finding a tool neither on PATH nor able to download it (src/tools.rs, 2023+:
  // `couldn't find application sass`, later `… (version: 1.69.5), unable to download in offline mode`); wasm-bindgen,
  // which trunk wants at Cargo.lock's version, is toolVersion.ts'.
  {
    re: /couldn't find application (?!wasm-bindgen\b)([a-z][\w.-]*?)(?: \(version: [^)]*\))?(?:,|$)/,
    tool: (m) => m[1]!,
    why: 'trunk, offline, runs it from PATH and cannot download it',
    hint: "couldn't find application ",
    named: true,
  },
  // cargo-binutils (`cargo size`, `cargo objcopy`, …; src/tool.rs, 2020–2025) runs the toolchain's own LLVM programs from
  // its sysroot (`lib/rustlib/<host>/bin/llvm-<name>`, `rust-lld`), which only rustup's llvm-tools component puts there:
  // `Failed to find tool: <name>` (no sysroot), `Could not find tool: <name>` then `at: <path>` and `Consider \`rustup
  // component add llvm-tools\`` (since 2022), `Failed to execute tool: <name>` then the spawn's io error (before 2022 the
  // only check). No nixpkgs attribute adds a component to a toolchain's sysroot: named, with the component to ask for.
  {
    re: CARGO_BINUTILS_TOOL,
    tool: (m) => (m[1] === 'lld' ? 'rust-lld' : `llvm-${m[1]}`),
    why: "cargo-binutils runs it from the Rust toolchain's sysroot, where only the llvm-tools component installs it",
    hint: ['Failed to find tool: ', 'Could not find tool: ', 'Failed to execute tool: '],
    named: true,
    advice:
      'use a Rust toolchain with the llvm-tools component (rust-overlay: `extensions = [ "llvm-tools-preview" ]`; fenix: its `llvm-tools` component; rustup: `rustup component add llvm-tools`) — nixpkgs\' own rustc has none',
  },
  // std's spawn error, as a build script panics with it (prost-build ≤ 0.6: failed to spawn `"protoc" "--version"`, Debug-escaped).
  { re: /failed to spawn `?(?:\\?")?([\w.+-]+)(?:\\?")?[^:]*: No such file or directory/, tool: (m) => m[1]!, why: 'a build script runs it', hint: 'failed to spawn' },
  // pyo3-build-config (pyo3 ≥ 0.16; python-config's `No …` before it) runs `python3`, then `python`, from PATH unless
  // PYO3_PYTHON names one, to read the interpreter's configuration: neither there, `error: no Python 3.x interpreter found`.
  {
    re: /\b[Nn]o Python 3\.x interpreter found\b/,
    tool: 'python3',
    why: 'pyo3-build-config runs python3 from PATH to read the interpreter it builds for',
    hint: 'Python 3.x interpreter found',
  },
  // rustup's proxy (the `cargo`/`rustc` rustup puts on PATH) could not start the toolchain's program: its
  // RunningCommand error, `error: command failed: 'cargo': No such file or directory (os error 2)` — the toolchain
  // lacks it, or (NixOS) a downloaded binary whose ELF interpreter is not there, which execve reports the same way.
  {
    re: /\bcommand failed: '(?:[^'\s]*\/)?([\w.+-]+)': No such file or directory/,
    tool: (m) => m[1]!,
    why: "rustup's proxy could not start the toolchain's program (missing from it, or on NixOS a downloaded binary that cannot run there)",
    hint: 'command failed: ',
  },
  // A build's own check for a program (openssl-src: `Command 'perl' not found. Is perl installed?`).
  { re: /\bCommand '([\w.+-]+)' not found/, tool: (m) => m[1]!, why: 'the build runs it', hint: "' not found" },
  // A build script that tried a library's own configuration program (`wx-config --version`, `llvm-config`) and says it
  // could not be run, std's error not printed: espanso-modulo's build.rs, before 2024 `\`wx-config\` cannot be executed`,
  // since then `cannot execute wx-config or wx-config-gtk3 or wx-config-qt` (the names it tried, the first the usual one).
  // A prose `\`terraform plan\` cannot be executed` names no single program; the name must be one a nixpkgs attribute
  // provides (not `named`), so a sentence about anything else says nothing.
  {
    re: /[`'"]([\w.+-]*[A-Za-z][\w.+-]*)[`'"] cannot be executed\b|\bcannot execute ([\w.+-]*[A-Za-z][\w.+-]*)(?: or [\w.+-]+)*\s*$/,
    tool: (m) => m[1] ?? m[2]!,
    why: 'a build script runs it from PATH and could not start it',
    hint: ['cannot be executed', 'cannot execute '],
  },
];

// One test before the loop over PATTERNS (most lines this rule reads match none: bench:diagnose's dense log
// gives it every `not found` of every build): per pattern its hint where it has one (in every match), else its
// own expression; the case-insensitive ones together apart. A line neither matches matches no pattern.
// Joined into one expression, a pattern keeps no flag but `i` (its group's) and no backreference (the groups
// renumber): one that breaks this is tried on every line instead — slower, never wrong, never a crash of every
// diagnosis at import (a test holds the table to it: patternProblems).
const literal = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const BACKREFERENCE = /\\[1-9]|\\k</;

/** Why each pattern cannot join the pre-test (empty: all can). */
export function patternProblems(patterns: readonly Pick<Pattern, 're' | 'hint'>[]): string[] {
  return patterns.flatMap((p) => {
    if (!/^i?$/.test(p.re.flags)) return [`${p.re}: flags ${p.re.flags} (only i joins, and exec with g or y keeps state between lines)`];
    return !(p.hint && !p.re.flags) && BACKREFERENCE.test(p.re.source) ? [`${p.re}: a backreference (joined, its group's number changes)`] : [];
  });
}

/** The words one of which every match of `p` contains (none: no hint). */
const hintsOf = (p: Pick<Pattern, 'hint'>): readonly string[] => (p.hint === undefined ? [] : typeof p.hint === 'string' ? [p.hint] : p.hint);

/** The pre-test over `patterns`: false only for a line none of them matches. */
export function preTest(patterns: readonly Pick<Pattern, 're' | 'hint'>[]): (t: string) => boolean {
  const fit = (p: Pick<Pattern, 're' | 'hint'>) => patternProblems([p]).length === 0;
  const join = (parts: string[], flags = '') => new RegExp(parts.length ? parts.join('|') : '(?!)', flags);
  const plain = join(patterns.filter((p) => fit(p) && !p.re.flags).map((p) => (p.hint ? hintsOf(p).map(literal).join('|') : `(?:${p.re.source})`)));
  const folded = join(
    patterns.filter((p) => fit(p) && p.re.flags).map((p) => `(?:${p.re.source})`),
    'i',
  );
  const apart = patterns.filter((p) => !fit(p)).map((p) => new RegExp(p.re.source, p.re.flags.replace(/[gy]/g, '')));
  return apart.length ? (t) => plain.test(t) || folded.test(t) || apart.some((r) => r.test(t)) : (t) => plain.test(t) || folded.test(t);
}
/** The words before any pattern is tried: every line a pattern matches holds one (a test holds the table to it). */
export const LINE_GATE =
  /ENOENT|unable to find utility|cannot execute|Failed to execute tool|dynamically linked executable|couldn't find application|syscall: 'spawn|FileNotFoundError|not found|interpreter found|compiler found|COMPILER could be found|protoc|PROTOC|cmake|clang|OpenSSL build|@INC|perl|linker|No such file|not installed|NotFound|required command|which: no |command not found|find tool|never executed|not executable|cannot be executed|LLVM|Unknown compiler|no such command|exit status: 127|Missing wasm-opt|WebAssembly\/binaryen\/releases|no prebuilt wasm-opt|please install llvm-tools|generate bindings|Missing wasm-bindgen-cli@/;
const ANY_PATTERN = preTest(PATTERNS);
/** Each pattern's expression as the loop runs it: without g or y, whose exec would carry lastIndex from one line to the next. */
const EXPRS = PATTERNS.map((p) => (p.re.global || p.re.sticky ? new RegExp(p.re.source, p.re.flags.replace(/[gy]/g, '')) : p.re));
/** Each pattern's hint words, read once (none: the pattern is tried on every line that passes the gates). */
const HINTS = PATTERNS.map(hintsOf);

/**
 * A shell that could not run a program the build names by an absolute path of a conventional system layout (dash: `sh: 1:
 * /usr/bin/pkg-config: not found`, the real Nix 2.26 sandbox; bash: `bash: line 1: /usr/bin/x: No such file or
 * directory`, real bash 5.2; a script's own name in front: `./configure: line 9: …`): a Nix build has the store and
 * /bin/sh only, so the program is missing there whatever nativeBuildInputs holds — the build must call it by name from
 * PATH, where the package that provides it puts it. Store paths and the build's own files are other matters.
 */
export const FHS_PROGRAM_NOT_FOUND = /(?:^|: )(?:line )?\d+: ((?:\/usr(?:\/local)?|\/opt\/(?:homebrew|local))?\/s?bin\/)([\w.+-]+): (?:not found|No such file or directory)\s*$/;

// A build script unwrapping std's spawn error for a program not on PATH: `called \`Result::unwrap()\` on an \`Err\` value:
// Os { code: 2, kind: NotFound, message: "No such file or directory" }` (the Debug of io::Error, which names no program).
// Only in a build script's panic (its `panicked at build.rs:L:C`, on the same line before Rust 1.73): the same
// error from a file the script opens reads alike, so no program is guessed and nothing is added.
const UNNAMED_NOTFOUND = /on an `Err` value: Os \{ code: 2, kind: NotFound\b/;

// The language runtimes' own spawn errors for a program PATH does not have: the failure's shape is the runtime's, the
// same for every program, so the words read are the runtime's and the program is whatever it names (a bare name: a
// PATH lookup; a path failing is a file's matter). Category from the mechanism; the fix only where the name is a known
// attribute (TOOL_ATTR), else none guessed.
// Node's child_process (lib/internal/child_process.js: `errnoException(err, 'spawn ' + file)`, spawnSync's
// `spawnSync ${file}`): `Error: spawn wasm-pack ENOENT`; execa and the tools on it keep the same words in their message.
const NODE_SPAWN = /\bspawn(?:Sync)? ([\w.+-]+) ENOENT\b/;
// The same error's inspected properties, what a window keeps when it cut the message (`code: 'ENOENT',` then
// `syscall: 'spawn wasm-pack',`).
const NODE_SYSCALL = /^\s*syscall: '(?:spawn|spawnSync) ([\w.+-]+)',?\s*$/;
const NODE_ENOENT_CODE = /^\s*code: 'ENOENT',?\s*$/;
// CPython's subprocess (Popen._execute_child re-raising the child's exec error with the program as filename):
// `FileNotFoundError: [Errno 2] No such file or directory: 'cargo'`, its traceback's last frame `_execute_child` (and
// 3.x's code line `raise child_exception_type(…)`) right above. open() of a missing file raises the same words: only
// with that frame in view is it a spawn.
const PY_SPAWN = /^\s*FileNotFoundError: \[Errno 2\] No such file or directory: '([\w.+-]+)'\s*$/;
const PY_EXECUTE_CHILD = /\bin _execute_child\b|raise child_exception_type\(/;
// A build script's own advice naming the program it could not run, std's error alone on a line shortly after it (its
// anyhow-style `Caused by:` block; real cargo 1.95: ``… `glslc` failed. Ensure that `glslc` is in your PATH.``, a blank,
// `Caused by:`, `No such file or directory (os error 2)`). Only with that error: the same advice follows a program that
// ran and failed.
export const IN_PATH = /[`'"‘]([\w.+-]*[A-Za-z][\w.+-]*)[`'"’] (?:is )?(?:in|on) (?:your |the )?\$?PATH\b/;
export const ENOENT_ALONE = /^\s*(?:(?:error|Error|Caused by): )?(?:No such file or directory \(os error 2\)|Os \{ code: 2, kind: NotFound, message: "No such file or directory" \})\s*$/;
const SCRIPT_PANIC = /panicked at (?:'.*', )?((?:[^\s'"`]*\/)?build\.rs):(\d+):(\d+)/;
const CUSTOM_BUILD = /failed to run custom build command for `([^`]+)`/;
// A script the manifest names otherwise (`build = "build/main.rs"`) or a module of it: any Rust file, once cargo said a build script failed.
const ANY_SCRIPT_PANIC = /panicked at (?:'.*', )?([^\s'"`]*\.rs):(\d+):(\d+)/;

function lastMatch(re: RegExp, lines: readonly string[]): RegExpExecArray | null {
  for (let i = lines.length - 1; i >= 0; i--) {
    const m = re.exec(lines[i]!);
    if (m) return m;
  }
  return null;
}

// `<arch>-<vendor/os>-…-gcc|cc|clang|ld`: a target triple's C compiler or linker.
const CROSS_LINKER = /^(?:aarch64|arm\w*|i[3-6]86|x86_64|riscv\w+|powerpc\w*|mips\w*|s390x|wasm32)-[\w.]+(?:-[\w.]+)*-(?:gcc|cc|clang|ld)$/;

/**
 * The Rust target a cross C toolchain's prefix is for, where only one can be: GCC's own triplet (`aarch64-unknown-linux-gnu`,
 * what nixpkgs' cross compilers are called), Debian's without a vendor (`aarch64-linux-gnu`), MinGW-w64's
 * (`x86_64-w64-mingw32` → `x86_64-pc-windows-gnu`). Not 32-bit ARM (`arm-linux-gnueabihf-gcc` links ARMv6 and ARMv7 targets
 * alike) nor i386 (Rust's x86 Linux targets are i586 and i686): no target is guessed there.
 */
function crossTarget(prefix: string): string | undefined {
  const mingw = /^(x86_64|i686)-w64-mingw32$/.exec(prefix);
  if (mingw) return `${mingw[1]}-pc-windows-gnu`;
  const m = /^(aarch64|x86_64|i686|powerpc64le|s390x|riscv64)-(?:unknown-)?linux-(gnu|musl)$/.exec(prefix);
  return m ? `${m[1] === 'riscv64' ? 'riscv64gc' : m[1]}-unknown-linux-${m[2]}` : undefined;
}

/** Cargo's environment variable for a target's linker (cargo's `CARGO_TARGET_<triple>_LINKER`, the triple upper-cased, `-` and `.` as `_`). */
const linkerVar = (target: string) => `CARGO_TARGET_${target.toUpperCase().replace(/[-.]/g, '_')}_LINKER`;
/** The C compiler of the build's own stdenv, named for the platform it builds for (the cc wrapper's `<targetPrefix>cc`; `cc` natively). */
const STDENV_CC = '"${stdenv.cc.targetPrefix}cc"';

const LLVM_SYS = /LLVM_SYS_(\d{2,4})_PREFIX|llvm-sys v(\d{2,4})\./;

function attrFor(tool: string, context: string[] = []): string | undefined {
  if (tool === 'libclang') return 'rustPlatform.bindgenHook';
  if (tool === 'llvm-config') {
    const v = context.map((x) => LLVM_SYS.exec(x)).find(Boolean);
    const n = v ? Number(v[1] ?? v[2]) : NaN;
    return n >= 30 ? `llvmPackages_${Math.floor(n / 10)}.llvm` : TOOL_ATTR[tool];
  }
  // TOOL_ATTR's own keys (`constructor: not found` is no attribute), cargo's subcommands under their own names.
  return programAttr(tool);
}

// Cargo's report of a doc-test run that failed (ops/cargo_test.rs): `doctest failed, to rerun pass \`--doc\`` (before
// cargo 1.6x `test failed, to rerun pass '--doc'`), with a `Caused by:` only when rustdoc did not end as a failing
// libtest does (exit code 101): it could not be spawned (`could not execute process \`rustdoc …\` (never executed)`,
// rustdoc not on PATH: cargo runs `rustdoc` from PATH unless RUSTDOC says otherwise), or it exited otherwise or died.
// A rustdoc that ran prints `running N tests` or its own errors under `Doc-tests <crate>`: nothing there, then
// `Caused by:` with the rest cut off by a log window, and it never ran.
const DOCTEST_FAILED = /(?:doctest|test) failed, to rerun pass [`']--doc[`']/;
const DOC_TESTS = /^\s*Doc-tests (\S+)\s*$/;
const RUSTDOC_WHY =
  'cargo runs it for the doc-tests, from PATH: the Rust toolchain the builder was given has cargo and rustc without rustdoc (separate components of a fenix or rust-overlay toolchain); give the builder a toolchain that includes rustdoc (a combined one), or do not run the doc-tests';

// openssl-src (and the -src crates built on its pattern) prints each command before it runs it, `println!("running
// {:?}", command)`, then `command.status().unwrap()`: the only panic between the two is std's spawn error unwrapped
// (a program that ran and failed gets its own `Error configuring OpenSSL build:` panic). So in a failed build script,
// stdout ending on `running "perl" "./Configure" …` and stderr's panic on `called \`Result::unwrap()\`` (cut or not,
// the Err unnamed) is that program missing from PATH (round19 j03: a vendored openssl-sys' perl).
const RUNNING = /^\s*running "(?:[^"\s]*\/)?([\w.+-]+)"(?: "|$)/;
/** The panic with its message on the line (Rust < 1.73, `panicked at 'called …`), or 1.73+'s message line under `panicked at path:L:C:`. */
const UNWRAP_PANIC = /panicked at 'called `Res|^\s*called `Result::unwrap\(\)` on an `Err` value/;
/** clang's `fatal error: 'security/pam_appl.h' file not found`, as bindgen passes it on. */
const BINDGEN_HEADER = /fatal error: '[^']+' file not found/;
const BINDGEN_HEADER_WHY = "its clang runs outside nixpkgs' compiler wrapper and sees the inputs' headers only as bindgenHook passes them";
const PANIC_AT = /panicked at [^\s']+:\d+:\d+:\s*$/;
/** A name ending in a letter-led extension (`config.toml`, `wrapper.h`), not a version (`python3.11`): Pattern.mayBeFile. */
const FILE_NAME = /\.[A-Za-z][A-Za-z0-9]*$/;
/**
 * A file's name, not a program's (Pattern.mayBeFile): an extension after a stem that is no program either. A program's
 * variant keeps its program's stem (binutils' `ld.gold`, `ld.bfd`; mold's `ld.mold`), which an attribute provides.
 */
const fileNamed = (tool: string): boolean => FILE_NAME.test(tool) && !attrFor(tool.slice(0, tool.lastIndexOf('.')));
/**
 * A panic located in bindgen's own lib.rs (the published crate's root file from 0.61 on, src/lib.rs before), in the
 * panic's location line (`panicked at …/bindgen-0.69.5/lib.rs:622:31:` from Rust 1.73 on, `…', …/lib.rs:L:C` before).
 */
const BINDGEN_AT = /(?:panicked at |', )(?:\S*?[/\\])?bindgen-(\d+\.\d+\.\d+)[/\\](?:src[/\\])?lib\.rs:(\d+:\d+)\b/;
/** Each bindgen release's places of `clang_sys::load().expect("Unable to find libclang")` (scripts/gen-bindgen-libclang-sites.mjs). */
const BINDGEN_LIBCLANG_SITES: Readonly<Record<string, readonly string[]>> = (bindgenSites as { sites: Record<string, string[]> }).sites;
/** bindgen panicked where it loads libclang: its message (`Unable to find libclang: …`) may be cut, the place says it. */
export function bindgenLibclangPanic(line: string): boolean {
  const m = line.includes('ndgen-') ? BINDGEN_AT.exec(line) : null;
  return !!m && Object.hasOwn(BINDGEN_LIBCLANG_SITES, m[1]!) && BINDGEN_LIBCLANG_SITES[m[1]!]!.includes(m[2]!);
}
/**
 * The cmake crate's spawn failure (cmake-rs' `run`, the same in each of its 44 release tags, 0.1.14–0.1.57): `failed to execute
 * command: <std's error>`, then `is \`cmake\` not installed?` for a NotFound — a line a paste or window may lose. Its
 * `run` spawns only the cmake program (both callers pass "cmake"), so with the panic located in the crate's own
 * src/lib.rs (CMAKE_RS_AT: before the message from Rust 1.73 on, after it before) NotFound there is cmake missing.
 * The same words from another crate's or script's copy of that helper (rustc's bootstrap, -sys scripts spawning make)
 * name no program: those are read only where the program is named (`is \`make\` not installed?`, PATTERNS). cmake-rs
 * formats std's error by Display (`No such file or directory (os error 2)`), never by Debug (`kind: NotFound`).
 */
const CMAKE_SPAWN_NOT_FOUND = /failed to execute command: No such file or directory \(os error 2\)/;
const CMAKE_RS_AT = /(?:^|[\s'/\\])cmake-\d+\.\d+\.\d+[\w.+-]*[/\\]src[/\\]lib\.rs:\d+:\d+/;
const CMAKE_RS_WHY = "the cmake crate's build runs it, and std could not spawn it";
/** GNU make's next line when the name it could not find was a makefile (`-f NAME`, a missing include): it tries to remake it. */
const REMAKE = /^make(?:\[\d+\])?: \*\*\* No rule to make target ['`‘]([^'’]+)['’]/;

function create(): Matcher {
  const seen = new Set<string>();
  // A build script's stdout that ended on `running "<program>" …`, waiting for its stderr's panic.
  let ran: { tool: string; evidence: string[]; stage: 'stdout' | 'stderr' | 'panic'; drv?: string } | undefined;
  let llvmWait: { line: string; drv?: string; why: string } | undefined;
  // make's `make: NAME: No such file or directory`, waiting for its next line: `*** No rule to make target 'NAME'` says
  // NAME was a makefile (real make 4.3 for `make -f NAME`), anything else that a recipe ran it.
  let makeWait: { tool: string; say: () => void } | undefined;
  // A doc-test run that printed nothing before cargo's failure, waiting for its `Caused by:` and the cause after it.
  let docWait: { crate: string; evidence: string[]; drv?: string; cause: boolean } | undefined;
  // cmake-rs' spawn failure before Rust 1.73, the panic's location on a line after its message: waiting for it.
  let cmakeWait: { line: string; drv?: string; left: number } | undefined;
  // bindgen's panic placed where it loads libclang (bindgenLibclangPanic): said at the end unless its message, in view
  // after the place from Rust 1.73 on, said it in its own words.
  let bindgenSite: { line: string; drv?: string } | undefined;
  const emitRustdoc = (ctx: RuleContext, evidence: string[], drv: string | undefined, inferred: boolean) => {
    if (seen.has('rustdoc')) return;
    seen.add('rustdoc');
    const cut = inferred ? ' (the log is cut after `Caused by:`, but rustdoc printed nothing before cargo reported it, so it never ran)' : '';
    // Inferred from a view cut after `Caused by:`: rustdoc's silence, not its own error, says it never ran.
    ctx.emit(diag('missing-tool', `rustdoc is not available in the build${cut}: ${RUSTDOC_WHY}.`, evidence, [], { drv, details: { tool: 'rustdoc' }, confidence: inferred ? 'possible' : 'certain' }));
  };
  const emitTool = (ctx: RuleContext, tool: string, attr: string, why: string, evidence: string[], drv: string | undefined, confidence: Confidence = 'certain') => {
    if (seen.has(tool)) return;
    seen.add(tool);
    const env = tool === 'protoc' ? ' (or set PROTOC)' : tool === 'libclang' ? ' (sets LIBCLANG_PATH)' : '';
    ctx.emit(
      diag('missing-tool', `${tool} is not available in the build (${why}): add ${attr} to nativeBuildInputs${env}.`, evidence, [{ kind: 'add-inputs', nativeBuildInputs: [attr] }], {
        drv,
        details: { tool, attr },
        confidence,
      }),
    );
  };
  const flushLlvm = (ctx: RuleContext, next?: string) => {
    const w = llvmWait!;
    llvmWait = undefined;
    const attr = attrFor('llvm-config', next ? [next] : [])!;
    emitTool(ctx, 'llvm-config', attr, w.why, next && LLVM_SYS.test(next) ? [w.line, next.trim()] : [w.line], w.drv);
  };
  // std's NotFound in a build script's panic that names no program Nixify knows: unwrapped (no words at all),
  // or `expect("could not run command")`'s words, which name none (a known program's name is the tool below).
  // Made once, not per line: the shipped bundle keeps names, so each closure made costs a defineProperty.
  const scriptPanic = (l: LogLine, t: string, ctx: RuleContext) => {
    const before = ctx.recent(8);
    // A build script's panic: at a `build.rs`, or at any Rust file once cargo's report of a build script shows — its
    // header, or its `--- stderr` section when a window cut the header (cargo-util's ProcessError lists a process's
    // captured output under `--- stdout`/`--- stderr`: a build script's; rustc's output is streamed, never listed there).
    const script = !!lastMatch(CUSTOM_BUILD, before) || before.some((x) => CARGO_STDERR.test(x));
    const at = lastMatch(SCRIPT_PANIC, [...before, t]) ?? (script ? lastMatch(ANY_SCRIPT_PANIC, [...before, t]) : null);
    if (!at) return;
    ctx.claim();
    const pkg = lastMatch(CUSTOM_BUILD, before)?.[1]?.replace(/ \(.*\)$/, '');
    const key = `build script ${pkg ?? ''}`;
    if (seen.has(key)) return;
    seen.add(key);
    const where = `${at[1]}:${at[2]}:${at[3]}`;
    return ctx.emit(
      diag(
        'missing-tool',
        `The build script${pkg ? ` of ${pkg}` : ''} stopped on a NotFound error it unwrapped at ${where}: std's error for a program it runs that is not on the build's PATH (git, too, is only there when listed), though also for a file it opens that src lacks. The log does not name it: see ${where}, and add that program to nativeBuildInputs.`,
        [...before.filter((x) => CUSTOM_BUILD.test(x) || ANY_SCRIPT_PANIC.test(x)).map((x) => x.trim()), t.trim()],
        [],
        // std's NotFound, the program unnamed (it may be a file src lacks).
        { drv: l.drv ?? ctx.lastFailedDrv, details: { buildScript: where, ...(pkg ? { package: pkg } : {}) }, confidence: 'likely' },
      ),
    );
  };
  // A runtime's spawn error (NODE_SPAWN, PY_SPAWN): the known attribute added, else the program named with no input guessed.
  const runtimeSpawn = (ctx: RuleContext, tool: string, why: string, t: string, l: LogLine) => {
    const attr = attrFor(tool, ctx.recent(8));
    if (!attr) return unknownTool(ctx, tool, `${why}, not on the build's PATH`, t, l);
    ctx.claim();
    return emitTool(ctx, tool, attr, `${why}, not on the build's PATH`, [t.trim()], l.drv ?? ctx.lastFailedDrv);
  };
  // A program called by a system path the sandbox lacks (FHS_PROGRAM_NOT_FOUND): by name from PATH, its package added.
  let fhsHeld: { path: string; tool: string; line: string } | undefined;
  const fhsProgram = (ctx: RuleContext, path: string, tool: string, t: string, drv: string | undefined) => {
    if (seen.has(tool)) return;
    seen.add(tool);
    const attr = attrFor(tool, ctx.recent(8));
    const add = attr ? ` and add ${attr} to nativeBuildInputs` : `, from the package that provides it in nativeBuildInputs`;
    ctx.emit(
      diag(
        'missing-tool',
        `The build runs ${tool} by the absolute path ${path}, which the build does not have (a sandboxed Nix build holds the store and /bin/sh only): call it by name from PATH instead (patch the path, e.g. substituteInPlace <file> --replace-fail ${path} ${tool})${add}.`,
        [t.trim()],
        attr ? [{ kind: 'add-inputs', nativeBuildInputs: [attr] }] : [],
        // The shell's own sentence names the path it could not run.
        { drv, details: { tool, path, ...(attr ? { attr } : {}) }, confidence: attr ? 'certain' : 'likely' },
      ),
    );
  };
  // A program the tool's own words name as missing, with no nixpkgs attribute known to provide it: named, no input guessed.
  const unknownTool = (ctx: RuleContext, tool: string, why: string, t: string, l: LogLine, advice?: string) => {
    ctx.claim();
    sayUnknown(ctx, tool, why, t, l, advice);
  };
  // Said after the line that named it (makeWait): the line it reads then is not the one it explains, so no claim.
  const sayUnknown = (ctx: RuleContext, tool: string, why: string, t: string, l: LogLine, advice = `add the package that provides ${tool} to nativeBuildInputs`) => {
    if (seen.has(tool)) return;
    seen.add(tool);
    ctx.emit(
      diag('missing-tool', `${tool} is not available in the build (${why}): ${advice}.`, [t.trim()], [], {
        drv: l.drv ?? ctx.lastFailedDrv,
        details: { tool },
        // The tool's own words, but no nixpkgs attribute known to provide the program.
        confidence: 'likely',
      }),
    );
  };
  return {
    busy: () => !!llvmWait || !!docWait || !!ran || !!makeWait || !!cmakeWait,
    finish(ctx) {
      if (llvmWait) flushLlvm(ctx);
      const b = bindgenSite;
      bindgenSite = undefined;
      // The place alone, the message cut: likely (a libclang found but not loadable panics there too).
      if (b) emitTool(ctx, 'libclang', 'rustPlatform.bindgenHook', 'bindgen panicked at the place in its own source where it loads libclang, the message cut off', [b.line], b.drv, 'likely');
      makeWait?.say();
      makeWait = undefined;
      const h = fhsHeld;
      fhsHeld = undefined;
      if (h && ctx.lastFailedDrv) fhsProgram(ctx, h.path, h.tool, h.line, ctx.lastFailedDrv);
      if (docWait?.cause) emitRustdoc(ctx, docWait.evidence, docWait.drv, true);
      docWait = undefined;
    },
    line(l, ctx) {
      const t = l.text;
      if (ran && t.trim()) {
        const r = ran;
        ran = undefined;
        if (r.stage === 'stdout' && CARGO_STDERR.test(t)) ran = { ...r, stage: 'stderr' };
        else if (r.stage === 'stderr' && PANIC_AT.test(t)) ran = { ...r, stage: 'panic', evidence: [...r.evidence, t.trim()] };
        else if (r.stage !== 'stdout' && UNWRAP_PANIC.test(t)) {
          const attr = attrFor(r.tool, ctx.recent(8));
          if (attr) {
            ctx.claim();
            // Read from the order of the lines (the command printed, then an unwrap's panic), not from a NotFound of its own.
            return emitTool(ctx, r.tool, attr, 'the build script runs it and stopped on the spawn error it unwrapped right after printing the command', [...r.evidence, t.trim()], r.drv, 'likely');
          }
        }
      }
      // Before Rust 1.73 the place ends the message's line, which PATTERNS read in bindgen's words.
      if (!t.includes('libclang') && bindgenLibclangPanic(t)) {
        bindgenSite ??= { line: t.trim(), drv: l.drv ?? ctx.lastFailedDrv };
        return ctx.claim();
      }
      if (cmakeWait && t.trim()) {
        const w = cmakeWait;
        cmakeWait = w.left > 1 ? { ...w, left: w.left - 1 } : undefined;
        if (CMAKE_RS_AT.test(t)) {
          cmakeWait = undefined;
          ctx.claim();
          return emitTool(ctx, 'cmake', attrFor('cmake', ctx.recent(8)) ?? 'cmake', CMAKE_RS_WHY, [w.line, t.trim()], w.drv);
        }
      }
      if (t.includes('failed to execute command: ') && CMAKE_SPAWN_NOT_FOUND.test(t)) {
        const at = ctx
          .recent(4)
          .filter((x) => CMAKE_RS_AT.test(x))
          .pop();
        if (at) {
          ctx.claim();
          return emitTool(ctx, 'cmake', attrFor('cmake', ctx.recent(8)) ?? 'cmake', CMAKE_RS_WHY, [at.trim(), t.trim()], l.drv ?? ctx.lastFailedDrv);
        }
        cmakeWait = { line: t.trim(), drv: l.drv ?? ctx.lastFailedDrv, left: 4 };
      }
      if (t.includes('running "')) {
        const m = RUNNING.exec(t);
        if (m) ran = { tool: m[1]!, evidence: [t.trim().slice(0, 200)], stage: 'stdout', drv: l.drv ?? ctx.lastFailedDrv };
      }
      if (makeWait && t.trim()) {
        const w = makeWait;
        makeWait = undefined;
        if (REMAKE.exec(t)?.[1] === w.tool) return ctx.claim();
        w.say();
      }
      if (llvmWait) {
        flushLlvm(ctx, t);
        if (LLVM_SYS.test(t)) return ctx.claim();
      }
      if (docWait && t.trim()) {
        const w = docWait;
        if (!w.cause && /^\s*Caused by:\s*$/.test(t)) {
          w.cause = true;
          w.evidence.push(t.trim());
          return ctx.claim();
        }
        docWait = undefined;
        // Cargo indents each cause under `Caused by:`; anything else right after it (Nix's `For full logs, run …`,
        // its next `error:`) means the window ended there, the cause cut off.
        if (w.cause && (!/^\s+\S/.test(t) || /For full logs|^\s*error:/.test(t))) emitRustdoc(ctx, w.evidence, w.drv, true);
      }
      if (t.includes('rerun pass') && DOCTEST_FAILED.test(t)) {
        const before = ctx.recent(8).filter((x) => x.trim());
        const run = DOC_TESTS.exec(before[before.length - 1] ?? '');
        if (run) docWait = { crate: run[1]!, evidence: [before[before.length - 1]!.trim(), t.trim()], drv: l.drv ?? ctx.lastFailedDrv, cause: false };
        return;
      }
      if (!LINE_GATE.test(t)) return;
      // bindgen's panic after its clang could not find a header (any library's, not only the C library's): bindgen runs
      // libclang outside nixpkgs' compiler wrapper, so the inputs' include paths reach it only as BINDGEN_EXTRA_CLANG_ARGS,
      // which bindgenHook sets from them. The header named, the library may also be missing from the inputs: likely.
      if (t.includes('Unable to generate bindings')) {
        const said = [...ctx.recent(4), t].find((x) => BINDGEN_HEADER.test(x));
        if (said) {
          ctx.claim();
          if (seen.has('libclang')) return;
          seen.add('libclang');
          const attr = 'rustPlatform.bindgenHook';
          return ctx.emit(
            diag(
              'missing-tool',
              `bindgen could not find a header (${BINDGEN_HEADER_WHY}): add ${attr} to nativeBuildInputs, with the header's library in buildInputs.`,
              [said.trim(), t.trim()],
              [{ kind: 'add-inputs', nativeBuildInputs: [attr] }],
              {
                drv: l.drv ?? ctx.lastFailedDrv,
                details: { tool: 'libclang', attr },
                confidence: 'likely',
              },
            ),
          );
        }
      }
      const spawned = t.includes('ENOENT')
        ? NODE_SPAWN.exec(t)
        : t.includes("syscall: 'spawn") && ctx.recent(2).some((x) => NODE_ENOENT_CODE.test(x))
          ? NODE_SYSCALL.exec(t)
          : t.includes('FileNotFoundError') && ctx.recent(3).some((x) => PY_EXECUTE_CHILD.test(x))
            ? PY_SPAWN.exec(t)
            : null;
      if (spawned) return runtimeSpawn(ctx, spawned[1]!, t.includes('FileNotFoundError') ? "Python's subprocess could not spawn it" : "Node's child_process could not spawn it", t, l);
      const fhs = t.includes('bin/') ? FHS_PROGRAM_NOT_FOUND.exec(t) : null;
      if (fhs) {
        ctx.claim();
        // Only a Nix build's (its derivation known here or by the log's end): the same words from a build run outside
        // Nix (cargo on a host without that path, round7 x22) are the host's matter, not the expression's.
        if (l.drv ?? ctx.lastFailedDrv) return fhsProgram(ctx, fhs[1]! + fhs[2]!, fhs[2]!, t, l.drv ?? ctx.lastFailedDrv);
        fhsHeld ??= { path: fhs[1]! + fhs[2]!, tool: fhs[2]!, line: t };
        return;
      }
      const notFound = t.includes('kind: NotFound');
      if (notFound && UNNAMED_NOTFOUND.test(t)) return scriptPanic(l, t, ctx);
      if ((notFound || t.includes('(os error 2)')) && ENOENT_ALONE.test(t)) {
        const said = ctx.recent(4).filter((x) => IN_PATH.test(x));
        const m = said.length ? IN_PATH.exec(said[said.length - 1]!) : null;
        if (m) {
          const attr = attrFor(m[1]!, ctx.recent(8));
          const why = 'a build script runs it and says so, std could not spawn it';
          if (!attr) return unknownTool(ctx, m[1]!, why, said[said.length - 1]!, l);
          ctx.claim();
          return emitTool(ctx, m[1]!, attr, why, [said[said.length - 1]!.trim(), t.trim()], l.drv ?? ctx.lastFailedDrv);
        }
      }
      if (!ANY_PATTERN(t)) return;
      for (let i = 0; i < PATTERNS.length; i++) {
        const p = PATTERNS[i]!;
        const h = HINTS[i]!;
        if (h.length && !h.some((w) => t.includes(w))) continue;
        const m = EXPRS[i]!.exec(t);
        if (!m) continue;
        const tool = typeof p.tool === 'string' ? p.tool : p.tool(m);
        // An ELF editor called in a darwin build (its stdenv's setup, its /private/tmp build directory, an apple-darwin
        // target in view): it could not edit a Mach-O binary once added, the step is Linux-only (round36 i01).
        if (ELF_EDITORS.has(tool) && [t, ...ctx.recent(8)].some((x) => DARWIN_BUILD.test(x))) return ctx.claim();
        if (CROSS_LINKER.test(tool)) {
          // A cross C toolchain's name (`aarch64-linux-gnu-gcc`), which rustc runs as the linker because the project's
          // cargo configuration says so (`target.<triple>.linker`): no attribute adds it under that name — nixpkgs' cross
          // compilers carry GCC's full triplet, a native build's is `cc`. Cargo's CARGO_TARGET_<TRIPLE>_LINKER outranks every
          // configuration file: set to the build's own compiler it links for the same target, natively or cross.
          ctx.claim();
          if (seen.has(tool)) return;
          seen.add(tool);
          const target = crossTarget(tool.replace(/-(?:gcc|cc|clang|ld)$/, ''));
          const name = target && linkerVar(target);
          return ctx.emit(
            diag(
              'missing-tool',
              name
                ? `The linker ${tool}, a cross compiler's name for ${target} (as a project's cargo configuration names it, target.<triple>.linker), is not available in the build: nixpkgs names its compilers otherwise. Set ${name} to the build's own C compiler (${STDENV_CC}: the cross compiler when the package is built by pkgsCross.<platform>, cc natively): cargo takes it over its configuration files.`
                : `The cross linker ${tool} is not available in the build: take it from the cross toolchain (pkgsCross.<platform>.stdenv.cc, with CARGO_TARGET_<TRIPLE>_LINKER pointing at it) or build for the host.`,
              [t.trim()],
              name ? [{ kind: 'set-env', name, nix: STDENV_CC }] : [],
              { drv: l.drv ?? ctx.lastFailedDrv, details: { tool, ...(target ? { target } : {}) }, confidence: 'certain' },
            ),
          );
        }
        // llvm-sys' sentence goes on to name its env knob on the next line: wait for it.
        if (tool === 'llvm-config' && attrFor(tool, ctx.recent(8)) === TOOL_ATTR[tool]) {
          llvmWait = { line: t.trim(), drv: l.drv ?? ctx.lastFailedDrv, why: p.why };
          return ctx.claim();
        }
        // rustc's own bundled linker (wasm32 and other lld targets): nixpkgs' host rustc does not ship it, a rust-overlay toolchain does.
        if (tool === 'rust-lld') {
          ctx.claim();
          if (seen.has(tool)) return;
          seen.add(tool);
          return ctx.emit(
            diag(
              'missing-tool',
              'The toolchain has no rust-lld, the linker rustc uses for this target: build with a rust-overlay toolchain that includes the target (it ships rust-lld).',
              [t.trim()],
              [{ kind: 'rust-toolchain' }],
              {
                drv: l.drv ?? ctx.lastFailedDrv,
                details: { tool },
                confidence: 'certain',
              },
            ),
          );
        }
        if (tool === 'rustdoc') {
          ctx.claim();
          return emitRustdoc(
            ctx,
            [
              ...ctx
                .recent(4)
                .filter((x) => DOC_TESTS.test(x) || DOCTEST_FAILED.test(x))
                .map((x) => x.trim()),
              t.trim(),
            ],
            l.drv ?? ctx.lastFailedDrv,
            false,
          );
        }
        // stdenv's own shell function (STDENV_SETUP_FUNCTIONS): no input provides it, so no program is missing.
        if (STDENV_SETUP_FUNCTIONS.has(tool)) return;
        // A setup hook's shell function the shell could not find (bash's `wrapProgram: command not found`, dash's
        // `wrapProgram: not found`; real Nix 2.8 builders): the hook's package, not a program's.
        const hook = Object.hasOwn(HOOK_FUNCTION_ATTR, tool) ? HOOK_FUNCTION_ATTR[tool] : undefined;
        if (hook) {
          ctx.claim();
          return emitTool(ctx, tool, hook, `a shell function of ${hook}'s setup hook, defined only when ${hook} is in nativeBuildInputs`, [t.trim()], l.drv ?? ctx.lastFailedDrv);
        }
        // trunk runs wasm-bindgen only at the version Cargo.lock pins for the crate (toolVersion.ts): that version's CLI.
        if (tool === 'wasm-bindgen' && p.version) {
          const v = p.version(m);
          const versioned = nixpkgsWasmBindgenCli(v);
          const why = `${p.why}; ${p.pins ?? 'trunk'} takes wasm-bindgen only at the version Cargo.lock pins for the crate, ${v}`;
          if (versioned) {
            ctx.claim();
            return emitTool(ctx, tool, versioned, why, [t.trim()], l.drv ?? ctx.lastFailedDrv);
          }
          return unknownTool(ctx, tool, why, t, l, `build wasm-bindgen-cli ${v} with buildWasmBindgenCli (nixpkgs has no ${wasmBindgenAttr(v)}) and add it to nativeBuildInputs`);
        }
        // A build script spawning a downloader means to download: network-sandbox's, the program's absence only the first symptom.
        if (scriptDownloaderSpawn(t, ctx.recent(8))) return;
        const attr = attrFor(tool, ctx.recent(8));
        const drv = l.drv ?? ctx.lastFailedDrv;
        // pkg-config's absence is explained by the openssl / pkgconfig-lib rules.
        if (!attr && p.named && !(p.mayBeFile && fileNamed(tool))) {
          if (p.hint !== 'make') return unknownTool(ctx, tool, p.why, t, l, p.advice);
          makeWait = { tool, say: () => sayUnknown(ctx, tool, p.why, t, { ...l, drv }, p.advice) };
          return ctx.claim();
        }
        if (!attr || tool === 'pkg-config' || tool === 'pkgconf') return notFound && p.hint === 'kind: NotFound' && !attr ? scriptPanic(l, t, ctx) : undefined;
        ctx.claim();
        if (p.hint === 'make') {
          makeWait = { tool, say: () => emitTool(ctx, tool, attr, p.why, [t.trim()], drv) };
          return;
        }
        return emitTool(ctx, tool, attr, p.why, [t.trim()], drv);
      }
    },
  };
}

export const missingToolRule: DiagnosisRule = {
  category: 'missing-tool',
  markers: [
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
  ],
  create,
  // A build script's file that src drops (diagnose/scriptPanic.ts): on src; anything else where the inputs go.
  place: (d, s) => (d.fixes.some((f) => f.kind === 'include-in-src') ? s.onCall(srcBindingOf(s)?.range) : inputsPlacement(d, s)),
  fixes: (_d, s, f) => {
    if (f.kind === 'set-env') {
      // The stdenv as the file can name it (`pkgs.`-prefixed in a flake); a callPackage file without stdenv among its
      // formals gets `cc`, the native compiler's name (a cross build's stdenv would need the formal).
      const style = s.call && inputStyle(s.text, s.call);
      const nix = style?.prefix ? f.nix.replace('${stdenv.', '${pkgs.stdenv.') : style?.formals && !style.formals.names.includes('stdenv') ? '"cc"' : f.nix;
      return intentFix({ ...f, nix }, s);
    }
    const fix = intentFix(f, s);
    return fix && { ...fix, preferred: f.kind === 'add-inputs' };
  },
};
