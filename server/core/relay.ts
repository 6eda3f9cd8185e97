import { isValidId } from '../../shared/ids.ts';
import { CloseCode, closeReason } from '../../shared/closeCodes.ts';
import type { RoomInfo } from '../../shared/api.ts';
import type { DocState } from '../../shared/docBody.ts';
import { editPath, viewPath } from '../../shared/ids.ts';
import type { RoomRecord, Storage } from '../storage/storage.ts';
import type { Config } from '../config.ts';
import { log } from '../log.ts';
import { inlineCompactor } from '../compaction/fold.ts';
import type { Compactor } from './compactor.ts';
import type { ChannelFactory, Connection, EventSink } from './connection.ts';
import { newRoomId, viewIdFor } from './links.ts';
import { Persister } from '../log/persister.ts';
import { localLogs, type LogSource } from '../log/logSource.ts';
import type { Journal } from '../log/journal.ts';
import { RoomRegistry, type RegistryOptions } from './rooms.ts';
import { spectatorCount, spectatorsOf } from '../sse/attach.ts';
import { DEFAULT_LIMITS, type Limits } from './limits.ts';
import { Admission, DEFAULT_ADMISSION, type AdmissionLimits } from './admission.ts';
import { DEFAULT_BUDGETS, type BudgetLimits } from './budget.ts';
import { FlushScheduler } from './scheduler.ts';
import { Checkpoints } from '../history/checkpoints.ts';
import { versionDocument } from '../history/versionData.ts';
import { restoreVersion, versionDoc } from '../../shared/restore.ts';
import * as Y from 'yjs';
import type { FileRecord, PutFileResult, VersionRecord } from '../storage/storage.ts';
import { EditorSession, type SessionHost } from './session.ts';
import { FileCollector } from '../files/collector.ts';
import type { Room } from './room.ts';

/** Room records kept in memory to skip a store lookup per join. */
const KNOWN_ROOMS_CACHE = 100_000;

export type SocketSession = Pick<EditorSession, 'message' | 'rejectText' | 'closed'>;

export type RelayOptions = Pick<
  Config,
  'maxFrameBytes' | 'roomIdleMs' | 'compactUpdates' | 'compactBytes' | 'maxBufferedBytes' | 'sseMaxBufferedBytes' | 'sendCoalesceMs' | 'persistBatchMs'
> &
  Partial<Pick<Config, 'durable'>> &
  Partial<Pick<Config, 'maxRooms' | 'maxDocBytes' | 'shutdownWriteDeadlineMs' | 'versionIntervalMs' | 'versionsMax' | 'versionsMaxAgeDays'>> &
  Partial<Pick<Config, 'maxFileBytes' | 'roomFilesBytes' | 'filesGraceMs' | 'filesGcIntervalMs'>> & {
  admission?: AdmissionLimits;
  budgets?: BudgetLimits;
  /** The transport's native fan-out, if it has one (Bun's topics). */
  channels?: ChannelFactory;
  /** The write-ahead journal of durable mode (log/journal.ts); without one, durable mode commits every flush. */
  journal?: Journal;
  /** Where compaction folds documents (default: inline, on the event loop). */
  compactor?: Compactor;
  /** Where rooms' logs come from (default: this relay's store; cluster mode: the Redis streams). */
  logs?: LogSource;
};

/**
 * The runtime-agnostic relay: rooms, links, editors' sockets and spectators' streams.
 * Transports (Node, Bun) adapt their sockets and HTTP to this and nothing else.
 */
export class Relay {
  readonly rooms: RoomRegistry;
  private readonly persister: Persister;
  private readonly compactor: Compactor;
  private readonly known = new Map<string, RoomRecord>();
  private readonly sessionHost: SessionHost;
  private connections = 0;
  private closing = false;
  private readonly admission: Admission;
  private readonly logs: LogSource;
  readonly files: FileCollector;

