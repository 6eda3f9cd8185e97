import Database from 'better-sqlite3';
import { join } from 'node:path';

/**
 * Another process's rows in the relay's database at the seqs it will write next for the
 * room, so its next write fails with a constraint error (a real storage fault, from
 * outside). Returns the undo: with the rows gone, the relay's retry succeeds.
 */
export function blockNextSeqs(dataDir: string, roomId: string): () => void {
  const db = new Database(join(dataDir, 'whiteboard.sqlite'));
  db.pragma('busy_timeout = 5000');
  const highest = db.prepare('SELECT max(seq) AS s FROM (SELECT seq FROM updates WHERE room_id = ? UNION SELECT seq FROM snapshots WHERE room_id = ?)');
  const insert = db.prepare('INSERT INTO updates (room_id, seq, data) VALUES (?, ?, ?)');
  const sleep = (ms: number) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
  // The relay writes the database in 20 ms batches (the journal has them first): wait
  // until what it sent is stored, so the block hits its next update, not one in flight.
  for (let last = -1, i = 0; i < 40; i++) {
    const now = (highest.get(roomId, roomId) as { s: number | null }).s ?? 0;
    if (now === last) break;
    last = now;
    sleep(60);
  }
  // A batch landing between the read and the insert still takes a seq: read again and retry.
  let top = 0;
  for (let attempt = 0; ; attempt++) {
    top = (highest.get(roomId, roomId) as { s: number | null }).s ?? 0;
    try {
      db.transaction(() => {
        for (let i = 1; i <= 200; i++) insert.run(roomId, top + i, Buffer.from([0, 0]));
      })();
      break;
    } catch (err) {
      if (attempt >= 20 || !String(err).includes('UNIQUE')) throw err;
      sleep(30);
    }
  }
  return () => {
    db.prepare('DELETE FROM updates WHERE room_id = ? AND seq > ? AND seq <= ? AND data = ?').run(roomId, top, top + 200, Buffer.from([0, 0]));
    db.close();
  };
}
