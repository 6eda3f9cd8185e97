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
  /** The highest clock of each client in updates validated since the doc was last settled, gaps and all. */
  touched: Map<number, number>;
  /** The items Yjs holds back (doc.store.pendingStructs) by client, decoded once per pending update (waitingItems). */
  waiting: { update: Uint8Array; byClient: Map<number, Array<Y.Item | Y.GC>> } | null;
}

export interface UpdateVerdict {
  /** Some of it will wait for clocks the room does not have: it counts against maxPendingBytes. */
  pending: boolean;
  /** Delete ranges of it that will wait. */
  pendingDeletes: number;
  /**
   * It repeats clocks of updates validated but not applied yet that the room does not
   * have: whether that is a forgery (see forgedRepeat) depends on what Yjs makes of those.
   * Nothing was checked or counted; apply what waits (Room.settle) and check it again.
   */
  settleFirst?: boolean;
}

const SETTLE_FIRST: UpdateVerdict = { pending: false, pendingDeletes: 0, settleFirst: true };

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
  // what waits is compared with what this update gives (leavesWaitingReady): against the board as it will be when this is applied
  if (ctx.touched.size > 0 && (store.pendingStructs !== null || ctx.pendingBytes > 0)) return SETTLE_FIRST;
  const waiting = waitingItems(ctx);
  for (const s of structs) {
    if (s instanceof Y.Skip) continue;
    const { client, clock } = s.id;
    if (clock < (ctx.touched.get(client) ?? 0) && clock + s.length > Y.getState(store, client)) return SETTLE_FIRST;
    if (!(s instanceof Y.Item)) continue;
    const refs = [s.origin, s.rightOrigin, s.parent instanceof Y.ID ? s.parent : null];
    // References to items neither the room nor this update has make the item wait.
    for (const ref of refs) if (ref && ref.clock >= known(ref.client)) pending = true;
    // Yjs takes references to the item's own client as met (they are to earlier items of its author's)
    if (refs.some((ref) => ref && ref.client === client && ref.clock >= clock)) refuse(CloseCode.InvalidUpdate, 'an item referring to a later item of its own client');
    if (forgedRepeat(s, refs, store)) refuse(CloseCode.InvalidUpdate, 'an item the board has, referring to items it does not have');
    if (clock < Y.getState(store, client) && clock + s.length > Y.getState(store, client) && !continuesRoom(s, ctx.doc)) {
      refuse(CloseCode.InvalidUpdate, 'an item the board has in part, unlike what it has');
    }
    const held = waiting?.get(client);
    if (held && unlikeWaiting(s, held)) refuse(CloseCode.InvalidUpdate, 'an item unlike the one the board holds under its id');
  }

  if (waiting !== null && leavesWaitingReady(structs, ctx, waiting)) {
    refuse(CloseCode.InvalidUpdate, 'an update giving items held back what they wait for, while Yjs would keep them back');
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
  for (const s of structs) {
    const end = s.id.clock + s.length;
    if (!(s instanceof Y.Skip) && end > (ctx.touched.get(s.id.client) ?? 0)) ctx.touched.set(s.id.client, end);
  }
  return { pending, pendingDeletes };
}

/**
 * An item whose id the room already holds, sent again with references to items the room
 * does not have: no copy of the room's item can be like that (the room integrated its
 * item, so it has what that item refers to), it is another item under a taken id.
 * Yjs cannot tell: it holds the item back as waiting for those references
 * (doc.store.pendingStructs) although it has its id, with every later item of the
 * update. Encoding the board (sync step 2 for a new editor, GET /doc, a snapshot) merges
 * what waits into what the board has (Y.mergeUpdates), which drops the repeated clocks,
 * and the later items then no longer wait: a new editor, or the room reloaded, would get
 * items the room and every editor hold back (the fuzzer found it: seeds 20261202 and 2).
 * Yjs checks only references to other clients (its Item.getMissing); so does this.
 */
