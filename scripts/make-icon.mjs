// Draws the extension icon (a snowflake-ish hexagon on a dark square) as a PNG
// with no image library: raw RGBA scanlines, deflated, with CRC'd chunks.
import { writeFileSync } from 'node:fs';
import { deflateSync } from 'node:zlib';

const N = 128;
const px = Buffer.alloc(N * (N * 4 + 1));
const inHex = (x, y, r) => {
  const ax = Math.abs(x),
    ay = Math.abs(y);
  return ay <= (Math.sqrt(3) / 2) * r && Math.sqrt(3) * ax + ay <= Math.sqrt(3) * r;
};
for (let y = 0; y < N; y++) {
  px[y * (N * 4 + 1)] = 0;
  for (let x = 0; x < N; x++) {
    const cx = x - N / 2 + 0.5,
      cy = y - N / 2 + 0.5;
    let c = [30, 36, 48, 255];
    if (inHex(cx, cy, 54)) c = [82, 119, 195, 255];
    if (inHex(cx, cy, 40)) c = [30, 36, 48, 255];
    // Six spokes, like the Nix snowflake's lambdas, in Rust orange.
    const a = Math.atan2(cy, cx),
      d = Math.hypot(cx, cy);
    const spoke = Math.abs((((a * 3) / Math.PI + 60) % 1) - 0.5) > 0.42;
    if (d < 34 && d > 8 && spoke) c = [222, 112, 56, 255];
    px.set(c, y * (N * 4 + 1) + 1 + x * 4);
  }
}
const crcTable = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
const crc = (b) => {
  let c = 0xffffffff;
  for (const x of b) c = crcTable[(c ^ x) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
};
const chunk = (type, data) => {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const td = Buffer.concat([Buffer.from(type), data]);
  const c = Buffer.alloc(4);
  c.writeUInt32BE(crc(td));
  return Buffer.concat([len, td, c]);
};
const ihdr = Buffer.alloc(13);
ihdr.writeUInt32BE(N, 0);
ihdr.writeUInt32BE(N, 4);
ihdr.set([8, 6, 0, 0, 0], 8);
const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr), chunk('IDAT', deflateSync(px)), chunk('IEND', Buffer.alloc(0))]);
writeFileSync(new URL('../images/icon.png', import.meta.url), png);
console.log(`images/icon.png: ${png.length} bytes`);
