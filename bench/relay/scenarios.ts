// The scenarios: each starts a fresh server process, drives it through the worker pool
// and returns one row for the report.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as Y from 'yjs';
import { WsClient, type Sink } from './client.ts';
import type { ClientSpec, WriterPlan } from './ipc.ts';
import { mergeStats, type Pool } from './pool.ts';
import { cpuMs, cpuTimes, machineBusyMs, peakRssKb, rssKb } from './proc.ts';
import { makeChunk, syncMessage, SYNC_UPDATE } from './protocol.ts';
import type { Room, Running, ServerDef } from './servers.ts';

export interface Config {
  quick: boolean;
  workers: number;
  durationMs: number;
  warmupMs: number;
  stepMs: number;
  classroomClients: number;
  manyRooms: number;
  fanoutClients: number;
  idleConnections: number;
  idleRooms: number;
  spectators: number;
  coldBytes: number;
  coldRepeats: number;
}

export interface Row {
  server: string;
  label: string;
  status: 'ok' | 'failed' | 'n/a';
  note?: string;
  offered?: number;
  delivered?: number;
  p50?: number;
  p95?: number;
  p99?: number;
  max?: number;
  cursorP99?: number;
  cpuMs?: number;
  /** Server CPU time over the window as a share of one core. */
  cpuPct?: number;
  cpuPer1k?: number;
  /** The kernel's part of cpuPer1k (stime): mostly the socket writes, the same for any relay sending the same frames. */
  kernelPer1k?: number;
  peakRssMb?: number;
  errors?: number;
  errorText?: string;
  converged?: string;
  genBound?: string;
  /** saturation: every step climbed, so servers can be compared at the same offered load */
  steps?: StepResult[];
  extra: Record<string, string>;
}

export interface StepResult {
  /** writers × rate, e.g. '20×400/s' */
  step: string;
  delivered: number;
  p99: number;
  cpuPer1k?: number;
  kernelPer1k?: number;
  passed: boolean;
  /** The load generator, not the server, was the bottleneck at this step. */
  generatorBound?: boolean;
}

export interface Scenario {
  name: string;
  title: string;
  describe(cfg: Config): string;
  oursOnly?: boolean;
  run(server: ServerDef, pool: Pool, cfg: Config): Promise<Row>;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Starts a server on a fresh store, runs fn, always stops it and removes the store. */
async function withServer<T>(server: ServerDef, persist: boolean, fn: (s: Running, storeDir: string) => Promise<T>): Promise<T> {
  const storeDir = mkdtempSync(join(tmpdir(), `wb-bench-${server.name}-`));
  let running: Running | null = null;
  try {
    running = await server.start({ storeDir, persist });
    return await fn(running, storeDir);
  } finally {
    await running?.stop().catch(() => undefined);
    rmSync(storeDir, { recursive: true, force: true });
  }
}

async function createRooms(s: Running, n: number, prefix: string): Promise<Room[]> {
  const rooms: Room[] = new Array(n);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(8, n) }, async () => {
      while (next < n) {
        const i = next++;
        rooms[i] = await s.createRoom(`${prefix}-${i}`);
      }
    }),
  );
  return rooms;
}

function errorSummary(errors: Record<string, number>, mismatched = 0): { errors: number; errorText?: string } {
  const total = Object.values(errors).reduce((a, b) => a + b, 0) + mismatched;
  const text = [...Object.entries(errors).map(([k, v]) => `${v} ${k}`), ...(mismatched ? [`${mismatched} documents differ`] : [])].join(', ');
  return { errors: total, errorText: text || undefined };
}

function genBound(m: ReturnType<typeof mergeStats>): string {
  const why: string[] = [];
  if (m.maxCpu > 0.85) why.push(`worker CPU ${Math.round(m.maxCpu * 100)}%`);
  if (m.maxLoop > 50) why.push(`event-loop p99 ${Math.round(m.maxLoop)} ms`);
  if (m.sent > 0 && m.late > m.sent * 0.01) why.push(`${m.late} sends late`);
  return why.length ? `yes: ${why.join(', ')}` : `no (worker CPU ≤ ${Math.round(m.maxCpu * 100)}%)`;
}

