import { Redis } from 'ioredis';
import { skipWithoutPostgres } from '../testPostgres.ts';

/** The machine's Redis; TEST_REDIS_URL points the tests elsewhere. */
export const REDIS_URL = process.env.TEST_REDIS_URL || 'redis://127.0.0.1:6379';

/**
 * Whether the cluster suites skip: only outside CI, and only when Redis or Postgres does
 * not answer. Under CI they run, and fail, if either is down.
 */
export async function skipWithoutCluster(): Promise<boolean> {
  if (await skipWithoutPostgres()) return true;
  if (process.env.CI) return false;
  const redis = new Redis(REDIS_URL, { lazyConnect: true, connectTimeout: 2000, maxRetriesPerRequest: 0, retryStrategy: () => null });
  try {
    await redis.connect();
    await redis.ping();
    return false;
  } catch (err) {
    console.warn(`Redis at ${REDIS_URL} is unreachable (${(err as Error).message}): skipping the cluster tests (under CI=true they fail instead)`);
    return true;
  } finally {
    redis.disconnect();
  }
}
