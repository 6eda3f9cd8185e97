// A load-generator process: holds a share of the clients, drives its writers on schedule,
// measures what its clients receive and checks their documents at the end.
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { SseClient, WsClient, type Sink } from './client.ts';
import { Hist } from './hist.ts';
import type { FromWorker, RunStats, ToWorker, WriterPlan } from './ipc.ts';
import { nowMs } from './protocol.ts';

const clients: Array<WsClient | SseClient> = [];
let hist = new Hist();
let cursorHist = new Hist();
let windowFrom = Infinity;
let windowTo = -Infinity;
let delivered = 0;
let cursorsDelivered = 0;
let sent = 0;
let cursorsSent = 0;
let late = 0;
const errors: Record<string, number> = {};
let cpuMs = 0;
let wallMs = 0;
let loopP99 = 0;

const sink: Sink = {
  delivery(sentAt) {
    const now = nowMs();
    if (sentAt >= windowFrom && sentAt <= windowTo) hist.add(now - sentAt);
    if (now >= windowFrom && now <= windowTo) delivered++;
  },
  deliveredUnmeasured() {
    const now = nowMs();
    if (now >= windowFrom && now <= windowTo) delivered++;
  },
  cursor(sentAt) {
    const now = nowMs();
    if (sentAt >= windowFrom && sentAt <= windowTo) cursorHist.add(now - sentAt);
    if (now >= windowFrom && now <= windowTo) cursorsDelivered++;
  },
  error(kind) {
    errors[kind] = (errors[kind] ?? 0) + 1;
  },
};

const send = (m: FromWorker) => process.send!(m);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

// Applying a received update to a client's Y.Doc costs the generator ~10 µs, which would
// make the generator, not the server, the bottleneck. During a run updates are only
// queued (their stamps are read from the raw bytes); they are applied before the
// convergence check, or early when a client's queue passes QUEUE_LIMIT (bounded memory).
const QUEUE_LIMIT = 200_000;
const DEBUG = !!process.env.BENCH_DEBUG;
const flusher = setInterval(() => {
  const t0 = performance.now();
  let n = 0;
  for (const c of clients) {
    if (c instanceof WsClient && c.queued > QUEUE_LIMIT) {
      n += c.queued;
      c.flush();
    }
  }
  const ms = performance.now() - t0;
  if (DEBUG && ms > 20) process.stderr.write(`flush of ${n} updates took ${ms.toFixed(0)} ms\n`);
}, 1000);

async function connectAll(specs: ToWorker & { t: 'connect' }): Promise<void> {
  const start = Date.now();
  let ok = 0;
  let failed = 0;
  let firstError: string | undefined;
  let next = 0;
  const runOne = async () => {
    while (next < specs.clients.length) {
      const spec = specs.clients[next++];
      const client = spec.kind === 'ws' ? new WsClient(spec, sink) : new SseClient(spec, sink);
      clients.push(client);
      try {
        await client.connect(specs.timeoutMs);
        ok++;
      } catch (err) {
        failed++;
        firstError ??= String((err as Error).message ?? err);
        sink.error('connect failed');
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, specs.concurrency) }, runOne));
  send({ t: 'connected', ok, failed, ms: Date.now() - start, firstError });
}

