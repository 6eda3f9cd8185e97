import * as decoding from 'lib0/decoding';
import { equalityDeep } from 'lib0/function';
import type { Awareness } from 'y-protocols/awareness';
import type { Connection } from './connection.ts';
import { jsonDepthWithin } from './jsonDepth.ts';
import { ProtocolError } from './protocol.ts';
import { CloseCode } from '../../shared/closeCodes.ts';
import type { Limits } from './limits.ts';

export interface AwarenessEntry {
  clientID: number;
  clock: number;
  /** The state as sent (JSON text); "null" removes the client. */
  json: string;
  /** The state parsed from `json` (null removes the client): applied as it is (applyAwarenessEntries), not parsed again. */
  state: unknown;
}

/**
 * Decodes a y-protocols awareness update completely, checking every limit before any
 * of it is applied: entry count, state size, JSON syntax and nesting depth.
 */
export function decodeAwareness(update: Uint8Array, limits: Limits): AwarenessEntry[] {
  const entries: AwarenessEntry[] = [];
  try {
    const d = decoding.createDecoder(update);
    const n = decoding.readVarUint(d);
    if (n > limits.maxAwarenessEntries) throw new ProtocolError(CloseCode.MalformedMessage, `awareness update with ${n} clients`);
    for (let i = 0; i < n; i++) {
      const clientID = decoding.readVarUint(d);
      const clock = decoding.readVarUint(d);
      const json = decoding.readVarString(d);
      if (json.length > limits.maxAwarenessStateBytes) throw new ProtocolError(CloseCode.MalformedMessage, 'awareness state too large');
      entries.push({ clientID, clock, json, state: null });
    }
    if (decoding.hasContent(d)) throw new ProtocolError(CloseCode.MalformedMessage, 'trailing bytes after awareness update');
  } catch (err) {
    if (err instanceof ProtocolError) throw err;
    throw new ProtocolError(CloseCode.MalformedMessage, 'malformed awareness update');
  }
  for (const e of entries) {
    try {
      e.state = JSON.parse(e.json);
    } catch {
      throw new ProtocolError(CloseCode.MalformedMessage, 'awareness state is not JSON');
    }
    if (!jsonDepthWithin(e.state, limits.maxJsonDepth)) throw new ProtocolError(CloseCode.MalformedMessage, 'awareness state nested too deeply');
  }
  return entries;
}

/**
 * y-protocols' applyAwarenessUpdate for entries decodeAwareness already decoded and
 * parsed: the same clocks, states, meta and events, without decoding the update and
 * parsing every state's JSON a second time (nor encoding the entries again when some
 * were dropped). Each state object is fresh from JSON.parse, as y-protocols' would be.
 */
export function applyAwarenessEntries(awareness: Awareness, entries: readonly AwarenessEntry[], origin: unknown): void {
  const timestamp = Date.now();
  const added: number[] = [];
  const updated: number[] = [];
  const filteredUpdated: number[] = [];
  const removed: number[] = [];
  for (const e of entries) {
    const clientID = e.clientID;
    let clock = e.clock;
    const state = e.state;
    const clientMeta = awareness.meta.get(clientID);
    const prevState = awareness.states.get(clientID);
    const currClock = clientMeta === undefined ? 0 : clientMeta.clock;
    if (currClock < clock || (currClock === clock && state === null && awareness.states.has(clientID))) {
      if (state === null) {
        // never let a remote client remove this local state: its clock goes up instead (as y-protocols does)
        if (clientID === awareness.clientID && awareness.getLocalState() != null) clock++;
        else awareness.states.delete(clientID);
      } else {
        awareness.states.set(clientID, state as Record<string, unknown>);
      }
      awareness.meta.set(clientID, { clock, lastUpdated: timestamp });
      if (clientMeta === undefined && state !== null) added.push(clientID);
      else if (clientMeta !== undefined && state === null) removed.push(clientID);
      else if (state !== null) {
        if (!equalityDeep(state, prevState)) filteredUpdated.push(clientID);
        updated.push(clientID);
      }
    }
  }
  if (added.length > 0 || filteredUpdated.length > 0 || removed.length > 0) {
    awareness.emit('change', [{ added, updated: filteredUpdated, removed }, origin]);
  }
  if (added.length > 0 || updated.length > 0 || removed.length > 0) {
    awareness.emit('update', [{ added, updated, removed }, origin]);
  }
}

/** No awareness client ids yet: most connections never need their own Set. */
const NONE: ReadonlySet<number> = new Set();

/** Owner of the ids whose states come from other relays (cluster mode): no socket here may write them. */
const PEERS: Connection = { send() {}, close() {}, bufferedAmount: 0 };