interface LoadShape {
  rooms: number;
  clientsPerRoom: number;
  writersPerRoom: number;
  rate: number;
  cursorRate: number;
  spectatorsPerRoom?: number;
}

/** Connects the clients of a load shape, spread over the workers; returns who writes where. */
async function connectShape(pool: Pool, s: Running, server: ServerDef, shape: LoadShape, rooms: Room[]) {
  const perWorker: ClientSpec[][] = pool.workers.map(() => []);
  const writers: WriterPlan[][] = pool.workers.map(() => []);
  let k = 0;
  let writerId = 1;
  for (const room of rooms) {
    for (let j = 0; j < shape.clientsPerRoom; j++, k++) {
      const w = k % pool.size;
      const isWriter = j < shape.writersPerRoom;
      if (isWriter) writers[w].push({ client: perWorker[w].length, rate: shape.rate, cursorRate: shape.cursorRate });
      perWorker[w].push({ kind: 'ws', room: room.id, url: s.wsUrl(room), dialect: server.dialect, writerId: isWriter ? writerId++ : 0 });
    }
    for (let j = 0; j < (shape.spectatorsPerRoom ?? 0); j++, k++) {
      perWorker[k % pool.size].push({ kind: 'sse', room: room.id, url: s.eventsUrl(room)!, applyDoc: j % 50 === 0, measure: j % 10 === 0 });
    }
  }
  const total = rooms.length * (shape.clientsPerRoom + (shape.spectatorsPerRoom ?? 0));
  const conn = await pool.connect(perWorker, Math.max(4, Math.min(100, Math.ceil(total / pool.size / 20))), 30_000);
  return { conn, writers };
}

/** One measured load run against a running server. */
async function measure(pool: Pool, s: Running, writers: WriterPlan[][], shape: LoadShape, cfg: Config, durationMs = cfg.durationMs, warmupMs = cfg.warmupMs) {
  const cpu: { from?: { user: number; sys: number }; to?: { user: number; sys: number } } = {};
  const busy: { from?: number; to?: number } = {};
  const self: { from?: NodeJS.CpuUsage; to?: NodeJS.CpuUsage } = {};
  const expected = await pool.run(writers, warmupMs, durationMs, (edge) => {
    cpu[edge] = cpuTimes(s.pid);
    busy[edge] = machineBusyMs();
    self[edge] = process.cpuUsage();
  });
  cpu.to ??= cpuTimes(s.pid);
  busy.to ??= machineBusyMs();
  // Bounded wait for every document to converge; a generator that fell behind needs time to catch up.
  const verified = await pool.verify(expected, 60_000);
  const m = mergeStats(verified.stats);
  const windowS = (durationMs - warmupMs) / 1000;
  const receivers = shape.clientsPerRoom - 1 + (shape.spectatorsPerRoom ?? 0);
  const offered = shape.rooms * shape.writersPerRoom * shape.rate * receivers;
  const delivered = m.delivered / windowS;
  const serverSys = (cpu.to?.sys ?? 0) - (cpu.from?.sys ?? 0);
  const serverCpu = (cpu.to?.user ?? 0) - (cpu.from?.user ?? 0) + serverSys;
  // CPU used on this machine by anything but the server, the workers and this process.
  const selfMs = self.from && self.to ? (self.to.user - self.from.user + self.to.system - self.from.system) / 1000 : 0;
  const workersMs = verified.stats.reduce((a, st) => a + st.cpuMs, 0);
  const foreignPct = Math.max(0, ((busy.to ?? 0) - (busy.from ?? 0) - serverCpu - workersMs - selfMs) / (durationMs - warmupMs));
  const err = errorSummary(m.sseGaps ? { ...m.errors, 'SSE id gaps': m.sseGaps } : m.errors, verified.mismatched);
  return {
    m,
    verified,
    row: {
      offered,
      delivered,
      p50: m.hist.quantile(0.5),
      p95: m.hist.quantile(0.95),
      p99: m.hist.quantile(0.99),
      max: m.hist.max,
      cursorP99: m.cursorHist.n ? m.cursorHist.quantile(0.99) : undefined,
      cpuMs: serverCpu,
      cpuPct: serverCpu / (durationMs - warmupMs),
      cpuPer1k: m.delivered > 0 ? serverCpu / (m.delivered / 1000) : undefined,
      kernelPer1k: m.delivered > 0 ? serverSys / (m.delivered / 1000) : undefined,
      converged: verified.mismatched === 0 ? `ok (${verified.checked} docs)` : `FAILED: ${verified.mismatched}/${verified.checked} differ; ${verified.example}`,
      genBound: genBound(m) + (foreignPct > 0.2 ? `; other processes on the machine used ${Math.round(foreignPct * 100)} % of a core` : ''),
      ...err,
    },
  };
}

