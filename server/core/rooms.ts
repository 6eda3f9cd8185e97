import type { LogSource } from '../log/logSource.ts';
import type { Persister } from '../log/persister.ts';
import { log } from '../log.ts';
import { CloseCode } from '../../shared/closeCodes.ts';
import { Room, type RoomOptions } from './room.ts';
import { metrics } from './metrics.ts';
import { ProtocolError } from './protocol.ts';

export interface RegistryOptions extends RoomOptions {
  idleMs: number;
  /** Rooms in memory at most (MAX_ROOMS): past it the least recently used empty room is unloaded first. */
  maxRooms: number;
  /** Called for every room loaded, before anyone is in it (version history attaches here). */
  onLoaded?: (room: Room) => void;
  /** Called as a room leaves memory, its document persisted and still readable (files are collected here). */
  onUnloading?: (room: Room) => void;
}

/**
 * The rooms in memory. A room is loaded from storage on first use, shared by everyone
 * who joins it, and unloaded (persisted, then dropped) once it has been empty for
 * `idleMs`, or sooner when the relay holds `maxRooms`. A join during an unload waits
 * for it and loads the room afresh.
 */
export class RoomRegistry {
  /** In order of last use: the first empty one is the one to unload when full. */
  private readonly loaded = new Map<string, Room>();
  private readonly loading = new Map<string, Promise<Room>>();
  private readonly unloading = new Map<string, Promise<void>>();
  private readonly idleTimers = new Map<string, ReturnType<typeof setTimeout>>();

  constructor(
    private readonly logs: LogSource,
    private readonly persister: Persister,
    private readonly opts: RegistryOptions,
  ) {}

  get size(): number {
    return this.loaded.size;
  }

  rooms(): IterableIterator<Room> {
    return this.loaded.values();
  }

  /** The loaded room, loading it if needed. Callers must put someone in it right away. */
  async acquire(roomId: string): Promise<Room> {
    this.cancelIdle(roomId);
    const room = this.loaded.get(roomId);
    if (room) {
      this.loaded.delete(roomId);
      this.loaded.set(roomId, room);
      return room;
    }
    let pending = this.loading.get(roomId);
    if (!pending) {
      pending = this.load(roomId).finally(() => this.loading.delete(roomId));
      this.loading.set(roomId, pending);
    }
    return pending;
  }

  /** For callers that acquired a room but put nobody in it after all. */
  release(room: Room): void {
    if (room.isEmpty) this.scheduleIdle(room);
  }

  /**
   * Persists and closes every room (graceful shutdown); false when some writes could
   * not be made within `deadlineMs` (the process must then not exit 0).
   */
  async closeAll(code: number, reason: string, deadlineMs: number): Promise<boolean> {
    for (const t of this.idleTimers.values()) clearTimeout(t);
    this.idleTimers.clear();
    await Promise.allSettled(this.loading.values());
    const rooms = [...this.loaded.values()];
    this.loaded.clear();
    for (const room of rooms) room.close(code, reason);
    const all = Promise.allSettled([...rooms.map((r) => r.persist()), ...this.unloading.values()]);
    const timedOut = await Promise.race([all.then(() => false), new Promise<boolean>((r) => setTimeout(() => r(true), deadlineMs).unref?.())]);
    for (const r of rooms) if (!r.doc.isDestroyed) r.destroy();
    return !timedOut && (await this.persister.drain(0));
  }

  private async load(roomId: string): Promise<Room> {
    await this.unloading.get(roomId);
    if (this.loaded.size >= this.opts.maxRooms && !this.evictOne()) {
      throw new ProtocolError(CloseCode.RelayFull, `${this.loaded.size} rooms in memory, none idle`);
    }
    const started = performance.now();
    const { stored, log: docLog } = await this.logs.open(roomId);
    const room = new Room(roomId, stored, docLog, this.opts);
    room.onEmpty = () => this.scheduleIdle(room);
    room.onBroken = () => {
      if (this.loaded.get(roomId) === room) void this.unload(room);
    };
    this.opts.onLoaded?.(room);
    this.loaded.set(roomId, room);
    metrics.roomsLoaded++;
    log.info('room loaded', {
      room: roomId,
      ms: Math.round(performance.now() - started),
      snapshotBytes: stored.snapshot?.length ?? 0,
      updates: stored.updates.length,
    });
    return room;
  }

  /** Unloads the least recently used empty room; false when every room has someone in it. */
  private evictOne(): boolean {
    for (const room of this.loaded.values()) {
      if (!room.isEmpty) continue;
      this.cancelIdle(room.id);
      void this.unload(room);
      return true;
    }
    return false;
  }

  private scheduleIdle(room: Room): void {
    if (this.idleTimers.has(room.id)) return;
    this.idleTimers.set(
      room.id,
      setTimeout(() => {
        this.idleTimers.delete(room.id);
        if (room.isEmpty && this.loaded.get(room.id) === room) void this.unload(room);
      }, this.opts.idleMs),
    );
  }

  private cancelIdle(roomId: string): void {
    const t = this.idleTimers.get(roomId);
    if (t) clearTimeout(t);
    this.idleTimers.delete(roomId);
  }

  private async unload(room: Room): Promise<void> {
    this.loaded.delete(room.id);
    const done = room
      .persist()
      .catch((err) => log.error('persist on unload failed', { room: room.id, error: String(err) }))
      .finally(() => {
        try {
          this.opts.onUnloading?.(room);
        } catch (err) {
          log.error('unload hook failed', { room: room.id, error: String(err) });
        }
        room.close(1001, 'room unloaded');
        room.destroy();
        this.unloading.delete(room.id);
        metrics.roomsUnloaded++;
        log.info('room unloaded', { room: room.id });
      });
    this.unloading.set(room.id, done);
    await done;
  }
}