function forgedRepeat(s: Y.Item, refs: Array<Y.ID | null>, store: Y.Doc['store']): boolean {
  const { client, clock } = s.id;
  if (clock >= Y.getState(store, client)) return false;
  return refs.some((ref) => ref !== null && ref.client !== client && ref.clock >= Y.getState(store, ref.client));
}

/**
 * An item the room has the start of: Yjs integrates the rest after the room's last item
 * of that client, in the parent it worked out from the item's references. A copy of the
 * room's item continues it (same parent, same right neighbour; or nowhere, as GC, where
 * the room's is GC); another item would go into one list linked from another (Yjs throws
 * half-way through, or corrupts the list). Called once forgedRepeat and the own-client
 * check passed: every reference is to an item the room has.
 */
function continuesRoom(s: Y.Item, doc: Y.Doc): boolean {
  const store = doc.store;
  const last = Y.getItem(store, Y.createID(s.id.client, Y.getState(store, s.id.client) - 1));
  const into = parentOf(s, doc);
  if (!(last instanceof Y.Item)) return into === null;
  return into !== null && into.parent === last.parent && into.sub === last.parentSub && Y.compareIDs(s.rightOrigin, last.rightOrigin);
}

/** The parent Yjs gives an item from its references (Item.getMissing); null: it becomes GC. */
function parentOf(s: Y.Item, doc: Y.Doc): { parent: unknown; sub: string | null } | null {
  const store = doc.store;
  const left = s.origin ? Y.getItem(store, s.origin) : null;
  const right = s.rightOrigin ? Y.getItem(store, s.rightOrigin) : null;
  if (left instanceof Y.GC || right instanceof Y.GC) return null;
  const parent = s.parent as unknown;
  if (parent === null) {
    const next = (left ?? right) as Y.Item | null;
    return next && next.parent ? { parent: next.parent, sub: next.parentSub } : null;
  }
  if (parent instanceof Y.ID) {
    const item = Y.getItem(store, parent);
    if (!(item instanceof Y.Item)) return null;
    return item.content instanceof Y.ContentType ? { parent: item.content.type, sub: s.parentSub } : { parent: undefined, sub: s.parentSub };
  }
  return typeof parent === 'string' ? { parent: doc.share.get(parent), sub: s.parentSub } : null;
}

/**
 * The same against the items Yjs holds back: an item under ids of one that waits must be
 * that item, with the same neighbours at the first id they share (a copy sliced anywhere
 * has them: the left one is the id before, unless it starts there; the right one and
 * the parent are the item's). Another item there would be integrated while the one
 * waiting stays back, and encoding the board would again drop the waiting one's clocks.
 * What waits as GC (or arrives as GC) has no neighbours to compare: Room.settle checks
 * after applying that nothing waiting repeats what the board has (waitingOutOfStep).
 */
function unlikeWaiting(s: Y.Item, held: Array<Y.Item | Y.GC>): boolean {
  const { client, clock } = s.id;
  const end = clock + s.length;
  // held is in clock order: the first that ends after `clock`
  let lo = 0;
  for (let hi = held.length; lo < hi; ) {
    const mid = (lo + hi) >> 1;
    if (held[mid].id.clock + held[mid].length <= clock) lo = mid + 1;
    else hi = mid;
  }
  for (let i = lo; i < held.length && held[i].id.clock < end; i++) {
    const w = held[i];
    if (!(w instanceof Y.Item)) continue;
    const at = Math.max(clock, w.id.clock);
    const left = (x: Y.Item) => (at === x.id.clock ? x.origin : Y.createID(client, at - 1));
    if (!Y.compareIDs(left(s), left(w)) || !Y.compareIDs(s.rightOrigin, w.rightOrigin)) return true;
    // with neither neighbour, the parent is written instead
    if (left(s) === null && s.rightOrigin === null && (parentKey(s) !== parentKey(w) || s.parentSub !== w.parentSub)) return true;
  }
  return false;
}

