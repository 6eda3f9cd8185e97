/**
 * Runs N fuzz frames against a real relay process: batches on raw sockets in rooms
 * where two well-behaved editors sit, a new editor now and then, rooms rotated (and
 * reloaded from the store), and the relay's memory before and after. Batch i is
 * fc.sample(fuzzBatch, batchSeed(seed, i)), so (seed, i) reproduces it; a failing batch
 * is made small by failure.ts.
 */
import fc from 'fast-check';
import type { Runtime } from '../relayProcess.ts';
import { checkedBatch, relayProblems } from './check.ts';
import { batchFailure, investigate, plainFailure, type Failure } from './failure.ts';
import { fuzzBatch } from './frames.ts';
import { FuzzRelay } from './relay.ts';
import { FuzzRoom, VICTIMS, waitIdle } from './room.ts';
import { runInFreshRoom, type ShrinkContext } from './shrink.ts';
import { IDS, type ArbOptions } from './types.ts';

export interface FuzzOptions {
  runtime: Runtime;
  frames: number;
  seed: number;
  /** Stop (not a failure: reported) after this long. */
  timeLimitMs?: number;
  /** Stop after this many failures (each is shrunk, which takes a while). */
  maxFailures?: number;
  shrinkMs?: number;
  maxFrameBytes?: number;
  /** ROOM_IDLE_MS of the relay: small, so rooms unload during and after the run. */
  idleMs?: number;
  /** A new editor must sync the room every this many batches. */
  freshEvery?: number;
  /** A new room (the old one unloaded and reloaded) every this many batches. */
  roomBatches?: number;
  /** How long the RSS baseline is sampled (longer: lower, so a stricter check). */
  rssSettleMs?: number;
  /** Allowed RSS growth: after <= max(before + this, before * rssFactor). */
  rssSlackBytes?: number;
  rssFactor?: number;
  /** More environment for the relay (cluster mode: DATABASE_URL, REDIS_URL, REDIS_KEY_PREFIX). */
  env?: Record<string, string>;
  onProgress?: (line: string) => void;
}

export type { Failure, FailureFrame } from './failure.ts';

export interface FuzzReport {
  runtime: Runtime;
  seed: number;
  /** Frames the relay handled: accepted, or refused (a socket's frames after its refused one are never handled). */
  frames: number;
  sent: number;
  sockets: number;
  batches: number;
  accepted: number;
  elapsedMs: number;
  timedOut: boolean;
  /** Close codes of sockets the relay closed, by code. */
  codes: Record<string, number>;
  crashes: number;
  restarts: string[];
  failures: Failure[];
  /** RSS, and what the JavaScript holds (heap + buffers) at the same moments: RSS the allocator keeps after a peak shows as a gap between the two */
  rss: { before: number; after: number; peak: number; limit: number; ok: boolean; heldBefore: number | null; heldAfter: number | null } | null;
}

/** Per-batch seeds from the run's seed (fast-check seeds are 32-bit). */
export const batchSeed = (seed: number, i: number) => (Math.imul(i + 1, 0x9e3779b1) ^ seed) | 0;

export const arbOptions = (maxFrameBytes: number): ArbOptions => ({ maxFrameBytes, victims: VICTIMS });

/**
 * RSS after a quiet moment: the lowest reading over `ms`, a full GC before each (Node
 * hands freed heap back to the system seconds after the collection). Stops early once
 * at or below `enough`.
 */
async function quietRss(relay: FuzzRelay, ms: number, enough = 0): Promise<number> {
  let min = Infinity;
  for (const end = Date.now() + ms; Date.now() < end && min > enough; ) {
    relay.collectGarbage();
    await new Promise((r) => setTimeout(r, 400));
    if (!relay.alive) break;
    min = Math.min(min, relay.rssBytes());
  }
  return min;
}

/** Rooms unload quickly; the harness (and its shrinker) creates rooms faster than a person would. */
const relayEnv = (idleMs: number, maxFrameBytes: number) => ({ ROOM_IDLE_MS: String(idleMs), MAX_FRAME_BYTES: String(maxFrameBytes), ROOMS_PER_IP_PER_MINUTE: '1000000' });

/** Reruns batches of a run (by number) in one fresh room on a fresh relay: the problems of each, and what the relay logged. */
export async function replay(runtime: Runtime, seed: number, batches: number[], maxFrameBytes = DEFAULT_MAX_FRAME): Promise<{ problems: string[][]; logs: string[] }> {
  const arb = fuzzBatch(arbOptions(maxFrameBytes));
  let relay = await FuzzRelay.start(runtime, relayEnv(200, maxFrameBytes));
  try {
    const ctx: ShrinkContext = {
      relay: () => relay,
      restart: async () => {
        await relay.stop();
        relay = await FuzzRelay.start(runtime, relayEnv(200, maxFrameBytes));
      },
      batch: (j) => fc.sample(arb, { seed: batchSeed(seed, j), numRuns: 1 })[0],
    };
    const problems = (await runInFreshRoom(ctx, batches.map(ctx.batch))) ?? [['editors could not join the room']];
    return { problems, logs: relay.since(0).map((l) => l.text) };
  } finally {
    await relay.stop();
  }
}

const DEFAULT_MAX_FRAME = 131_072;

