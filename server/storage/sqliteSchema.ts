/** Tables of the embedded store, shared by better-sqlite3 (Node) and bun:sqlite (Bun). */
export const SQLITE_SCHEMA = `
CREATE TABLE IF NOT EXISTS rooms (
  id TEXT PRIMARY KEY,
  view_id TEXT NOT NULL UNIQUE,
  created_at INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS snapshots (
  room_id TEXT PRIMARY KEY REFERENCES rooms(id),
  seq INTEGER NOT NULL,
  data BLOB NOT NULL
);
CREATE TABLE IF NOT EXISTS updates (
  room_id TEXT NOT NULL REFERENCES rooms(id),
  seq INTEGER NOT NULL,
  data BLOB NOT NULL,
  PRIMARY KEY (room_id, seq)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS versions (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  room_id TEXT NOT NULL REFERENCES rooms(id),
  created_at INTEGER NOT NULL,
  kind TEXT NOT NULL,
  name TEXT,
  seq INTEGER NOT NULL,
  editors TEXT NOT NULL,
  base_id INTEGER,
  data BLOB NOT NULL
);
CREATE INDEX IF NOT EXISTS versions_by_room ON versions (room_id, id);
CREATE TABLE IF NOT EXISTS files (
  room_id TEXT NOT NULL REFERENCES rooms(id),
  sha256 TEXT NOT NULL,
  type TEXT NOT NULL,
  bytes INTEGER NOT NULL,
  data BLOB NOT NULL,
  created_at INTEGER NOT NULL,
  PRIMARY KEY (room_id, sha256)
);
`;

/**
 * Columns added after the tables first shipped: `CREATE TABLE IF NOT EXISTS` leaves an
 * existing table as it was, so each is added when missing (SQLite has no
 * `ADD COLUMN IF NOT EXISTS`). Same meaning as the Postgres migrations.
 */
const ADDED_COLUMNS: readonly [table: string, column: string, type: string][] = [
  // when the file was last found unreferenced by a collection pass (server/files/collector.ts); NULL: referenced
  ['files', 'unreferenced_since', 'INTEGER'],
  // the hashes the version's document names, space-separated; NULL: saved before they were recorded
  ['versions', 'files', 'TEXT'],
];

export function addSqliteColumns(db: { prepare(sql: string): { all(): unknown[] }; exec(sql: string): unknown }): void {
  for (const [table, column, type] of ADDED_COLUMNS) {
    const has = (db.prepare(`PRAGMA table_info(${table})`).all() as { name: string }[]).some((c) => c.name === column);
    if (!has) db.exec(`ALTER TABLE ${table} ADD COLUMN ${column} ${type}`);
  }
}