const parentKey = (x: Y.Item) => (x.parent instanceof Y.ID ? `${x.parent.client}:${x.parent.clock}` : typeof x.parent === 'string' ? `"${x.parent}` : null);

/** The items Yjs holds back, by client in clock order (Skips left out); null when none wait. */
export function waitingItems(ctx: UpdateContext): Map<number, Array<Y.Item | Y.GC>> | null {
  const pending = ctx.doc.store.pendingStructs;
  if (pending === null) {
    ctx.waiting = null; // nothing waits: what was decoded goes
    return null;
  }
  if (ctx.waiting?.update !== pending.update) {
    const byClient = new Map<number, Array<Y.Item | Y.GC>>();
    for (const s of Y.decodeUpdateV2(pending.update).structs) {
      if (s instanceof Y.Skip) continue;
      const list = byClient.get(s.id.client);
      if (list) list.push(s);
      else byClient.set(s.id.client, [s]);
    }
    ctx.waiting = { update: pending.update, byClient };
  }
  return ctx.waiting.byClient;
}

/**
 * Whether anything Yjs holds back repeats clocks the board has, or has all it waits for:
 * the states forgedRepeat, unlikeWaiting and leavesWaitingReady keep a room out of
 * (encoding the board would drop those clocks of what waits, or hand a new editor what
 * waits here, and a new editor get what nobody here has). Updates of honest editors
 * never lead there; Room.settle checks it after each update as the last resort.
 * Only the first item waiting of each client can be ready: the later ones need it.
 */
export function waitingOutOfStep(ctx: UpdateContext): boolean {
  const waiting = waitingItems(ctx);
  if (waiting === null) return false;
  const store = ctx.doc.store;
  const state = (client: number) => Y.getState(store, client);
  for (const list of waiting.values()) if (readyAt(list[0], state)) return true;
  return false;
}

/** References Yjs looks up before it integrates an item (Item.getMissing): neighbours and the parent by id. */
function refsOf(s: Y.Item): Y.ID[] {
  const refs: Y.ID[] = [];
  if (s.origin) refs.push(s.origin);
  if (s.rightOrigin) refs.push(s.rightOrigin);
  if (s.parent instanceof Y.ID) refs.push(s.parent);
  return refs;
}

/** An item Yjs holds back that the board, at these clocks, has (in part) or could integrate. */
function readyAt(w: Y.Item | Y.GC, state: (client: number) => number): boolean {
  const { client, clock } = w.id;
  const at = state(client);
  if (clock !== at) return clock < at;
  return !(w instanceof Y.Item) || refsOf(w).every((r) => r.client === client || r.clock < state(r.client));
}

/**
 * Yjs takes up what it holds back (doc.store.pendingStructs) only when an update reaches
 * one of the clocks it noted as missing (pendingStructs.missing), and it notes one clock
 * per client, not what each item waits for: an item that waits for X:k while later items
 * of X wait behind a gap is noted as waiting for the clock before the gap (Yjs looks for
 * X:k among X's items in the update, finds the one after the gap, and notes what that
 * one lacks). An update giving X up to k, not up to the gap, then leaves the item held
 * back with all it waits for on the board: encoding the board (sync step 2, GET /doc, a
 * snapshot) merges it in, and a new editor or the room reloaded gets an item the room
 * and every editor hold back (the fuzzer found it: seed 2, batch 16179). Which clock is
 * noted depends on how the updates were cut (the room's and each editor's may differ:
 * the outbox merges what it forwards), so an update that makes a waiting item ready is
 * refused when the room would not take it up, or when any of its references is to a
 * client with items still waiting behind a gap after it (someone's Yjs may have noted
 * that gap). An honest update never meets this: it takes a board that lost updates its
 * editors had, items of theirs waiting behind the loss, and an editor sending part of
 * the loss only.
 * `waiting`: waitingItems(ctx), of the board settled (checkUpdate settles first).
 */
