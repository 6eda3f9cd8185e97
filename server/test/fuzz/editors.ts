/**
 * The two well-behaved editors that sit in the fuzzed room, and what they must keep
 * seeing: each other's edits (fresh markers both ways), each other's presence exactly
 * as set, the same document state, and no disconnect. Anything else is recorded in
 * `violations` (their message handlers are wrapped: a frame the relay forwarded that an
 * editor cannot apply would otherwise be an uncaught exception in this process).
 */
import * as encoding from 'lib0/encoding';
import * as syncProtocol from 'y-protocols/sync';
import * as Y from 'yjs';
import type { WebsocketProvider } from 'y-websocket';
import { connectProvider, synced } from '../clients.ts';
import { waitFor } from './wait.ts';
import { MSG } from './wire.ts';

/** The map the editors write their markers to; fuzz frames never touch it (types.ts). */
export const MARKERS = 'fuzz-markers';
/** The map the raw socket's probes write to (batch.ts). */
export const PROBES = 'fuzz-probe';

export const WAIT_MS = 5_000;

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

/** An editor with its awareness client id fixed (the victims hostile frames claim). */
async function editor(ws: string, roomId: string, clientId: number, name: string, violations: string[]): Promise<WebsocketProvider> {
  const doc = new Y.Doc();
  doc.clientID = clientId;
  const p = connectProvider(ws, roomId, doc);
  // y-websocket's own sync handler, but with an error handler: y-protocols otherwise only
  // logs an update that fails to apply, and the editor silently diverges
  p.messageHandlers[MSG.Sync] = (enc, dec, prov, emitSynced) => {
    encoding.writeVarUint(enc, MSG.Sync);
    const type = syncProtocol.readSyncMessage(dec, enc, prov.doc, prov, (err) =>
      violations.push(`editor ${name} could not apply an update the relay sent: ${String(err).slice(0, 300)}`),
    );
    if (emitSynced && type === syncProtocol.messageYjsSyncStep2 && !prov.synced) prov.synced = true;
  };
  p.messageHandlers = p.messageHandlers.map((h) => (enc, dec, prov, emit, type) => {
    try {
      h(enc, dec, prov, emit, type);
    } catch (err) {
      violations.push(`editor ${name} could not handle a message of type ${type} from the relay: ${String(err)}`);
    }
  });
  try {
    await synced(p, WAIT_MS * 2);
  } catch (err) {
    // it would keep reconnecting for the rest of the run
    p.destroy();
    doc.destroy();
    throw err;
  }
  return p;
}

export class Editors {
  private markers: string[] = [];
  private counter = 0;
  /** Every presence JSON each editor ever set: what the other may legitimately see of it. */
  private readonly setStates = new Map<number, Set<string>>();
  private armed = true;

  private constructor(
    readonly ws: string,
    readonly roomId: string,
    readonly a: WebsocketProvider,
    readonly b: WebsocketProvider,
    /** Shared with the editors' wrapped message handlers. */
    private readonly violations: string[],
  ) {
    // the state every Awareness starts with, announced on connect
    for (const p of [a, b]) this.setStates.set(p.doc.clientID, new Set(['{}']));
  }

  static async open(ws: string, roomId: string, victims: readonly number[]): Promise<Editors> {
    const violations: string[] = [];
    const [a, b] = await Promise.allSettled([editor(ws, roomId, victims[0], 'A', violations), editor(ws, roomId, victims[1], 'B', violations)]);
    if (a.status === 'rejected' || b.status === 'rejected') {
      for (const r of [a, b]) {
        if (r.status !== 'fulfilled') continue;
        r.value.destroy();
        r.value.doc.destroy();
      }
      throw (a.status === 'rejected' ? a.reason : (b as PromiseRejectedResult).reason) as Error;
    }
    const eds = new Editors(ws, roomId, a.value, b.value, violations);
    eds.watch(a.value, b.value, 'A', 'B');
    eds.watch(b.value, a.value, 'B', 'A');
    eds.setPresence();
    await eds.round();
    return eds;
  }

  private watch(self: WebsocketProvider, other: WebsocketProvider, selfName: string, otherName: string): void {
    self.on('connection-close', (event) => {
      if (this.armed) this.violations.push(`editor ${selfName} was disconnected (code ${event?.code ?? 'none'} ${event?.reason ?? ''})`);
    });
    const otherId = other.doc.clientID;
    self.awareness.on('change', ({ added, updated, removed }: { added: number[]; updated: number[]; removed: number[] }) => {
      if (!this.armed) return;
      if (removed.includes(otherId)) this.violations.push(`editor ${selfName} saw ${otherName}'s presence removed while ${otherName} is connected`);
      if ([...added, ...updated].includes(otherId)) {
        const seen = JSON.stringify(self.awareness.getStates().get(otherId));
        if (!this.setStates.get(otherId)?.has(seen)) this.violations.push(`editor ${selfName} saw ${otherName}'s presence replaced by ${seen.slice(0, 200)}`);
      }
    });
  }

