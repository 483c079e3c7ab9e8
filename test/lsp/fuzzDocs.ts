// Malformed Cargo.toml and Nix documents and random edits, for fuzzing the
// real language server (test/lsp/fuzz.test.ts, bench/lspFuzz.ts). Seeded:
// the same seed gives the same documents.
import fc from 'fast-check';

const VALID_CARGO = `[package]
name = "app"
version = "0.1.0"
edition = "2021"
description = "An app"
license = "MIT"

[dependencies]
serde = { version = "1", features = ["derive"] }
openssl-sys = "0.9"

[workspace]
members = ["crates/*"]
`;

const VALID_NIX = `{
  description = "app";
  inputs.nixpkgs.url = "github:NixOS/nixpkgs/nixos-unstable";
  outputs = { self, nixpkgs }: {
    packages.x86_64-linux.default = nixpkgs.legacyPackages.x86_64-linux.rustPlatform.buildRustPackage {
      pname = "app";
      version = "0.1.0";
      src = ./.;
      cargoLock.lockFile = ./Cargo.lock;
      nativeBuildInputs = [ pkg-config ];
    };
  };
}
`;

/** Documents that crashed or stalled the server before, and their relatives. */
const HOSTILE_CARGO: ((r: () => number) => string)[] = [
  () => '[workspace]\nmembers = ["crates/[z-a]", "x/**a", "*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*b"]\n',
  () => '[workspace]\nmembers = ["[", "]", "[!]", "**/**/**", "a/**b", "(", "\\\\"]\n',
  () => `[package]\nname = "x"\nversion = "0.1.0"\n[package.metadata]\n${Array(5000).fill('a').join('.')} = 1\n`,
  () => `[package.metadata]\na = ${'{b='.repeat(3000)}1${'}'.repeat(3000)}\n`,
  () => `[package.metadata]\na = ${'['.repeat(3000)}${']'.repeat(3000)}\n`,
  (r) => `[package]\nname = "x"\nversion = "0.1.0"\n[dependencies]\n${Array.from({ length: 2000 }, (_, i) => `d${i} = "${Math.floor(r() * 9)}"`).join('\n')}\n`,
  () => `[package]\nname = "${'x'.repeat(200_000)}"\n`,
  () => '[workspace]\nmembers = []\n',
  () => '[package]\nname = 1\nversion = []\n[dependencies]\nserde = { path = 3 }\n[features]\ndefault = ["a", 2]\n',
  () => '[[bin]]\nname = "x"\n[[bin]]\n[lib]\ncrate-type = "cdylib"\n[target."cfg(".dependencies]\n',
  () => '\u0000\uFFFF\uD800[package\n',
];

const HOSTILE_NIX: ((r: () => number) => string)[] = [
  () => `{ x = ${'('.repeat(5000)}1${')'.repeat(5000)}; }`,
  () => `{ x = ${'[ '.repeat(5000)}${' ]'.repeat(5000)}; }`,
  () => '{ outputs = { self }: rustPlatform.buildRustPackage { src = ./.; cargoHash = "sha256-',
  () => `let ${Array.from({ length: 3000 }, (_, i) => `a${i} = a${i + 1};`).join(' ')} in a0`,
  () => `{ ${Array(3000).fill('a').join('.')} = 1; }`,
  () => "''${''${''${''${",
  () => '{ inherit (pkgs) ; buildRustPackage = { cargoLock.outputHashes = { "" = null; }; }; }',
];

/** Character soup weighted towards what the TOML and Nix lexers care about. */
const soup = fc.string({
  unit: fc.constantFrom('[', ']', '{', '}', '"', "'", '=', '.', ',', '\n', ' ', '#', '$', '\\', ':', ';', '(', ')', 'a', 'b', '1', '-', '*', '?', '/', '\u2028', '\0', 'é'),
  maxLength: 400,
});

export interface FuzzDoc {
  kind: 'cargo' | 'nix';
  text: string;
  /** Incremental edits applied after opening, in order. */
  edits: { start: number; end: number; text: string }[];
}

/** `count` documents from `seed`: mutations of valid files, soup, and the known-hostile shapes. */
export function fuzzDocs(count: number, seed: number): FuzzDoc[] {
  let state = seed >>> 0 || 1;
  const rand = () => (state = (Math.imul(state, 1664525) + 1013904223) >>> 0) / 2 ** 32;
  const soups = fc.sample(soup, { numRuns: Math.max(1, count), seed });
  const docs: FuzzDoc[] = [];
  for (let i = 0; i < count; i++) {
    const kind = rand() < 0.6 ? 'cargo' : 'nix';
    const valid = kind === 'cargo' ? VALID_CARGO : VALID_NIX;
    const hostile = kind === 'cargo' ? HOSTILE_CARGO : HOSTILE_NIX;
    const pick = rand();
    let text: string;
    if (pick < 0.15) text = hostile[Math.floor(rand() * hostile.length)]!(rand);
    else if (pick < 0.45) text = soups[i]!;
    else {
      // A valid file with a few random cuts and insertions of soup.
      text = valid;
      for (let k = 0; k < 1 + Math.floor(rand() * 4); k++) {
        const at = Math.floor(rand() * text.length);
        const cut = Math.floor(rand() * 20);
        text = text.slice(0, at) + soups[(i + k + 1) % soups.length]!.slice(0, Math.floor(rand() * 40)) + text.slice(at + cut);
      }
    }
    const edits: FuzzDoc['edits'] = [];
    let len = text.length;
    for (let k = 0; k < Math.floor(rand() * 4); k++) {
      const start = Math.floor(rand() * (len + 1));
      const end = Math.min(len, start + Math.floor(rand() * 30));
      const ins = soups[(i * 7 + k) % soups.length]!.slice(0, Math.floor(rand() * 30));
      edits.push({ start, end, text: ins });
      len += ins.length - (end - start);
    }
    docs.push({ kind, text, edits });
  }
  return docs;
}

/** Line/character (UTF-16) of an offset, as LSP positions count. */
export function positionAt(text: string, offset: number): { line: number; character: number } {
  let line = 0;
  let lineStart = 0;
  for (let i = 0; i < offset; i++) {
    if (text[i] === '\n') {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, character: offset - lineStart };
}
