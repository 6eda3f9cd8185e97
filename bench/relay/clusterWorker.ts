// A load-generator process for the cluster benchmark (cluster.ts): like worker.ts, but
// every client knows which relay it is connected to and every delivery is classified by
// whether the writer sat on the same relay or on another one (cross-relay latency).
// It reuses the editor client of client.ts; deliveries are read from the raw frames by a
// listener of its own, which knows the writer of every stamp.
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { WsClient, type Sink, type WsClientSpec } from './client.ts';
import { Hist, type HistData } from './hist.ts';
import { MSG_SYNC, SYNC_UPDATE, nowMs, scanStamps } from './protocol.ts';

export interface ClusterClientSpec extends WsClientSpec {
  /** Index of the relay the client is connected to. */
  relay: number;
}

export interface ClusterWriterPlan {
  client: number;
  rate: number;
  cursorRate: number;
}

export type ToClusterWorker =
  | { t: 'connect'; clients: ClusterClientSpec[]; writerRelay: Record<number, number>; concurrency: number; timeoutMs: number }
  | { t: 'run'; writers: ClusterWriterPlan[]; startAt: number; warmupMs: number; durationMs: number }
  | { t: 'verify'; expected: Record<string, Array<[number, number]>>; timeoutMs: number }
  | { t: 'reset' }
  | { t: 'close' };

export interface ClusterRunStats {
  /** Stroke updates sent by this worker's writers inside the measurement window. */
  sentInWindow: number;
  sent: number;
  late: number;
  /** Stroke updates received inside the window (all, same-relay, cross-relay). */
  delivered: number;
  deliveredCross: number;
  hist: HistData;
  sameHist: HistData;
  crossHist: HistData;
  cursorHist: HistData;
  cpuMs: number;
  wallMs: number;
  loopP99: number;
  errors: Record<string, number>;
}

export type FromClusterWorker =
  | { t: 'ready' }
  | { t: 'connected'; ok: number; failed: number; ms: number; firstError?: string }
  | { t: 'ran'; writers: Array<{ room: string; clientId: number; clock: number }> }
  | { t: 'verified'; checked: number; mismatched: number; example?: string; stats: ClusterRunStats }
  | { t: 'reset' }
  | { t: 'closed' };

const clients: Array<{ c: WsClient; relay: number }> = [];
let writerRelay = new Map<number, number>();
let hist = new Hist();
let sameHist = new Hist();
let crossHist = new Hist();
let cursorHist = new Hist();
let windowFrom = Infinity;
let windowTo = -Infinity;
let delivered = 0;
let deliveredCross = 0;
let sent = 0;
let sentInWindow = 0;
let late = 0;
let cpuMs = 0;
let wallMs = 0;
let loopP99 = 0;
const errors: Record<string, number> = {};

// The client's own sink sees cursors and errors; stroke deliveries are counted by onFrame.
const sink: Sink = {
  delivery() {},
  deliveredUnmeasured() {},
  cursor(sentAt) {
    const now = nowMs();
    if (sentAt >= windowFrom && sentAt <= windowTo) cursorHist.add(now - sentAt);
  },
  error(kind) {
    errors[kind] = (errors[kind] ?? 0) + 1;
  },
};

/** A frame a client received: a sync update's stamps are deliveries, classified by the writer's relay. */
function onFrame(data: Buffer, ownWriter: number, relay: number): void {
  // y-websocket framing: varuint message type, varuint sync sub-type (both one byte here)
  if (data.length < 3 || data[0] !== MSG_SYNC || data[1] !== SYNC_UPDATE) return;
  const now = nowMs();
  const inWindow = now >= windowFrom && now <= windowTo;
  scanStamps(data, (writer, _seq, sentAt) => {
    if (writer === ownWriter) return;
    const cross = writerRelay.get(writer) !== relay;
    if (inWindow) {
      delivered++;
      if (cross) deliveredCross++;
    }
    if (sentAt >= windowFrom && sentAt <= windowTo) {
      hist.add(now - sentAt);
      (cross ? crossHist : sameHist).add(now - sentAt);
    }
  });
}

const send = (m: FromClusterWorker) => process.send!(m);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

// As in worker.ts: received updates are queued during a run and applied before the
// convergence check, or early when a client's queue passes this (bounded memory).
const QUEUE_LIMIT = 200_000;
const flusher = setInterval(() => {
  for (const { c } of clients) if (c.queued > QUEUE_LIMIT) c.flush();
}, 1000);

async function connectAll(m: ToClusterWorker & { t: 'connect' }): Promise<void> {
  const start = Date.now();
  writerRelay = new Map(Object.entries(m.writerRelay).map(([w, r]) => [Number(w), r]));
  let ok = 0;
  let failed = 0;
  let firstError: string | undefined;
  let next = 0;
  const runOne = async () => {
    while (next < m.clients.length) {
      const spec = m.clients[next++];
      const c = new WsClient(spec, sink);
      clients.push({ c, relay: spec.relay });
      try {
        await c.connect(m.timeoutMs);
        c.ws!.on('message', (data: Buffer) => onFrame(data, spec.writerId, spec.relay));
        ok++;
      } catch (err) {
        failed++;
        firstError ??= String((err as Error).message ?? err);
        sink.error('connect failed');
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, m.concurrency) }, runOne));
  send({ t: 'connected', ok, failed, ms: Date.now() - start, firstError });
}

