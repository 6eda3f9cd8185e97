/**
 * Small PNG files made in the test (no image library needed): the relay sniffs the type
 * from the bytes and the browser decodes them, so they must be real PNGs.
 */
import { createHash, randomBytes } from 'node:crypto';
import { deflateSync } from 'node:zlib';

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
const crc32 = (b: Buffer) => {
  let c = 0xffffffff;
  for (const x of b) c = CRC_TABLE[(c ^ x) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
};
function chunk(type: string, data: Buffer): Buffer {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([len, body, crc]);
}

/** An RGB PNG from its filtered rows (each row: filter byte 0, then w × 3 bytes). */
function rgbPng(w: number, h: number, rows: Buffer, level?: number): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(w, 0);
  ihdr.writeUInt32BE(h, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 2; // RGB
  const idat = deflateSync(rows, level === undefined ? {} : { level });
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr), chunk('IDAT', idat), chunk('IEND', Buffer.alloc(0))]);
}

const rgb = (hex: string) => [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16));

/** A PNG w × h, its left half one colour and its right half another. */
export function splitPng(w: number, h: number, left: string, right: string): Buffer {
  const row = Buffer.alloc(1 + w * 3);
  for (let x = 0; x < w; x++) row.set(rgb(x < w / 2 ? left : right), 1 + x * 3);
  return rgbPng(w, h, Buffer.concat(Array.from({ length: h }, () => row)));
}

/** A PNG of one colour, w × h. */
export const solidPng = (w: number, h: number, hex: string): Buffer => splitPng(w, h, hex, hex);

/** A PNG of random pixels (it does not compress): about 3 × w × h bytes. */
export const noisePng = (w: number, h: number): Buffer =>
  rgbPng(w, h, Buffer.concat(Array.from({ length: h }, () => Buffer.concat([Buffer.from([0]), randomBytes(w * 3)]))), 1);

/** The file's name on the relay. */
export const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');
