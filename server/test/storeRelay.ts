import { afterAll, beforeAll } from 'vitest';
import { RUNTIMES, startRelay, type RelayProcess, type Runtime } from './relayProcess.ts';
import { adminClient, freshSchema, skipWithoutPostgres, type TestSchema } from './testPostgres.ts';

export type Store = 'sqlite' | 'postgres';

/** What a relay feature that stores data is tested on: SQLite on both runtimes, and Postgres (DATABASE_URL), which must run under CI. */
export const STORES: { runtime: Runtime; store: Store }[] = [...RUNTIMES.map((runtime) => ({ runtime, store: 'sqlite' as const })), { runtime: 'node', store: 'postgres' }];

export interface StoreRelay {
  /** the relay under test (a test that restarts it puts the new one here) */
  relay: RelayProcess;
  /** its environment, DATABASE_URL included on Postgres: what a restart passes again */
  env: Record<string, string>;
  /** Postgres is down outside CI: the tests skip */
  skip: boolean;
}

/**
 * Registers the describe block's hooks: one relay on `store` (on Postgres in a fresh
 * schema of its own, so test files running in parallel never meet), stopped (and the
 * schema dropped) after the block.
 */
export function relayOnStore(runtime: Runtime, store: Store, env: Record<string, string>): StoreRelay {
  const s = { env: { ...env }, skip: false } as StoreRelay;
  let schema: TestSchema | null = null;
  let admin: ReturnType<typeof adminClient> | null = null;
  beforeAll(async () => {
    if (store === 'postgres') {
      s.skip = await skipWithoutPostgres();
      if (s.skip) return;
      admin = adminClient();
      schema = await freshSchema(admin);
      s.env.DATABASE_URL = schema.url;
    }
    s.relay = await startRelay({ runtime, env: s.env });
  });
  afterAll(async () => {
    await s.relay?.stop();
    await schema?.drop();
    await admin?.end();
  });
  return s;
}
