import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { SqlStore, type SqlDatabase } from './sqlStore.ts';

/** The embedded default store on Node: `DATA_DIR/whiteboard.sqlite` through better-sqlite3. */
export class SqliteStorage extends SqlStore {
  constructor(dataDir: string) {
    mkdirSync(dataDir, { recursive: true });
    super(new Database(join(dataDir, 'whiteboard.sqlite')) as unknown as SqlDatabase);
  }
}
