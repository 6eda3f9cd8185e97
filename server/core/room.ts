import * as Y from 'yjs';
import * as awarenessProtocol from 'y-protocols/awareness';
import * as encoding from 'lib0/encoding';
import { CloseCode, closeReason } from '../../shared/closeCodes.ts';
import type { RelayPresenceState } from '../../shared/schema.ts';
import type { StoredDoc } from '../storage/storage.ts';
import { SpectatorHub } from '../sse/hub.ts';
import { log } from '../log.ts';
import type { Connection } from './connection.ts';
import { MessageType, ProtocolError, SyncType, isEmptyUpdate, parseMessage } from './protocol.ts';
import type { Persister } from './persister.ts';
import { countRejected, metrics } from './metrics.ts';

export interface RoomOptions {
  maxBufferedBytes: number;
  compactUpdates: number;
  compactBytes: number;
}

interface AwarenessChange {
  added: number[];
  updated: number[];
  removed: number[];
}

/**
 * One board in memory: its Y.Doc, the editors' awareness, the connected editors and
 * the spectator hub. Frames are validated, applied once, and forwarded as the very
 * bytes that arrived, so fan-out never re-encodes.
 */
export class Room {
  readonly doc = new Y.Doc();
  readonly awareness = new awarenessProtocol.Awareness(this.doc);
  readonly hub: SpectatorHub;
  /** Each editor's connection and the awareness client ids it speaks for. */
  private readonly conns = new Map<Connection, Set<number>>();
  private lastSeq = 0;
  private sinceSnapshot = { count: 0, bytes: 0 };
  private compacting: Promise<void> | null = null;
  private spectatorTimer: ReturnType<typeof setTimeout> | null = null;
  /** Called when the room has neither editors nor spectators. */
  onEmpty: () => void = () => {};

  constructor(
    readonly id: string,
    stored: StoredDoc,
    private readonly persister: Persister,
    private readonly opts: RoomOptions,
  ) {
    if (stored.snapshot) Y.applyUpdateV2(this.doc, stored.snapshot);
    this.lastSeq = stored.snapshotSeq;
    for (const u of stored.updates) {
      Y.applyUpdate(this.doc, u.data);
      this.lastSeq = u.seq;
      this.sinceSnapshot.count++;
      this.sinceSnapshot.bytes += u.data.length;
    }
    this.hub = new SpectatorHub(
      {
        snapshot: () => Y.encodeStateAsUpdate(this.doc),
        awareness: (clients) => this.encodeAwareness(clients),
        onSpectatorsChanged: () => this.spectatorsChanged(),
      },
      opts.maxBufferedBytes,
    );
    this.awareness.setLocalState({ relay: { spectators: 0 } } satisfies RelayPresenceState);
    this.awareness.on('update', this.onAwarenessUpdate);
  }

  get editorCount(): number {
    return this.conns.size;
  }

  get isEmpty(): boolean {
    return this.conns.size === 0 && this.hub.size === 0;
  }

  addConnection(conn: Connection): void {
    this.conns.set(conn, new Set());
    const enc = encoding.createEncoder();
    encoding.writeVarUint(enc, MessageType.Sync);
    encoding.writeVarUint(enc, SyncType.Step1);
    encoding.writeVarUint8Array(enc, Y.encodeStateVector(this.doc));
    conn.send(encoding.toUint8Array(enc));
    const aw = this.encodeAwareness();
    if (aw) conn.send(awarenessFrame(aw));
  }

  removeConnection(conn: Connection): void {
    const clients = this.conns.get(conn);
    if (!clients) return;
    this.conns.delete(conn);
    if (clients.size > 0) awarenessProtocol.removeAwarenessStates(this.awareness, [...clients], 'disconnect');
    if (this.isEmpty) this.onEmpty();
  }

  /** Handles one binary frame from an editor. Invalid frames close that connection only. */
  receive(conn: Connection, frame: Uint8Array): void {
    if (!this.conns.has(conn)) return;
    metrics.framesIn++;
    metrics.bytesIn += frame.length;
    let msg;
    try {
      msg = parseMessage(frame);
    } catch (err) {
      const code = err instanceof ProtocolError ? err.code : CloseCode.MalformedMessage;
      log.warn('rejected frame', { room: this.id, code, reason: (err as Error).message, bytes: frame.length });
      this.reject(conn, code);
      return;
    }
    switch (msg.kind) {
      case 'syncStep1': {
        const enc = encoding.createEncoder();
        encoding.writeVarUint(enc, MessageType.Sync);
        encoding.writeVarUint(enc, SyncType.Step2);
        encoding.writeVarUint8Array(enc, Y.encodeStateAsUpdate(this.doc, msg.stateVector));
        conn.send(encoding.toUint8Array(enc));
        break;
      }
      case 'update': {
        if (isEmptyUpdate(msg.update)) break;
        Y.applyUpdate(this.doc, msg.update, conn);
        // A step 2 travels on as an update: same layout, only the sub-type byte differs.
        let out = frame;
        if (msg.isStep2) {
          out = frame.slice();
          out[1] = SyncType.Update;
        }
        this.broadcast(out, conn);
        this.accepted(msg.update);
        break;
      }
      case 'awareness': {
        try {
          awarenessProtocol.applyAwarenessUpdate(this.awareness, msg.update, conn);
        } catch {
          log.warn('rejected awareness update', { room: this.id });
          this.reject(conn, CloseCode.MalformedMessage);
          return;
        }
        metrics.awarenessIn++;
        this.broadcast(frame, conn);
        break;
      }
      case 'queryAwareness': {
        const aw = this.encodeAwareness();
        if (aw) conn.send(awarenessFrame(aw));
        break;
      }
    }
  }