  constructor(
    private readonly storage: Storage,
    private readonly secret: Uint8Array,
    readonly opts: RelayOptions,
  ) {
    const durable = opts.durable ?? false;
    this.persister = new Persister(storage, durable && !opts.journal ? 0 : opts.persistBatchMs, durable ? (opts.journal ?? null) : null);
    this.compactor = opts.compactor ?? inlineCompactor;
    this.admission = new Admission(opts.admission ?? DEFAULT_ADMISSION);
    this.sessionHost = {
      maxFrameBytes: opts.maxFrameBytes,
      budgets: opts.budgets ?? DEFAULT_BUDGETS,
      join: async (roomId) => ((await this.lookup(roomId)) ? this.rooms.acquire(roomId) : null),
      release: (room) => this.rooms.release(room),
      sessionEnded: (ip) => {
        this.connections--;
        if (ip !== null) this.admission.leaveConnection(ip);
      },
    };
    const files = (this.files = new FileCollector(storage, { graceMs: opts.filesGraceMs ?? 24 * 3_600_000, intervalMs: opts.filesGcIntervalMs ?? 3_600_000 }));
    const limits: Limits = { ...DEFAULT_LIMITS, maxFrameBytes: opts.maxFrameBytes, maxDocBytes: opts.maxDocBytes ?? DEFAULT_LIMITS.maxDocBytes, maxFileBytes: this.fileLimits.maxFileBytes };
    const roomOptions: RegistryOptions = {
      maxBufferedBytes: opts.maxBufferedBytes,
      channels: opts.channels,
      limits,
      durable,
      idleMs: opts.roomIdleMs,
      maxRooms: opts.maxRooms ?? 10_000,
      scheduler: new FlushScheduler(opts.sendCoalesceMs),
      onLoaded: (room) => {
        Checkpoints.attach(room, storage, {
          intervalMs: opts.versionIntervalMs ?? 5 * 60_000,
          keep: { maxCount: opts.versionsMax ?? 200, maxAgeMs: (opts.versionsMaxAgeDays ?? 90) * 86_400_000 },
        });
        files.attach(room);
      },
      onUnloading: (room) => files.unloading(room),
    };
    const logs = (this.logs = opts.logs ?? localLogs(storage, this.persister, { compactUpdates: opts.compactUpdates, compactBytes: opts.compactBytes, compactor: this.compactor }));
    this.rooms = new RoomRegistry(logs, this.persister, roomOptions);
  }

  /** A new room, or null when `ip` created its share of rooms this minute (HTTP 429). */
  async createRoom(ip: string): Promise<RoomInfo | null> {
    if (!this.admission.createRoom(ip)) return null;
    const id = newRoomId();
    const record: RoomRecord = { id, viewId: viewIdFor(this.secret, id), createdAt: Date.now() };
    await this.storage.createRoom(record);
    this.known.set(id, record);
    log.info('room created', { room: id });
    return roomInfo(record);
  }

  async getRoom(id: string): Promise<RoomInfo | null> {
    const rec = await this.lookup(id);
    return rec && roomInfo(rec);
  }

  /**
   * The room's document (shared/docBody.ts; editors fetch it over HTTP before opening
   * the socket, so the sync exchange that follows is tiny), or null for an unknown room.
   */
  async docState(roomId: string): Promise<DocState | null> {
    const room = await this.sessionHost.join(roomId);
    if (!room) return null;
    try {
      return room.encodedState();
    } finally {
      this.rooms.release(room);
    }
  }

  /** A board's versions, newest first; null for an unknown board. */
  async versions(roomId: string): Promise<VersionRecord[] | null> {
    if (!(await this.lookup(roomId))) return null;
    return this.storage.listVersions(roomId);
  }

  async version(roomId: string, id: number): Promise<{ record: VersionRecord; data: Uint8Array } | null> {
    if (!(await this.lookup(roomId))) return null;
    return versionDocument(this.storage, roomId, id);
  }

  /** Whether `ip` may save or restore one more version now (VERSIONS_PER_IP_PER_MINUTE). */
  mayWriteVersion(ip: string): boolean {
    return this.admission.writeVersion(ip);
  }

  /** Saves the board as it is now under `name`; null for an unknown board. */
  async saveVersion(roomId: string, name: string): Promise<VersionRecord | null> {
    return this.withRoom(roomId, (room) => Checkpoints.of(room)!.save(name));
  }

  /**
   * Brings the board back to a version as one new change for everyone (never a rewrite
   * of the log); the board's state before it is saved as a version first. Null when the
   * board or the version is unknown.
   */
  async restoreVersion(roomId: string, id: number): Promise<{ touched: number; savedBefore: VersionRecord } | null> {
    const found = await this.version(roomId, id);
    if (!found) return null;
    return this.withRoom(roomId, async (room) => {
      const savedBefore = await Checkpoints.of(room)!.save(`before restoring version ${id}`);
      // the change is made on a copy, then applied to the room like an editor's
      const scratch = new Y.Doc();
      Y.applyUpdate(scratch, room.snapshot());
      let change: Uint8Array | null = null;
      scratch.on('update', (u: Uint8Array) => (change = u));
      const touched = restoreVersion(scratch, versionDoc(found.data), null);
      if (change) room.applyOwnChange(change);
      scratch.destroy();
      return { touched, savedBefore };
    });
  }

  private async withRoom<T>(roomId: string, fn: (room: Room) => Promise<T>): Promise<T | null> {
    const room = await this.sessionHost.join(roomId);
    if (!room) return null;
    try {
      return await fn(room);
    } finally {
      this.rooms.release(room);
    }
  }

