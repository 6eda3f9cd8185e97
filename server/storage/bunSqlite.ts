import { Database } from 'bun:sqlite';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { SqlStore, type SqlDatabase } from './sqlStore.ts';

/**
 * The embedded store on Bun (better-sqlite3 is a Node addon Bun cannot load): the same
 * file and schema through `bun:sqlite`. Import it only from Bun code: Node cannot
 * resolve `bun:sqlite`.
 */
export class BunSqliteStorage extends SqlStore {
  constructor(dataDir: string) {
    mkdirSync(dataDir, { recursive: true });
    // strict: bind `?` parameters positionally and throw on a missing one, as better-sqlite3 does.
    const db = new Database(join(dataDir, 'whiteboard.sqlite'), { create: true, readwrite: true, strict: true });
    super(db as unknown as SqlDatabase);
  }
}
