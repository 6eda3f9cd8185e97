import { mkdirSync } from 'node:fs';
import type { Config } from '../config.ts';
import { Journal, recoverJournal } from '../log/journal.ts';
import { log } from '../log.ts';
import { keepServingOnErrors } from '../processGuard.ts';
import { lockDataDir } from '../storage/dataDirLock.ts';
import type { Storage } from '../storage/storage.ts';

/**
 * What both runtimes do before serving: keep serving on stray errors, take DATA_DIR
 * (one relay per directory; exits with a clear message otherwise). Returns the unlock.
 */
export function claimDataDir(config: Pick<Config, 'dataDir'>): () => void {
  mkdirSync(config.dataDir, { recursive: true });
  keepServingOnErrors();
  try {
    return lockDataDir(config.dataDir);
  } catch (err) {
    log.error('cannot start', { error: (err as Error).message });
    process.exit(1);
  }
}

/** The write-ahead journal of durable mode, with whatever it held put back into the store first. */
export async function openJournal(config: Pick<Config, 'dataDir' | 'durable'>, storage: Storage): Promise<Journal | undefined> {
  if (!config.durable) return undefined;
  const journal = new Journal(config.dataDir);
  await recoverJournal(journal, storage);
  return journal;
}
