// Builds the parsers the server loads: tree-sitter-nix compiled to wasm from the
// npm package's C sources (no npm package ships a wasm for it), plus the TOML
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

const nixSrc = join(root, 'node_modules', 'tree-sitter-nix', 'src');
const nixWasm = join(out, 'tree-sitter-nix.wasm');
const stamp = join(out, 'tree-sitter-nix.stamp');

function have(cmd) {
  return spawnSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' }).status === 0;
}

function ensureToolchain() {
  if (have('clang') && have('wasm-ld')) return;
  const root = typeof process.getuid === 'function' && process.getuid() === 0;
  if (root && have('apt-get') && process.env.NIXIFY_NO_APT !== '1') {
    console.log('build-grammars: installing clang and lld from apt (needed once to compile tree-sitter-nix to wasm)');
    execFileSync('apt-get', ['-o', 'DPkg::Lock::Timeout=900', 'install', '-y', '-qq', '--no-install-recommends', 'clang', 'lld'], {
      stdio: 'inherit',
      env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
    });
    if (have('clang') && have('wasm-ld')) return;
  }
  console.error('build-grammars: clang and wasm-ld (lld) are needed to compile tree-sitter-nix to wasm.\n' +
    '  Debian/Ubuntu: apt-get install clang lld    Nix: nix shell nixpkgs#clang nixpkgs#lld');
  process.exit(2);
}

function sourcesDigest() {
  const h = createHash('sha256');
  for (const f of ['parser.c', 'scanner.c']) h.update(readFileSync(join(nixSrc, f)));
  return h.digest('hex');
}

function buildNix() {
  if (!existsSync(join(nixSrc, 'parser.c'))) {
    console.error('build-grammars: node_modules/tree-sitter-nix is missing; run `npm ci` first');
    process.exit(2);
  }
  const digest = sourcesDigest();
  if (existsSync(nixWasm) && existsSync(stamp) && readFileSync(stamp, 'utf8') === digest) return false;
  ensureToolchain();
  // parser.h includes <stdlib.h> but uses nothing from it: a one-line stand-in
  // replaces a libc, which a freestanding wasm side module cannot link anyway.
  const stub = mkdtempSync(join(tmpdir(), 'nixify-ts-'));
  writeFileSync(join(stub, 'stdlib.h'), '#include <stddef.h>\n');
  try {
    execFileSync('clang', [
      '--target=wasm32-unknown-emscripten', '-Os', '-fPIC', '-fvisibility=hidden', '-fno-exceptions',
      '-ffreestanding', '-nostdlibinc', '-nostdlib', '-isystem', stub, '-I', nixSrc,
      '-Wl,--experimental-pic', '-Wl,-shared', '-Wl,--no-entry', '-Wl,--allow-undefined',
      '-Wl,--export=tree_sitter_nix', '-Wl,--strip-all',
      '-o', nixWasm, join(nixSrc, 'parser.c'), join(nixSrc, 'scanner.c'),
    ], { stdio: 'inherit' });
  } finally {
    rmSync(stub, { recursive: true, force: true });
  }
  const mod = new WebAssembly.Module(readFileSync(nixWasm));
  if (!WebAssembly.Module.customSections(mod, 'dylink.0').length ||
      !WebAssembly.Module.exports(mod).some((e) => e.name === 'tree_sitter_nix')) {
    console.error('build-grammars: the compiled tree-sitter-nix.wasm is not a loadable side module');
    process.exit(2);
  }
  writeFileSync(stamp, digest);
  return true;
}

const built = buildNix();
copyFileSync(join(root, 'node_modules', '@tree-sitter-grammars', 'tree-sitter-toml', 'tree-sitter-toml.wasm'), join(out, 'tree-sitter-toml.wasm'));
copyFileSync(join(root, 'node_modules', 'web-tree-sitter', 'tree-sitter.wasm'), join(root, 'dist', 'tree-sitter.wasm'));
console.log(`build-grammars: tree-sitter-nix.wasm ${built ? 'built' : 'up to date'} (${statSync(nixWasm).size} bytes)`);
