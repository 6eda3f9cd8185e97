// npm run bench:relay -- --cluster [--relays=1,2,3] [--scenarios=classroom,fan-out]
//   [--servers=node|bun] [--repeat=N] [--duration=8] [--prime=6] [--prime-rate=X] [--workers=2] [--quick] [--no-write]
// The classroom and fan-out scenarios on one relay with its embedded SQLite (the
// baseline) and on 1, 2 and 3 relays in cluster mode (REDIS_URL + DATABASE_URL), with the
// room's editors spread round-robin over the relays, all in one run with the setups
// interleaved, so they compare as ratios on a noisy machine. Counts the relays', Redis's
// and Postgres's CPU separately and splits latency by same-relay and cross-relay delivery.
import { fork, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { BENCHMARKS_MD, writeDocSection } from '../docSection.ts';
import { buildServer, SERVER_BUNDLE } from '../../scripts/buildServer.ts';
import type { ClusterClientSpec, ClusterRunStats, ClusterWriterPlan, FromClusterWorker, ToClusterWorker } from './clusterWorker.ts';
import { clusterMarkdown, type ClusterResult, type ClusterRow, type Setup } from './clusterReport.ts';
import {
  backendsCpuMs,
  backendsOf,
  freshStore,
  openServices,
  PG_URL,
  postgresCpuMs,
  REDIS_URL,
  redisClients,
  redisCommands,
  redisCpuMs,
  samplePostgres,
  staleSchemas,
  type ClusterStore,
  type PgSample,
  type Services,
} from './clusterServices.ts';
import { Hist } from './hist.ts';
import { cpuTimes, ioCalls, machineBusyMs, mainThreadMs, peakRssKb } from './proc.ts';
import { nowMs } from './protocol.ts';
import { bunVersion, ROOT } from './servers.ts';

export interface ClusterConfig {
  quick: boolean;
  workers: number;
  durationMs: number;
  warmupMs: number;
  /**
   * Before every measured run, the scenario's writers run this long at `prime` × their
   * rate (then the run's own warm-up at the real rate): a relay freshly started spends
   * its first minute of classroom load compiling its hot code on V8's threads and running
   * the rest unoptimised, a cost every relay of a cluster pays once more. 0: measure cold
   * relays, as before.
   */
  primeMs: number;
  /** --prime-rate: the same factor for every scenario, instead of each one's own. */
  primeRate?: number;
  repeat: number;
  classroomClients: number;
  fanoutClients: number;
}

interface Shape {
  clients: number;
  writers: number;
  rate: number;
  cursorRate: number;
}

export interface ClusterScenario {
  name: 'classroom' | 'fan-out';
  title: string;
  shape(cfg: ClusterConfig): Shape;
  /** The writers' rate while priming, × their rate (bounded by what the load generator and the receivers keep up with). */
  prime: number;
}

const SCENARIOS: ClusterScenario[] = [
  // the same loads as the single-relay scenarios of scenarios.ts
  { name: 'classroom', title: 'Classroom', shape: (cfg) => ({ clients: cfg.classroomClients, writers: 5, rate: 30, cursorRate: 10 }), prime: 10 },
  { name: 'fan-out', title: 'Fan-out', shape: (cfg) => ({ clients: cfg.fanoutClients, writers: 1, rate: 60, cursorRate: 0 }), prime: 2 },
];

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const log = (s: string) => process.stdout.write(s + '\n');

// ---- relays ----

type Runtime = 'node' | 'bun';
const BUN = join(ROOT, 'node_modules/.bin/bun');
/** BENCH_CPU_PROF=<dir>: every relay writes a CPU profile there when it stops (as in servers.ts). */
const profileArgs = () => (process.env.BENCH_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`] : []);
/** BENCH_NODE_FLAGS="--trace-deopt …": more flags for every Node relay (as in servers.ts). */
const nodeFlags = () => (process.env.BENCH_NODE_FLAGS ?? '').split(' ').filter(Boolean);
const COMMANDS: Record<Runtime, () => [string, string[]]> = {
  node: () => [process.execPath, [...profileArgs(), ...nodeFlags(), SERVER_BUNDLE]],
  bun: () => [BUN, [...profileArgs(), 'server/transport/bun/main.ts']],
};

/** As servers.ts: the generator is thousands of people on one address; the caps are lifted, their checks still run. */
const LOAD_CAPS = {
  ROOMS_PER_IP_PER_MINUTE: '1000000',
  MAX_CONNECTIONS_PER_IP: '1000000',
  MAX_STREAMS_PER_IP: '1000000',
  MAX_STREAMS_PER_ROOM: '1000000',
  MSG_RATE: '1000000',
  MSG_BURST: '1000000',
  BYTE_RATE: '1000000000',
};

interface Relay {
  pid: number;
  port: number;
  dataDir: string;
  stop(): Promise<void>;
}

const liveRelays = new Set<ChildProcess>();

async function startRelay(runtime: Runtime, env: Record<string, string>): Promise<Relay> {
  const dataDir = mkdtempSync(join(tmpdir(), 'wb-bench-cluster-'));
  const [cmd, args] = COMMANDS[runtime]();
  const base: Record<string, string | undefined> = { ...process.env };
  // the baseline must not inherit a cluster from the caller's environment
  for (const k of ['REDIS_URL', 'DATABASE_URL', 'REDIS_KEY_PREFIX']) delete base[k];
  const child = spawn(cmd, args, {
    cwd: ROOT,
    env: { ...base, PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir, LOG_LEVEL: 'info', NODE_ENV: 'production', ...LOAD_CAPS, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  liveRelays.add(child);
  child.once('exit', () => liveRelays.delete(child));
  const tail: string[] = [];
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`relay did not start within 30 s: ${tail.join(' | ')}`)), 30_000);
    const onLine = (line: string) => {
      if (process.env.BENCH_RELAY_LOGS) process.stderr.write(`[relay ${child.pid}] ${line.slice(0, 400)}\n`);
      if (tail.length < 20) tail.push(line.slice(0, 300));
      try {
        const e = JSON.parse(line);
        if (e.msg === 'relay listening') {
          clearTimeout(timer);
          resolve(Number(new URL(String(e.url)).port));
        }
      } catch {
        /* not JSON */
      }
    };
    createInterface({ input: child.stdout! }).on('line', onLine);
    createInterface({ input: child.stderr! }).on('line', onLine);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`relay exited early with ${code}: ${tail.join(' | ')}`));
    });
  }).catch((err) => {
    child.kill('SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
    throw err;
  });
  return {
    pid: child.pid!,
    port,
    dataDir,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        const gone = new Promise<void>((r) => child.once('exit', () => r()));
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
        await gone;
        clearTimeout(timer);
      }
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

function killAllRelays(): void {
  for (const c of liveRelays) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  liveRelays.clear();
}

// ---- load-generator workers ----

const liveWorkers = new Set<ChildProcess>();

class Worker {
  private waiting: Array<{ t: string; resolve: (m: FromClusterWorker) => void; reject: (e: Error) => void }> = [];
  constructor(readonly child: ChildProcess) {
    child.on('message', (m: FromClusterWorker) => {
      const i = this.waiting.findIndex((w) => w.t === m.t);
      if (i >= 0) this.waiting.splice(i, 1)[0].resolve(m);
    });
    child.once('exit', (code) => {
      for (const w of this.waiting.splice(0)) w.reject(new Error(`load worker exited with ${code}`));
    });
  }
  request<T extends FromClusterWorker['t']>(msg: ToClusterWorker | null, reply: T, timeoutMs: number): Promise<FromClusterWorker & { t: T }> {
    return new Promise((resolve, reject) => {
      const entry = {
        t: reply as string,
        resolve: (m: FromClusterWorker) => {
          clearTimeout(timer);
          resolve(m as FromClusterWorker & { t: T });
        },
        reject: (e: Error) => {
          clearTimeout(timer);
          reject(e);
        },
      };
      const timer = setTimeout(() => {
        const i = this.waiting.indexOf(entry);
        if (i >= 0) this.waiting.splice(i, 1);
        reject(new Error(`load worker: no '${reply}' within ${timeoutMs} ms`));
      }, timeoutMs);
      this.waiting.push(entry);
      if (msg) this.child.send(msg);
    });
  }
}

class Pool {
  private constructor(readonly workers: Worker[]) {}

  static async start(n: number): Promise<Pool> {
    const workers = Array.from({ length: n }, () => {
      const child = fork(join(ROOT, 'bench/relay/clusterWorker.ts'), [], {
        cwd: ROOT,
        execArgv: ['--import', 'tsx', '--max-old-space-size=4096'],
        stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      });
      liveWorkers.add(child);
      child.once('exit', () => liveWorkers.delete(child));
      return new Worker(child);
    });
    await Promise.all(workers.map((w) => w.request(null, 'ready', 30_000)));
    return new Pool(workers);
  }

  get size() {
    return this.workers.length;
  }

  async connect(perWorker: ClusterClientSpec[][], writerRelay: Record<number, number>, concurrency: number, timeoutMs: number) {
    const start = Date.now();
    const replies = await Promise.all(
      this.workers.map((w, i) => w.request({ t: 'connect', clients: perWorker[i] ?? [], writerRelay, concurrency, timeoutMs }, 'connected', timeoutMs + 120_000)),
    );
    return { ok: replies.reduce((s, r) => s + r.ok, 0), failed: replies.reduce((s, r) => s + r.failed, 0), ms: Date.now() - start, firstError: replies.find((r) => r.firstError)?.firstError };
  }

  async run(perWorker: ClusterWriterPlan[][], warmupMs: number, durationMs: number, onWindow: (edge: 'from' | 'to') => void) {
    const startAt = nowMs() + 300;
    const timers = [setTimeout(() => onWindow('from'), startAt + warmupMs - nowMs()), setTimeout(() => onWindow('to'), startAt + durationMs - nowMs())];
    try {
      const replies = await Promise.all(
        this.workers.map((w, i) => w.request({ t: 'run', writers: perWorker[i] ?? [], startAt, warmupMs, durationMs }, 'ran', durationMs + 60_000)),
      );
      const expected: Record<string, Array<[number, number]>> = {};
      for (const r of replies) for (const w of r.writers) (expected[w.room] ??= []).push([w.clientId, w.clock]);
      return expected;
    } finally {
      timers.forEach(clearTimeout);
    }
  }

  async verify(expected: Record<string, Array<[number, number]>>, timeoutMs: number) {
    const replies = await Promise.all(this.workers.map((w) => w.request({ t: 'verify', expected, timeoutMs }, 'verified', timeoutMs + 60_000)));
    return {
      checked: replies.reduce((s, r) => s + r.checked, 0),
      mismatched: replies.reduce((s, r) => s + r.mismatched, 0),
      example: replies.find((r) => r.example)?.example,
      stats: replies.map((r) => r.stats),
    };
  }

  async reset() {
    await Promise.all(this.workers.map((w) => w.request({ t: 'reset' }, 'reset', 60_000)));
  }

  async close() {
    await Promise.allSettled(this.workers.map((w) => w.request({ t: 'close' }, 'closed', 10_000)));
    await Promise.all(
      this.workers.map(
        (w) =>
          new Promise<void>((resolve) => {
            if (w.child.exitCode !== null || w.child.signalCode !== null) return resolve();
            const timer = setTimeout(resolve, 5_000);
            w.child.once('exit', () => (clearTimeout(timer), resolve()));
          }),
      ),
    );
    killAllWorkers();
  }
}

function killAllWorkers(): void {
  for (const w of liveWorkers) if (w.exitCode === null && w.signalCode === null) w.kill('SIGKILL');
  liveWorkers.clear();
}

function mergeStats(stats: ClusterRunStats[]) {
  const hist = new Hist();
  const sameHist = new Hist();
  const crossHist = new Hist();
  const cursorHist = new Hist();
  const errors: Record<string, number> = {};
  let sent = 0,
    sentInWindow = 0,
    late = 0,
    delivered = 0,
    deliveredCross = 0,
    maxCpu = 0,
    maxLoop = 0,
    workersMs = 0;
  for (const s of stats) {
    hist.merge(s.hist);
    sameHist.merge(s.sameHist);
    crossHist.merge(s.crossHist);
    cursorHist.merge(s.cursorHist);
    sent += s.sent;
    sentInWindow += s.sentInWindow;
    late += s.late;
    delivered += s.delivered;
    deliveredCross += s.deliveredCross;
    workersMs += s.cpuMs;
    if (s.wallMs > 0) maxCpu = Math.max(maxCpu, s.cpuMs / s.wallMs);
    maxLoop = Math.max(maxLoop, s.loopP99);
    for (const [k, v] of Object.entries(s.errors)) errors[k] = (errors[k] ?? 0) + v;
  }
  return { hist, sameHist, crossHist, cursorHist, errors, sent, sentInWindow, late, delivered, deliveredCross, maxCpu, maxLoop, workersMs };
}

// ---- one measured run of a scenario on a setup ----

/** The cluster's prefix and schema while it runs, so an interrupted run still removes them. */
let currentStore: ClusterStore | null = null;

interface Sample {
  relays: Array<{ user: number; sys: number }>;
  relayMain: number[];
  relayIo: Array<{ reads: number; writes: number }>;
  redis: number;
  pg: PgSample;
  busy: number;
  self: NodeJS.CpuUsage;
}

async function runOne(scenario: ClusterScenario, setup: Setup, pool: Pool, services: Services, cfg: ClusterConfig): Promise<ClusterRow> {
  const shape = scenario.shape(cfg);
  const base = { setup: setup.name, label: setup.label, relays: setup.relays };
  let store: ClusterStore | null = null;
  const relays: Relay[] = [];
  try {
    if (setup.cluster) currentStore = store = await freshStore(services);
    for (let i = 0; i < setup.relays; i++) relays.push(await startRelay(setup.runtime, store?.env ?? {}));
    await pool.reset();
    const res = await fetch(`http://127.0.0.1:${relays[0].port}/api/rooms`, { method: 'POST' });
    if (res.status !== 201) throw new Error(`POST /api/rooms: ${res.status}`);
    const roomId = ((await res.json()) as { id: string }).id;
    // editor j connects to relay j mod N; the writers are the first editors, so they spread too
    const perWorker: ClusterClientSpec[][] = pool.workers.map(() => []);
    const writers: ClusterWriterPlan[][] = pool.workers.map(() => []);
    const writerRelay: Record<number, number> = {};
    for (let j = 0; j < shape.clients; j++) {
      const w = j % pool.size;
      const relay = j % setup.relays;
      const writerId = j < shape.writers ? j + 1 : 0;
      if (writerId) {
        writers[w].push({ client: perWorker[w].length, rate: shape.rate, cursorRate: shape.cursorRate });
        writerRelay[writerId] = relay;
      }
      perWorker[w].push({ kind: 'ws', room: roomId, url: `ws://127.0.0.1:${relays[relay].port}/ws/${roomId}`, dialect: 'yws', writerId, relay });
    }
    const conn = await pool.connect(perWorker, writerRelay, Math.max(4, Math.min(100, Math.ceil(shape.clients / pool.size / 20))), 30_000);
    if (conn.failed) throw new Error(`${conn.failed} clients failed to connect (${conn.firstError})`);
    if (store) {
      // cluster mode is really on: the room's log lives under the prefix
      const [, keys] = await services.redis.scan('0', 'MATCH', `${store.prefix}:*`, 'COUNT', 1000);
      let found = keys.length;
      for (let i = 0; i < 20 && !found; i++) {
        await sleep(100);
        found = (await services.redis.scan('0', 'MATCH', `${store.prefix}:*`, 'COUNT', 1000))[1].length;
      }
      if (!found) throw new Error(`no Redis keys under ${store.prefix}: the relays are not in cluster mode`);
    }
    if (cfg.primeMs > 0) {
      const x = cfg.primeRate ?? scenario.prime;
      const primed = writers.map((ws) => ws.map((w) => ({ ...w, rate: w.rate * x, cursorRate: w.cursorRate * x })));
      await pool.run(primed, 0, cfg.primeMs, () => {});
    }
    const backendsBefore = store ? await backendsOf(services, store.appName) : [];
    const edges: Partial<Record<'from' | 'to', Sample>> = {};
    const cmds: Partial<Record<'from' | 'to', Promise<number>>> = {};
    const sample = (): Sample => ({
      relays: relays.map((r) => cpuTimes(r.pid)),
      relayMain: relays.map((r) => mainThreadMs(r.pid)),
      relayIo: relays.map((r) => ioCalls(r.pid)),
      redis: redisCpuMs(services),
      pg: samplePostgres(),
      busy: machineBusyMs(),
      self: process.cpuUsage(),
    });
    const expected = await pool.run(writers, cfg.warmupMs, cfg.durationMs, (edge) => {
      edges[edge] = sample();
      cmds[edge] = redisCommands(services).catch(() => NaN);
    });
    // the window's end may come with the workers' replies, before its timer fired
    edges.to ??= sample();
    cmds.to ??= redisCommands(services).catch(() => NaN);
    const backendsAfter = store ? await backendsOf(services, store.appName) : [];
    const clientsAtEnd = await redisClients(services).catch(() => NaN);
    const verified = await pool.verify(expected, 60_000);
    const m = mergeStats(verified.stats);
    const from = edges.from!;
    const to = edges.to!;
    const windowMs = cfg.durationMs - cfg.warmupMs;
    const relayUser = to.relays.reduce((s, t, i) => s + t.user - from.relays[i].user, 0);
    const relaySys = to.relays.reduce((s, t, i) => s + t.sys - from.relays[i].sys, 0);
    const relayCpu = relayUser + relaySys;
    const relayMain = to.relayMain.reduce((s, t, i) => s + t - from.relayMain[i], 0);
    const relayWrites = to.relayIo.reduce((s, t, i) => s + t.writes - from.relayIo[i].writes, 0);
    const relayReads = to.relayIo.reduce((s, t, i) => s + t.reads - from.relayIo[i].reads, 0);
    const perRelayCpu = to.relays.map((t, i) => t.user + t.sys - from.relays[i].user - from.relays[i].sys);
    const redisCpu = to.redis - from.redis;
    const pgCpu = postgresCpuMs(from.pg, to.pg);
    const pgOurs = backendsCpuMs([...new Set([...backendsBefore, ...backendsAfter])], from.pg, to.pg);
    const selfMs = (to.self.user - from.self.user + to.self.system - from.self.system) / 1000;
    const foreign = Math.max(0, to.busy - from.busy - relayCpu - redisCpu - pgCpu - m.workersMs - selfMs) / windowMs;
    const commands = ((await cmds.to!) - (await cmds.from!)) / (windowMs / 1000);
    const genWhy: string[] = [];
    if (m.maxCpu > 0.85) genWhy.push(`worker CPU ${Math.round(m.maxCpu * 100)}%`);
    if (m.maxLoop > 50) genWhy.push(`event-loop p99 ${Math.round(m.maxLoop)} ms`);
    if (m.sent > 0 && m.late > m.sent * 0.01) genWhy.push(`${m.late} sends late`);
    const errorsTotal = Object.values(m.errors).reduce((a, b) => a + b, 0) + verified.mismatched;
    const peakRss = relays.map((r) => peakRssKb(r.pid) / 1024);
    const failed = verified.mismatched > 0;
    return {
      ...base,
      status: failed ? 'failed' : 'ok',
      note: failed ? `${verified.mismatched} of ${verified.checked} documents differ: ${verified.example}` : undefined,
      offered: shape.writers * shape.rate * (shape.clients - 1),
      delivered: m.delivered / (windowMs / 1000),
      crossShare: m.delivered ? m.deliveredCross / m.delivered : 0,
      accepted: m.sentInWindow / (windowMs / 1000),
      p50: m.hist.quantile(0.5),
      p99: m.hist.quantile(0.99),
      max: m.hist.max,
      sameP50: m.sameHist.n ? m.sameHist.quantile(0.5) : undefined,
      sameP99: m.sameHist.n ? m.sameHist.quantile(0.99) : undefined,
      crossP50: m.crossHist.n ? m.crossHist.quantile(0.5) : undefined,
      crossP99: m.crossHist.n ? m.crossHist.quantile(0.99) : undefined,
      cursorP99: m.cursorHist.n ? m.cursorHist.quantile(0.99) : undefined,
      windowMs,
      relayCpuMs: relayCpu,
      relayKernelMs: relaySys,
      relayMainMs: Number.isFinite(relayMain) ? relayMain : undefined,
      relayWrites: Number.isFinite(relayWrites) ? relayWrites : undefined,
      relayReads: Number.isFinite(relayReads) ? relayReads : undefined,
      perRelayCpuMs: perRelayCpu,
      redisCpuMs: redisCpu,
      pgCpuMs: pgCpu,
      pgOursCpuMs: pgOurs,
      deliveredN: m.delivered,
      acceptedN: m.sentInWindow,
      peakRssMb: peakRss,
      redisCommandsPerS: commands,
      redisClients: clientsAtEnd,
      errors: errorsTotal,
      errorText: [...Object.entries(m.errors).map(([k, v]) => `${v} ${k}`), ...(verified.mismatched ? [`${verified.mismatched} documents differ`] : [])].join(', ') || undefined,
      converged: verified.mismatched === 0 ? `ok (${verified.checked} docs)` : `FAILED: ${verified.mismatched}/${verified.checked}`,
      genBound: genWhy.length ? `yes: ${genWhy.join(', ')}` : `no (worker CPU ≤ ${Math.round(m.maxCpu * 100)}%)`,
      foreignPct: foreign,
      connectMs: conn.ms,
    };
  } finally {
    await Promise.all(relays.map((r) => r.stop().catch(() => undefined)));
    await store?.cleanup();
    currentStore = null;
  }
}

