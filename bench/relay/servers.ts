// The servers under test: how to start each one on an ephemeral loopback port, which
// dialect its clients speak, and how rooms are named.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import type { Dialect } from './protocol.ts';
import { bundleForNode, SERVER_BUNDLE } from '../../scripts/buildServer.ts';

let wsRebroadcastBuilt: Promise<unknown> | undefined;

export const ROOT = new URL('../../', import.meta.url).pathname;
const BUN = join(ROOT, 'node_modules/.bin/bun');
const TSX = ['--import', 'tsx'];
/** BENCH_NODE_FLAGS="--flag …": extra node flags for our relay on Node (e.g. V8 heap settings), to measure them. */
const nodeFlags = () => (process.env.BENCH_NODE_FLAGS ?? '').split(' ').filter(Boolean);
/** BENCH_CPU_PROF=<dir>: our relay (Node and Bun) writes a CPU profile there when it stops. */
const profileArgs = () => (process.env.BENCH_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`] : []);

export type ServerName = 'node' | 'bun' | 'node-batched' | 'node-before' | 'bun-before' | 'y-websocket' | 'hocuspocus' | 'ws-raw';

export interface Room {
  /** The room id (for servers without a room API, just a name). */
  id: string;
  /** Our relays: the spectator view id. */
  viewId?: string;
}

export interface Running {
  pid: number;
  port: number;
  wsUrl(room: Room): string;
  eventsUrl(room: Room): string | null;
  createRoom(name: string): Promise<Room>;
  /** Graceful stop (SIGTERM, then SIGKILL after 5 s). */
  stop(): Promise<void>;
}

export interface StartOptions {
  /** Persistence directory (ours: DATA_DIR; y-websocket: YPERSISTENCE; Hocuspocus: SQLite file in it). */
  storeDir: string;
  /** Peers persist only when asked (cold load); ours always persists. */
  persist: boolean;
}

export interface ServerDef {
  name: ServerName;
  label: string;
  dialect: Dialect;
  ours: boolean;
  /** null when it can run here, else why not. */
  unavailable(): string | null;
  /** Whether the cold-load scenario can be measured, else why not. */
  coldLoad: string | null;
  start(opts: StartOptions): Promise<Running>;
}

const live = new Set<ChildProcess>();

/** Kills every server still running (SIGKILL); safe to call more than once. */
export function killAllServers(): void {
  for (const child of live) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  live.clear();
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const addr = s.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      s.close(() => resolve(port));
    });
  });
}

/** Spawns a server and waits (bounded) for the line announcing its port. */
async function launch(cmd: string, args: string[], env: Record<string, string>, portFrom: (line: string) => number | null): Promise<{ child: ChildProcess; port: number }> {
  const child = spawn(cmd, args, {
    cwd: ROOT,
    env: { ...process.env, HOST: '127.0.0.1', LOG_LEVEL: 'info', NODE_ENV: 'production', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  live.add(child);
  child.once('exit', () => live.delete(child));
  const tail: string[] = [];
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${cmd} ${args.join(' ')} did not start within 30 s: ${tail.join(' | ')}`)), 30_000);
    const onLine = (line: string) => {
      if (tail.length < 20) tail.push(line.slice(0, 300));
      const p = portFrom(line);
      if (p) {
        clearTimeout(timer);
        resolve(p);
      }
    };
    createInterface({ input: child.stdout! }).on('line', onLine);
    createInterface({ input: child.stderr! }).on('line', onLine);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`exited early with ${code}: ${tail.join(' | ')}`));
    });
  });
  return { child, port };
}

function jsonPort(line: string): number | null {
  try {
    const e = JSON.parse(line);
    if (e.msg === 'relay listening') return Number(new URL(String(e.url)).port);
  } catch {
    /* not JSON */
  }
  return null;
}

function running(child: ChildProcess, port: number, parts: Omit<Running, 'pid' | 'port' | 'stop'>): Running {
  return {
    pid: child.pid!,
    port,
    ...parts,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const gone = new Promise<void>((r) => child.once('exit', () => r()));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
      await gone;
      clearTimeout(timer);
    },
  };
}

function ours(
  name: 'node' | 'bun' | 'node-batched' | 'node-before' | 'bun-before',
  label: string,
  cmd: () => [string, string[]],
  unavailable: () => string | null,
  env: Record<string, string> = {},
): ServerDef {
  return {
    name,
    label,
    dialect: 'yws',
    ours: true,
    unavailable,
    coldLoad: null,
    async start({ storeDir }) {
      const [c, a] = cmd();
      const { child, port } = await launch(c, a, { PORT: '0', DATA_DIR: storeDir, ...LOAD_CAPS, ...env }, jsonPort);
      return running(child, port, {
        wsUrl: (room) => `ws://127.0.0.1:${port}/ws/${room.id}`,
        eventsUrl: (room) => `http://127.0.0.1:${port}/rooms/${room.viewId}/events`,
        async createRoom() {
          const res = await fetch(`http://127.0.0.1:${port}/api/rooms`, { method: 'POST' });
          if (res.status !== 201) throw new Error(`POST /api/rooms: ${res.status}`);
          const body = (await res.json()) as { id: string; viewUrl: string };
          return { id: body.id, viewId: new URL(body.viewUrl, 'http://x').pathname.split('/').pop() };
        },
      });
    },
  };
}

