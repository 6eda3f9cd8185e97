import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import type { Sql } from 'postgres';
import { startRelay, type RelayProcess, type Runtime } from '../relayProcess.ts';
import { adminClient, freshSchema, type TestSchema } from '../testPostgres.ts';
import { REDIS_URL } from './services.ts';

/** Several relays on one Postgres schema and one Redis key prefix of their own (so test files never meet). */
export interface TestCluster {
  relays: RelayProcess[];
  schema: TestSchema;
  prefix: string;
  redisUrl: string;
  env: Record<string, string>;
  /** A look at the cluster's Redis keys. */
  redis: Redis;
  sql: Sql;
  /** Starts relay `i` again (after stop), on its own data dir, with the cluster's settings. */
  restart(i: number, runtime?: Runtime): Promise<RelayProcess>;
  stop(): Promise<void>;
}

/** A schema and key prefix of their own, as the relays' environment (for relays the caller starts itself). */
export async function clusterEnv(redisUrl = REDIS_URL): Promise<{ env: Record<string, string>; cleanup(): Promise<void> }> {
  const sql = adminClient();
  const schema = await freshSchema(sql);
  const prefix = `wbtest${randomBytes(4).toString('hex')}`;
  return {
    env: { DATABASE_URL: schema.url, REDIS_URL: redisUrl, REDIS_KEY_PREFIX: prefix },
    async cleanup() {
      const redis = new Redis(redisUrl, { maxRetriesPerRequest: 1 });
      redis.on('error', () => {});
      const keys = await redis.keys(`${prefix}:*`).catch(() => [] as string[]);
      if (keys.length > 0) await redis.del(...keys).catch(() => {});
      redis.disconnect();
      await schema.drop();
      await sql.end({ timeout: 2 });
    },
  };
}

/** `pgPort`: reach Postgres through this port (a tcpProxy.ts in front of it) instead of directly. */
export async function startCluster(runtimes: Runtime[], opts: { env?: Record<string, string>; redisUrl?: string; pgPort?: number } = {}): Promise<TestCluster> {
  const sql = adminClient();
  const schema = await freshSchema(sql);
  const prefix = `wbtest${randomBytes(4).toString('hex')}`;
  const redisUrl = opts.redisUrl ?? REDIS_URL;
  const dbUrl = new URL(schema.url);
  if (opts.pgPort) dbUrl.port = String(opts.pgPort);
  const env = { DATABASE_URL: dbUrl.toString(), REDIS_URL: redisUrl, REDIS_KEY_PREFIX: prefix, ...opts.env };
  const dirs = runtimes.map(() => mkdtempSync(join(tmpdir(), 'wb-cluster-')));
  const relays = await Promise.all(runtimes.map((runtime, i) => startRelay({ runtime, dataDir: dirs[i], env })));
  const redis = new Redis(redisUrl, { maxRetriesPerRequest: 1 });
  redis.on('error', () => {}); // a test may stop this Redis on purpose
  const cluster: TestCluster = {
    relays,
    schema,
    prefix,
    redisUrl,
    env,
    redis,
    sql,
    async restart(i, runtime = runtimes[i]) {
      relays[i] = await startRelay({ runtime, dataDir: dirs[i], env });
      return relays[i];
    },
    async stop() {
      await Promise.all(relays.map((r) => r.stop('SIGKILL')));
      const keys = await redis.keys(`${prefix}:*`).catch(() => [] as string[]);
      if (keys.length > 0) await redis.del(...keys).catch(() => {});
      redis.disconnect();
      await schema.drop();
      await sql.end({ timeout: 2 });
    },
  };
  return cluster;
}
