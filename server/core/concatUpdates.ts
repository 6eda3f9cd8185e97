import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import * as Y from 'yjs';

/**
 * Merging a flush's v1 updates by concatenating their bytes instead of Y.mergeUpdates,
 * which decodes and re-encodes every struct (45 % of Bun's CPU under saturation).
 *
 * A v1 update is a struct section, [#clients] then per client [#structs][client][clock]
 * and its structs, followed by a delete set, [#clients] then per client
 * [client][#ranges] and (clock, len) pairs. Without parsing structs nobody knows where
 * a struct section ends, nor the clock after it; the room learns both while applying
 * the update (applyUpdateSpan) and passes them on as a StructSpan. With them, sections
 * of different clients are copied side by side, and two sections of one client become
 * one when the second starts where the first ends (Yjs reads one run per client per
 * update: a client written twice would overwrite its first run).
 */

/** One client's structs from clock to end, in bytes [after the header, dsStart) of their update. */
export interface StructSpan {
  client: number;
  clock: number;
  end: number;
  /** Where the update's delete set begins. */
  dsStart: number;
}

/**
 * Yjs's v1 decoder, noting where reading an update's structs got to and where its
 * delete set's count ends: each struct starts with readInfo and ends with one of the
 * content reads below (Item.js readItemContent), and Yjs calls resetDsCurVal once per
 * delete-set client, right after reading their count (v2 decoding needs that reset).
 */
class LayoutProbe extends Y.UpdateDecoderV1 {
  /** Position after the last struct field read through these methods: at most the struct section's end. */
  end = -1;
  dsClients = 0;
  afterDsCount = -1;

  override resetDsCurVal(): void {
    if (this.dsClients++ === 0) this.afterDsCount = this.restDecoder.pos;
  }

  private at<T>(value: T): T {
    this.end = this.restDecoder.pos;
    return value;
  }

  override readInfo(): number { return this.at(super.readInfo()); }
  override readLen(): number { return this.at(super.readLen()); }
  override readString(): string { return this.at(super.readString()); }
  override readBuf(): Uint8Array { return this.at(super.readBuf()); }
  override readAny(): unknown { return this.at(super.readAny()); }
  override readJSON(): unknown { return this.at(super.readJSON()); }
  override readKey(): string { return this.at(super.readKey()); }
  override readTypeRef(): number { return this.at(super.readTypeRef()); }
}

/**
 * Applies a v1 update to the doc (exactly as Y.applyUpdate) and, when the update is
 * one client's contiguous run of structs that the doc now holds entirely, returns its
 * span; null when it cannot tell (several clients, overlap with what the doc had,
 * structs left pending, anything unusual in the bytes).
 */
export function applyUpdateSpan(doc: Y.Doc, update: Uint8Array, origin: unknown): StructSpan | null {
  const store = doc.store;
  if (update[0] !== 1 || store.pendingStructs !== null) {
    Y.applyUpdate(doc, update, origin);
    return null;
  }
  const decoder = decoding.createDecoder(update);
  decoding.readVarUint(decoder);
  decoding.readVarUint(decoder);
  const client = decoding.readVarUint(decoder);
  const clock = decoding.readVarUint(decoder);
  const before = Y.getState(store, client);
  decoder.pos = 0;
  const probe = new LayoutProbe(decoder);
  Y.readUpdateV2(decoder, doc, origin, probe);
  // Yjs ignores bytes after the delete set; concatenated, they would be read as structs
  if (decoder.pos !== update.length || before !== clock || store.pendingStructs !== null) return null;
  const dsStart = deleteSetStart(update, probe);
  return dsStart < 0 ? null : { client, clock, end: Y.getState(store, client), dsStart };
}

/**
 * The delete set's first byte, or -1 when unsure. It is at least probe.end (structs
 * end there or later) and at most the position found from the delete set's count: a
 * varint takes at least its shortest form's bytes, and the count ends where the first
 * resetDsCurVal saw it, or, for no clients, at the update's end. Where the two meet,
 * that is the start. They do not meet for what Yjs never writes but accepts (an
 * overlong count, a Skip ending the run: its length is not read through the probe).
 */
function deleteSetStart(update: Uint8Array, probe: LayoutProbe): number {
  const start = probe.dsClients === 0 ? update.length - 1 : probe.afterDsCount - varUintLength(probe.dsClients);
  return probe.end === start ? start : -1;
}

interface Run {
  client: number;
  clock: number;
  end: number;
  structs: number;
  bodies: Uint8Array[];
}

/** A delete-set entry as written: its number of ranges and their (clock, len) bytes. */
interface Deletes {
  count: number;
  ranges: Uint8Array;
}

/**
 * One v1 update with the effect of applying the given ones in order, built by copying
 * their bytes; null when that cannot be done safely (the caller then uses
 * Y.mergeUpdates). Handles updates that only delete (struct section [0]) and updates
 * with a span; any other update, or two runs of one client that do not join, give null.
 */
