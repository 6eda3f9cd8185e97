import { resolve } from 'node:path';
import { DEFAULT_MAX_FRAME_BYTES } from '../shared/limits.ts';
import { DEFAULT_ADMISSION, type AdmissionLimits } from './core/admission.ts';
import { DEFAULT_BUDGETS, type BudgetLimits } from './core/budget.ts';

/** Everything the relay can be told through the environment (documented in README.md). */
export interface Config {
  port: number;
  host: string;
  dataDir: string;
  /**
   * `postgres://…` or `postgresql://…`: rooms and documents live in that database
   * (storage/postgres.ts) instead of SQLite in dataDir. Unset: SQLite.
   */
  databaseUrl: string | undefined;
  /** `redis://…`: cluster mode (server/cluster/): several relays serve the same rooms. Needs DATABASE_URL. */
  redisUrl: string | undefined;
  /** Version history: a checkpoint this long after a board's first change since the last one ... */
  versionIntervalMs: number;
  /** ... and a board keeps at most this many versions, none older than this many days (the newest always stays). */
  versionsMax: number;
  versionsMaxAgeDays: number;
  /** Prefix of every Redis key (REDIS_KEY_PREFIX), so deployments sharing a Redis stay apart. */
  redisKeyPrefix: string;
  /** Directory of the built client (vite build output). */
  clientDir: string;
  maxFrameBytes: number;
  /** A room's document may not grow past this (as logged: snapshot + updates since). */
  maxDocBytes: number;
  /** Files API: largest image accepted (MAX_FILE_BYTES) ... */
  maxFileBytes: number;
  /** ... and what one room's images may take together (ROOM_FILES_BYTES). */
  roomFilesBytes: number;
  /** A file no shape and no kept version names is deleted once it has been so this long (FILES_GRACE_MS) ... */
  filesGraceMs: number;
  /** ... by a pass run at most this often per room, when it unloads or compacts (FILES_GC_INTERVAL_MS). */
  filesGcIntervalMs: number;
  /** Rooms in memory at most; the least recently used empty one is unloaded first. */
  maxRooms: number;
  /** Graceful shutdown waits this long for failing writes before exiting non-zero. */
  shutdownWriteDeadlineMs: number;
  /** A room leaves memory this long after its last editor or spectator left. */
  roomIdleMs: number;
  /**
   * Unset (durable): what goes out is in the journal first (one write per flush across
   * rooms, log/journal.ts), so a crash loses nothing anyone was sent, and the database
   * gets it in one transaction per 20 ms. Set: nothing waits for the disk; written in one
   * transaction per this many ms, after it went out.
   */
  durable: boolean;
  persistBatchMs: number;
  /** Fold the update log into a snapshot past this many updates ... */
  compactUpdates: number;
  /** ... or this many bytes of updates. */
  compactBytes: number;
  /** A receiver whose unsent data passes this is disconnected (it resyncs on reconnect). */
  maxBufferedBytes: number;
  /** The same for spectator streams (they resume with Last-Event-ID). */
  sseMaxBufferedBytes: number;
  /** Under load a room sends at most one (merged) message per this many ms to each receiver (0: per event-loop turn). */
  sendCoalesceMs: number;
  logLevel: 'debug' | 'info' | 'warn' | 'error' | 'silent';
  /** Take the client address from X-Forwarded-For (its last entry: what our own proxy added). */
  trustProxy: boolean;
  admission: AdmissionLimits;
  budgets: BudgetLimits;
}

function int(env: NodeJS.ProcessEnv, name: string, fallback: number, min = 0): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min) throw new Error(`${name} must be an integer >= ${min}, got "${raw}"`);
  return n;
}

/** A postgres URL, checked here so a typo fails at start with a message that does not echo the password. */
function databaseUrl(raw: string | undefined): string | undefined {
  if (raw === undefined || raw === '') return undefined;
  let ok = /^postgres(ql)?:\/\//.test(raw);
  try {
    new URL(raw);
  } catch {
    ok = false;
  }
  if (!ok) throw new Error('DATABASE_URL must be a postgres:// or postgresql:// URL');
  return raw;
}

function redisUrl(raw: string | undefined, database: string | undefined): string | undefined {
  if (raw === undefined || raw === '') return undefined;
  let protocol = '';
  try {
    protocol = new URL(raw).protocol;
  } catch {
    // reported below
  }
  if (protocol !== 'redis:' && protocol !== 'rediss:') throw new Error('REDIS_URL must be a redis:// or rediss:// URL');
  // relays on separate SQLite files would each hold different boards under the same links
  if (!database) throw new Error('REDIS_URL (cluster mode) needs DATABASE_URL: the relays must share one Postgres');
  return raw;
}

