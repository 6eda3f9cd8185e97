// Redis and Postgres for the cluster benchmark: a fresh key prefix and schema per cluster
// (removed afterwards), and the CPU time of the redis-server and postgres processes.
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { Redis } from 'ioredis';
import postgres, { type Sql } from 'postgres';
import { cpuTimes } from './proc.ts';

/** The machine's Redis and Postgres (loopback); BENCH_REDIS_URL / BENCH_DATABASE_URL point elsewhere. */
export const REDIS_URL = process.env.BENCH_REDIS_URL || 'redis://127.0.0.1:6379';
export const PG_URL = process.env.BENCH_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/test';

let clkTck = 100;
try {
  clkTck = Number(execFileSync('getconf', ['CLK_TCK']).toString().trim()) || 100;
} catch {
  /* keep 100 */
}

export interface Services {
  redis: Redis;
  sql: Sql;
  redisPid: number;
  redisVersion: string;
  pgVersion: string;
  close(): Promise<void>;
}

export async function openServices(): Promise<Services> {
  const redis = new Redis(REDIS_URL, { maxRetriesPerRequest: 1, connectTimeout: 3000, lazyConnect: true });
  redis.on('error', () => {});
  await redis.connect();
  const info = await redis.info('server');
  const redisPid = Number(/process_id:(\d+)/.exec(info)?.[1]);
  const redisVersion = /redis_version:(\S+)/.exec(info)?.[1] ?? '?';
  // The pid Redis reports must be a redis-server this machine runs (pgrep), or its CPU cannot be read.
  const pgrepped = pgrep('redis-server');
  if (!redisPid || !pgrepped.includes(redisPid)) {
    redis.disconnect();
    throw new Error(`Redis at ${REDIS_URL} reports process ${redisPid}, which is not a local redis-server (pgrep: ${pgrepped.join(', ') || 'none'})`);
  }
  const sql = postgres(PG_URL, { max: 2, connect_timeout: 3, onnotice: () => {} });
  let pgVersion = '?';
  try {
    const [row] = await sql<{ v: string }[]>`SELECT current_setting('server_version') AS v`;
    pgVersion = row.v;
  } catch (err) {
    redis.disconnect();
    await sql.end({ timeout: 1 });
    throw new Error(`Postgres at ${PG_URL}: ${(err as Error).message}`);
  }
  if (pgrep('postgres').length === 0) throw new Error('no local postgres process (pgrep -x postgres)');
  return {
    redis,
    sql,
    redisPid,
    redisVersion,
    pgVersion,
    async close() {
      redis.disconnect();
      await sql.end({ timeout: 2 });
    },
  };
}

export function pgrep(name: string): number[] {
  try {
    return execFileSync('pgrep', ['-x', name], { encoding: 'utf8', timeout: 5000 })
      .split('\n')
      .filter(Boolean)
      .map(Number);
  } catch {
    return []; // pgrep exits 1 when nothing matches
  }
}

/** One cluster's own place in Redis and Postgres: what its relays' environment gets. */
export interface ClusterStore {
  prefix: string;
  schema: string;
  /** application_name of the relays' Postgres connections, to find their backends. */
  appName: string;
  env: Record<string, string>;
  /** Deletes the prefix's keys and drops the schema. */
  cleanup(): Promise<void>;
}

export async function freshStore(s: Services): Promise<ClusterStore> {
  const id = randomBytes(5).toString('hex');
  const prefix = `wbbench${id}`;
  const schema = `wb_bench_${id}`;
  const appName = `wb-bench-${id}`;
  await s.sql.unsafe(`CREATE SCHEMA ${schema}`);
  const url = new URL(PG_URL);
  url.searchParams.set('search_path', schema);
  // query parameters become connection parameters (porsager/postgres), overriding the relay's application_name
  url.searchParams.set('application_name', appName);
  return {
    prefix,
    schema,
    appName,
    env: { REDIS_URL, REDIS_KEY_PREFIX: prefix, DATABASE_URL: url.toString() },
    async cleanup() {
      await deletePrefix(s.redis, prefix).catch(() => undefined);
      await s.sql.unsafe(`DROP SCHEMA IF EXISTS ${schema} CASCADE`).catch(() => undefined);
    },
  };
}