function leavesWaitingReady(structs: Array<Y.Item | Y.GC | Y.Skip>, ctx: UpdateContext, waiting: Map<number, Array<Y.Item | Y.GC>>): boolean {
  const store = ctx.doc.store;
  const after = clocksAfter(structs, store);
  if (after.size === 0) return false;
  const state = (client: number) => after.get(client) ?? Y.getState(store, client);
  let retries = false;
  for (const [client, clock] of store.pendingStructs!.missing) {
    if (clock < state(client)) {
      retries = true;
      break;
    }
  }
  for (const [client, list] of waiting) {
    const w = list[0];
    const refs = w instanceof Y.Item ? refsOf(w) : [];
    // nothing it needs changed: it was not ready before (Room.settle checks that), nor is it now
    if (!after.has(client) && !refs.some((r) => after.has(r.client))) continue;
    if (!readyAt(w, state)) continue;
    if (!retries) return true;
    for (const r of refs) {
      if (r.client === client) continue;
      const behind = waiting.get(r.client);
      if (behind && behind[behind.length - 1].id.clock > state(r.client)) return true;
    }
  }
  return false;
}

type Struct = Y.Item | Y.GC | Y.Skip;

/**
 * The clocks Yjs reaches integrating an update (its integrateStructs, clocks only, one
 * pass, before it takes up what waits), for the clients the update moves on. Followed
 * step by step: an item that lacks an item of another client sends Yjs to that client's
 * structs in the update, and a struct after a gap puts aside what Yjs was following.
 * A client written twice in one update keeps its last run, as Yjs reads it.
 */
function clocksAfter(structs: Struct[], store: Y.Doc['store']): Map<number, number> {
  const runs = new Map<number, { i: number; refs: Struct[] }>();
  let run: { i: number; refs: Struct[] } | null = null;
  for (const s of structs) {
    if (run === null || run.refs[0].id.client !== s.id.client) {
      run = { i: 0, refs: [] };
      runs.set(s.id.client, run);
    }
    run.refs.push(s);
  }
  const reached = new Map<number, number>();
  const state = (client: number) => reached.get(client) ?? Y.getState(store, client);
  let ids = [...runs.keys()].sort((a, b) => a - b);
  const nextRun = () => {
    while (ids.length > 0) {
      const r = runs.get(ids[ids.length - 1])!;
      if (r.i < r.refs.length) return r;
      ids.pop();
    }
    return null;
  };
  let current = nextRun();
  if (current === null) return reached;
  const stack: Struct[] = [];
  const putAside = () => {
    for (const s of stack) {
      const c = s.id.client;
      const r = runs.get(c);
      if (r) {
        runs.delete(c);
        r.i = 0;
        r.refs = [];
      }
      ids = ids.filter((id) => id !== c);
    }
    stack.length = 0;
  };
  const lacks = (s: Y.Item): number | null => {
    for (const r of refsOf(s)) if (r.client !== s.id.client && r.clock >= state(r.client)) return r.client;
    return null;
  };
  let head = current.refs[current.i++];
  for (;;) {
    if (!(head instanceof Y.Skip)) {
      const { client, clock } = head.id;
      const offset = state(client) - clock;
      if (offset < 0) {
        stack.push(head);
        putAside();
      } else {
        const missing = head instanceof Y.Item ? lacks(head) : null;
        if (missing !== null) {
          stack.push(head);
          const r = runs.get(missing);
          if (!r || r.i === r.refs.length) putAside();
          else {
            head = r.refs[r.i++];
            continue;
          }
        } else if (offset < head.length) reached.set(client, clock + head.length);
      }
    }
    if (stack.length > 0) head = stack.pop()!;
    else if (current !== null && current.i < current.refs.length) head = current.refs[current.i++];
    else {
      current = nextRun();
      if (current === null) break;
      head = current.refs[current.i++];
    }
  }
  return reached;
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
