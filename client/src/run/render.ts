// A raw task log (internal-json records, ANSI colours, progress redraws) as
// the text a person reads: builder lines prefixed by their derivation, Nix's
// messages as printed, no escape codes.
import { LogDecoder } from '../../../server/src/diagnose/stream';
import { drvName } from '../../../server/src/diagnose/text';

export function renderLog(chunks: Iterable<string | Uint8Array>): string {
  const out: string[] = [];
  const decoder = new LogDecoder((l) => {
    if (l.source === 'build') out.push(l.drv ? `${drvName(l.drv)}> ${l.text}` : l.text);
    else if (!/^evaluating file '|^querying info about/.test(l.text)) out.push(l.text);
  });
  for (const c of chunks) decoder.push(c);
  decoder.end();
  return out.join('\n') + (out.length ? '\n' : '');
}

/** `nix log <drv>` is worth running when the log only kept the last lines of a failed build. */
export function truncatedDrvs(text: string): string[] {
  return [...new Set([...text.matchAll(/For full logs, run '(?:nix|nix-store) (?:log|-l) (\/nix\/store\/[^']+\.drv)'/g)].map((m) => m[1]!))];
}
