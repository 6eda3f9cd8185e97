import * as Y from 'yjs';
import type { Room } from '../core/room.ts';
import type { RoomListener } from '../core/listener.ts';
import type { Storage, VersionKind, VersionRecord, VersionRetention } from '../storage/storage.ts';
import { log } from '../log.ts';
import { editorName, MAX_EDITORS } from './editors.ts';

export interface CheckpointOptions {
  /** A checkpoint is taken this long after the first change since the last one (VERSION_INTERVAL_MS). */
  intervalMs: number;
  keep: VersionRetention;
}

const checkpointers = new WeakMap<Room, Checkpoints>();

/**
 * A board's version history as it is drawn: a checkpoint (the whole document) a few
 * minutes after activity starts, when the board leaves memory with changes since the
 * last one, and named ones on request. It hears the room as a listener, so the room
 * knows nothing of it; the versions go to the store with the retention applied there.
 */
export class Checkpoints implements RoomListener {
  readonly size = 0;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private readonly editors = new Set<string>();
  private dirty = false;
  private seq = 0;
  private writing: Promise<unknown> = Promise.resolve();

  private constructor(
    private readonly room: Room,
    private readonly storage: Storage,
    private readonly opts: CheckpointOptions,
  ) {
    this.seq = room.log.lastSeq;
  }

  static attach(room: Room, storage: Storage, opts: CheckpointOptions): Checkpoints {
    const c = new Checkpoints(room, storage, opts);
    room.attach(c);
    checkpointers.set(room, c);
    return c;
  }

  static of(room: Room): Checkpoints | undefined {
    return checkpointers.get(room);
  }

  update(_update: Uint8Array, seq: number): void {
    this.seq = seq;
    this.dirty = true;
    this.noteEditors();
    if (!this.timer) {
      this.timer = setTimeout(() => void this.take('auto'), this.opts.intervalMs);
      this.timer.unref?.();
    }
  }

  awareness(): void {}
  flush(): void {}

  /** The room is going: what changed since the last checkpoint is kept (the document is still readable). */
  close(): void {
    if (this.dirty) void this.take('auto');
    else this.clearTimer();
  }

  /** A named version, now. */
  save(name: string): Promise<VersionRecord> {
    return this.take('named', name);
  }

  private take(kind: VersionKind, name: string | null = null): Promise<VersionRecord> {
    this.clearTimer();
    const editors = [...this.editors];
    this.editors.clear();
    this.dirty = false;
    let data: Uint8Array;
    try {
      data = Y.convertUpdateFormatV1ToV2(this.room.snapshot());
    } catch (err) {
      return Promise.reject(err);
    }
    const version = { roomId: this.room.id, createdAt: Date.now(), kind, name, seq: this.seq, editors };
    const done = this.writing.then(() => this.storage.addVersion(version, data, this.opts.keep));
    this.writing = done.catch((err) => log.warn('version not saved', { room: this.room.id, error: String(err) }));
    return done;
  }

  private noteEditors(): void {
    if (this.editors.size >= MAX_EDITORS) return;
    for (const state of this.room.awareness.getStates().values()) {
      const name = editorName(state);
      if (name) this.editors.add(name);
      if (this.editors.size >= MAX_EDITORS) break;
    }
  }

  private clearTimer(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }
}