export async function runFuzz(opts: FuzzOptions): Promise<FuzzReport> {
  const o = { timeLimitMs: 30 * 60_000, maxFailures: 3, shrinkMs: 30_000, maxFrameBytes: DEFAULT_MAX_FRAME, idleMs: 200, freshEvery: 10, roomBatches: 100, rssSlackBytes: 64 * 2 ** 20, rssFactor: 1.5, rssSettleMs: 8_000, ...opts };
  const env = { ...relayEnv(o.idleMs, o.maxFrameBytes), ...o.env };
  const arb = fuzzBatch(arbOptions(o.maxFrameBytes));
  const started = Date.now();
  const report: FuzzReport = { runtime: o.runtime, seed: o.seed, frames: 0, sent: 0, sockets: 0, batches: 0, accepted: 0, elapsedMs: 0, timedOut: false, codes: {}, crashes: 0, restarts: [], failures: [], rss: null };
  let relay = await FuzzRelay.start(o.runtime, env);
  let room: FuzzRoom | null = null;
  let probeClient = IDS.harnessMin + 100_000;
  let before: number | null = null;
  let heldBefore: number | null = null;
  let peak = 0;
  let lastProgress = Date.now();
  const restart = async (why: string) => {
    await relay.stop();
    relay = await FuzzRelay.start(o.runtime, env);
    report.restarts.push(why);
    before = null; // a new process: a new baseline
  };
  const batchAt = (j: number) => fc.sample(arb, { seed: batchSeed(o.seed, j), numRuns: 1 })[0];
  const ctx: ShrinkContext = { relay: () => relay, restart, batch: batchAt };

  try {
    for (let i = 0; report.frames < o.frames && report.failures.length < o.maxFailures; i++) {
      if (Date.now() - started > o.timeLimitMs) {
        report.timedOut = true;
        break;
      }
      // the first room is short: the memory baseline is taken once it is gone (warm code, caches, store)
      if (room && room.batches >= (before === null ? WARMUP_BATCHES : o.roomBatches)) {
        const problems = await room.close(relay, o.idleMs);
        room = null;
        if (problems.length) report.failures.push(plainFailure(i, batchSeed(o.seed, i), problems, relay));
      }
      if (before === null && i > 0 && !room && relay.alive) {
        before = await quietRss(relay, o.rssSettleMs);
        heldBefore = await relay.heldBytes();
      }
      if (!room) {
        try {
          room = await FuzzRoom.open(relay);
        } catch (err) {
          const problems = [`editors could not join a new room: ${(err as Error).message}`, ...(await relayProblems(relay, 0))];
          report.failures.push(plainFailure(i, batchSeed(o.seed, i), problems, relay));
          await restart('editors could not join a new room');
          continue;
        }
      }
      const seed = batchSeed(o.seed, i);
      const scripts = batchAt(i);
      const mark = relay.mark();
      const history = [...room.history];
      room.history.push(i);
      const { result, problems } = await checkedBatch(relay, room, scripts, probeClient, (i + 1) % o.freshEvery === 0);
      probeClient += scripts.length;
      report.batches++;
      for (const s of result?.sockets ?? []) {
        report.sockets++;
        report.sent += s.frames.length;
        report.accepted += s.accepted;
        report.frames += s.accepted + (s.refused ? 1 : 0);
        if (s.refused) report.codes[s.refused.code] = (report.codes[s.refused.code] ?? 0) + 1;
      }
      // a batch that broke before its sockets were judged still counts what it sent
      if (!result) report.frames += scripts.reduce((n, sc) => n + sc.reduce((m, g) => m + g.frames.length, 0), 0);
      if (relay.alive) peak = Math.max(peak, relay.rssBytes());
      if (problems.length > 0) {
        const failure = batchFailure(i, seed, problems, scripts, result, relay.since(mark));
        if (failure.kind === 'crash') report.crashes++;
        report.failures.push(failure);
        o.onProgress?.(`batch ${i}: ${failure.kind}: ${problems[0]}`);
        // the room may be poisoned, the relay dead: start over before shrinking
        room.editors.destroy();
        room = null;
        if (!relay.alive || (await relayProblems(relay, relay.alarms.length)).length) await restart(`after batch ${i}: ${failure.kind}`);
        await investigate(failure, ctx, arb, history, o.shrinkMs);
      }
      if (Date.now() - lastProgress > 2_000) {
        lastProgress = Date.now();
        const s = (Date.now() - started) / 1000;
        const rss = relay.alive ? `${(relay.rssBytes() / 2 ** 20).toFixed(0)} MB` : '-';
        const heap = (process.memoryUsage().heapUsed / 2 ** 20).toFixed(0);
        o.onProgress?.(`${o.runtime}: ${report.frames}/${o.frames} frames, ${(report.frames / s).toFixed(0)} frames/s, closes ${JSON.stringify(report.codes)}, failures ${report.failures.length}, relay rss ${rss}, harness heap ${heap} MB`);
      }
    }
    if (room) {
      const problems = await room.close(relay, o.idleMs);
      if (problems.length) report.failures.push(plainFailure(report.batches, batchSeed(o.seed, report.batches), problems, relay));
      room = null;
    }
    // nobody connected any more (the reload check's editor has left too): every room must unload
    const idle = await waitIdle(relay, o.idleMs);
    if (idle.length) report.failures.push(plainFailure(report.batches, batchSeed(o.seed, report.batches), idle, relay));
    if (relay.alive && before !== null) {
      const limit = Math.max(before + o.rssSlackBytes, before * o.rssFactor);
      const after = await quietRss(relay, 12_000, limit);
      report.rss = { before, after, peak, limit, ok: after <= limit, heldBefore, heldAfter: await relay.heldBytes() };
      if (after > limit) report.failures.push(plainFailure(report.batches, batchSeed(o.seed, report.batches), [`relay memory did not return: RSS ${mb(before)} before, ${mb(after)} after the rooms unloaded (limit ${mb(limit)}, peak ${mb(peak)})`], relay));
    }
  } finally {
    room?.editors.destroy();
    await relay.stop();
    report.elapsedMs = Date.now() - started;
  }
  return report;
}

const WARMUP_BATCHES = 10;

const mb = (n: number) => `${(n / 2 ** 20).toFixed(1)} MB`;
