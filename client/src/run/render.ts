// A raw task log (internal-json records, ANSI colours, progress redraws) as
// the text a person reads: builder lines prefixed by their derivation, Nix's
// messages as printed, no escape codes.
import { LogDecoder } from '../../../server/src/diagnose/stream';
import { drvName } from '../../../server/src/diagnose/text';

/**
 * The log as read, and the failed builds it kept only Nix's last lines of (the decoder's reading of Nix's framing,
 * LogDecoder.cutLogs): `nix log` is worth running for them.
 */
export function renderLog(chunks: Iterable<string | Uint8Array>): { text: string; cut: string[] } {
  const out: string[] = [];
  const decoder = new LogDecoder((l) => {
    if (l.source === 'build') out.push(l.drv ? `${drvName(l.drv)}> ${l.text}` : l.text);
    else if (!/^evaluating file '|^querying info about/.test(l.text)) out.push(l.text);
  });
  for (const c of chunks) decoder.push(c);
  decoder.end();
  return { text: out.join('\n') + (out.length ? '\n' : ''), cut: decoder.cutLogs.map((c) => c.drv) };
}