function loadScenario(name: string, title: string, shapeOf: (cfg: Config) => LoadShape, extra?: (r: Awaited<ReturnType<typeof measure>>, shape: LoadShape, cfg: Config) => Record<string, string>): Scenario {
  return {
    name,
    title,
    oursOnly: name === 'spectators',
    describe(cfg) {
      const sh = shapeOf(cfg);
      return `${sh.rooms} room(s) × ${sh.clientsPerRoom} editors${sh.spectatorsPerRoom ? ` + ${sh.spectatorsPerRoom} SSE spectators (all counted for throughput; latency from the editors and 1 spectator in 10)` : ''}, ${sh.writersPerRoom} drawing at ${sh.rate} updates/s${sh.cursorRate ? ` + cursors at ${sh.cursorRate}/s` : ''} each; ${cfg.durationMs / 1000} s (first ${cfg.warmupMs / 1000} s warm-up not measured)`;
    },
    async run(server, pool, cfg) {
      const shape = shapeOf(cfg);
      return withServer(server, false, async (s) => {
        await pool.reset();
        const rooms = await createRooms(s, shape.rooms, name);
        const { conn, writers } = await connectShape(pool, s, server, shape, rooms);
        const r = await measure(pool, s, writers, shape, cfg);
        const failed = conn.failed > 0 || r.verified.mismatched > 0;
        return {
          server: server.name,
          label: server.label,
          status: failed ? 'failed' : 'ok',
          note: conn.failed ? `${conn.failed} clients failed to connect (${conn.firstError})` : undefined,
          ...r.row,
          peakRssMb: peakRssKb(s.pid) / 1024,
          extra: { 'connect+sync (s)': (conn.ms / 1000).toFixed(1), ...(extra?.(r, shape, cfg) ?? {}) },
        };
      });
    },
  };
}

export const SCENARIOS: Scenario[] = [
  loadScenario('classroom', 'Classroom', (cfg) => ({ rooms: 1, clientsPerRoom: cfg.classroomClients, writersPerRoom: 5, rate: 30, cursorRate: 10 })),
  loadScenario('many-rooms', 'Many rooms', (cfg) => ({ rooms: cfg.manyRooms, clientsPerRoom: 10, writersPerRoom: 2, rate: 20, cursorRate: 0 })),
  loadScenario('fan-out', 'Fan-out', (cfg) => ({ rooms: 1, clientsPerRoom: cfg.fanoutClients, writersPerRoom: 1, rate: 60, cursorRate: 0 })),
  {
    name: 'saturation',
    title: 'Saturation',
    describe: (cfg) =>
      `1 room × 20 editors; writers × rate raised step by step (${satSteps(cfg).map(([w, r]) => `${w}×${r}/s`).join(', ')}), ${cfg.stepMs / 1000} s per step (the first third not measured), until p99 > 100 ms twice in a row at one step (a step over the limit is run once more: one stall on a shared machine is not a limit) or delivered updates/s stop rising (< +5 %); reports the best step with p99 ≤ 100 ms`,
    run: saturation,
  },
  {
    name: 'idle',
    title: 'Idle scale',
    describe: (cfg) => `${cfg.idleConnections} editor connections across ${cfg.idleRooms} rooms, connected and synced (50 at a time per worker); memory per connection = (RSS after − RSS before) / connections`,
    run: idle,
  },
  {
    name: 'cold-load',
    title: 'Cold load',
    describe: (cfg) =>
      `a room whose stored document is ${(cfg.coldBytes / 1e6).toFixed(1)} MB (strokes of binary point chunks), written by a client, then the server restarted on the same store; time from connect until a new client holds the whole document (median of ${cfg.coldRepeats} restarts)`,
    run: coldLoad,
  },
  loadScenario(
    'spectators',
    'Spectators (SSE)',
    (cfg) => ({ rooms: 1, clientsPerRoom: 5, writersPerRoom: 5, rate: 30, cursorRate: 10, spectatorsPerRoom: cfg.spectators }),
    (r, _shape, cfg) => ({
      'SSE events/s': Math.round(r.m.sseUpdates / ((cfg.durationMs) / 1000)).toString(),
      'SSE id gaps': String(r.m.sseGaps),
    }),
  ),
];

