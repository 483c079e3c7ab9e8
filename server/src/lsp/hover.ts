// Hover on a dependency in Cargo.toml: which Nix inputs it brings in, and why.
import { relative, sep } from 'node:path';
import { MarkupKind, type Hover, type Position } from 'vscode-languageserver/node';
import type { Range } from '../model/types';
import type { WorkspaceView } from './workspaceView';

const within = (r: Range, p: Position) =>
  (p.line > r.start.line || (p.line === r.start.line && p.character >= r.start.character)) && (p.line < r.end.line || (p.line === r.end.line && p.character <= r.end.character));

export function cargoHover(view: WorkspaceView, root: string, file: string, pos: Position): Hover | null {
  if (!view.loaded) return null;
  const rel = relative(root, file).split(sep).join('/');
  const m = view.members.find((x) => x.path === rel);
  const dep = m?.dependencies.find((d) => d.range && within(d.range, pos));
  if (!dep) return null;
  const inferred = view.inferred;
  if (!inferred) return null;
  const pkg = dep.package;
  // A reason names the chain from the member's dependency to the crate that needs the input.
  const mentions = (because: string, crate: string) => crate.split('@')[0] === pkg || new RegExp(`(^|via |→ |, )${pkg.replace(/[-/\\^$*+?.()|[\]{}]/g, '\\$&')}( |$|,)`).test(because);
  const inputs = [...inferred.nativeBuildInputs, ...inferred.buildInputs].filter((i) => mentions(i.because, i.crate));
  const env = inferred.env.filter((e) => mentions(e.because, e.crate));
  const lines: string[] = [];
  if (dep.kind === 'dev') lines.push(`\`${dep.name}\` is a dev-dependency: it is only built for tests, not for the Nix package.`);
  if (inputs.length || env.length) {
    lines.push(`**Nix inputs implied by \`${dep.name}\`**`, '');
    for (const i of inputs) lines.push(`- \`${i.attr}\` (${i.bucket}): ${i.because}`);
    for (const e of env) lines.push(`- \`env.${e.name} = ${e.nix}\`: ${e.because}`);
  } else if (dep.kind !== 'dev') {
    lines.push(`\`${dep.name}\` needs no native Nix inputs for a Linux build.`);
  }
  return { contents: { kind: MarkupKind.Markdown, value: lines.join('\n') }, range: dep.range };
}
