// A long build repeats its few `building '…'` lines thousands of times: what
// each one tells the decoder is read once, by its text or by the slot the
// wasm scan remembered its bytes in, and looked up after that.
import type { Building } from './lineBytes';
import { latin1Text } from './bytesText';
import { BUILDING, plainBuilding } from './lineBytes';

export class BuildingLines {
  /** Recent `building '…` line texts (after the quote) → their derivation and its name, null when not a plain one. */
  private readonly byText = new Map<string, Building | null>();
  /** The same by the scan's remembered-line slot, for the store count it was read at. */
  private readonly bySlot: ({ gen: number; b: Building | null } | undefined)[] = [];

  /** Bytes [start, nl) as a plain `building '/nix/store/….drv'…` line (ASCII, no carriage return), or null. */
  read(data: Buffer, start: number, nl: number): Building | null {
    if (nl - start <= BUILDING.length) return null;
    for (let k = 0; k < BUILDING.length; k++) if (data[start + k] !== BUILDING[k]) return null;
    // As latin1, one character per byte: the line reads the same as decoded when it is ASCII without carriage returns.
    const s = latin1Text(data, start + BUILDING.length, nl);
    let b = this.byText.get(s);
    if (b === undefined) {
      b = plainBuilding(s);
      if (this.byText.size >= 256) this.byText.clear();
      this.byText.set(s, b);
    }
    return b;
  }

  /** `read` for a line the scan remembered (it starts with the marker): read once per slot and store count. */
  remembered(slot: number, gen: number, data: Buffer, start: number, nl: number): Building | null {
    let e = this.bySlot[slot];
    if (e?.gen !== gen) {
      const b = nl - start > BUILDING.length ? plainBuilding(latin1Text(data, start + BUILDING.length, nl)) : null;
      e = this.bySlot[slot] = { gen, b };
    }
    return e.b;
  }
}