const baselineDir = () => process.env.BENCH_BASELINE_DIR ?? '';
function baselineMissing(file: string): string | null {
  if (!process.env.BENCH_BASELINE_DIR) return 'BENCH_BASELINE_DIR is not set';
  return existsSync(join(baselineDir(), file)) ? null : `${join(baselineDir(), file)} does not exist`;
}

let bunCheck: string | null | undefined;
function bunUnavailable(): string | null {
  if (bunCheck !== undefined) return bunCheck;
  if (!existsSync(join(ROOT, 'server/transport/bun/main.ts'))) return (bunCheck = 'server/transport/bun/main.ts does not exist');
  const r = spawnSync(BUN, ['--version'], { encoding: 'utf8', timeout: 10_000 });
  bunCheck = r.status === 0 ? null : `node_modules/.bin/bun does not run (${r.error?.message ?? r.stderr?.trim() ?? r.status})`;
  return bunCheck;
}

export function bunVersion(): string {
  const r = spawnSync(BUN, ['--version'], { encoding: 'utf8', timeout: 10_000 });
  return r.status === 0 ? r.stdout.trim() : 'not available';
}

/**
 * The load generator is thousands of people on one address, sending as fast as a step
 * asks: the per-address caps and per-connection budgets are lifted (their checks still
 * run, so their cost is measured).
 */
const LOAD_CAPS = {
  ROOMS_PER_IP_PER_MINUTE: '1000000',
  MAX_CONNECTIONS_PER_IP: '1000000',
  MAX_STREAMS_PER_IP: '1000000',
  MAX_STREAMS_PER_ROOM: '1000000',
  MSG_RATE: '1000000',
  MSG_BURST: '1000000',
  BYTE_RATE: '1000000000',
};

const named = (port: number, path: (room: Room) => string) => ({
  wsUrl: (room: Room) => `ws://127.0.0.1:${port}${path(room)}`,
  eventsUrl: () => null,
  createRoom: async (name: string): Promise<Room> => ({ id: name }),
});

export const SERVERS: ServerDef[] = [
  ours('node', 'ours (Node)', () => [process.execPath, [...profileArgs(), ...nodeFlags(), SERVER_BUNDLE]], () => null),
  ours('bun', 'ours (Bun)', () => [BUN, [...profileArgs(), 'server/transport/bun/main.ts']], bunUnavailable),
  // What durability costs: the same relay sending first and writing in 20 ms batches.
  ours('node-batched', 'ours, PERSIST_BATCH_MS=20 (Node)', () => [process.execPath, [...nodeFlags(), SERVER_BUNDLE]], () => null, { PERSIST_BATCH_MS: '20' }),
  // An earlier version of ours, to measure what a change costs in the same run:
  // BENCH_BASELINE_DIR is a checkout of it with its bundle built (scripts/buildServer.ts).
  ours('node-before', 'ours before (Node)', () => [process.execPath, [...nodeFlags(), join(baselineDir(), 'dist/server/node.js')]], () => baselineMissing('dist/server/node.js')),
  ours('bun-before', 'ours before (Bun)', () => [BUN, [join(baselineDir(), 'server/transport/bun/main.ts')]], () => baselineMissing('server/transport/bun/main.ts') ?? bunUnavailable()),
  {
    name: 'y-websocket',
    label: 'y-websocket-server',
    dialect: 'yws',
    ours: false,
    unavailable: () => null,
    coldLoad: null,
    async start({ storeDir, persist }) {
      // Its own bin, unmodified; it cannot listen on port 0 and report it, so we pick a free port.
      const port = await freePort();
      const env: Record<string, string> = { PORT: String(port) };
      if (persist) env.YPERSISTENCE = storeDir;
      const { child } = await launch(process.execPath, [join(ROOT, 'node_modules/@y/websocket-server/src/server.js')], env, (line) =>
        line.startsWith('running at') ? port : null,
      );
      return running(child, port, named(port, (room) => `/${room.id}`));
    },
  },
  {
    name: 'hocuspocus',
    label: 'Hocuspocus',
    dialect: 'hp',
    ours: false,
    unavailable: () => null,
    coldLoad: null,
    async start({ storeDir, persist }) {
      const env: Record<string, string> = { PORT: '0' };
      if (persist) env.SQLITE_PATH = join(storeDir, 'hocuspocus.sqlite');
      const { child, port } = await launch(process.execPath, [...TSX, 'bench/relay/servers/hocuspocus.ts'], env, jsonPort);
      return running(child, port, named(port, (room) => `/${room.id}`));
    },
  },
  {
    name: 'ws-raw',
    label: 'plain ws rebroadcast',
    dialect: 'raw',
    ours: false,
    unavailable: () => null,
    coldLoad: 'stores nothing (a byte rebroadcaster has no document)',
    async start() {
      // Bundled like ours (not run through tsx, which costs memory per closure), once per run.
      const bundle = join(ROOT, 'dist/bench/wsRebroadcast.js');
      wsRebroadcastBuilt ??= bundleForNode(join(ROOT, 'bench/relay/servers/wsRebroadcast.ts'), bundle);
      await wsRebroadcastBuilt;
      const { child, port } = await launch(process.execPath, [bundle], { PORT: '0' }, jsonPort);
      return running(child, port, named(port, (room) => `/${room.id}`));
    },
  },
];
