// Loads web-tree-sitter and the Nix/TOML grammars once per process; the Rust
// grammar (1.1 MB) only when Rust sources are read (ensureParser('rust')).
// The grammars live in dist/grammars (scripts/build-grammars.mjs); from a bundle
// that is ./grammars beside it, from the sources it is <repo>/dist/grammars.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Language, Parser } from 'web-tree-sitter';
import type { Node, Tree } from 'web-tree-sitter';
import type { Range } from '../model/types';

export type { Node, Tree };
export type GrammarName = 'nix' | 'toml' | 'rust';

function distDir(): string {
  const candidates = [__dirname, join(__dirname, '..', '..', '..', 'dist')];
  for (const dir of candidates) if (existsSync(join(dir, 'grammars', 'tree-sitter-nix.wasm'))) return dir;
  throw new Error('tree-sitter grammars not found (dist/grammars); run `npm run build`');
}

let init: Promise<void> | undefined;
const languages = new Map<GrammarName, Promise<Language>>();

function ensureInit(): Promise<void> {
  init ??= Parser.init({
    locateFile: (file: string) => join(distDir(), file),
  });
  return init;
}

export async function loadLanguage(name: GrammarName): Promise<Language> {
  let lang = languages.get(name);
  if (!lang) {
    lang = ensureInit().then(() => Language.load(join(distDir(), 'grammars', `tree-sitter-${name}.wasm`)));
    languages.set(name, lang);
  }
  return lang;
}

const parsers = new Map<GrammarName, Parser>();

/** A parser for the grammar; call `await loadLanguage(name)` (or `initParsers()`) first. */
/** Largest text given to tree-sitter (files on disk are capped lower by the readers). */
export const MAX_PARSE_CHARS = 16 << 20;

export async function getParser(name: GrammarName): Promise<Parser> {
  const lang = await loadLanguage(name);
  let p = parsers.get(name);
  if (!p) {
    p = new Parser();
    p.setLanguage(lang);
    // tree-sitter's wasm heap aborts the whole process on huge inputs (a 50 MB flake.nix):
    // refuse them with an error callers can report instead.
    const parse = p.parse.bind(p);
    p.parse = ((input, ...rest) => {
      if (typeof input === 'string' && input.length > MAX_PARSE_CHARS) throw new Error(`a ${name} file of ${input.length} characters is larger than the ${MAX_PARSE_CHARS} Nixify parses`);
      return parse(input, ...rest);
    }) as typeof p.parse;
    parsers.set(name, p);
  }
  return p;
}

/** Synchronous access once initialised: cores stay synchronous and easy to test. */
export function parserSync(name: GrammarName): Parser {
  const p = parsers.get(name);
  if (!p) throw new Error(`tree-sitter ${name} parser not initialised; await initParsers() first`);
  return p;
}

export async function initParsers(): Promise<void> {
  await Promise.all([getParser('nix'), getParser('toml')]);
}

/** Loads one grammar (idempotent): doors call `ensureParser('rust')` before anything reads Rust sources. */
export async function ensureParser(name: GrammarName): Promise<void> {
  await getParser(name);
}

/** Whether a grammar is loaded, so a synchronous core can say clearly what its caller forgot. */
export function parserReady(name: GrammarName): boolean {
  return parsers.has(name);
}

export function nodeRange(n: Node): Range {
  return {
    start: { line: n.startPosition.row, character: n.startPosition.column },
    end: { line: n.endPosition.row, character: n.endPosition.column },
  };
}
