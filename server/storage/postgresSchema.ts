import type { Sql } from 'postgres';

/**
 * The shared store's tables, as migrations: entry i takes a database from version i to
 * i + 1. Append new entries; never edit one that has shipped. Same meaning as
 * sqliteSchema.ts (seq and created_at are bigint: SQLite's INTEGER is 64-bit too).
 */
export const MIGRATIONS: readonly (readonly string[])[] = [
  [
    `CREATE TABLE IF NOT EXISTS rooms (
      id text PRIMARY KEY,
      view_id text NOT NULL UNIQUE,
      created_at bigint NOT NULL
    )`,
    `CREATE TABLE IF NOT EXISTS snapshots (
      room_id text PRIMARY KEY REFERENCES rooms(id),
      seq bigint NOT NULL,
      data bytea NOT NULL
    )`,
    `CREATE TABLE IF NOT EXISTS updates (
      room_id text NOT NULL REFERENCES rooms(id),
      seq bigint NOT NULL,
      data bytea NOT NULL,
      PRIMARY KEY (room_id, seq)
    )`,
  ],
  // 2: version history
  [
    `CREATE TABLE IF NOT EXISTS versions (
      id bigserial PRIMARY KEY,
      room_id text NOT NULL REFERENCES rooms(id),
      created_at bigint NOT NULL,
      kind text NOT NULL,
      name text,
      seq bigint NOT NULL,
      editors text NOT NULL,
      base_id bigint,
      data bytea NOT NULL
    )`,
    `CREATE INDEX IF NOT EXISTS versions_by_room ON versions (room_id, id)`,
  ],
  // 3: images of a board (files API)
  [
    `CREATE TABLE IF NOT EXISTS files (
      room_id text NOT NULL REFERENCES rooms(id),
      sha256 text NOT NULL,
      type text NOT NULL,
      bytes bigint NOT NULL,
      data bytea NOT NULL,
      created_at bigint NOT NULL,
      PRIMARY KEY (room_id, sha256)
    )`,
  ],
  // 4: collecting unreferenced files (server/files/collector.ts): when a pass last found a
  // file unreferenced (NULL: referenced), and the hashes each version names (space-separated;
  // NULL: saved before they were recorded)
  [`ALTER TABLE files ADD COLUMN IF NOT EXISTS unreferenced_since bigint`, `ALTER TABLE versions ADD COLUMN IF NOT EXISTS files text`],
];

/** Any constant: relays of this app take this advisory lock while they migrate. */
const MIGRATION_LOCK = 0x77625f6d6967; // "wb_mig"

/**
 * Brings the schema (of the connection's search_path) to the latest version. Relays
 * starting together take turns under a transaction-scoped advisory lock, so a second one
 * finds the work done instead of racing it (concurrent CREATE TABLE IF NOT EXISTS can fail
 * on the catalog's unique index). DDL is transactional here: a failed step leaves nothing.
 */
export async function migrate(sql: Sql): Promise<{ from: number; to: number }> {
  return sql.begin(async (tx) => {
    await tx`SELECT pg_advisory_xact_lock(${MIGRATION_LOCK}::bigint)`;
    await tx`CREATE TABLE IF NOT EXISTS schema_version (version integer PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())`;
    const [row] = await tx<{ v: number | null }[]>`SELECT max(version) AS v FROM schema_version`;
    const from = row?.v ?? 0;
    if (from > MIGRATIONS.length) {
      throw new Error(`the database schema is at version ${from}, newer than this relay knows (${MIGRATIONS.length}): upgrade the relay`);
    }
    for (let v = from; v < MIGRATIONS.length; v++) {
      for (const statement of MIGRATIONS[v]) await tx.unsafe(statement);
      await tx`INSERT INTO schema_version (version) VALUES (${v + 1})`;
    }
    return { from, to: MIGRATIONS.length };
  });
}
