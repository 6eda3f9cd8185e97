import type { Storage } from '../storage/storage.ts';
import { log } from '../log.ts';
import type { Persister } from './persister.ts';
import { Room, type RoomOptions } from './room.ts';
import { metrics } from './metrics.ts';

/**
 * The rooms in memory. A room is loaded from storage on first use, shared by everyone
 * who joins it, and unloaded (persisted, then dropped) once it has been empty for
 * `idleMs`. A join during an unload waits for it and loads the room afresh.
 */
export class RoomRegistry {
  private readonly loaded = new Map<string, Room>();
  private readonly loading = new Map<string, Promise<Room>>();
  private readonly unloading = new Map<string, Promise<void>>();
  private readonly idleTimers = new Map<string, ReturnType<typeof setTimeout>>();

  constructor(
    private readonly storage: Storage,
    private readonly persister: Persister,
    private readonly opts: RoomOptions & { idleMs: number },
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
    if (room) return room;
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

  /** Persists and closes every room (graceful shutdown). */
  async closeAll(code: number, reason: string): Promise<void> {
    for (const t of this.idleTimers.values()) clearTimeout(t);
    this.idleTimers.clear();
    await Promise.all(this.loading.values());
    const rooms = [...this.loaded.values()];
    this.loaded.clear();
    for (const room of rooms) room.close(code, reason);
    await Promise.all([...rooms.map((r) => r.persist().finally(() => r.destroy())), ...this.unloading.values()]);
  }

  private async load(roomId: string): Promise<Room> {
    await this.unloading.get(roomId);
    const started = performance.now();
    const stored = await this.storage.loadDoc(roomId);
    const room = new Room(roomId, stored, this.persister, this.opts);
    room.onEmpty = () => this.scheduleIdle(room);
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