async function run(m: ToClusterWorker & { t: 'run' }): Promise<void> {
  const { writers, startAt, warmupMs, durationMs } = m;
  const endAt = startAt + durationMs;
  hist = new Hist();
  sameHist = new Hist();
  crossHist = new Hist();
  cursorHist = new Hist();
  delivered = deliveredCross = sent = sentInWindow = late = 0;
  windowFrom = startAt + warmupMs;
  windowTo = endAt;
  const loop = monitorEventLoopDelay({ resolution: 5 });
  const state = writers.map((w) => ({ ...w, c: clients[w.client].c, n: 0, k: 0 }));
  for (let i = 0; i < 100_000 && nowMs() < startAt; i++) await sleep(Math.min(20, Math.max(1, startAt - nowMs())));
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
      const due = w.rate > 0 ? Math.floor((elapsed * w.rate) / 1000) + 1 : 0;
      for (let burst = 0; w.n < due && burst < 200; burst++) {
        if (now - (startAt + (w.n * 1000) / w.rate) > 50) late++;
        w.n++;
        if (w.c.draw()) {
          sent++;
          if (now >= windowFrom) sentInWindow++;
        } else late++;
      }
      const dueC = w.cursorRate > 0 ? Math.floor((elapsed * w.cursorRate) / 1000) + 1 : 0;
      for (let burst = 0; w.k < dueC && burst < 50; burst++) {
        w.k++;
        w.c.cursor();
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
  for (const w of state) {
    const due = Math.floor((durationMs * w.rate) / 1000) - 1;
    if (w.n < due) late += due - w.n;
  }
  send({
    t: 'ran',
    writers: state.map((w) => ({ room: w.c.spec.room, clientId: w.c.doc.clientID, clock: w.c.stateVector().find(([id]) => id === w.c.doc.clientID)?.[1] ?? 0 })),
  });
}

async function verify(m: ToClusterWorker & { t: 'verify' }): Promise<void> {
  const until = Date.now() + m.timeoutMs;
  let mismatched = 0;
  let checked = 0;
  let example: string | undefined;
  const expected = new Map(Object.entries(m.expected).map(([room, sv]) => [room, new Map(sv)]));
  for (let round = 0; round < 10_000; round++) {
    mismatched = 0;
    checked = 0;
    example = undefined;
    for (const { c, relay } of clients) {
      const sv = c.stateVector();
      checked++;
      const want = expected.get(c.spec.room) ?? new Map<number, number>();
      const have = new Map(sv);
      let same = have.size === want.size;
      if (same) for (const [id, clock] of want) if (have.get(id) !== clock) same = false;
      if (!same || c.closedUnexpectedly) {
        mismatched++;
        example ??= `relay ${relay}, room ${c.spec.room}: have ${JSON.stringify(sv)} want ${JSON.stringify([...want])}${c.closedUnexpectedly ? ' (closed by the server)' : ''}`;
      }
    }
    if (mismatched === 0 || Date.now() > until) {
      if (process.env.BENCH_RELAY_LOGS && mismatched) for (const { c, relay } of clients) process.stderr.write(`[verify] relay ${relay} writer ${c.spec.writerId} id ${c.doc.clientID} ${JSON.stringify(c.stateVector())} pending ${c.doc.store.pendingStructs ? 'yes' : 'no'} closed ${c.closedUnexpectedly}\n`);
      break;
    }
    await sleep(100);
  }
  windowFrom = Infinity;
  const stats: ClusterRunStats = {
    sentInWindow,
    sent,
    late,
    delivered,
    deliveredCross,
    hist: hist.toJSON(),
    sameHist: sameHist.toJSON(),
    crossHist: crossHist.toJSON(),
    cursorHist: cursorHist.toJSON(),
    cpuMs,
    wallMs,
    loopP99,
    errors: { ...errors },
  };
  send({ t: 'verified', checked, mismatched, example, stats });
}

process.on('message', (m: ToClusterWorker) => {
  const fail = (err: unknown) => sink.error(`worker: ${(err as Error)?.message ?? err}`);
  if (m.t === 'connect') connectAll(m).catch(fail);
  else if (m.t === 'run') run(m).catch(fail);
  else if (m.t === 'verify') verify(m).catch(fail);
  else if (m.t === 'reset') {
    for (const { c } of clients) c.close();
    clients.length = 0;
    for (const k of Object.keys(errors)) delete errors[k];
    send({ t: 'reset' });
  } else if (m.t === 'close') {
    clearInterval(flusher);
    for (const { c } of clients) c.close();
    send({ t: 'closed' });
    setTimeout(() => process.exit(0), 50);
  }
});
process.on('disconnect', () => process.exit(0));
send({ t: 'ready' });
