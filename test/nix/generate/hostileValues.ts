// Hostile text for property tests: what an attacker or a careless user puts in
// a Cargo.toml field that ends up in generated Nix. Fixed seeds keep runs
// reproducible; a failing value is printed by the assertion.
import fc from 'fast-check';

/** Characters that mean something to the Nix lexer, to editors, or to terminals. */
const SPECIAL = [
  '$',
  '{',
  '}',
  '"',
  '\\',
  "'",
  '\n',
  '\r',
  '\t',
  ' ',
  '#',
  '/',
  '*',
  ';',
  '=',
  '.',
  ':',
  '(',
  ')',
  '[',
  ']',
  '<',
  '>',
  'a',
  'Z',
  '0',
  '-',
  '_',
  '\u2028',
  '\u2029',
  '\u0085',
  '\u000b',
  '\u000c',
  '\x1b',
  '\x7f',
  '\u202e',
  '\u2066',
  'é',
  '😀',
  '\uFEFF',
];

/** Small payloads that broke generated Nix before, or that would if an escape were missing. */
export const PAYLOADS = [
  'inherit',
  'let',
  'in',
  'rec',
  'or',
  'with',
  'if',
  'then',
  'else',
  'assert',
  'true',
  'null',
  '__proto__',
  'constructor',
  '${builtins.trace "injected" ""}',
  'x${builtins.abort "x"}',
  "''${x}",
  "'''",
  "''",
  '$${x}',
  '\\${x}',
  '$',
  '${',
  '}',
  'Foo\rhomepage = builtins.trace "x" "";',
  'a\nb = 1;',
  'a\u2028b',
  '"; x = "',
  '*/ /*',
  '# comment',
  './.',
  '../x',
  '/etc/passwd',
  'with builtins; abort "x"',
  '\u202eevil',
  ' leading',
  'trailing ',
  '  ',
  '\t',
  'a.b.c',
  '1abc',
  'x86_64-linux',
];

export interface HostileOptions {
  /** NUL is refused by Nix strings; fields that strip it allow it. */
  nul?: boolean;
  maxLength?: number;
}

export function hostileText(opts: HostileOptions = {}): fc.Arbitrary<string> {
  const max = opts.maxLength ?? 24;
  const units = opts.nul ? [...SPECIAL, '\0'] : SPECIAL;
  return fc.oneof(
    { weight: 4, arbitrary: fc.string({ unit: fc.constantFrom(...units), maxLength: max }) },
    { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: max }).filter((s) => opts.nul || !s.includes('\0')) },
    { weight: 2, arbitrary: fc.constantFrom(...PAYLOADS) },
    { weight: 1, arbitrary: fc.tuple(fc.constantFrom(...PAYLOADS), fc.string({ unit: fc.constantFrom(...units), maxLength: 6 })).map(([a, b]) => a + b) },
  );
}

/** `n` samples with a fixed seed. */
export function samples(arb: fc.Arbitrary<string>, n: number, seed: number): string[] {
  return fc.sample(arb, { numRuns: n, seed });
}
