// The orchestrator's side of the load generator: a pool of worker processes.
import { fork, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { Hist } from './hist.ts';
import type { ClientSpec, FromWorker, RunStats, ToWorker, WriterPlan } from './ipc.ts';
import { nowMs } from './protocol.ts';
import { ROOT } from './servers.ts';

const live = new Set<ChildProcess>();
export function killAllWorkers(): void {
  for (const w of live) if (w.exitCode === null && w.signalCode === null) w.kill('SIGKILL');
  live.clear();
}

class Worker {
  private waiting: Array<{ t: string; resolve: (m: FromWorker) => void; reject: (e: Error) => void }> = [];
  constructor(readonly child: ChildProcess) {
    child.on('message', (m: FromWorker) => {
      const i = this.waiting.findIndex((w) => w.t === m.t);
      if (i >= 0) this.waiting.splice(i, 1)[0].resolve(m);
    });
    child.once('exit', (code) => {
      for (const w of this.waiting.splice(0)) w.reject(new Error(`load worker exited with ${code}`));
    });
  }
  request<T extends FromWorker['t']>(msg: ToWorker | null, reply: T, timeoutMs: number): Promise<FromWorker & { t: T }> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        const i = this.waiting.findIndex((w) => w.resolve === done);
        if (i >= 0) this.waiting.splice(i, 1);
        reject(new Error(`load worker: no '${reply}' within ${timeoutMs} ms`));
      }, timeoutMs);
      const done = (m: FromWorker) => {
        clearTimeout(timer);
        resolve(m as FromWorker & { t: T });
      };
      this.waiting.push({ t: reply, resolve: done, reject: (e) => (clearTimeout(timer), reject(e)) });
      if (msg) this.child.send(msg);
    });
  }
}

export interface Verified {
  checked: number;
  mismatched: number;
  example?: string;
  stats: RunStats[];
}

export class Pool {
  private constructor(readonly workers: Worker[]) {}

  static async start(n: number): Promise<Pool> {
    const workers = Array.from({ length: n }, () => {
      const child = fork(join(ROOT, 'bench/relay/worker.ts'), [], {
        cwd: ROOT,
        execArgv: ['--import', 'tsx', '--max-old-space-size=4096', ...(process.env.BENCH_WORKER_ARGS ?? '').split(' ').filter(Boolean)],
        stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      });
      live.add(child);
      child.once('exit', () => live.delete(child));
      return new Worker(child);
    });
    await Promise.all(workers.map((w) => w.request(null, 'ready', 30_000)));
    return new Pool(workers);
  }

  get size(): number {
    return this.workers.length;
  }

  async connect(perWorker: ClientSpec[][], concurrency: number, timeoutMs: number) {
    const start = Date.now();
    const replies = await Promise.all(
      this.workers.map((w, i) => w.request({ t: 'connect', clients: perWorker[i] ?? [], concurrency, timeoutMs }, 'connected', timeoutMs + 600_000)),
    );
    return {
      ok: replies.reduce((s, r) => s + r.ok, 0),
      failed: replies.reduce((s, r) => s + r.failed, 0),
      ms: Date.now() - start,
      firstError: replies.find((r) => r.firstError)?.firstError,
    };
  }

  /** Drives the writers for durationMs; resolves with the expected state vector per room. */
  async run(perWorker: WriterPlan[][], warmupMs: number, durationMs: number, onWindow?: (edge: 'from' | 'to') => void) {
    const startAt = nowMs() + 300;
    const timers = onWindow
      ? [setTimeout(() => onWindow('from'), startAt + warmupMs - nowMs()), setTimeout(() => onWindow('to'), startAt + durationMs - nowMs())]
      : [];
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

  async verify(expected: Record<string, Array<[number, number]>>, timeoutMs: number): Promise<Verified> {
    const replies = await Promise.all(this.workers.map((w) => w.request({ t: 'verify', expected, timeoutMs }, 'verified', timeoutMs + 60_000)));
    return {
      checked: replies.reduce((s, r) => s + r.checked, 0),
      mismatched: replies.reduce((s, r) => s + r.mismatched, 0),
      example: replies.find((r) => r.example)?.example,
      stats: replies.map((r) => r.stats),
    };
  }

  async reset(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.request({ t: 'reset' }, 'reset', 60_000)));
  }

  async close(): Promise<void> {
    await Promise.allSettled(this.workers.map((w) => w.request({ t: 'close' }, 'closed', 10_000)));
    // Let them exit on their own (bounded), so profiles and buffers get written.
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

/** Sums the workers' statistics. */
export function mergeStats(stats: RunStats[]) {
  const hist = new Hist();
  const cursorHist = new Hist();
  const errors: Record<string, number> = {};
  let sent = 0,
    cursorsSent = 0,
    delivered = 0,
    cursorsDelivered = 0,
    late = 0,
    sseUpdates = 0,
    sseGaps = 0,
    maxCpu = 0,
    maxLoop = 0;
  for (const s of stats) {
    hist.merge(s.hist);
    cursorHist.merge(s.cursorHist);
    sent += s.sent;
    cursorsSent += s.cursorsSent;
    delivered += s.delivered;
    cursorsDelivered += s.cursorsDelivered;
    late += s.late;
    sseUpdates += s.sseUpdates;
    sseGaps += s.sseGaps;
    if (s.wallMs > 0) maxCpu = Math.max(maxCpu, s.cpuMs / s.wallMs);
    maxLoop = Math.max(maxLoop, s.loopP99);
    for (const [k, v] of Object.entries(s.errors)) errors[k] = (errors[k] ?? 0) + v;
  }
  return { hist, cursorHist, sent, cursorsSent, delivered, cursorsDelivered, late, sseUpdates, sseGaps, maxCpu, maxLoop, errors };
}
