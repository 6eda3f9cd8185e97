import type { Config } from '../config.ts';
import type { Compactor } from '../core/compactor.ts';
import { Cluster } from '../cluster/cluster.ts';
import { log } from '../log.ts';
import type { Storage } from '../storage/storage.ts';

/**
 * Cluster mode when REDIS_URL is set: the rooms' logs are Redis streams shared by every
 * relay. A Redis that cannot be reached at start stops the start (exit 1); one lost
 * later is waited for (the relay refuses rooms meanwhile, close code 4504).
 */
export async function openCluster(
  config: Pick<Config, 'redisUrl' | 'redisKeyPrefix' | 'compactUpdates' | 'compactBytes'>,
  storage: Storage,
  compactor: Compactor,
  unlock: () => void,
): Promise<Cluster | undefined> {
  if (!config.redisUrl) return undefined;
  const cluster = new Cluster(storage, compactor, { redisUrl: config.redisUrl, keyPrefix: config.redisKeyPrefix, compactUpdates: config.compactUpdates, compactBytes: config.compactBytes });
  try {
    await cluster.start();
  } catch (err) {
    log.error('cannot start', { error: `redis (${new URL(config.redisUrl).host}): ${(err as Error).message}` });
    await cluster.close().catch(() => {});
    unlock();
    process.exit(1);
  }
  log.info('cluster mode', { relay: cluster.relayId, redis: new URL(config.redisUrl).host });
  return cluster;
}