// ---- the run ----

/** The round whose relays + Redis CPU per update is the median (a failed round shows instead). */
function medianRow(rows: ClusterRow[]): ClusterRow {
  const failed = rows.find((r) => r.status === 'failed');
  if (failed || rows.length === 1) return { ...(failed ?? rows[0]), rounds: rows.map(roundText) };
  const key = (r: ClusterRow) => ((r.relayCpuMs ?? 0) + (r.redisCpuMs ?? 0)) / ((r.deliveredN ?? 1) / 1000);
  const sorted = [...rows].sort((a, b) => key(a) - key(b));
  // CPU figures from the round with the median relays + Redis CPU per update; each latency
  // figure the median of its own across the rounds (one stall of another tenant moves a p99 by 10×)
  const mid = (get: (r: ClusterRow) => number | undefined) => {
    const v = rows.map(get).filter((n): n is number => n !== undefined && Number.isFinite(n)).sort((a, b) => a - b);
    return v.length ? v[Math.floor(v.length / 2)] : undefined;
  };
  return {
    ...sorted[Math.floor(sorted.length / 2)],
    p50: mid((r) => r.p50),
    p99: mid((r) => r.p99),
    max: mid((r) => r.max),
    sameP50: mid((r) => r.sameP50),
    sameP99: mid((r) => r.sameP99),
    crossP50: mid((r) => r.crossP50),
    crossP99: mid((r) => r.crossP99),
    cursorP99: mid((r) => r.cursorP99),
    rounds: rows.map(roundText),
  };
}