// ---- saturation ----

const FULL_STEPS: Array<[number, number]> = [
  [5, 100],
  [10, 100],
  [10, 200],
  [10, 300],
  [20, 200],
  [20, 300],
  [20, 400],
  [20, 600],
  [20, 800],
  [20, 1200],
  [20, 1600],
];
const QUICK_STEPS: Array<[number, number]> = [
  [5, 100],
  [10, 200],
  [20, 200],
  [20, 400],
];
const satSteps = (cfg: Config) => (cfg.quick ? QUICK_STEPS : FULL_STEPS);

async function saturation(server: ServerDef, pool: Pool, cfg: Config): Promise<Row> {
  return withServer(server, false, async (s) => {
    await pool.reset();
    const base: LoadShape = { rooms: 1, clientsPerRoom: 20, writersPerRoom: 20, rate: 1, cursorRate: 0 };
    const rooms = await createRooms(s, 1, 'saturation');
    const { conn, writers } = await connectShape(pool, s, server, base, rooms);
    const steps: string[] = [];
    const stepResults: StepResult[] = [];
    let best: (Awaited<ReturnType<typeof measure>> & { w: number; r: number }) | null = null;
    let prevDelivered = 0;
    let stop = 'all steps done';
    let failed = conn.failed > 0;
    for (const [w, rate] of satSteps(cfg)) {
      // The first w writers (by writer index) send at `rate`; the others stay quiet.
      let idx = 0;
      const plans = writers.map((ws) => ws.map((p) => ({ ...p, rate: idx++ < w ? rate : 0 })).filter((p) => p.rate > 0));
      const shape = { ...base, writersPerRoom: w, rate };
      const run = () => measure(pool, s, plans, shape, cfg, cfg.stepMs, Math.min(cfg.warmupMs, cfg.stepMs / 3));
      let r = await run();
      // One stall on this shared machine (another tenant, a GC pause in the generator) can
      // push a step's p99 past the limit; a step fails only if it fails twice in a row.
      let retried = '';
      if (r.row.p99 > 100) {
        if (r.verified.mismatched > 0) failed = true;
        retried = ` (retried: p99 ${r.row.p99.toFixed(0)} ms the first time)`;
        r = await run();
      }
      if (r.verified.mismatched > 0) failed = true;
      const generatorBound = r.row.genBound.startsWith('yes');
      steps.push(
        `${w}×${rate}/s → ${Math.round(r.row.delivered)}/s, p99 ${r.row.p99.toFixed(1)} ms${retried}, server CPU ${Math.round(r.row.cpuPct * 100)}%, busiest worker ${Math.round(r.m.maxCpu * 100)}%${generatorBound ? ` (generator-bound: ${r.row.genBound.slice(5)})` : ''}`,
      );
      stepResults.push({ step: `${w}×${rate}/s`, delivered: r.row.delivered, p99: r.row.p99, cpuPer1k: r.row.cpuPer1k, kernelPer1k: r.row.kernelPer1k, passed: r.row.p99 <= 100, generatorBound });
      if (r.row.p99 <= 100 && (!best || r.row.delivered > best.row.delivered)) best = { ...r, w, r: rate };
      if (r.row.p99 > 100) {
        stop = `p99 ${r.row.p99.toFixed(0)} ms > 100 ms at ${w}×${rate}/s`;
        break;
      }
      if (prevDelivered > 0 && r.row.delivered < prevDelivered * 1.05) {
        stop = `delivered stopped rising at ${w}×${rate}/s`;
        break;
      }
      prevDelivered = r.row.delivered;
    }
    const row: Row = {
      server: server.name,
      label: server.label,
      status: failed ? 'failed' : best ? 'ok' : 'failed',
      note: best ? undefined : 'no step stayed under 100 ms p99',
      ...(best?.row ?? {}),
      peakRssMb: peakRssKb(s.pid) / 1024,
      steps: stepResults,
      extra: { 'best step': best ? `${best.w}×${best.r}/s` : '-', stopped: stop, steps: steps.join('; ') },
    };
    return row;
  });
}

