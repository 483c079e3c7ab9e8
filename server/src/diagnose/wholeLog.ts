// A cut log made whole: Nix without `-L` prints only the last lines of a failed build, and the cause is often above
// them. `nix log` has the whole log when the build ran on this machine. Its lines go into the same Diagnoser after
// the original, framed as `nix build -L` frames a builder's lines (`building '…'`, then each line after `name> `),
// so the rules read them as that derivation's output and Nix's own framing, the evaluation's messages and the
// other builds still come from the original. Pure: the caller reads the log (a process) and pushes its bytes here.
import type { CutLog } from './stream';
import { drvName } from './text';

export type { CutLog } from './stream';

/** How many cut builds' logs are read: a log of many failures names each, and each read is a process. */
export const MAX_WHOLE_LOGS = 4;

/** The cut builds worth reading, in the order the log names them. */
export function logsToRead(cut: readonly CutLog[]): CutLog[] {
  return cut.slice(0, MAX_WHOLE_LOGS);
}

const NL = 10;

/** A derivation's whole log as `-L` lines, chunk by chunk: each line prefixed by its name, the first after its `building` line. */
export class WholeLogFramer {
  private readonly prefix: Buffer;
  private atLineStart = true;
  private started = false;
  /** Bytes of the log pushed (its own, without the framing). */
  bytes = 0;

  constructor(
    private readonly drv: string,
    private readonly out: (chunk: Uint8Array) => void,
  ) {
    this.prefix = Buffer.from(`${drvName(drv)}> `);
  }

  push(chunk: Uint8Array): void {
    if (!chunk.length) return;
    const parts: Uint8Array[] = [];
    if (!this.started) {
      this.started = true;
      parts.push(Buffer.from(`building '${this.drv}'...\n`));
    }
    this.bytes += chunk.length;
    let from = 0;
    while (from < chunk.length) {
      if (this.atLineStart) parts.push(this.prefix);
      const nl = chunk.indexOf(NL, from);
      const to = nl === -1 ? chunk.length : nl + 1;
      parts.push(chunk.subarray(from, to));
      this.atLineStart = nl !== -1;
      from = to;
    }
    this.out(Buffer.concat(parts));
  }

  /** The log's last line ends here (a log need not end in a newline). */
  end(): void {
    if (!this.atLineStart) this.out(Buffer.from('\n'));
    this.atLineStart = true;
  }
}

/** What became of one cut build's log: read (from which command; `partial`: why not all of it), or why not. */
export interface WholeLogRead {
  drv: string;
  /** The command that printed it, e.g. `nix log /nix/store/….drv`. */
  from?: string;
  /** Bytes of the log read. */
  bytes: number;
  /** Why only its start was read (too large, too slow). */
  partial?: string;
  /** Why it could not be read at all (no `nix`, not in this store, collected). */
  error?: string;
}

/** The line a door shows for a read: that the whole log was read and where from, or why it could not be. */
export function wholeLogNote(r: WholeLogRead): string {
  const name = `\`${drvName(r.drv)}\``;
  if (r.error !== undefined) return `The whole log of ${name} could not be read (${r.error}): this diagnosis reads only the last lines Nix printed of it.`;
  const size = r.bytes >= 1 << 20 ? `${(r.bytes / (1 << 20)).toFixed(1)} MB` : `${r.bytes} bytes`;
  return `This log held only the last lines of ${name}: its whole log was read with \`${r.from}\` (${size}${r.partial ? `; it stopped early: ${r.partial}` : ''}).`;
}
