import * as Y from 'yjs';
import { CloseCode } from '../../shared/closeCodes.ts';
import { jsonDepthWithin } from './jsonDepth.ts';
import { typeDepthWithin } from './typeDepth.ts';
import type { Limits } from './limits.ts';
import { ProtocolError } from './protocol.ts';

/** What a room knows when it checks an update: its document and the updates checked but not applied yet. */
export interface UpdateContext {
  doc: Y.Doc;
  /** Clocks reached by updates validated since the doc was last settled (see Room.settle). */
  ahead: Map<number, number>;
  /** Bytes of updates the room holds back waiting for missing clocks. */
  pendingBytes: number;
  /** Delete ranges among them: Yjs re-reads every one of them with each later update. */
  pendingDeletes: number;
  /** Size of the document as logged. */
  docBytes: number;
}

export interface UpdateVerdict {
  /** Some of it will wait for clocks the room does not have: it counts against maxPendingBytes. */
  pending: boolean;
  /** Delete ranges of it that will wait. */
  pendingDeletes: number;
}

const refuse = (code: CloseCode, why: string): never => {
  throw new ProtocolError(code, why);
};

/**
 * Checks a v1 update completely before any of it reaches the document: it decodes, its
 * content is of the kinds a board uses with JSON nested at most maxJsonDepth, and it
 * stays within the structural limits (clients, delete ranges and length, what would
 * wait for missing clocks, the document's size). Yjs integrates an update in steps and
 * cannot take back a step when a later one throws; everything that could make it throw
 * or grow without bound is refused here instead.
 */
export function checkUpdate(update: Uint8Array, ctx: UpdateContext, limits: Limits): UpdateVerdict {
  let decoded: ReturnType<typeof Y.decodeUpdate>;
  try {
    decoded = Y.decodeUpdate(update);
  } catch {
    return refuse(CloseCode.InvalidUpdate, 'Yjs update cannot be decoded');
  }
  const { structs, ds } = decoded;
  // A full board must still take deletions (and a reconnect's tombstones): only content counts.
  if (ctx.docBytes + update.length > limits.maxDocBytes && structs.some((s) => s instanceof Y.Item && !(s.content instanceof Y.ContentDeleted))) {
    refuse(CloseCode.DocTooLarge, `the board would pass its size limit of ${limits.maxDocBytes} bytes`);
  }
  const store = ctx.doc.store;
  const clients = new Set<number>();
  /** Per client, the clock this update reaches without a gap. */
  const reach = new Map<number, number>();
  const known = (client: number) => reach.get(client) ?? Math.max(Y.getState(store, client), ctx.ahead.get(client) ?? 0);
  let pending = false;

  for (const s of structs) {
    const { client, clock } = s.id;
    checkRange(client, clock + s.length);
    if (!clients.has(client)) {
      clients.add(client);
      if (clients.size > limits.maxUpdateClients) refuse(CloseCode.LimitExceeded, `more than ${limits.maxUpdateClients} clients in one update`);
    }
    if (s instanceof Y.Skip) continue;
    const at = known(client);
    if (clock > at) pending = true;
    else reach.set(client, Math.max(at, clock + s.length));
    if (s instanceof Y.Item) checkContent(s, limits);
  }
  if (!typeDepthWithin(structs, store, limits.maxJsonDepth)) refuse(CloseCode.InvalidUpdate, `shared types nested deeper than ${limits.maxJsonDepth}`);
  // References to items neither the room nor this update has make the item wait.
  for (const s of structs) {
    if (!(s instanceof Y.Item)) continue;
    for (const ref of [s.origin, s.rightOrigin, s.parent instanceof Y.ID ? s.parent : null]) {
      if (ref && ref.clock >= known(ref.client)) pending = true;
    }
  }

  let ranges = 0;
  let pendingDeletes = 0;
  let deleted = 0;
  for (const [client, items] of ds.clients) {
    if (!clients.has(client)) {
      clients.add(client);
      if (clients.size > limits.maxUpdateClients) refuse(CloseCode.LimitExceeded, `more than ${limits.maxUpdateClients} clients in one update`);
    }
    ranges += items.length;
    if (ranges > limits.maxDeleteRanges) refuse(CloseCode.LimitExceeded, `more than ${limits.maxDeleteRanges} delete ranges in one update`);
    const at = known(client);
    for (const r of items) {
      if (r.len < 1) refuse(CloseCode.InvalidUpdate, 'empty delete range');
      checkRange(client, r.clock + r.len);
      deleted += r.len;
      if (r.clock + r.len > at) pendingDeletes++;
    }
    if (deleted > limits.maxDeletedLength) refuse(CloseCode.LimitExceeded, `more than ${limits.maxDeletedLength} deleted in one update`);
  }

  if (pendingDeletes > 0) pending = true;
  if (pending && (ctx.pendingBytes + update.length > limits.maxPendingBytes || ctx.pendingDeletes + pendingDeletes > limits.maxPendingDeletes)) {
    refuse(CloseCode.LimitExceeded, 'too much waiting for missing updates');
  }
  for (const [client, clock] of reach) if (clock > (ctx.ahead.get(client) ?? 0)) ctx.ahead.set(client, clock);
  return { pending, pendingDeletes };
}

/**
 * Yjs makes client ids 32-bit; its v2 encoding (snapshots, GET /doc) packs clock
 * differences with 32-bit shifts, so larger ids or clocks past 2^30 would come back from
 * the store as something else than what everyone was sent.
 */
const MAX_CLIENT_ID = 0xffffffff;
const MAX_CLOCK = 2 ** 30;

function checkRange(client: number, end: number): void {
  if (client > MAX_CLIENT_ID) refuse(CloseCode.InvalidUpdate, 'client id beyond 32 bits');
  if (end > MAX_CLOCK) refuse(CloseCode.InvalidUpdate, 'clock beyond 2^30');
}

function checkContent(item: Y.Item, limits: Limits): void {
  const c = item.content;
  if (c instanceof Y.ContentAny || c instanceof Y.ContentJSON) {
    for (const v of c.arr) if (!jsonDepthWithin(v, limits.maxJsonDepth)) refuse(CloseCode.InvalidUpdate, 'JSON nested too deeply');
  } else if (c instanceof Y.ContentEmbed) {
    if (!jsonDepthWithin(c.embed, limits.maxJsonDepth)) refuse(CloseCode.InvalidUpdate, 'JSON nested too deeply');
  } else if (c instanceof Y.ContentFormat) {
    if (!jsonDepthWithin(c.value, limits.maxJsonDepth)) refuse(CloseCode.InvalidUpdate, 'JSON nested too deeply');
  } else if (c instanceof Y.ContentDoc) {
    refuse(CloseCode.InvalidUpdate, 'subdocuments are not accepted');
  }
}
