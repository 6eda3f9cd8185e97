import type { Config } from '../config.ts';
import { log } from '../log.ts';
import { PostgresStorage } from '../storage/postgres.ts';
import type { Storage } from '../storage/storage.ts';

/**
 * The store both runtimes serve from: Postgres when DATABASE_URL is set, else the
 * runtime's own SQLite (`embedded`: better-sqlite3 on Node, bun:sqlite on Bun). A database
 * that cannot be reached or migrated stops the start with a clear message (exit 1).
 */
export async function openStorage(
  config: Pick<Config, 'dataDir' | 'databaseUrl'>,
  embedded: (dataDir: string) => Storage,
  unlock: () => void,
): Promise<Storage> {
  if (!config.databaseUrl) {
    const storage = embedded(config.dataDir);
    log.info('storage opened', { backend: 'sqlite', dataDir: config.dataDir });
    return storage;
  }
  try {
    const storage = await PostgresStorage.open(config.databaseUrl);
    log.info('storage opened', { backend: 'postgres', ...where(config.databaseUrl) });
    return storage;
  } catch (err) {
    log.error('cannot start', { error: `postgres (${JSON.stringify(where(config.databaseUrl))}): ${(err as Error).message}` });
    unlock();
    process.exit(1);
  }
}

/** Where the URL points, without its credentials (logs must not carry a password). */
function where(url: string): Record<string, string> {
  const u = new URL(url);
  return { host: u.host, database: u.pathname.slice(1), schema: u.searchParams.get('search_path') ?? 'public' };
}
