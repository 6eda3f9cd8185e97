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
`;
