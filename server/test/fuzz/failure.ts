/**
 * A failure as reported, and the work of making it small: the batch alone (fast-check
 * shrinking), else the room's history cut down, then the fewest groups (shrink.ts).
 */
import type fc from 'fast-check';
import type { BatchResult } from './batch.ts';
import { classify, type Kind } from './check.ts';
import type { Script } from './frames.ts';
import type { FuzzRelay, LogLine } from './relay.ts';
import { minimizeGroups, minimizeHistory, shrinkAlone, type ShrinkContext } from './shrink.ts';
import { hex } from './wire.ts';

export interface FailureFrame {
  label: string;
  bytes: number;
  text: boolean;
  /** Up to 4 KB of the frame, for printing. */
  hex: string;
  /** All of it (in the saved report) for refused, shrunk and minimal frames, to reproduce byte for byte. */
  fullHex: string | null;
}

export interface Failure {
  batch: number;
  batchSeed: number;
  kind: Kind;
  problems: string[];
  /** The frames the relay refused (one per socket it closed), with the code. */
  refused: Array<{ code: number; reason: string; frame: FailureFrame | null }>;
  frames: FailureFrame[];
  /** The batch after shrinking (null: not reproduced alone in a fresh room, or no time left). */
  shrunk: FailureFrame[] | null;
  /**
   * When it needs the room's earlier state: the fewest earlier batches of the room that,
   * replayed first in a fresh room, make it fail again (npm run fuzz -- --replay=...).
   */
  history: { batches: number[]; frames: FailureFrame[] } | null;
  /** Smallest of all: the fewest groups (of the shrunk batch, or of the batches above) that fail in order, each on its own socket. */
  minimal: FailureFrame[] | null;
  logs: string[];
}

const SEVERITY: Kind[] = ['crash', 'errorlog', 'close', 'stall', 'editor', 'diverged', 'presence', 'sync', 'other'];
export const kindOf = (problems: string[]): Kind => SEVERITY.find((k) => problems.some((p) => classify(p) === k)) ?? 'other';

/**
 * Hex of a frame for the report: whole up to 4 KB, else its first 1 KB. `full`: all of it
 * too, for the frames a failure comes down to (not every frame of every failed batch:
 * a long run keeps hundreds of failures, and seed + batch regenerate those anyway).
 */
export function describe(label: string, data: Uint8Array | string, full = false): FailureFrame {
  const h = hex(data);
  return { label, bytes: h.length / 2, text: typeof data === 'string', hex: h.length <= 8192 ? h : `${h.slice(0, 2048)}…`, fullHex: full ? h : null };
}

export const describeBatch = (scripts: Script[], full = false) => scripts.flatMap((groups, k) => groups.flatMap((g) => g.frames.map((f) => describe(`socket ${k}: ${g.label}`, f.data, full))));

/** A failed batch as found, before it is made small. */
export function batchFailure(batch: number, batchSeed: number, problems: string[], scripts: Script[], result: BatchResult | null, logs: LogLine[]): Failure {
  return {
    batch,
    batchSeed,
    kind: kindOf(problems),
    problems,
    refused: (result?.sockets ?? []).flatMap((s) =>
      s.refused ? [{ code: s.refused.code, reason: s.refused.reason, frame: s.refused.culprit && describe(s.refused.culprit.group.label, s.refused.culprit.data, true) }] : [],
    ),
    frames: describeBatch(scripts),
    shrunk: null,
    history: null,
    minimal: null,
    logs: logs.slice(-30).map((l) => l.text.slice(0, 600)),
  };
}

/** A failure that is not one batch's (memory, unloading): its problems and the relay's last alarms. */
export function plainFailure(batch: number, batchSeed: number, problems: string[], relay: FuzzRelay): Failure {
  return { batch, batchSeed, kind: kindOf(problems), problems, refused: [], frames: [], shrunk: null, history: null, minimal: null, logs: relay.alarms.slice(-10).map((l) => l.text.slice(0, 600)) };
}

/**
 * Fills in shrunk / history / minimal. `history`: the room's batches before this one.
 * Takes about shrinkMs, and half as long again for the group stage (it is what makes
 * the reported frames few).
 */
export async function investigate(failure: Failure, ctx: ShrinkContext, arb: fc.Arbitrary<Script[]>, history: number[], shrinkMs: number): Promise<void> {
  const { kind, batch } = failure;
  const deadline = Date.now() + shrinkMs;
  const shrunk = await shrinkAlone(ctx, arb, failure.batchSeed, kind, deadline);
  failure.shrunk = shrunk && describeBatch(shrunk, true);
  const minimal = shrunk || history.length === 0 ? null : await minimizeHistory(ctx, history, batch, kind, deadline);
  if (minimal) failure.history = { batches: [...minimal, batch], frames: minimal.flatMap((j) => describeBatch(ctx.batch(j)).map((f) => ({ ...f, label: `batch ${j} ${f.label}` }))) };
  const candidates: Script[] | null = shrunk ?? (minimal ? [...minimal, batch].flatMap(ctx.batch) : null);
  const groups = candidates && (await minimizeGroups(ctx, candidates.flat(), kind, Math.max(deadline, Date.now()) + shrinkMs / 2));
  failure.minimal = groups && groups.flatMap((g) => g.frames.map((f) => describe(g.label, f.data, true)));
}
