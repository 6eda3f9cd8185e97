/**
 * The stroke header: a stroke's fields that are fixed when it is drawn, stored at the
 * start of its first points chunk instead of as keys of its Y.Map.
 *
 * Each key of a shape's Y.Map is a Yjs item, and opening a board costs about the same
 * per item: a stroke written with one key per field (type, z, x, y, author, color,
 * width, np, pts, bb) is 11 items; with a header holding everything but its type and z,
 * 4 (type, z, ps and its one chunk): applying a 10,000-stroke board took 2.4× less time
 * (~400 → ~165 ms in Node). With the z in the header too, and the type implied by the
 * header (a shape whose map has `ps` and no `type` is a stroke), a stroke is the map,
 * `ps` and its chunk (plus the tombstone of the chunks joined at its end): applying the
 * benchmark board took ~199 → ~150 ms in Node (.scratch/structs2.ts).
 *
 * The header holds the author's values: z, origin, width, colour, author id, whether
 * the points carry pressure, and (once the stroke ends) the points' bounds. Later edits
 * (reorder, move, restyle) set the ordinary keys, which take precedence over the
 * header; undoing them deletes the key and the header value shows again.
 *
 * Layout (lib0 varints): flags (1 = no pressure, 2 = bounds follow, 4 = z follows), x,
 * y (zigzag integers), width × 100, colour and author (strings), then if flagged the z
 * (string) and the bounds as minX, minY (zigzag) and width, height; the point stream
 * (points.ts) follows directly.
 * Unknown flag bits make the header unreadable (a newer writer), and the stroke is then
 * left out rather than drawn wrong.
 */
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import type { PointBounds } from '../../shared/schema.ts';

const NO_PRESSURE = 1;
const HAS_BOUNDS = 2;
const HAS_Z = 4;
const KNOWN = NO_PRESSURE | HAS_BOUNDS | HAS_Z;

export interface StrokeHeader {
  /** origin, whole px */
  x: number;
  y: number;
  /** multiple of 0.01 */
  width: number;
  color: string;
  author: string;
  pressure: boolean;
  bounds: PointBounds | null;
  /** stacking key (order.ts); null in headers written before it moved here (the map's `z` key holds it) */
  z: string | null;
}

const utf8 = new TextDecoder();

/**
 * lib0's readVarString decodes through TextDecoder, which costs about a microsecond a
 * call in Chromium: 38 ms of a 10,000-stroke board's load went to the 30,000 header
 * strings (colour, author id, z), all short and ASCII. Those are turned into a string
 * directly; anything else still goes through TextDecoder.
 */
function readString(dec: decoding.Decoder): string {
  const len = decoding.readVarUint(dec);
  const start = dec.pos;
  const end = start + len;
  // a chunk can be a view into a larger buffer: never read past its own end
  if (end > dec.arr.length) throw new RangeError('truncated header');
  dec.pos = end;
  const bytes = dec.arr.subarray(start, end);
  // (apply's argument count is bounded: long strings, never written by this client, take TextDecoder)
  if (len > 256) return utf8.decode(bytes);
  for (let i = 0; i < len; i++) if (bytes[i] > 0x7f) return utf8.decode(bytes);
  return String.fromCharCode.apply(null, bytes as unknown as number[]);
}

const zigzag = (n: number) => (n >= 0 ? n * 2 : -n * 2 - 1);
const unzigzag = (u: number) => (u % 2 === 0 ? u / 2 : -(u + 1) / 2);

export function encodeHeader(h: StrokeHeader): Uint8Array {
  const enc = encoding.createEncoder();
  encoding.writeVarUint(enc, (h.pressure ? 0 : NO_PRESSURE) | (h.bounds ? HAS_BOUNDS : 0) | (h.z !== null ? HAS_Z : 0));
  encoding.writeVarUint(enc, zigzag(Math.round(h.x)));
  encoding.writeVarUint(enc, zigzag(Math.round(h.y)));
  encoding.writeVarUint(enc, Math.max(0, Math.round(h.width * 100)));
  encoding.writeVarString(enc, h.color);
  encoding.writeVarString(enc, h.author);
  if (h.z !== null) encoding.writeVarString(enc, h.z);
  if (h.bounds) {
    const [x0, y0, x1, y1] = h.bounds;
    encoding.writeVarUint(enc, zigzag(x0));
    encoding.writeVarUint(enc, zigzag(y0));
    encoding.writeVarUint(enc, x1 - x0);
    encoding.writeVarUint(enc, y1 - y0);
  }
  return encoding.toUint8Array(enc);
}

/** A parsed header and where the point stream starts in its chunk. */
export interface ParsedHeader extends StrokeHeader {
  end: number;
}

const parsed = new WeakMap<Uint8Array, ParsedHeader | null>();

/** The header at the start of `chunk` (cached per chunk object), or null if it is not one this client reads. */
export function readHeader(chunk: Uint8Array): ParsedHeader | null {
  let h = parsed.get(chunk);
  if (h === undefined) {
    h = parse(chunk);
    parsed.set(chunk, h);
  }
  return h;
}

function parse(chunk: Uint8Array): ParsedHeader | null {
  try {
    const dec = decoding.createDecoder(chunk);
    const flags = decoding.readVarUint(dec);
    if ((flags & ~KNOWN) !== 0) return null;
    const x = unzigzag(decoding.readVarUint(dec));
    const y = unzigzag(decoding.readVarUint(dec));
    const width = decoding.readVarUint(dec) / 100;
    const color = readString(dec);
    const author = readString(dec);
    const z = flags & HAS_Z ? readString(dec) : null;
    let bounds: PointBounds | null = null;
    if (flags & HAS_BOUNDS) {
      const x0 = unzigzag(decoding.readVarUint(dec));
      const y0 = unzigzag(decoding.readVarUint(dec));
      bounds = [x0, y0, x0 + decoding.readVarUint(dec), y0 + decoding.readVarUint(dec)];
    }
    return { x, y, width, color, author, pressure: (flags & NO_PRESSURE) === 0, bounds, z, end: dec.pos };
  } catch {
    // truncated: lib0 throws reading past the end
    return null;
  }
}
