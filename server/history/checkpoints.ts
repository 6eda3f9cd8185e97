import * as Y from 'yjs';
import * as decoding from 'lib0/decoding';
import type { Room } from '../core/room.ts';
import type { RoomListener } from '../core/listener.ts';
import type { NewVersion, Storage, VersionKind, VersionRecord, VersionRetention } from '../storage/storage.ts';
import { MissingBaseVersion } from '../storage/versionRows.ts';
import { MAX_DELTAS, storeAsDelta } from './deltaRule.ts';
import { log } from '../log.ts';
import { editorName, MAX_EDITORS } from './editors.ts';
import { fileRefs } from '../files/references.ts';

export interface CheckpointOptions {
  /** A checkpoint is taken this long after the first change since the last one (VERSION_INTERVAL_MS). */
  intervalMs: number;
  keep: VersionRetention;
}

const checkpointers = new WeakMap<Room, Checkpoints>();

/** Clients whose awareness state noteEditors remembers, at most. */
const MAX_SEEN = 1000;

/** Compaction checkpoints at most this often per board. */
const MIN_COMPACTION_GAP_MS = 60_000;

/** The last whole version this room stored: its id and the document's state vector then. */
interface Keyframe {
  id: number;
  sv: Uint8Array;
  since: number;
}

/** A version about to be stored: the whole document, or what it has beyond its base, and the files it names. */
interface Next {
  whole: Uint8Array;
  delta: Uint8Array | null;
  sv: Uint8Array;
  base: Keyframe | null;
  files: string[];
}

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
  /** Per client id, the awareness state whose name is in `editors` (since the last checkpoint). */
  private readonly seen = new Map<number, unknown>();
  private dirty = false;
  private seq = 0;
  private writing: Promise<unknown> = Promise.resolve();
  private keyframe: Keyframe | null = null;
  private lastTaken = 0;

  private constructor(
    private readonly room: Room,
    private readonly storage: Storage,
    private readonly opts: CheckpointOptions,
  ) {
    this.seq = room.log.lastSeq;
    room.log.onCompacting = () => this.compacting();
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

  update(update: Uint8Array, seq: number): void {
    this.seq = seq;
    this.dirty = true;
    this.noteEditors(update);
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

  /**
   * The log is about to fold its updates into one snapshot: what the updates showed
   * step by step is kept as a checkpoint first, unless one was taken a short while ago
   * (compaction runs every few hundred updates on a busy board).
   */
  private compacting(): void {
    if (this.dirty && Date.now() - this.lastTaken >= MIN_COMPACTION_GAP_MS) void this.take('compaction');
  }

  /** A named version, now. */
  save(name: string): Promise<VersionRecord> {
    return this.take('named', name);
  }

  private take(kind: VersionKind, name: string | null = null): Promise<VersionRecord> {
    this.clearTimer();
    this.lastTaken = Date.now();
    const editors = [...this.editors];
    this.editors.clear();
    this.seen.clear();
    this.dirty = false;
    let next: Next;
    try {
      const doc = this.room.settledDoc();
      const base = this.keyframe && this.keyframe.since < MAX_DELTAS ? this.keyframe : null;
      // the files it names, so collecting files never has to decode kept versions (server/files/collector.ts)
      const files = [...fileRefs(doc)];
      next = { whole: Y.encodeStateAsUpdateV2(doc), delta: base ? Y.encodeStateAsUpdateV2(doc, base.sv) : null, sv: Y.encodeStateVector(doc), base, files };
    } catch (err) {
      return Promise.reject(err);
    }
    const version = { roomId: this.room.id, createdAt: Date.now(), kind, name, seq: this.seq, editors };
    const done = this.writing.then(() => this.store(version, next));
    this.writing = done.catch((err) => log.warn('version not saved', { room: this.room.id, error: String(err) }));
    return done;
  }

  /**
   * Stores what is smaller: the whole document, or what it has beyond the last whole
   * version (at most half the whole, and at most MAX_DELTAS in a row, so a version
   * always reads as one whole version plus one delta). A base gone meanwhile (another
   * relay's retention) means a whole one.
   */
  private async store(v: Omit<NewVersion, 'baseId'>, next: Next): Promise<VersionRecord> {
    const { base, delta } = next;
    if (base && delta && storeAsDelta(delta.byteLength, next.whole.byteLength, base.since)) {
      try {
        const rec = await this.storage.addVersion({ ...v, baseId: base.id }, delta, this.opts.keep, next.files);
        base.since++;
        return rec;
      } catch (err) {
        if (!(err instanceof MissingBaseVersion)) throw err;
      }
    }
    const rec = await this.storage.addVersion({ ...v, baseId: null }, next.whole, this.opts.keep, next.files);
    this.keyframe = { id: rec.id, sv: next.sv, since: 0 };
    return rec;
  }

  /**
   * The people whose changes are in `update`: an editor's Yjs client id is its awareness
   * id (y-websocket shares one), so the authors of its items name them. Deletions carry
   * no author; an update of only those names nobody.
   */
  private noteEditors(update: Uint8Array): void {
    if (this.editors.size >= MAX_EDITORS) return;
    const states = this.room.awareness.getStates();
    const one = soleAuthor(update);
    // an editor's every stroke update: its name was read from this very state before
    if (one !== undefined && this.seen.get(one) === states.get(one)) return;
    let authors: Iterable<number>;
    if (one !== undefined) authors = [one];
    else {
      try {
        authors = Y.parseUpdateMeta(update).to.keys();
      } catch {
        return;
      }
    }
    for (const client of authors) {
      const state = states.get(client);
      const name = editorName(state);
      if (name) {
        this.editors.add(name);
        if (this.seen.size >= MAX_SEEN) this.seen.clear();
        this.seen.set(client, state);
      }
      if (this.editors.size >= MAX_EDITORS) break;
    }
  }

  private clearTimer(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }
}

/**
 * The one client an update (v1) has structs of, read from its first varints: the
 * number of clients, then the first one's number of structs and id. undefined when it
 * has several clients, none, or cannot be read so (Y.parseUpdateMeta decides then).
 * A client listed with no structs is not an author (parseUpdateMeta leaves it out too).
 */
export function soleAuthor(update: Uint8Array): number | undefined {
  const d = decoding.createDecoder(update);
  try {
    if (decoding.readVarUint(d) !== 1) return undefined;
    if (decoding.readVarUint(d) === 0) return undefined;
    return decoding.readVarUint(d);
  } catch {
    return undefined;
  }
}