  /** Each editor announces a new presence state (recorded before it goes out). */
  setPresence(): void {
    for (const [p, name] of [[this.a, 'A'], [this.b, 'B']] as const) {
      const state = { user: { name }, n: this.counter++ };
      const json = JSON.stringify(state);
      this.setStates.get(p.doc.clientID)?.add(json);
      p.awareness.setLocalState(state);
    }
  }

  /**
   * A fresh marker from A must reach B and one from B reach A (both at once). Also the
   * barrier after a batch: the relay handles a socket's frames in order, so once B's
   * marker is at A, everything the relay sent A before is there.
   */
  async round(): Promise<void> {
    const waits = ([[this.a, this.b, 'A'], [this.b, this.a, 'B']] as const).map(([from, to, name]) => {
      const key = `${name}-${this.counter++}`;
      from.doc.getMap(MARKERS).set(key, key);
      this.markers.push(key);
      return waitFor(() => to.doc.getMap(MARKERS).has(key), `marker ${key} from editor ${name} to reach the other editor`, WAIT_MS, [to.doc]);
    });
    await Promise.all(waits);
  }

  /** What went wrong with presence or state since the last call (after a round()). */
  check(): string[] {
    const out = this.violations.splice(0);
    for (const [p, name] of [[this.a, 'A'], [this.b, 'B']] as const) {
      const own = JSON.stringify(p.awareness.getLocalState());
      if (!this.setStates.get(p.doc.clientID)?.has(own)) out.push(`editor ${name}'s own presence was replaced by ${own.slice(0, 200)}`);
    }
    for (const [self, other, selfName, otherName] of [[this.a, this.b, 'A', 'B'], [this.b, this.a, 'B', 'A']] as const) {
      const seen = self.awareness.getStates().get(other.doc.clientID);
      if (seen === undefined) out.push(`editor ${selfName} does not see ${otherName}'s presence`);
    }
    const svA = Y.encodeStateVector(this.a.doc);
    if (!sameBytes(svA, Y.encodeStateVector(this.b.doc))) out.push('editors A and B diverged (different state vectors after the barrier)');
    return out;
  }

  /** The latest probe value editor A received under `key` (batch.ts). */
  probe(key: string): unknown {
    return this.a.doc.getMap(PROBES).get(key);
  }

  /**
   * Once a raw socket is gone, its presence must go too: the editors then see only each
   * other and the relay's own state (the one with a `relay` field).
   */
  async strangersGone(): Promise<string[]> {
    const mine = new Set([this.a.doc.clientID, this.b.doc.clientID]);
    const strangers = (p: WebsocketProvider) =>
      [...p.awareness.getStates()].filter(([id, st]) => !mine.has(id) && !(st && typeof st === 'object' && 'relay' in st)).map(([id]) => id);
    try {
      await waitFor(() => strangers(this.a).length === 0 && strangers(this.b).length === 0, 'the presence of closed sockets to go', 2_000, [this.a.awareness, this.b.awareness]);
      return [];
    } catch {
      return [`presence of closed sockets stays: A sees ${strangers(this.a).join(',') || '-'}, B sees ${strangers(this.b).join(',') || '-'}`];
    }
  }

  /**
   * A new editor must sync the whole room: every marker, the same state vector as A, and
   * A's and B's presence as the relay holds them. A poisoned room fails here.
   */
  async freshSync(withPresence = true): Promise<string[]> {
    const doc = new Y.Doc();
    const fresh = connectProvider(this.ws, this.roomId, doc);
    const out: string[] = [];
    try {
      await synced(fresh, WAIT_MS);
      await waitFor(() => this.markers.every((m) => doc.getMap(MARKERS).has(m)), 'a new editor to receive every marker', WAIT_MS, [doc]);
      await waitFor(() => sameBytes(Y.encodeStateVector(doc), Y.encodeStateVector(this.a.doc)), 'a new editor to reach the state of editor A', WAIT_MS, [doc]);
      for (const p of withPresence ? [this.a, this.b] : []) {
        await waitFor(() => fresh.awareness.getStates().has(p.doc.clientID), `a new editor to see the presence of ${p.doc.clientID}`, WAIT_MS, [fresh.awareness]);
        const seen = JSON.stringify(fresh.awareness.getStates().get(p.doc.clientID));
        if (!this.setStates.get(p.doc.clientID)?.has(seen)) out.push(`a new editor sees ${p.doc.clientID}'s presence as ${seen.slice(0, 200)}`);
      }
    } catch (err) {
      out.push(`new editor: ${(err as Error).message}`);
    } finally {
      fresh.destroy();
      doc.destroy(); // and with it the provider's Awareness (see destroy())
    }
    return out;
  }

  /** After destroy: the editors' final document, to compare with the room once reloaded from the store. */
  get finalDoc(): Y.Doc {
    return this.a.doc;
  }

  get allMarkers(): readonly string[] {
    return this.markers;
  }

  /**
   * The editors leave. Their documents are destroyed too unless `keepDocs` (the reload
   * check compares with them; call again without it after): a provider does not destroy
   * the Awareness it made, whose timer would keep it and the document alive for good.
   */
  destroy(keepDocs = false): void {
    this.armed = false;
    this.a.destroy();
    this.b.destroy();
    if (!keepDocs) {
      this.a.doc.destroy();
      this.b.doc.destroy();
    }
  }
}