  /** Makes everything accepted so far durable and folds the log into a snapshot. */
  async persist(): Promise<void> {
    await this.persister.flush();
    if (this.sinceSnapshot.count > 0) await this.compact();
  }

  /** Disconnects everyone; the document stays readable for a final persist(). */
  close(code: number, reason: string): void {
    for (const conn of [...this.conns.keys()]) conn.close(code, reason);
    this.conns.clear();
    this.hub.close();
  }

  destroy(): void {
    if (this.spectatorTimer) clearTimeout(this.spectatorTimer);
    this.awareness.off('update', this.onAwarenessUpdate);
    this.awareness.destroy();
    this.doc.destroy();
  }

  private accepted(update: Uint8Array): void {
    const seq = ++this.lastSeq;
    metrics.updatesAccepted++;
    this.persister.enqueue(this.id, seq, update);
    this.hub.publishUpdate(update);
    this.sinceSnapshot.count++;
    this.sinceSnapshot.bytes += update.length;
    if (
      !this.compacting &&
      (this.sinceSnapshot.count >= this.opts.compactUpdates || this.sinceSnapshot.bytes >= this.opts.compactBytes)
    ) {
      this.compacting = this.compact().finally(() => (this.compacting = null));
    }
  }

  private async compact(): Promise<void> {
    await this.persister.flush();
    if (this.doc.isDestroyed) return;
    const upToSeq = this.lastSeq;
    const snapshot = Y.encodeStateAsUpdateV2(this.doc);
    const folded = { ...this.sinceSnapshot };
    try {
      await this.persister.compact(this.id, snapshot, upToSeq);
      this.sinceSnapshot.count -= folded.count;
      this.sinceSnapshot.bytes -= folded.bytes;
      log.debug('compacted', { room: this.id, seq: upToSeq, bytes: snapshot.length });
    } catch (err) {
      log.error('compaction failed', { room: this.id, error: String(err) });
    }
  }

  private broadcast(frame: Uint8Array, except: Connection | null): void {
    for (const conn of this.conns.keys()) {
      if (conn === except) continue;
      if (conn.bufferedAmount > this.opts.maxBufferedBytes) {
        log.warn('disconnecting slow receiver', { room: this.id, buffered: conn.bufferedAmount });
        this.reject(conn, CloseCode.SlowConsumer);
        continue;
      }
      conn.send(frame);
      metrics.framesOut++;
    }
  }

  private reject(conn: Connection, code: CloseCode): void {
    countRejected(code);
    conn.close(code, closeReason[code]);
    this.removeConnection(conn);
  }

  private readonly onAwarenessUpdate = (change: AwarenessChange, origin: unknown): void => {
    const changed = [...change.added, ...change.updated, ...change.removed];
    const owner = this.conns.get(origin as Connection);
    if (owner) {
      // From an editor's frame, which receive() forwards as it came.
      for (const c of change.added) owner.add(c);
      for (const c of change.updated) owner.add(c);
      for (const c of change.removed) owner.delete(c);
    } else {
      // Our own state, a disconnect or a timeout: nobody sent these bytes, so encode them.
      const aw = this.encodeAwareness(changed);
      if (aw) this.broadcast(awarenessFrame(aw), null);
    }
    this.hub.awarenessChanged(changed);
  };

  private encodeAwareness(clients?: number[]): Uint8Array | null {
    const ids = clients ?? [...this.awareness.getStates().keys()];
    return ids.length ? awarenessProtocol.encodeAwarenessUpdate(this.awareness, ids) : null;
  }

  /** Editors learn the spectator count from the relay's own awareness state, at most 4 times a second. */
  private spectatorsChanged(): void {
    if (this.isEmpty) this.onEmpty();
    if (this.spectatorTimer || this.doc.isDestroyed) return;
    this.spectatorTimer = setTimeout(() => {
      this.spectatorTimer = null;
      if (this.doc.isDestroyed) return;
      this.awareness.setLocalState({ relay: { spectators: this.hub.size } } satisfies RelayPresenceState);
    }, 250);
  }
}

function awarenessFrame(update: Uint8Array): Uint8Array {
  const enc = encoding.createEncoder();
  encoding.writeVarUint(enc, MessageType.Awareness);
  encoding.writeVarUint8Array(enc, update);
  return encoding.toUint8Array(enc);
}