function roundText(r: ClusterRow): string {
  if (r.status !== 'ok' || !r.deliveredN) return r.status;
  const k = r.deliveredN / 1000;
  return `${(((r.relayCpuMs ?? 0) + (r.redisCpuMs ?? 0)) / k).toFixed(1)} ms/1k, p99 ${(r.crossP99 ?? r.p99 ?? NaN).toFixed(1)}`;
}

export async function runCluster(args: Map<string, string>): Promise<number> {
  const quick = args.has('quick');
  const num = (k: string, d: number) => (args.has(k) ? Number(args.get(k)) : d);
  const cfg: ClusterConfig = {
    quick,
    workers: num('workers', 2),
    durationMs: num('duration', quick ? 3 : 8) * 1000,
    warmupMs: quick ? 1000 : 2000,
    primeMs: num('prime', quick ? 0 : 6) * 1000,
    primeRate: args.has('prime-rate') ? Number(args.get('prime-rate')) : undefined,
    repeat: Math.max(1, num('repeat', 1)),
    classroomClients: 50,
    fanoutClients: quick ? 100 : 500,
  };
  const counts = (args.get('relays') ?? '1,2,3').split(',').map((s) => Number(s.trim()));
  for (const n of counts) if (!(Number.isInteger(n) && n >= 1 && n <= 8)) throw new Error(`--relays: ${n} is not a relay count from 1 to 8`);
  const runtimes = (args.get('servers') ?? 'node').split(',').map((s) => s.trim());
  for (const r of runtimes) if (r !== 'node' && r !== 'bun') throw new Error(`--cluster runs ours only: --servers=node and/or bun, not ${r}`);
  const wanted = args.get('scenarios')?.split(',').map((s) => s.trim());
  for (const s of wanted ?? []) if (!SCENARIOS.some((d) => d.name === s)) throw new Error(`--cluster: unknown scenario ${s}; known: ${SCENARIOS.map((d) => d.name).join(', ')}`);
  const scenarios = SCENARIOS.filter((s) => !wanted || wanted.includes(s.name));

  const setups: Setup[] = [];
  for (const runtime of runtimes as Runtime[]) {
    const on = runtimes.length > 1 ? `, ${runtime === 'node' ? 'Node' : 'Bun'}` : '';
    setups.push({ name: `single-${runtime}`, label: `1 relay, SQLite (baseline${on})`, relays: 1, cluster: false, runtime, baseline: true });
    for (const n of counts) setups.push({ name: `cluster${n}-${runtime}`, label: `${n} relay${n > 1 ? 's' : ''}, Redis + Postgres${on}`, relays: n, cluster: true, runtime, baseline: false });
  }

  await buildServer();
  const services = await openServices();
  const stale = await staleSchemas(services).catch(() => []);
  let pool: Pool | null = null;
  const cleanup = () => {
    killAllRelays();
    killAllWorkers();
  };
  process.on('exit', cleanup);
  for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const)
    process.on(sig, () => {
      cleanup();
      // bounded: the prefix and schema of the cluster that was running, then out
      const done = () => process.exit(130);
      setTimeout(done, 3000).unref();
      void (currentStore?.cleanup() ?? Promise.resolve()).finally(done);
    });

  const started = Date.now();
  const results: ClusterResult[] = [];
  let failed = false;
  try {
    pool = await Pool.start(cfg.workers);
    for (const scenario of scenarios) {
      const rounds = new Map<string, ClusterRow[]>();
      for (let round = 0; round < cfg.repeat; round++)
        for (const setup of setups) {
          log(`… ${scenario.name} on ${setup.label}${cfg.repeat > 1 ? ` (round ${round + 1}/${cfg.repeat})` : ''}`);
          const t0 = Date.now();
          let row: ClusterRow;
          try {
            row = await runOne(scenario, setup, pool, services, cfg);
          } catch (err) {
            row = { setup: setup.name, label: setup.label, relays: setup.relays, status: 'failed', note: String((err as Error).message ?? err).slice(0, 300) };
            await pool.close().catch(() => undefined);
            killAllRelays();
            pool = await Pool.start(cfg.workers);
          }
          const k = row.deliveredN ? row.deliveredN / 1000 : NaN;
          log(
            `  ${row.status}${row.note ? ` (${row.note})` : ''} in ${((Date.now() - t0) / 1000).toFixed(1)} s` +
              (row.status === 'ok'
                ? `: relays ${((row.relayCpuMs ?? 0) / k).toFixed(1)}, Redis ${((row.redisCpuMs ?? 0) / k).toFixed(1)}, Postgres ${((row.pgCpuMs ?? 0) / k).toFixed(1)} ms/1k; p99 ${row.p99?.toFixed(1)} ms (cross-relay ${row.crossP99?.toFixed(1) ?? '-'})`
                : ''),
          );
          if (row.status === 'failed') failed = true;
          rounds.set(setup.name, [...(rounds.get(setup.name) ?? []), row]);
        }
      const sh = scenario.shape(cfg);
      results.push({
        scenario: scenario.name,
        title: scenario.title,
        description: `1 room × ${sh.clients} editors, ${sh.writers} drawing at ${sh.rate} updates/s${sh.cursorRate ? ` + cursors at ${sh.cursorRate}/s` : ''} each; ${cfg.durationMs / 1000} s (first ${cfg.warmupMs / 1000} s warm-up not measured)${cfg.primeMs > 0 ? `, after ${cfg.primeMs / 1000} s at ${scenario.prime}× those rates to warm the relays up (not measured)` : ', relays cold'}${cfg.repeat > 1 ? `; ${cfg.repeat} interleaved rounds: CPU figures from each setup's median round by relays + Redis CPU per update, each latency figure the median of its own over the rounds` : ''}`,
        rows: setups.map((s) => medianRow(rounds.get(s.name) ?? [])),
      });
    }
  } finally {
    await pool?.close().catch(() => undefined);
    cleanup();
    await services.close().catch(() => undefined);
  }

  const cpu = cpus();
  const md = clusterMarkdown(results, setups, {
    command: 'npm run bench:relay -- ' + process.argv.slice(2).join(' '),
    quick,
    workers: cfg.workers,
    date: new Date().toISOString(),
    machine: `${cpu.length} × ${cpu[0]?.model ?? 'unknown CPU'}, ${(totalmem() / 2 ** 30).toFixed(1)} GiB RAM, ${process.platform} ${process.arch}`,
    cores: cpu.length,
    versions: `Node ${process.version}${runtimes.includes('bun') ? `; Bun ${bunVersion()}` : ''}; Redis ${services.redisVersion} (${REDIS_URL}); PostgreSQL ${services.pgVersion} (${new URL(PG_URL).host})`,
    runSeconds: (Date.now() - started) / 1000,
    notes: stale.length ? [`${stale.length} schema(s) named wb_bench_* from earlier runs that died before cleaning up are in Postgres (${stale.slice(0, 3).join(', ')}…)`] : [],
  });
  log('\n' + md);
  if (!args.has('no-write')) {
    writeDocSection(BENCHMARKS_MD, 'cluster', md);
    log('written to docs/benchmarks.md');
  }
  return failed ? 1 : 0;
}