function keyPrefix(raw: string | undefined): string {
  if (raw === undefined || raw === '') return 'wb';
  if (!/^[A-Za-z0-9_:.-]{1,64}$/.test(raw)) throw new Error('REDIS_KEY_PREFIX must be 1-64 letters, digits or _:.-');
  return raw;
}

const LEVELS = ['debug', 'info', 'warn', 'error', 'silent'] as const;

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const logLevel = (env.LOG_LEVEL ?? 'info') as Config['logLevel'];
  if (!LEVELS.includes(logLevel)) throw new Error(`LOG_LEVEL must be one of ${LEVELS.join(', ')}`);
  return {
    port: int(env, 'PORT', 3000),
    host: env.HOST || '0.0.0.0',
    dataDir: resolve(env.DATA_DIR || './data'),
    databaseUrl: databaseUrl(env.DATABASE_URL),
    redisUrl: redisUrl(env.REDIS_URL, env.DATABASE_URL),
    redisKeyPrefix: keyPrefix(env.REDIS_KEY_PREFIX),
    versionIntervalMs: int(env, 'VERSION_INTERVAL_MS', 5 * 60_000, 1000),
    versionsMax: int(env, 'VERSIONS_MAX', 200, 1),
    versionsMaxAgeDays: int(env, 'VERSIONS_MAX_AGE_DAYS', 90, 1),
    clientDir: resolve(env.CLIENT_DIR || './dist/client'),
    maxFrameBytes: int(env, 'MAX_FRAME_BYTES', DEFAULT_MAX_FRAME_BYTES, 1024),
    maxDocBytes: int(env, 'MAX_DOC_BYTES', 64 * 1024 * 1024, 1024),
    maxFileBytes: int(env, 'MAX_FILE_BYTES', 10 * 1024 * 1024, 1024),
    roomFilesBytes: int(env, 'ROOM_FILES_BYTES', 200 * 1024 * 1024, 1024),
    filesGraceMs: int(env, 'FILES_GRACE_MS', 24 * 3_600_000),
    filesGcIntervalMs: int(env, 'FILES_GC_INTERVAL_MS', 3_600_000),
    maxRooms: int(env, 'MAX_ROOMS', 10_000, 1),
    shutdownWriteDeadlineMs: int(env, 'SHUTDOWN_WRITE_DEADLINE_MS', 10_000),
    roomIdleMs: int(env, 'ROOM_IDLE_MS', 30_000),
    durable: env.PERSIST_BATCH_MS === undefined || env.PERSIST_BATCH_MS === '',
    persistBatchMs: int(env, 'PERSIST_BATCH_MS', 20),
    compactUpdates: int(env, 'COMPACT_UPDATES', 500, 1),
    compactBytes: int(env, 'COMPACT_BYTES', 1024 * 1024, 1),
    maxBufferedBytes: int(env, 'MAX_BUFFERED_BYTES', 16 * 1024 * 1024, 1024),
    sseMaxBufferedBytes: int(env, 'SSE_MAX_BUFFERED_BYTES', 1024 * 1024, 1024),
    sendCoalesceMs: int(env, 'SEND_COALESCE_MS', 2),
    logLevel,
    trustProxy: ['1', 'true', 'yes'].includes((env.TRUST_PROXY ?? '').toLowerCase()),
    admission: {
      connectionsPerIp: int(env, 'MAX_CONNECTIONS_PER_IP', DEFAULT_ADMISSION.connectionsPerIp, 1),
      streamsPerIp: int(env, 'MAX_STREAMS_PER_IP', DEFAULT_ADMISSION.streamsPerIp, 1),
      streamsPerRoom: int(env, 'MAX_STREAMS_PER_ROOM', DEFAULT_ADMISSION.streamsPerRoom, 1),
      roomsPerIpPerMinute: int(env, 'ROOMS_PER_IP_PER_MINUTE', DEFAULT_ADMISSION.roomsPerIpPerMinute, 1),
      versionsPerIpPerMinute: int(env, 'VERSIONS_PER_IP_PER_MINUTE', DEFAULT_ADMISSION.versionsPerIpPerMinute, 1),
      filesPerIpPerMinute: int(env, 'FILES_PER_IP_PER_MINUTE', DEFAULT_ADMISSION.filesPerIpPerMinute, 1),
    },
    budgets: {
      msgRate: int(env, 'MSG_RATE', DEFAULT_BUDGETS.msgRate, 1),
      msgBurst: int(env, 'MSG_BURST', DEFAULT_BUDGETS.msgBurst, 1),
      byteRate: int(env, 'BYTE_RATE', DEFAULT_BUDGETS.byteRate, 1024),
      replyBurst: int(env, 'REPLY_BURST', DEFAULT_BUDGETS.replyBurst, 1),
      replyEveryMs: int(env, 'REPLY_EVERY_MS', DEFAULT_BUDGETS.replyEveryMs, 1),
    },
  };
}
