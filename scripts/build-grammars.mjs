// Builds the parsers the server loads: tree-sitter-nix and tree-sitter-rust
// compiled to wasm from the npm packages' C sources (one recipe for both; the
// nix package ships no wasm, and compiling keeps both on one toolchain), plus the TOML
// grammar's and web-tree-sitter's own wasm copied next to the bundles.
// clang 14 + wasm-ld emit an emscripten-style PIC side module (dylink.0) that
// web-tree-sitter >= 0.26 also accepts; see README "Parsers".
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const out = join(root, 'dist', 'grammars');
mkdirSync(out, { recursive: true });

// Each grammar: the npm package holding its generated C sources, and the
// headers those sources include. A freestanding wasm side module links no libc:
// one-line stand-ins declare the few functions tree-sitter-rust's scanner calls
// (calloc/free, isw*), which web-tree-sitter's runtime exports to side modules.
const STUB_HEADERS = {
  nix: { 'stdlib.h': '#include <stddef.h>\n' },
  rust: {
    'stdlib.h': '#include <stddef.h>\nvoid *malloc(size_t);\nvoid *calloc(size_t, size_t);\nvoid *realloc(void *, size_t);\nvoid free(void *);\n',
    'stdio.h': '',
    'wctype.h': 'typedef int wint_t;\nint iswspace(wint_t);\nint iswalpha(wint_t);\nint iswdigit(wint_t);\nint iswalnum(wint_t);\n',
    'assert.h': '#define assert(x) ((void)0)\n',
    'string.h':
      '#include <stddef.h>\nvoid *memcpy(void *, const void *, size_t);\nvoid *memmove(void *, const void *, size_t);\nvoid *memset(void *, int, size_t);\nint memcmp(const void *, const void *, size_t);\n',
  },
};

function have(cmd) {
  return spawnSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' }).status === 0;
}

function ensureToolchain() {
  if (have('clang') && have('wasm-ld')) return;
  const root = typeof process.getuid === 'function' && process.getuid() === 0;
  if (root && have('apt-get') && process.env.NIXIFY_NO_APT !== '1') {
    console.log('build-grammars: installing clang and lld from apt (needed once to compile the grammars to wasm)');
    const apt = (args) =>
      execFileSync('apt-get', ['-o', 'DPkg::Lock::Timeout=900', ...args], {
        stdio: 'inherit',
        env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
      });
    // A fresh container has no package lists yet.
    apt(['update', '-qq']);
    apt(['install', '-y', '-qq', '--no-install-recommends', 'clang', 'lld']);
    if (have('clang') && have('wasm-ld')) return;
  }
  console.error(
    'build-grammars: clang and wasm-ld (lld) are needed to compile tree-sitter grammars to wasm.\n' + '  Debian/Ubuntu: apt-get install clang lld    Nix: nix shell nixpkgs#clang nixpkgs#lld',
  );
  process.exit(2);
}

function sourcesDigest(src, name) {
  const h = createHash('sha256');
  for (const f of ['parser.c', 'scanner.c']) h.update(readFileSync(join(src, f)));
  h.update(JSON.stringify(STUB_HEADERS[name]));
  return h.digest('hex');
}

/** Compiles node_modules/tree-sitter-NAME/src to dist/grammars/tree-sitter-NAME.wasm; false when up to date. */
function buildGrammar(name) {
  const src = join(root, 'node_modules', `tree-sitter-${name}`, 'src');
  const wasm = join(out, `tree-sitter-${name}.wasm`);
  const stamp = join(out, `tree-sitter-${name}.stamp`);
  if (!existsSync(join(src, 'parser.c'))) {
    console.error(`build-grammars: node_modules/tree-sitter-${name} is missing; run \`npm ci\` first`);
    process.exit(2);
  }
  const digest = sourcesDigest(src, name);
  if (existsSync(wasm) && existsSync(stamp) && readFileSync(stamp, 'utf8') === digest) return false;
  ensureToolchain();
  const stub = mkdtempSync(join(tmpdir(), 'nixify-ts-'));
  for (const [file, text] of Object.entries(STUB_HEADERS[name])) writeFileSync(join(stub, file), text);
  const entry = `tree_sitter_${name}`;
  try {
    execFileSync(
      'clang',
      [
        '--target=wasm32-unknown-emscripten',
        '-Os',
        '-fPIC',
        '-fvisibility=hidden',
        '-fno-exceptions',
        '-ffreestanding',
        '-nostdlibinc',
        '-nostdlib',
        '-isystem',
        stub,
        '-I',
        src,
        '-Wl,--experimental-pic',
        '-Wl,-shared',
        '-Wl,--no-entry',
        '-Wl,--allow-undefined',
        `-Wl,--export=${entry}`,
        '-Wl,--strip-all',
        '-o',
        wasm,
        join(src, 'parser.c'),
        join(src, 'scanner.c'),
      ],
      { stdio: 'inherit' },
    );
  } finally {
    rmSync(stub, { recursive: true, force: true });
  }
  const mod = new WebAssembly.Module(readFileSync(wasm));
  if (!WebAssembly.Module.customSections(mod, 'dylink.0').length || !WebAssembly.Module.exports(mod).some((e) => e.name === entry)) {
    console.error(`build-grammars: the compiled tree-sitter-${name}.wasm is not a loadable side module`);
    process.exit(2);
  }
  writeFileSync(stamp, digest);
  return true;
}

const built = Object.fromEntries(['nix', 'rust'].map((name) => [name, buildGrammar(name)]));
copyFileSync(join(root, 'node_modules', 'web-tree-sitter', 'tree-sitter.wasm'), join(root, 'dist', 'tree-sitter.wasm'));
for (const [name, b] of Object.entries(built)) {
  console.log(`build-grammars: tree-sitter-${name}.wasm ${b ? 'built' : 'up to date'} (${statSync(join(out, `tree-sitter-${name}.wasm`)).size} bytes)`);
}
