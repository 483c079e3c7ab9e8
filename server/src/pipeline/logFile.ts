// A build log on disk as `nixify diagnose` and the editor's build diagnosis
// read it: a piece at a time into one buffer, read again and again. A stream
// (createReadStream) allocates a new buffer per read, and the kernel's work of
// handing the process fresh pages cost more than reading the bytes
// (bench:diagnose's long build, 204 MB: 0.12–0.18 s of CPU for the stream's
// reads against 0.04 s for reads into one buffer). The Diagnoser keeps no
// reference to a chunk once push returns, so the buffer is free again then.
import { open } from 'node:fs/promises';

/** Bytes per read: the diagnoser's per-chunk work (the marker scan's calls, a line across two reads) is paid per MB. */
export const LOG_CHUNK = 1 << 20;

/**
 * The file's bytes, `size` at a time; each chunk is the same buffer's view, valid until the next one is asked for.
 * Rejects (on the first chunk) when the file cannot be opened or read.
 */
export async function* logChunks(file: string, size = LOG_CHUNK): AsyncGenerator<Uint8Array> {
  const fh = await open(file, 'r');
  try {
    const buf = Buffer.allocUnsafe(size);
    for (;;) {
      const { bytesRead } = await fh.read(buf, 0, size, null);
      if (bytesRead === 0) return;
      yield buf.subarray(0, bytesRead);
    }
  } finally {
    await fh.close();
  }
}