export function concatUpdates(updates: readonly Uint8Array[], spans: readonly (StructSpan | null)[]): Uint8Array | null {
  const runs = new Map<number, Run>();
  // written in this order; iterating an array is cheaper than a Map on JavaScriptCore
  const order: Run[] = [];
  const deletes = new Map<number, Deletes[]>();
  // updates reach the outbox validated, so reading them does not throw; if it did, Yjs decides
  try {
    for (let i = 0; i < updates.length; i++) {
      const update = updates[i];
      const span = spans[i];
      let dsStart = 1;
      if (update[0] !== 0) {
        if (!span) return null;
        const d = decoding.createDecoder(update);
        decoding.readVarUint(d);
        const structs = decoding.readVarUint(d);
        if (decoding.readVarUint(d) !== span.client || decoding.readVarUint(d) !== span.clock) return null;
        const body = update.subarray(d.pos, span.dsStart);
        const run = runs.get(span.client);
        if (run === undefined) {
          const first = { client: span.client, clock: span.clock, end: span.end, structs, bodies: [body] };
          runs.set(span.client, first);
          order.push(first);
        } else if (run.end === span.clock) {
          run.end = span.end;
          run.structs += structs;
          run.bodies.push(body);
        } else return null;
        dsStart = span.dsStart;
      }
      if (!readDeletes(update, dsStart, deletes)) return null;
    }
  } catch {
    return null;
  }
  // each client's delete ranges in one entry, sorted and joined where several delete sets had some
  const dels: [number, Deletes][] = [];
  for (const [client, entries] of deletes) dels.push([client, entries.length === 1 ? entries[0] : joinRanges(entries)]);
  // Clients in descending order, as Yjs writes them: Y.mergeUpdates relies on it (given
  // clients in another order, it drops structs), and a cluster's relays merge updates
  // that other relays concatenated.
  if (order.length > 1) order.sort((a, b) => b.client - a.client);
  if (dels.length > 1) dels.sort((a, b) => b[0] - a[0]);
  // sized first and written into one buffer: lib0's Encoder grows in chunks and copies
  // parts twice, which cost more than all the rest here (measured on Node)
  let size = varUintLength(runs.size) + varUintLength(dels.length);
  for (let i = 0; i < order.length; i++) {
    const run = order[i];
    size += varUintLength(run.structs) + varUintLength(run.client) + varUintLength(run.clock);
    for (let j = 0; j < run.bodies.length; j++) size += run.bodies[j].length;
  }
  for (const [client, { count, ranges }] of dels) size += varUintLength(client) + varUintLength(count) + ranges.length;
  const out = new Uint8Array(size);
  let pos = putVarUint(out, 0, runs.size);
  for (let i = 0; i < order.length; i++) {
    const run = order[i];
    pos = putVarUint(out, pos, run.structs);
    pos = putVarUint(out, pos, run.client);
    pos = putVarUint(out, pos, run.clock);
    for (let j = 0; j < run.bodies.length; j++) {
      const body = run.bodies[j];
      out.set(body, pos);
      pos += body.length;
    }
  }
  pos = putVarUint(out, pos, dels.length);
  for (const [client, { count, ranges }] of dels) {
    pos = putVarUint(out, pos, client);
    pos = putVarUint(out, pos, count);
    out.set(ranges, pos);
    pos += ranges.length;
  }
  return out;
}

/** lib0's writeVarUint, into a buffer sized beforehand. */
function putVarUint(out: Uint8Array, pos: number, n: number): number {
  while (n > 127) {
    out[pos++] = 128 | (n & 127);
    n = Math.floor(n / 128);
  }
  out[pos++] = n;
  return pos;
}

function varUintLength(n: number): number {
  let bytes = 1;
  for (; n > 127; n = Math.floor(n / 128)) bytes++;
  return bytes;
}

/** Collects the delete set at `start` by client; false unless it ends the update exactly. */
function readDeletes(update: Uint8Array, start: number, into: Map<number, Deletes[]>): boolean {
  if (start === update.length - 1 && update[start] === 0) return true;
  const d = decoding.createDecoder(update);
  d.pos = start;
  const clients = decoding.readVarUint(d);
  for (let i = 0; i < clients; i++) {
    const client = decoding.readVarUint(d);
    const count = decoding.readVarUint(d);
    const from = d.pos;
    for (let j = 0; j < count; j++) {
      decoding.readVarUint(d);
      // Yjs never writes an empty range and cannot re-encode one (pending deletes): leave it to Yjs
      if (decoding.readVarUint(d) === 0) return false;
    }
    const entry = { count, ranges: update.subarray(from, d.pos) };
    const entries = into.get(client);
    if (entries) entries.push(entry);
    else into.set(client, [entry]);
  }
  return d.pos === update.length;
}

/**
 * One client's ranges from several delete sets, sorted and joined as Yjs does
 * (sortAndMergeDeleteSet): a receiver that cannot apply them yet re-encodes them as
 * deltas from one range to the next, which must not go backwards.
 */
function joinRanges(entries: Deletes[]): Deletes {
  const ranges: { clock: number; len: number }[] = [];
  for (const { count, ranges: bytes } of entries) {
    const d = decoding.createDecoder(bytes);
    for (let i = 0; i < count; i++) ranges.push({ clock: decoding.readVarUint(d), len: decoding.readVarUint(d) });
  }
  ranges.sort((a, b) => a.clock - b.clock);
  let n = 0;
  for (const r of ranges) {
    const last = n > 0 ? ranges[n - 1] : null;
    if (last && last.clock + last.len >= r.clock) last.len = Math.max(last.len, r.clock + r.len - last.clock);
    else ranges[n++] = r;
  }
  const enc = encoding.createEncoder();
  for (let i = 0; i < n; i++) {
    encoding.writeVarUint(enc, ranges[i].clock);
    encoding.writeVarUint(enc, ranges[i].len);
  }
  return { count: n, ranges: encoding.toUint8Array(enc) };
}