async function run(m: ToWorker & { t: 'run' }): Promise<void> {
  const { writers, startAt, warmupMs, durationMs } = m;
  const endAt = startAt + durationMs;
  hist = new Hist();
  cursorHist = new Hist();
  delivered = cursorsDelivered = sent = cursorsSent = late = 0;
  windowFrom = startAt + warmupMs;
  windowTo = endAt;
  const loop = monitorEventLoopDelay({ resolution: 5 });
  const state = writers.map((w: WriterPlan) => ({ ...w, c: clients[w.client] as WsClient, n: 0, k: 0 }));
  while (nowMs() < startAt) await sleep(Math.min(20, Math.max(1, startAt - nowMs())));
  loop.enable();
  let cpu0: NodeJS.CpuUsage | null = null;
  let wall0 = 0;
  // Bounded by time: one pass every 2 ms until endAt; each pass sends what is due.
  for (let pass = 0; pass < 10_000_000; pass++) {
    const now = nowMs();
    if (now >= endAt) break;
    if (cpu0 === null && now >= windowFrom) {
      cpu0 = process.cpuUsage();
      wall0 = now;
    }
    const elapsed = now - startAt;
    for (const w of state) {
      // Send n is due at startAt + n / rate (the first one right at the start).
      const due = w.rate > 0 ? Math.floor((elapsed * w.rate) / 1000) + 1 : 0;
      for (let burst = 0; w.n < due && burst < 200; burst++) {
        if (now - (startAt + (w.n * 1000) / w.rate) > 50) late++;
        w.n++;
        if (w.c.draw()) sent++;
        else late++;
      }
      const dueC = w.cursorRate > 0 ? Math.floor((elapsed * w.cursorRate) / 1000) + 1 : 0;
      for (let burst = 0; w.k < dueC && burst < 50; burst++) {
        w.k++;
        if (w.c.cursor()) cursorsSent++;
      }
    }
    await sleep(2);
  }
  if (cpu0) {
    const d = process.cpuUsage(cpu0);
    cpuMs = (d.user + d.system) / 1000;
    wallMs = nowMs() - wall0;
  }
  loop.disable();
  loopP99 = loop.percentile(99) / 1e6;
  // Writers that fell behind their schedule count the missing sends as late.
  for (const w of state) {
    const due = Math.floor((durationMs * w.rate) / 1000) - 1;
    if (w.n < due) late += due - w.n;
  }
  send({
    t: 'ran',
    writers: state.map((w) => ({ room: w.c.spec.room, clientId: w.c.doc.clientID, clock: Y_clock(w.c) })),
  });
}

function Y_clock(c: WsClient): number {
  return c.stateVector().find(([id]) => id === c.doc.clientID)?.[1] ?? 0;
}

async function verify(m: ToWorker & { t: 'verify' }): Promise<void> {
  const until = Date.now() + m.timeoutMs;
  let mismatched = 0;
  let checked = 0;
  let example: string | undefined;
  const expected = new Map(Object.entries(m.expected).map(([room, sv]) => [room, new Map(sv)]));
  for (let round = 0; round < 10_000; round++) {
    mismatched = 0;
    checked = 0;
    example = undefined;
    for (const c of clients) {
      const sv = c.stateVector();
      if (!sv) continue;
      checked++;
      const want = expected.get(c.spec.room) ?? new Map<number, number>();
      const have = new Map(sv);
      let same = have.size === want.size;
      if (same) for (const [id, clock] of want) if (have.get(id) !== clock) same = false;
      if (!same || (c instanceof WsClient && c.closedUnexpectedly)) {
        mismatched++;
        example ??= `room ${c.spec.room}: have ${JSON.stringify(sv)} want ${JSON.stringify([...want])}`;
      }
    }
    if (mismatched === 0 || Date.now() > until) break;
    await sleep(100);
  }
  windowFrom = Infinity;
  let sseUpdates = 0;
  let sseGaps = 0;
  for (const c of clients)
    if (c instanceof SseClient) {
      sseUpdates += c.updates;
      sseGaps += c.gaps;
    }
  const stats: RunStats = {
    sent,
    cursorsSent,
    delivered,
    cursorsDelivered,
    hist: hist.toJSON(),
    cursorHist: cursorHist.toJSON(),
    late,
    cpuMs,
    wallMs,
    loopP99,
    sseUpdates,
    sseGaps,
    errors: { ...errors },
  };
  send({ t: 'verified', checked, mismatched, example, stats });
}

process.on('message', (m: ToWorker) => {
  const fail = (err: unknown) => {
    sink.error(`worker: ${(err as Error)?.message ?? err}`);
  };
  if (m.t === 'connect') connectAll(m).catch(fail);
  else if (m.t === 'run') run(m).catch(fail);
  else if (m.t === 'verify') verify(m).catch(fail);
  else if (m.t === 'reset') {
    for (const c of clients) c.close();
    clients.length = 0;
    for (const k of Object.keys(errors)) delete errors[k];
    send({ t: 'reset' });
  } else if (m.t === 'close') {
    clearInterval(flusher);
    for (const c of clients) c.close();
    send({ t: 'closed' });
    setTimeout(() => process.exit(0), 50);
  }
});
process.on('disconnect', () => process.exit(0));
send({ t: 'ready' });
