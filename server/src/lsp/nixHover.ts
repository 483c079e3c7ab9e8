// Hover on an input in nativeBuildInputs/buildInputs: which crate the build
// compiles needs it, and why — or that nothing in the lock does.
import { MarkupKind, type Hover, type Position } from 'vscode-languageserver/node';
import { inferableAttrs } from '../infer/infer';
import type { InferenceResult } from '../infer/types';
import type { NixFileModel } from '../model/nixTypes';
import type { Range } from '../model/types';

const within = (r: Range, p: Position) =>
  (p.line > r.start.line || (p.line === r.start.line && p.character >= r.start.character)) && (p.line < r.end.line || (p.line === r.end.line && p.character <= r.end.character));

export function nixInputHover(model: NixFileModel, inferred: InferenceResult, pos: Position): Hover | null {
  for (const call of model.calls) {
    for (const list of [call.nativeBuildInputs, call.buildInputs]) {
      const item = list?.items.find((i) => within(i.range, pos));
      if (!item) continue;
      const attr = item.text.replace(/^pkgs\./, '');
      const why = [...inferred.nativeBuildInputs, ...inferred.buildInputs].filter((i) => i.attr === attr);
      const lines = why.length
        ? [
            `**${attr}** is needed by the Rust build:`,
            '',
            ...why.map((w) => `- ${w.because}${w.linuxOnly ? ' (Linux only)' : ''}${w.loadedAtRunTime ? ' (opened at run time, not needed to build)' : ''}`),
          ]
        : inferred.propagated?.some((p) => p.attr === attr)
          ? [
              `**${attr}** comes with ${inferred.propagated.find((p) => p.attr === attr)!.by} (its pkg-config file requires it, so nixpkgs propagates it): listing it is optional.`,
              '',
              ...inferred.propagated.filter((p) => p.attr === attr).map((p) => `- ${p.because}`),
            ]
          : inferred.alsoUsable?.includes(attr)
            ? [`**${attr}** is not needed: a crate the build compiles would link it when present, and builds its own bundled copy otherwise.`]
            : inferableAttrs().has(attr)
              ? [`No crate that the Linux build compiles needs **${attr}** (Cargo.lock, default features, no dev-dependencies).`]
              : [`Nixify has no rule that relates **${attr}** to a crate; it may be needed for something else (packaging, tests).`];
      return { contents: { kind: MarkupKind.Markdown, value: lines.join('\n') }, range: item.range };
    }
  }
  return null;
}
