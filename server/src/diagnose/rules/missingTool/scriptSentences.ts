// PATTERNS' second part: a build script's or a tool finder's sentence for a program it could not start (std's spawn
// errors as scripts print them, xcrun, NixOS' stub loader, trunk, cargo-binutils, pyo3, rustup).
import type { Pattern } from './patterns';

/** NixOS' stub loader refusing a program in a tool's cache directory, which names it and its version (PATTERNS). */
export const STUB_LOADER_CACHE = /Could not start dynamically linked executable: \S*\/\.cache\/[\w.-]+\/([a-z][\w-]*?)-(?:version_)?v?(\d[^/\s]*)\//;
/** cargo-binutils' sentences for an LLVM program its sysroot lacks (PATTERNS). */
export const CARGO_BINUTILS_TOOL = /^(?:Failed to (?:find|execute) tool|Could not find tool): ([a-z]+)\s*$/;
export const SCRIPT_SENTENCES: readonly Pattern[] = [
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
  // is known to provide as a program is said (missingTool.ts drops an unnamed pattern's tool with no attribute), so
  // `Cargo.lock: … (os error 2)` says nothing.
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
