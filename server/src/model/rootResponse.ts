// A piece of text the program itself answers at `/`, so a VM test can tell
// its page from an empty one or from nginx's own error page: the handler of
// the root route (axum `.route("/", get(index))`, actix/rocket `#[get("/")]`,
// actix `.route("/", web::get().to(index))`, a closure in place) and the first
// string literal in it with a few letters before any `{}` placeholder or tag.
import { lexRust, type RustSourceFile, type SourceRef } from './rustSource';

export interface RootMarker {
  text: string;
  at: SourceRef;
}

/** The body `{ … }` starting at `open` (an index of `{`), by brace depth on the literal-blanked text. */
function block(shape: string, open: number): [number, number] {
  let depth = 0;
  for (let i = open; i < shape.length; i++) {
    if (shape[i] === '{') depth++;
    else if (shape[i] === '}' && --depth === 0) return [open, i];
  }
  return [open, shape.length];
}

function lineOf(code: string, index: number): SourceRef['line'] {
  let n = 1;
  for (let i = 0; i < index; i++) if (code[i] === '\n') n++;
  return n;
}

/** The first literal in [from, to) with at least four letters before a placeholder, a tag or a line break. */
function firstLiteral(path: string, code: string, from: number, to: number): RootMarker | undefined {
  const re = /"((?:[^"\\]|\\.)*)"/g;
  re.lastIndex = from;
  for (let m = re.exec(code); m && m.index < to; m = re.exec(code)) {
    // A page the handler writes: format!/Html/.body(…) of it, or the value it returns (`"…"` at the end of a block).
    const before = code.slice(Math.max(from, m.index - 40), m.index);
    const after = code.slice(m.index + m[0].length, m.index + m[0].length + 40);
    const written = /(?:format!|Html|html!|\.body|write!\s*\([^,()]*,|writeln!\s*\([^,()]*,|concat!)\s*\(\s*$/.test(before) || /^\s*(?:\.(?:to_string|into|to_owned)\(\)\s*)?\)?\s*\}/.test(after);
    if (!written) continue;
    const raw = m[1]!.replace(/<[^>]*>/g, ' ');
    const lead = raw.split(/\{|\\n|\\"|\\/)[0]!.trim();
    if ((lead.match(/[A-Za-z]/g) ?? []).length >= 4 && /^[\w .,:;!?'()@#%&*+=/-]+$/.test(lead)) {
      const line = lineOf(code, m.index);
      return { text: lead, at: { file: path, line, text: code.split('\n')[line - 1]!.trim() } };
    }
  }
  return undefined;
}

export function rootMarker(sources: RustSourceFile[]): RootMarker | undefined {
  const files = sources.map((f) => ({ path: f.path, ...lexRust(f.text) }));
  const handlers: string[] = [];
  for (const f of files) {
    // A closure in place: .route("/", get(|| async { "Hello" })).
    for (const m of f.code.matchAll(/\.route\(\s*"\/"\s*,\s*(?:axum::routing::)?get\(\s*(?:move\s*)?\|[^|]*\|/g)) {
      const hit = firstLiteral(f.path, f.code, m.index! + m[0].length, m.index! + m[0].length + 400);
      if (hit) return hit;
    }
    for (const m of f.code.matchAll(/\.route\(\s*"\/"\s*,\s*(?:axum::routing::)?get\(\s*([\w:]+)\s*\)/g)) handlers.push(m[1]!.split('::').pop()!);
    for (const m of f.code.matchAll(/\.route\(\s*"\/"\s*,\s*web::get\(\)\s*\.to\(\s*([\w:]+)\s*\)/g)) handlers.push(m[1]!.split('::').pop()!);
    for (const m of f.code.matchAll(/#\[get\(\s*"\/"\s*\)\]\s*(?:pub(?:\([^)]*\))?\s+)?(?:async\s+)?fn\s+(\w+)/g)) handlers.push(m[1]!);
  }
  for (const h of handlers)
    for (const f of files) {
      const def = new RegExp(`\\bfn\\s+${h}\\b[^{;]*\\{`).exec(f.shape);
      if (!def) continue;
      const [a, b] = block(f.shape, def.index + def[0].length - 1);
      const hit = firstLiteral(f.path, f.code, a, b);
      if (hit) return hit;
    }
  return undefined;
}
