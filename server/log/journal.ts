import { closeSync, ftruncateSync, fstatSync, openSync, readFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import type { Storage, UpdateBatch } from '../storage/storage.ts';
import { log } from '../log.ts';

/** Past this size, the journal is emptied once the store holds everything in it. */
const TRUNCATE_AT = 4 * 1024 * 1024;

/**
 * The write-ahead journal that lets the relay send an update only once it is on disk
 * without a database commit per message: the updates of one flush (every room's) are
 * appended to `DATA_DIR/journal.log` in one write() — one syscall, no fsync: it survives
 * a crash of the process, as the database with synchronous=NORMAL does — and the
 * database gets them in batches as before. On start, whatever the database lacks is
 * taken back from the journal (recoverJournal).
 *
 * Record: [u32 length of the rest][u16 room id length][room id][f64 seq][update].
 * A crash mid-write leaves at most a torn last record, which reading ignores.
 */
export class Journal {
  private readonly fd: number;
  private size: number;

  constructor(readonly dir: string) {
    this.fd = openSync(join(dir, 'journal.log'), 'a+');
    this.size = fstatSync(this.fd).size;
  }

  /** Room ids as UTF-8, encoded once per room rather than once per write. */
  private readonly ids = new Map<string, Uint8Array>();

  /** Appends the updates in one write; throws when the disk refuses it (nothing is then known to be kept). */
  append(batches: readonly UpdateBatch[]): void {
    let bytes = 0;
    for (const b of batches) {
      const id = this.idBytes(b.roomId);
      for (const u of b.updates) bytes += 14 + id.length + u.data.length;
    }
    const buf = Buffer.allocUnsafe(bytes);
    const view = new DataView(buf.buffer, buf.byteOffset, bytes);
    let at = 0;
    for (const b of batches) {
      const id = this.idBytes(b.roomId);
      for (const u of b.updates) {
        view.setUint32(at, 10 + id.length + u.data.length, true);
        view.setUint16(at + 4, id.length, true);
        buf.set(id, at + 6);
        view.setFloat64(at + 6 + id.length, u.seq, true);
        buf.set(u.data, at + 14 + id.length);
        at += 14 + id.length + u.data.length;
      }
    }
    let written = 0;
    while (written < buf.length) written += writeSync(this.fd, buf, written);
    this.size += buf.length;
  }

  private idBytes(roomId: string): Uint8Array {
    let id = this.ids.get(roomId);
    if (!id) {
      if (this.ids.size >= 10_000) this.ids.clear();
      id = Buffer.from(roomId);
      this.ids.set(roomId, id);
    }
    return id;
  }

  /** Empties the journal when it has grown; call only when the store holds everything appended. */
  truncateIfLarge(): void {
    if (this.size >= TRUNCATE_AT) this.truncate();
  }

  truncate(): void {
    ftruncateSync(this.fd, 0);
    this.size = 0;
  }

  /** Every whole record in the journal, grouped by room in order. */
  read(): UpdateBatch[] {
    const buf = readFileSync(join(this.dir, 'journal.log'));
    const byRoom = new Map<string, UpdateBatch>();
    let at = 0;
    while (at + 4 <= buf.length) {
      const len = buf.readUInt32LE(at);
      if (len < 10 || at + 4 + len > buf.length) break;
      const idLen = buf.readUInt16LE(at + 4);
      if (idLen + 10 > len) break;
      const roomId = buf.toString('utf8', at + 6, at + 6 + idLen);
      const seq = buf.readDoubleLE(at + 6 + idLen);
      const data = new Uint8Array(buf.subarray(at + 14 + idLen, at + 4 + len));
      let b = byRoom.get(roomId);
      if (!b) byRoom.set(roomId, (b = { roomId, updates: [] }));
      b.updates.push({ seq, data });
      at += 4 + len;
    }
    return [...byRoom.values()];
  }

  close(): void {
    closeSync(this.fd);
  }
}

/**
 * Puts back into the store what the journal holds and the store lacks (the relay was
 * killed between a journal write and the database batch), then empties the journal.
 */
export async function recoverJournal(journal: Journal, storage: Storage): Promise<void> {
  const batches = journal.read();
  if (batches.length > 0) {
    await storage.recoverUpdates(batches);
    log.info('journal recovered', { rooms: batches.length, updates: batches.reduce((n, b) => n + b.updates.length, 0) });
  }
  journal.truncate();
}