// ---- idle scale ----

async function idle(server: ServerDef, pool: Pool, cfg: Config): Promise<Row> {
  return withServer(server, false, async (s) => {
    await pool.reset();
    const perRoom = Math.ceil(cfg.idleConnections / cfg.idleRooms);
    const rooms = await createRooms(s, cfg.idleRooms, 'idle');
    await sleep(500);
    const before = rssKb(s.pid);
    const cpu0 = cpuMs(s.pid);
    const perWorker: ClientSpec[][] = pool.workers.map(() => []);
    let k = 0;
    for (const room of rooms)
      for (let j = 0; j < perRoom; j++, k++) perWorker[k % pool.size].push({ kind: 'ws', room: room.id, url: s.wsUrl(room), dialect: server.dialect, writerId: 0 });
    const conn = await pool.connect(perWorker, 50, 60_000);
    const cpu1 = cpuMs(s.pid);
    await sleep(cfg.quick ? 1000 : 2000);
    const after = rssKb(s.pid);
    const verified = await pool.verify({}, 10_000);
    const m = mergeStats(verified.stats);
    const err = errorSummary(m.errors, verified.mismatched);
    return {
      server: server.name,
      label: server.label,
      status: conn.failed || verified.mismatched ? 'failed' : 'ok',
      note: conn.failed ? `${conn.failed} of ${conn.ok + conn.failed} failed to connect (${conn.firstError})` : undefined,
      cpuMs: cpu1 - cpu0,
      peakRssMb: peakRssKb(s.pid) / 1024,
      converged: verified.mismatched === 0 ? `ok (${verified.checked} docs)` : `FAILED: ${verified.mismatched} differ`,
      ...err,
      extra: {
        connections: String(conn.ok),
        'connect+sync all (s)': (conn.ms / 1000).toFixed(2),
        'RSS before (MB)': (before / 1024).toFixed(1),
        'RSS after (MB)': (after / 1024).toFixed(1),
        'KB per connection': conn.ok ? ((after - before) / conn.ok).toFixed(1) : '-',
        'server CPU ms per connection': conn.ok ? ((cpu1 - cpu0) / conn.ok).toFixed(2) : '-',
      },
    };
  });
}

// ---- cold load ----

const quietSink: Sink & { errors: Record<string, number> } = {
  errors: {},
  delivery() {},
  deliveredUnmeasured() {},
  cursor() {},
  error(kind) {
    this.errors[kind] = (this.errors[kind] ?? 0) + 1;
  },
};

/** A document of about `bytes` encoded: strokes of binary point chunks, as the app stores them. */
function buildBatches(bytes: number): { doc: Y.Doc; updates: Uint8Array[] } {
  const doc = new Y.Doc();
  const updates: Uint8Array[] = [];
  doc.on('update', (u: Uint8Array) => updates.push(u));
  const shapes = doc.getMap('shapes');
  let stroke = 0;
  for (let batch = 0; batch < 1000; batch++) {
    doc.transact(() => {
      for (let i = 0; i < 20; i++, stroke++) {
        const shape = new Y.Map<unknown>();
        shapes.set(`cold-${stroke}`, shape);
        shape.set('type', 'pen');
        shape.set('color', '#1e1e1e');
        shape.set('width', 2);
        shape.set('z', `a${stroke.toString(36)}`);
        const pts = new Y.Array<Uint8Array>();
        shape.set('points', pts);
        pts.push(Array.from({ length: 200 }, (_, j) => makeChunk(999_999, stroke * 200 + j, j * 3, j * 2)));
      }
    });
    if (Y.encodeStateAsUpdate(doc).length >= bytes) break;
  }
  return { doc, updates };
}