  /** Files API (core/fileRoutes.ts): the limits, the per-address bucket and the store. */
  get fileLimits(): { maxFileBytes: number; roomFilesBytes: number } {
    return { maxFileBytes: this.opts.maxFileBytes ?? 10 * 1024 * 1024, roomFilesBytes: this.opts.roomFilesBytes ?? 200 * 1024 * 1024 };
  }

  /** Whether `ip` may upload one more file now (FILES_PER_IP_PER_MINUTE). */
  mayWriteFile(ip: string): boolean {
    return this.admission.writeFile(ip);
  }

  /** Whether the room exists (a file is only ever stored for one). */
  async hasRoom(roomId: string): Promise<boolean> {
    return (await this.lookup(roomId)) !== null;
  }

  /** Stores a checked file of a known room (the caller checked its hash, type and size). */
  putFile(file: FileRecord, data: Uint8Array): Promise<PutFileResult> {
    return this.storage.putFile(file, data, this.fileLimits.roomFilesBytes);
  }

  /** A room's file; null for an unknown room or file. */
  async file(roomId: string, sha256: string): Promise<{ type: string; data: Uint8Array } | null> {
    if (!(await this.lookup(roomId))) return null;
    return this.storage.getFile(roomId, sha256);
  }

  async roomForView(viewId: string): Promise<RoomRecord | null> {
    if (!isValidId(viewId)) return null;
    return this.storage.getRoomByView(viewId);
  }

  /** An editor's socket from `ip`: the transport feeds the session frames and reports its close. */
  connect(roomId: string, conn: Connection, ip: string): EditorSession {
    this.connections++;
    const admitted = this.admission.enterConnection(ip);
    const session = new EditorSession(this.sessionHost, roomId, conn, admitted ? ip : null);
    session.start(this.closing ? CloseCode.Restarting : admitted ? null : CloseCode.TooManyConnections);
    return session;
  }

  /**
   * A spectator's stream from `ip`. `open` starts the response (status 200 and headers)
   * and gives its sink; it is called only once the stream is admitted. Returns the
   * function to call when the stream closes, or the HTTP status to answer instead: 404
   * (no such board, or shutting down), 429 (too many streams from `ip`), 503 (the room
   * has its cap of spectators).
   */
  async watch(viewId: string, lastEventId: string | null, ip: string, open: () => EventSink): Promise<(() => void) | { status: 404 | 429 | 503 }> {
    if (this.closing) return { status: 404 };
    const rec = await this.roomForView(viewId);
    if (!rec || this.closing) return { status: 404 };
    if (!this.admission.enterStream(ip)) return { status: 429 };
    let room;
    try {
      room = await this.rooms.acquire(rec.id);
    } catch {
      this.admission.leaveStream(ip);
      return { status: 503 };
    }
    const hub = spectatorsOf(room, this.opts.sseMaxBufferedBytes, this.opts.maxFrameBytes);
    if (hub.size >= this.admission.streamsPerRoom) {
      this.admission.leaveStream(ip);
      this.rooms.release(room);
      return { status: 503 };
    }
    const sink = open();
    hub.add(sink, lastEventId);
    let stopped = false;
    return () => {
      if (stopped) return;
      stopped = true;
      this.admission.leaveStream(ip);
      hub.remove(sink);
    };
  }

  health(): { ok: boolean; rooms: number; connections: number; spectators: number } {
    let spectators = 0;
    for (const r of this.rooms.rooms()) spectators += spectatorCount(r);
    return { ok: !this.closing && this.logs.up !== false, rooms: this.rooms.size, connections: this.connections, spectators };
  }

  /**
   * Graceful shutdown: disconnect everyone, persist every room, close the store. False
   * when writes were still failing at the deadline: the process must not exit 0 then.
   */
  async shutdown(): Promise<boolean> {
    if (this.closing) return true;
    this.closing = true;
    // collecting files can wait for the next start; the store closes below
    const collecting = this.files.stop();
    const saved = await this.rooms.closeAll(CloseCode.Restarting, closeReason[CloseCode.Restarting], this.opts.shutdownWriteDeadlineMs ?? 10_000);
    if (!saved) log.error('shutting down with unsaved updates; the journal keeps them for the next start', { updates: this.persister.unwritten() });
    else this.opts.journal?.truncate();
    this.opts.journal?.close();
    await this.logs.close?.();
    await this.compactor.close();
    await collecting;
    await this.storage.close();
    return saved;
  }

  private async lookup(id: string): Promise<RoomRecord | null> {
    if (!isValidId(id)) return null;
    const cached = this.known.get(id);
    if (cached) return cached;
    const rec = await this.storage.getRoom(id);
    if (rec) {
      if (this.known.size >= KNOWN_ROOMS_CACHE) this.known.clear();
      this.known.set(id, rec);
    }
    return rec;
  }
}

function roomInfo(rec: RoomRecord): RoomInfo {
  return { id: rec.id, editUrl: editPath(rec.id), viewUrl: viewPath(rec.viewId) };
}
