import type { Redis } from 'ioredis';
import { seqOfId } from './keys.ts';

/** One update of a room's shared log. */
export interface LogEntry {
  seq: number;
  /** The relay that appended it. */
  relay: string;
  update: Uint8Array;
}

type RawEntry = [id: Buffer, fields: Buffer[]];

export function parseEntry([id, fields]: RawEntry): LogEntry {
  let relay = '';
  let update: Uint8Array = new Uint8Array(0);
  for (let i = 0; i + 1 < fields.length; i += 2) {
    const name = fields[i].toString('latin1');
    if (name === 'r') relay = fields[i + 1].toString('latin1');
    else if (name === 'u') update = new Uint8Array(fields[i + 1]);
  }
  return { seq: seqOfId(id), relay, update };
}

/** Page size of XRANGE: a long stream is read in pieces, not in one reply. */
const PAGE = 1000;

/** The stream's entries after `afterSeq`, up to `maxEntries` (the rest is left for later). */
export async function readAfter(redis: Redis, stream: string, afterSeq: number, maxEntries = Infinity): Promise<LogEntry[]> {
  const out: LogEntry[] = [];
  let after = afterSeq;
  while (out.length < maxEntries) {
    const page = (await redis.xrangeBuffer(stream, `(${after}-0`, '+', 'COUNT', Math.min(PAGE, maxEntries - out.length))) as RawEntry[];
    for (const raw of page) out.push(parseEntry(raw));
    if (page.length < PAGE) break;
    after = out[out.length - 1].seq;
  }
  return out;
}
