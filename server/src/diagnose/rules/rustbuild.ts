// The Rust toolchain's own build (rustbuild: nixpkgs' rustc derivation, x.py) announces each step it runs, in
// bootstrap's own words: `Building stage1 tool rust-analyzer-proc-macro-srv (aarch64-unknown-linux-gnu)` (tool.rs;
// later `Building stage 2 tool X using stage 1 sysroot (…)`), `Assembling stage1 compiler`, `Uplifting stage1 library
// (x86_64-… -> aarch64-…)`, `Copying stage2 library from stage1 (…)`. A log that shows them is that build: the crates
// that fail there are rustc's tools, its standard library and their vendored dependencies, built from the toolchain's
// sources by its own stage compilers — no package's code and no toolchain a package's expression picks (round20 k07,
// a cross rustc whose std for the build platform was missing: nixpkgs' rustc expression, not the target's).
// Bootstrap since 2024 words a step by the compilers it goes between (its `msg`: `Building stage1 compiler artifacts
// (stage0 -> stage1, x86_64-unknown-linux-gnu)`, `Building tool llvm-bitcode-linker (stage0 -> stage1, …)`, `Building
// stage0 library artifacts (…)`) and says when a stage's compiler is ready (`Creating a sysroot for stage1 compiler (use
// \`rustup toolchain link 'name' build/host/stage1\`)`, compile.rs): round62 ui05, a cross rustc's stage1 tool.
const STEP =
  /^(?:Building stage ?\d+ tool \S|Assembling stage\d+ compiler\b|Uplifting stage\d+ \w+ \(|Copying stage\d+ \w+ from stage\d+ \(|Building [^()]*\(stage\d+ -> stage\d+, [\w.-]+\)|Building stage\d+ (?:library|compiler) artifacts\b|Creating a sysroot for stage\d+ compiler\b)/;

/** The words STEP reads (`Build|Assembl|Uplift|Copy` + `ing stage`, the newer steps' own), as markers for the rules that read it. */
export const RUSTBUILD_STEP_MARKERS: readonly string[] = ['ing stage', ' -> stage', 'sysroot for stage'];

/** Whether this line is one of rustbuild's step announcements. */
export function isRustbuildStep(t: string): boolean {
  const c = t.charCodeAt(0);
  // Only `B`, `A`, `U` and `C` can start one (asked of every line these rules read).
  return (c === 66 || c === 65 || c === 85 || c === 67) && STEP.test(t);
}
