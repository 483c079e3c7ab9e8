// The order names are listed in (inputs, crates, members, files): English collation, as `localeCompare`
// gives it in an English locale, without starting ICU for names of printable ASCII. ICU's first
// collation costs ~10 ms of a cold start (`nixify infer` sorts a few hundred crate keys), and for these
// characters its order is a table: CLDR's root order has one primary weight per character, letters
// share theirs with their other case, and case decides only where the whole primary key is equal,
// lowercase first. Any other character goes to ICU itself, with the same locale, so one sort never
// mixes two orders. English whatever the user's locale: the generated files read the same everywhere.

/** Printable ASCII in CLDR root order (`Intl.Collator('en')`); a letter's two cases are adjacent. */
const ROOT_ORDER = ' _-,;:!?.\'"()[]{}@*/\\&#%`^+<=>|~$0123456789aAbBcCdDeEfFgGhHiIjJkKlLmMnNoOpPqQrRsStTuUvVwWxXyYzZ';

/** Primary weight by char code (0: not in the table). */
const PRIMARY = new Uint8Array(128);
{
  let w = 0;
  for (const ch of ROOT_ORDER) {
    const lower = ch.toLowerCase();
    PRIMARY[ch.charCodeAt(0)] = lower !== ch ? PRIMARY[lower.charCodeAt(0)]! : ++w;
  }
}

let collator: Intl.Collator | undefined;

const tabled = (s: string): boolean => {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 128 || !PRIMARY[c]) return false;
  }
  return true;
};

/** `a.localeCompare(b, 'en')`'s sign (-1, 0, 1). */
export function compareText(a: string, b: string): number {
  if (!tabled(a) || !tabled(b)) return Math.sign((collator ??= new Intl.Collator('en')).compare(a, b));
  let byCase = 0;
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x === y) continue;
    const px = PRIMARY[x]!;
    const py = PRIMARY[y]!;
    if (px !== py) return px < py ? -1 : 1;
    // The same letter in the other case: lowercase (the higher code) first, if nothing else differs.
    byCase ||= x > y ? -1 : 1;
  }
  return a.length !== b.length ? (a.length < b.length ? -1 : 1) : byCase;
}