function svEquals(c: WsClient, want: Map<number, number>): boolean {
  const have = new Map(c.stateVector());
  if (have.size !== want.size) return false;
  for (const [id, clock] of want) if (have.get(id) !== clock) return false;
  return true;
}

async function connectUntil(url: string, server: ServerDef, room: string, want: Map<number, number>, timeoutMs: number): Promise<{ ms: number; ok: boolean }> {
  const c = new WsClient({ kind: 'ws', room, url, dialect: server.dialect, writerId: 0 }, quietSink);
  const t0 = performance.now();
  try {
    await c.connect(timeoutMs);
    const until = t0 + timeoutMs;
    for (let i = 0; i < 1_000_000 && performance.now() < until; i++) {
      if (svEquals(c, want)) return { ms: performance.now() - t0, ok: true };
      await sleep(2);
    }
    return { ms: performance.now() - t0, ok: false };
  } finally {
    c.close();
  }
}

async function coldLoad(server: ServerDef, _pool: Pool, cfg: Config): Promise<Row> {
  const base = { server: server.name, label: server.label, extra: {} };
  if (server.coldLoad) return { ...base, status: 'n/a', note: server.coldLoad };
  const { doc, updates } = buildBatches(cfg.coldBytes);
  const docBytes = Y.encodeStateAsUpdate(doc).length;
  const want = new Map(Y.decodeStateVector(Y.encodeStateVector(doc)));
  const storeDir = mkdtempSync(join(tmpdir(), `wb-bench-cold-${server.name}-`));
  const times: number[] = [];
  let room: Room | null = null;
  let peak = 0;
  let failed = '';
  try {
    // 1. write the document through a client, and check the server holds it all
    let s = await server.start({ storeDir, persist: true });
    try {
      room = await s.createRoom('cold-load');
      const writer = new WsClient({ kind: 'ws', room: room.id, url: s.wsUrl(room), dialect: server.dialect, writerId: 0 }, quietSink);
      await writer.connect(15_000);
      for (const u of updates) {
        writer.ws!.send(syncMessage(server.dialect, room.id, SYNC_UPDATE, u));
        for (let i = 0; i < 500 && writer.ws!.bufferedAmount > 1 << 20; i++) await sleep(5);
      }
      const check = await connectUntil(s.wsUrl(room), server, room.id, want, 60_000);
      writer.close();
      if (!check.ok) throw new Error('the server did not take the whole document');
      await sleep(server.name === 'hocuspocus' ? 3000 : 500); // Hocuspocus stores 2 s after the last change
    } finally {
      await s.stop();
    }
    // 2. restart on the same store, time a new client until it holds the document
    for (let i = 0; i < cfg.coldRepeats; i++) {
      s = await server.start({ storeDir, persist: true });
      try {
        const r = await connectUntil(s.wsUrl(room), server, room.id, want, 60_000);
        if (!r.ok) {
          failed = `restart ${i + 1}: the new client did not receive the stored document within 60 s`;
          break;
        }
        times.push(r.ms);
        peak = Math.max(peak, peakRssKb(s.pid));
      } finally {
        await s.stop();
      }
    }
  } catch (err) {
    failed = (err as Error).message;
  } finally {
    rmSync(storeDir, { recursive: true, force: true });
    doc.destroy();
  }
  times.sort((a, b) => a - b);
  const median = times.length ? times[Math.floor(times.length / 2)] : NaN;
  const err = errorSummary(quietSink.errors);
  quietSink.errors = {};
  return {
    ...base,
    status: failed ? 'failed' : 'ok',
    note: failed || undefined,
    peakRssMb: peak / 1024,
    ...err,
    extra: {
      'document (MB)': (docBytes / 1e6).toFixed(2),
      'cold load (ms)': times.length ? median.toFixed(0) : '-',
      'all runs (ms)': times.map((t) => t.toFixed(0)).join(', '),
    },
  };
}
