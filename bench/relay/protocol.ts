// The wire as the load generator speaks it: y-websocket framing (ours, y-websocket's
// server, the plain rebroadcast server) or Hocuspocus framing (the same messages, each
// prefixed with the document name, after an auth message). Plus the timestamp stamps
// carried inside every stroke chunk and cursor update.
import * as encoding from 'lib0/encoding';
import * as decoding from 'lib0/decoding';

/** yws: y-websocket; hp: Hocuspocus 4; raw: y-websocket framing to a server that only rebroadcasts. */
export type Dialect = 'yws' | 'hp' | 'raw';

export const MSG_SYNC = 0;
export const MSG_AWARENESS = 1;
export const MSG_AUTH = 2;
export const MSG_HP_SYNC_REPLY = 4;
export const SYNC_STEP1 = 0;
export const SYNC_STEP2 = 1;
export const SYNC_UPDATE = 2;

export function encodeMessage(dialect: Dialect, room: string, write: (e: encoding.Encoder) => void): Uint8Array {
  const e = encoding.createEncoder();
  if (dialect === 'hp') encoding.writeVarString(e, room);
  write(e);
  return encoding.toUint8Array(e);
}

export const syncMessage = (dialect: Dialect, room: string, sub: number, payload: Uint8Array): Uint8Array =>
  encodeMessage(dialect, room, (e) => {
    encoding.writeVarUint(e, MSG_SYNC);
    encoding.writeVarUint(e, sub);
    encoding.writeVarUint8Array(e, payload);
  });

export const awarenessMessage = (dialect: Dialect, room: string, update: Uint8Array): Uint8Array =>
  encodeMessage(dialect, room, (e) => {
    encoding.writeVarUint(e, MSG_AWARENESS);
    encoding.writeVarUint8Array(e, update);
  });

/** Hocuspocus: auth message (type 2, sub-type 0 = token) that opens the document. */
export const hpAuthMessage = (room: string): Uint8Array =>
  encodeMessage('hp', room, (e) => {
    encoding.writeVarUint(e, MSG_AUTH);
    encoding.writeVarUint(e, 0);
    encoding.writeVarString(e, 'bench');
  });

/** One awareness entry, encoded by hand (a y-protocols awareness update with one client). */
export function encodeAwareness(clientId: number, clock: number, state: unknown): Uint8Array {
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, 1);
  encoding.writeVarUint(e, clientId);
  encoding.writeVarUint(e, clock);
  encoding.writeVarString(e, JSON.stringify(state));
  return encoding.toUint8Array(e);
}

/** Calls back for each (clientId, state) in an awareness update. */
export function readAwareness(update: Uint8Array, each: (clientId: number, state: any) => void): void {
  const d = decoding.createDecoder(update);
  const n = decoding.readVarUint(d);
  for (let i = 0; i < n; i++) {
    const clientId = decoding.readVarUint(d);
    decoding.readVarUint(d); // clock
    const json = decoding.readVarString(d);
    if (json.length > 2 && json.includes('"t"')) each(clientId, JSON.parse(json));
  }
}

// ---- stamps: every stroke chunk carries its writer, sequence number and send time ----

export const STAMP_MAGIC = Buffer.from([0xb7, 0x5e, 0xc4, 0x11]);
/** magic(4) + writer(u32) + seq(u32) + sendTime(f64, ms since epoch) + 4 points x,y (i16). */
export const CHUNK_BYTES = 4 + 4 + 4 + 8 + 16;

export const nowMs = (): number => performance.timeOrigin + performance.now();

export function makeChunk(writer: number, seq: number, x: number, y: number): Uint8Array {
  const b = Buffer.allocUnsafe(CHUNK_BYTES);
  STAMP_MAGIC.copy(b, 0);
  b.writeUInt32LE(writer, 4);
  b.writeUInt32LE(seq, 8);
  b.writeDoubleLE(nowMs(), 12);
  for (let i = 0; i < 4; i++) {
    b.writeInt16LE((x + i * 3) & 0x7fff, 20 + i * 4);
    b.writeInt16LE((y + i * 2) & 0x7fff, 22 + i * 4);
  }
  return new Uint8Array(b.buffer, b.byteOffset, b.byteLength);
}

/**
 * Finds every stamp in the raw bytes of a Yjs update (stroke chunks are stored as binary
 * content, so their bytes appear verbatim, also inside updates a server merged).
 */
export function scanStamps(bytes: Uint8Array, each: (writer: number, seq: number, sentAt: number) => void): void {
  const buf = Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let i = buf.indexOf(STAMP_MAGIC);
  const lowest = 1.5e12;
  while (i !== -1 && i + CHUNK_BYTES <= buf.length) {
    const sentAt = buf.readDoubleLE(i + 12);
    if (sentAt > lowest && sentAt < 1e13) {
      each(buf.readUInt32LE(i + 4), buf.readUInt32LE(i + 8), sentAt);
      i = buf.indexOf(STAMP_MAGIC, i + CHUNK_BYTES);
    } else {
      i = buf.indexOf(STAMP_MAGIC, i + 1);
    }
  }
}
