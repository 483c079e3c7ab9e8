// Loads web-tree-sitter and the Nix grammar once per process; the Rust grammar
// (1.1 MB) only when Rust sources are read (ensureParser('rust')). TOML's key
// ranges come from a scanner (model/tomlRanges.ts): there is no TOML grammar here
// (the test that holds the scanner to tree-sitter-toml loads it from node_modules).
// The grammars live in dist/grammars (scripts/build-grammars.mjs); from a bundle
// that is ./grammars beside it, from the sources it is <repo>/dist/grammars.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Language, Parser } from 'web-tree-sitter';
import type { Node, Tree } from 'web-tree-sitter';
import type { Range } from '../model/types';
import { compileBaselineOnly } from './wasmTiering';

export type { Node, Tree };
export type GrammarName = 'nix' | 'rust';

function distDir(): string {
  const candidates = [__dirname, join(__dirname, '..', '..', '..', 'dist')];
  for (const dir of candidates) if (existsSync(join(dir, 'grammars', 'tree-sitter-nix.wasm'))) return dir;
  throw new Error('tree-sitter grammars not found (dist/grammars); run `npm run build`');
}

let init: Promise<void> | undefined;
const languages = new Map<GrammarName, Promise<Language>>();

let baselineOnly = false;
/**
 * For a process of our own (the CLI, the language server; never the editor's extension host, whose
 * V8 flags other extensions share): the parsers' wasm is compiled by V8's baseline compiler (Liftoff)
 * alone. A file of a few KB runs the parser's largest functions often enough to start V8's
 * optimising compiler (TurboFan) on them in the background, and that compile costs more CPU than the
 * rest of `nixify infer` (bench/coldStart.ts); Liftoff's code parses a 250 KB Cargo.lock in ~1.5×
 * TurboFan's time, files an editor holds in about the same. The flags are V8's and read while the code
 * runs, not only when a module is compiled (setting the tier-up flags back tiers these parsers up):
 * see wasmTiering.ts for how the log scan still tiers up.
 */
export function compileParsersBaselineOnly(): void {
  baselineOnly = true;
}

function compileParser<T>(load: () => Promise<T>): Promise<T> {
  return baselineOnly ? compileBaselineOnly(load) : load();
}

function ensureInit(): Promise<void> {
  init ??= compileParser(() =>
    Parser.init({
      locateFile: (file: string) => join(distDir(), file),
    }),
  );
  return init;
}

export async function loadLanguage(name: GrammarName): Promise<Language> {
  let lang = languages.get(name);
  if (!lang) {
    lang = ensureInit().then(() => compileParser(() => Language.load(join(distDir(), 'grammars', `tree-sitter-${name}.wasm`))));
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

/** The parser every door that reads Nix files needs. */
export async function initParsers(): Promise<void> {
  await getParser('nix');
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