/** SCAN + DEL of `<prefix>:*`, bounded (a cluster here leaves a few dozen keys). */
async function deletePrefix(redis: Redis, prefix: string): Promise<void> {
  let cursor = '0';
  for (let i = 0; i < 10_000; i++) {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
    if (keys.length) await redis.del(...keys);
    cursor = next;
    if (cursor === '0') break;
  }
}

/** Leftovers of earlier runs that died before their cleanup (their schemas), for a note in the report. */
export async function staleSchemas(s: Services): Promise<string[]> {
  const rows = await s.sql<{ n: string }[]>`SELECT nspname AS n FROM pg_namespace WHERE nspname LIKE 'wb\_bench\_%'`;
  return rows.map((r) => r.n);
}

// ---- CPU of the postgres processes ----

interface ProcCpu {
  /** utime + stime, ms */
  own: number;
  /** cutime + cstime (children reaped so far), ms */
  reaped: number;
}

function procCpu(pid: number): ProcCpu | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return { own: ((Number(f[11]) + Number(f[12])) * 1000) / clkTck, reaped: ((Number(f[13]) + Number(f[14])) * 1000) / clkTck };
  } catch {
    return null;
  }
}

/** Every postgres process's CPU at one instant. */
export type PgSample = Map<number, ProcCpu>;

export function samplePostgres(): PgSample {
  const m: PgSample = new Map();
  for (const pid of pgrep('postgres')) {
    const c = procCpu(pid);
    if (c) m.set(pid, c);
  }
  return m;
}

/**
 * CPU of all postgres processes between two samples: the processes alive at the end
 * (minus what they had at the start), plus what backends that exited in between used
 * (the postmaster's reaped-children time grew by their whole lifetime; what they had at
 * the start was already counted there, so it is taken off).
 */
export function postgresCpuMs(from: PgSample, to: PgSample): number {
  let total = 0;
  for (const [pid, c] of to) total += c.own - (from.get(pid)?.own ?? 0);
  let reapedDelta = 0;
  for (const [pid, c] of to) if (from.has(pid)) reapedDelta += c.reaped - from.get(pid)!.reaped;
  let exitedAtStart = 0;
  for (const [pid, c] of from) if (!to.has(pid)) exitedAtStart += c.own;
  return total + Math.max(0, reapedDelta - exitedAtStart);
}

/** CPU of the given backends between two samples (backends born in between count from 0). */
export function backendsCpuMs(pids: number[], from: PgSample, to: PgSample): number {
  let total = 0;
  for (const pid of pids) {
    const b = to.get(pid);
    if (b) total += b.own - (from.get(pid)?.own ?? 0);
  }
  return total;
}

/** The backends of the relays' connections (application_name of the cluster's store). */
export async function backendsOf(s: Services, appName: string): Promise<number[]> {
  const rows = await s.sql<{ pid: number }[]>`SELECT pid FROM pg_stat_activity WHERE application_name = ${appName}`;
  return rows.map((r) => r.pid);
}

export function redisCpuMs(s: Services): number {
  const t = cpuTimes(s.redisPid);
  return t.user + t.sys;
}

/** Clients connected to Redis (everyone's, not only ours): a hint of what else used it. */
export async function redisClients(s: Services): Promise<number> {
  const info = await s.redis.info('clients');
  return Number(/connected_clients:(\d+)/.exec(info)?.[1] ?? 0);
}

/** Commands Redis processed so far (everyone's). */
export async function redisCommands(s: Services): Promise<number> {
  const info = await s.redis.info('stats');
  return Number(/total_commands_processed:(\d+)/.exec(info)?.[1] ?? 0);
}
