/**
 * Cuts one Yjs update (v1) into several smaller ones that, applied in order, give the
 * same document. An editor uses it for a change larger than the relay's frame limit (a
 * long offline session's sync step 2, one huge transaction), so such a change reaches
 * the relay as frames it accepts instead of being closed with 4413.
 *
 * The parts are ordered so that each needs nothing from a later one: a struct goes
 * out only after the structs it names (origin, right origin, parent) when those are in
 * the same update, so the relay never holds a part back waiting for clocks (it would
 * count against the room's pending budget, 4409). Deletions go last, after every struct
 * they may point at. Structs are never cut: one struct larger than the limit travels
 * alone, and the relay refuses it as it would have refused the whole update.
 */
import * as Y from 'yjs';
import * as encoding from 'lib0/encoding';

/** bytes a client section's header (count, client, clock) and the update's framing may take */
const SECTION_HEADER = 3 * 10;
const UPDATE_HEADER = 2 * 10;

type Struct = ReturnType<typeof Y.decodeUpdate>['structs'][number];
type DeleteSet = ReturnType<typeof Y.decodeUpdate>['ds'];

interface Lane {
  client: number;
  structs: Struct[];
  /** where each struct's encoding starts in the shared buffer, and where the last one ends */
  offsets: number[];
  /** index of the next struct to send */
  next: number;
}

interface Section {
  lane: Lane;
  from: number;
  to: number;
}

/** Returns `[update]` when it already fits `maxBytes`. */
export function splitUpdate(update: Uint8Array, maxBytes: number): Uint8Array[] {
  if (update.length <= maxBytes) return [update];
  const { structs, ds } = Y.decodeUpdate(update);
  const { lanes, bytes } = encodeStructs(structs);
  const parts: Uint8Array[] = [];
  // one section per client and part (Yjs reads a second one of the same client over the first)
  let sections = new Map<Lane, Section>();
  let size = UPDATE_HEADER;
  const flush = () => {
    if (sections.size === 0) return;
    parts.push(writeUpdate([...sections.values()], bytes, null));
    sections = new Map();
    size = UPDATE_HEADER;
  };
  const take = (lane: Lane) => {
    const i = lane.next++;
    const cost = lane.offsets[i + 1]! - lane.offsets[i]!;
    if (sections.size > 0 && size + cost + (sections.has(lane) ? 0 : SECTION_HEADER) > maxBytes) flush();
    const section = sections.get(lane);
    // a lane's structs go out in order, so what this part holds of it is one run
    if (section) section.to = i + 1;
    else {
      sections.set(lane, { lane, from: i, to: i + 1 });
      size += SECTION_HEADER;
    }
    size += cost;
  };

  let left = structs.length;
  while (left > 0) {
    let moved = false;
    for (const lane of lanes.values()) {
      while (lane.next < lane.structs.length && ready(lane.structs[lane.next]!, lanes)) {
        take(lane);
        left--;
        moved = true;
      }
    }
    if (!moved) {
      // a dependency the update does not carry in order (a cycle cannot come from Yjs):
      // send one struct anyway; the relay then treats it as it would the whole update
      const lane = [...lanes.values()].find((l) => l.next < l.structs.length)!;
      take(lane);
      left--;
    }
  }

  const deletions = writeDeleteSets(ds, maxBytes);
  const first = deletions[0];
  if (first && size + first.length <= maxBytes && sections.size > 0) {
    parts.push(writeUpdate([...sections.values()], bytes, first));
    deletions.shift();
  } else flush();
  for (const d of deletions) parts.push(writeUpdate([], bytes, d));
  return parts.length > 0 ? parts : [update];
}

/** Every struct encoded once (v1 structs carry no state between them), grouped by client. */
function encodeStructs(structs: Struct[]): { lanes: Map<number, Lane>; bytes: Uint8Array } {
  const encoder = new Y.UpdateEncoderV1();
  const lanes = new Map<number, Lane>();
  let current: Lane | undefined;
  for (const s of structs) {
    if (current?.client !== s.id.client) {
      // v1 lists each client's structs in one run: a lane's bytes are then contiguous
      if (lanes.has(s.id.client)) throw new Error('update lists a client twice');
      current = { client: s.id.client, structs: [], offsets: [encoding.length(encoder.restEncoder)], next: 0 };
      lanes.set(s.id.client, current);
    }
    s.write(encoder, 0);
    current.structs.push(s);
    current.offsets.push(encoding.length(encoder.restEncoder));
  }
  return { lanes, bytes: encoding.toUint8Array(encoder.restEncoder) };
}

/** Whether everything `s` names is either outside the update or already sent. */
function ready(s: Struct, lanes: Map<number, Lane>): boolean {
  if (!(s instanceof Y.Item)) return true;
  if (s.origin && !sent(s.origin, lanes)) return false;
  if (s.rightOrigin && !sent(s.rightOrigin, lanes)) return false;
  if (s.parent instanceof Y.ID && !sent(s.parent, lanes)) return false;
  return true;
}

function sent(id: Y.ID, lanes: Map<number, Lane>): boolean {
  const lane = lanes.get(id.client);
  if (!lane || lane.structs.length === 0) return true;
  if (id.clock < lane.structs[0]!.id.clock) return true;
  const next = lane.structs[lane.next];
  return next === undefined || id.clock < next.id.clock;
}

function writeUpdate(sections: Section[], bytes: Uint8Array, deletions: Uint8Array | null): Uint8Array {
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, sections.length);
  for (const { lane, from, to } of sections) {
    encoding.writeVarUint(e, to - from);
    encoding.writeVarUint(e, lane.client);
    encoding.writeVarUint(e, lane.structs[from]!.id.clock);
    encoding.writeUint8Array(e, bytes.subarray(lane.offsets[from]!, lane.offsets[to]!));
  }
  if (deletions) encoding.writeUint8Array(e, deletions);
  else encoding.writeVarUint(e, 0);
  return encoding.toUint8Array(e);
}

/** The delete set in the v1 layout, cut into pieces of at most about `maxBytes` (whole ranges). */
function writeDeleteSets(ds: DeleteSet, maxBytes: number): Uint8Array[] {
  const pieces: Uint8Array[] = [];
  let clients: [number, { clock: number; len: number }[]][] = [];
  let size = UPDATE_HEADER;
  const flush = () => {
    if (clients.length === 0) return;
    const e = encoding.createEncoder();
    encoding.writeVarUint(e, clients.length);
    for (const [client, ranges] of clients) {
      encoding.writeVarUint(e, client);
      encoding.writeVarUint(e, ranges.length);
      for (const r of ranges) {
        encoding.writeVarUint(e, r.clock);
        encoding.writeVarUint(e, r.len);
      }
    }
    pieces.push(encoding.toUint8Array(e));
    clients = [];
    size = UPDATE_HEADER;
  };
  for (const [client, ranges] of ds.clients) {
    let current: { clock: number; len: number }[] = [];
    clients.push([client, current]);
    size += SECTION_HEADER;
    for (const r of ranges) {
      if (size + 20 > maxBytes && current.length > 0) {
        flush();
        current = [];
        clients.push([client, current]);
        size += SECTION_HEADER;
      }
      current.push({ clock: r.clock, len: r.len });
      size += 20;
    }
  }
  flush();
  return pieces;
}
