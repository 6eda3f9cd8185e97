/**
 * Collects a board's files that nothing names any more (an image deleted from the board
 * and from every kept version), so they stop counting against ROOM_FILES_BYTES.
 *
 * A pass runs when a room leaves memory or its log is compacted, at most once per
 * `intervalMs` per room, one pass at a time for the whole relay, off the room's own
 * work (nothing waits for it). It gathers what the room's document names now and what
 * each kept version names (recorded when the version was saved; a version saved before
 * that is decoded once and its list recorded), then asks the store to sweep: files named
 * lose their mark, unnamed ones are marked, and those marked at least `graceMs` ago go.
 * The grace is for undo: an editor's open session can bring a deleted image back for as
 * long as it stays open, without uploading it again. An upload of a file the board still
 * has clears its mark; one the board no longer has is stored again (a name is its
 * content).
 */
import type { Room } from '../core/room.ts';
import { versionDocument } from '../history/versionData.ts';
import { log } from '../log.ts';
import type { Storage, SweepResult } from '../storage/storage.ts';
import { fileRefs, fileRefsOfUpdate } from './references.ts';

export interface FileCollection {
  /** a file unreferenced this long is deleted (FILES_GRACE_MS) */
  graceMs: number;
  /** a room's files are collected at most this often (FILES_GC_INTERVAL_MS) */
  intervalMs: number;
}

/** Rooms whose last pass time is remembered, at most (older entries only allow an early pass). */
const MAX_REMEMBERED = 100_000;

export class FileCollector {
  private readonly lastPass = new Map<string, number>();
  private queue: Promise<void> = Promise.resolve();
  private stopped = false;

  constructor(
    private readonly storage: Storage,
    private readonly opts: FileCollection,
  ) {}

  /** Hooks a loaded room: a pass when its log compacts (and when it unloads: unloading). */
  attach(room: Room): void {
    const before = room.log.onCompacting;
    room.log.onCompacting = () => {
      before?.();
      this.request(room);
    };
  }

  /** The room leaves memory (RoomRegistry's onUnloading): a pass, unless one ran within the interval. */
  unloading(room: Room): void {
    this.request(room);
  }

  /** No more passes (shutdown: the store is about to close). */
  stop(): Promise<void> {
    this.stopped = true;
    return this.queue;
  }

  /** Done when every pass asked for so far has run (tests). */
  idle(): Promise<void> {
    return this.queue;
  }

  private request(room: Room): void {
    if (this.stopped) return;
    const now = Date.now();
    const last = this.lastPass.get(room.id);
    if (last !== undefined && now - last < this.opts.intervalMs) return;
    if (this.lastPass.size >= MAX_REMEMBERED) this.lastPass.clear();
    this.lastPass.set(room.id, now);
    let named: Set<string>;
    try {
      // read now: an unloaded room's document is gone once its close returns
      named = fileRefs(room.settledDoc());
    } catch (err) {
      return void log.warn('files not collected', { room: room.id, error: String(err) });
    }
    this.queue = this.queue
      .then(() => (this.stopped ? undefined : this.pass(room.id, named)))
      .catch((err) => log.warn('files not collected', { room: room.id, error: String(err) }));
  }

  private async pass(roomId: string, named: Set<string>): Promise<void> {
    const r = await collectFiles(this.storage, roomId, named, this.opts.graceMs);
    if (r && (r.marked || r.deleted)) log.info('files collected', { room: roomId, ...r });
  }
}

/**
 * One pass over a room's files: `named` (what its document names now) and what its kept
 * versions name stay, the rest is swept (Storage.sweepFiles). Null when a kept version
 * cannot be read: it might name anything, so nothing is collected this time.
 */
export async function collectFiles(storage: Storage, roomId: string, named: ReadonlySet<string>, graceMs: number): Promise<SweepResult | null> {
  const keep = new Set(named);
  for (const v of await storage.versionFiles(roomId)) {
    let files = v.files;
    if (files === null) {
      const found = await versionDocument(storage, roomId, v.id);
      if (!found) {
        log.warn('files not collected: a version cannot be read', { room: roomId, version: v.id });
        return null;
      }
      files = [...fileRefsOfUpdate(found.data)];
      await storage.setVersionFiles(roomId, v.id, files);
    }
    for (const f of files) keep.add(f);
  }
  return storage.sweepFiles(roomId, keep, Date.now(), graceMs);
}