/** Clocks of removed ids remembered at most (oldest forgotten first): bounded, unlike y-protocols' meta. */
const MAX_REMEMBERED_CLOCKS = 10_000;

/**
 * Who speaks for which awareness client id. A socket introduces the ids it sets first
 * (up to a few: one per Y.Doc it syncs) and may then update or remove only those; the
 * relay's own id belongs to nobody. Entries for anyone else's id are dropped, not
 * applied: a hostile editor cannot remove or impersonate other people's presence.
 *
 * Stock y-websocket clients echo every state they receive back to the relay, so after
 * someone leaves, an echo of their last state arrives from another person's socket. An
 * id whose owner left can therefore be introduced again only with a clock above the one
 * it left with, except as the first id of a socket: that is the person coming back
 * (y-websocket resends its state unchanged on reconnect), not an echo, which always
 * comes from a socket that already speaks for itself.
 */
export class AwarenessOwners {
  private readonly idsOf = new Map<Connection, ReadonlySet<number>>();
  private readonly ownerOf = new Map<number, Connection>();
  private readonly leftAt = new Map<number, number>();

  constructor(
    private readonly relayClientId: number,
    private readonly maxPerConnection: number,
  ) {}

  add(conn: Connection): void {
    this.idsOf.set(conn, NONE);
  }

  has(conn: Connection): boolean {
    return this.idsOf.has(conn);
  }

  get size(): number {
    return this.idsOf.size;
  }

  connections(): IterableIterator<Connection> {
    return this.idsOf.keys();
  }

  /** Forgets the connection; returns the ids it owned (their states are to be removed). */
  remove(conn: Connection): number[] {
    const ids = this.idsOf.get(conn);
    if (!ids) return [];
    this.idsOf.delete(conn);
    for (const id of ids) this.ownerOf.delete(id);
    return [...ids];
  }

  /** The entries `conn` may apply; claims the new ids among them (listed in `claimed`). */
  permitted(conn: Connection, entries: readonly AwarenessEntry[], claimed: number[] = []): AwarenessEntry[] {
    const out: AwarenessEntry[] = [];
    for (const e of entries) {
      if (e.clientID === this.relayClientId) continue;
      const owner = this.ownerOf.get(e.clientID);
      if (owner === conn) out.push(e);
      else if (owner === undefined && e.json !== 'null' && this.mayIntroduce(conn, e) && this.claim(conn, e.clientID)) {
        claimed.push(e.clientID);
        out.push(e);
      }
    }
    return out;
  }

  private mayIntroduce(conn: Connection, e: AwarenessEntry): boolean {
    const left = this.leftAt.get(e.clientID);
    if (left === undefined) return true;
    return (this.idsOf.get(conn)?.size ?? 0) === 0 ? e.clock >= left : e.clock > left;
  }

  /** The entries from another relay that may be applied here: none for an id an editor here speaks for. */
  fromPeers(entries: readonly AwarenessEntry[]): AwarenessEntry[] {
    return entries.filter((e) => e.clientID !== this.relayClientId && (this.ownerOf.get(e.clientID) ?? PEERS) === PEERS);
  }

  /** The ids editors of this relay speak for. */
  localIds(): number[] {
    const out: number[] = [];
    for (const [id, conn] of this.ownerOf) if (conn !== PEERS) out.push(id);
    return out;
  }

  /** These ids' states came from other relays: they belong to them (until removed, see released). */
  peersOwn(...lists: readonly number[][]): void {
    for (const ids of lists) for (const id of ids) if (!this.ownerOf.has(id)) this.ownerOf.set(id, PEERS);
  }

  /** An id's state is gone (removed by its owner, or timed out) at `clock`: nobody owns it any more. */
  released(clientID: number, clock?: number): void {
    if (clock !== undefined) {
      this.leftAt.delete(clientID);
      this.leftAt.set(clientID, clock);
      if (this.leftAt.size > MAX_REMEMBERED_CLOCKS) this.leftAt.delete(this.leftAt.keys().next().value!);
    }
    const conn = this.ownerOf.get(clientID);
    if (!conn) return;
    this.ownerOf.delete(clientID);
    const ids = this.idsOf.get(conn);
    if (!ids) return;
    const next = new Set(ids);
    next.delete(clientID);
    this.idsOf.set(conn, next.size === 0 ? NONE : next);
  }

  private claim(conn: Connection, clientID: number): boolean {
    const ids = this.idsOf.get(conn);
    if (!ids || ids.size >= this.maxPerConnection) return false;
    const next = new Set(ids);
    next.add(clientID);
    this.idsOf.set(conn, next);
    this.ownerOf.set(clientID, conn);
    return true;
  }
}
