/**
 * Making a failure small. First the batch alone: fc.check from the batch's seed
 * generates the same batch first (fc.sample and fc.check draw from the same seeded
 * stream), then fast-check's own shrinking tries smaller ones, each in a fresh room.
 * A failure that needs what earlier batches left in the room does not reproduce alone:
 * then the room's history is replayed in a fresh room and cut down (ddmin) to the
 * fewest earlier batches that still make it fail.
 */
import fc from 'fast-check';
import { checkedBatch, classify, type Kind } from './check.ts';
import type { Script } from './frames.ts';
import type { FuzzRelay } from './relay.ts';
import { FuzzRoom } from './room.ts';
import { IDS, type FuzzGroup } from './types.ts';

export interface ShrinkContext {
  relay(): FuzzRelay;
  restart(why: string): Promise<void>;
  /** Batch j of the run (fc.sample from its seed). */
  batch(j: number): Script[];
}

/** Probe ids for these runs: apart from the main loop's (harnessMin + 100,000 up; a run uses far fewer than 100 million). */
let probeClient = IDS.harnessMin + 100_000_000;

/**
 * Runs the batches in order in a fresh room (a new editor syncs after the last); the
 * problems of each. `stopOn`: stop after the first batch with a problem of that kind
 * (a failing run otherwise waits out every later batch's timeouts).
 */
export async function runInFreshRoom(ctx: ShrinkContext, batches: Script[][], stopOn?: Kind): Promise<string[][] | null> {
  if (!ctx.relay().alive) await ctx.restart('the relay died during shrinking');
  let room: FuzzRoom;
  try {
    room = await FuzzRoom.open(ctx.relay());
  } catch (err) {
    await ctx.restart(`editors could not join a room while shrinking: ${(err as Error).message}`);
    return null; // the relay's trouble, not this candidate's
  }
  const out: string[][] = [];
  try {
    for (let k = 0; k < batches.length; k++) {
      const { problems } = await checkedBatch(ctx.relay(), room, batches[k], probeClient, k === batches.length - 1);
      probeClient += batches[k].length;
      out.push(problems);
      if (!ctx.relay().alive || (stopOn && problems.some((p) => classify(p) === stopOn))) break;
    }
  } finally {
    room.editors.destroy();
    if (!ctx.relay().alive) await ctx.restart('the relay died during shrinking');
  }
  return out;
}

const fails = (runs: string[][] | null, kind: Kind) => runs !== null && runs.some((ps) => ps.some((p) => classify(p) === kind));

/** The batch alone, shrunk by fast-check; null if it does not fail alone (or time ran out first). */
export async function shrinkAlone(ctx: ShrinkContext, arb: fc.Arbitrary<Script[]>, seed: number, kind: Kind, deadline: number): Promise<Script[] | null> {
  const property = fc.asyncProperty(arb, async (scripts) => {
    // out of time: every further candidate "passes", so fast-check stops at the smallest failure so far
    if (Date.now() > deadline) return true;
    return !fails(await runInFreshRoom(ctx, [scripts], kind), kind);
  });
  const details = await fc.check(property, { seed, numRuns: 1 });
  return details.failed && details.counterexample ? details.counterexample[0] : null;
}

/**
 * Zeller's ddmin: a smallest subsequence of `items` (order kept) for which `fails` still
 * holds, assuming it holds for all of them. Stops cutting when the deadline passes.
 */
async function ddmin<T>(items: T[], fails: (subset: T[]) => Promise<boolean>, deadline: number): Promise<T[]> {
  let current = items;
  let n = 2;
  while (current.length > 1 && Date.now() < deadline) {
    const size = Math.ceil(current.length / n);
    const chunks = Array.from({ length: Math.ceil(current.length / size) }, (_, i) => current.slice(i * size, (i + 1) * size));
    let reduced = false;
    for (let i = 0; i < chunks.length && !reduced; i++) {
      const complement = chunks.filter((_, j) => j !== i).flat();
      if (await fails(chunks[i])) {
        current = chunks[i];
        n = 2;
        reduced = true;
      } else if (chunks.length > 2 && (await fails(complement))) {
        current = complement;
        n = Math.max(n - 1, 2);
        reduced = true;
      }
    }
    if (!reduced) {
      if (n >= current.length) break;
      n = Math.min(current.length, n * 2);
    }
  }
  return current;
}

/**
 * The fewest of the room's earlier batches (`history`, in order) that, replayed before
 * batch `last`, still make it fail the same way. Null if even the whole history does
 * not reproduce it, or no time is left.
 */
export async function minimizeHistory(ctx: ShrinkContext, history: number[], last: number, kind: Kind, deadline: number): Promise<number[] | null> {
  const reproduces = async (subset: number[]) => Date.now() < deadline && fails(await runInFreshRoom(ctx, [...subset, last].map(ctx.batch), kind), kind);
  if (!(await reproduces(history))) return null;
  return ddmin(history, reproduces, deadline);
}

/**
 * Then the fewest groups of those batches: each group alone on its socket, one batch
 * per group, in their order. Null if that arrangement does not fail (the failure needs
 * groups sent together), or no time is left.
 */
export async function minimizeGroups(ctx: ShrinkContext, groups: FuzzGroup[], kind: Kind, deadline: number): Promise<FuzzGroup[] | null> {
  const reproduces = async (subset: FuzzGroup[]) => Date.now() < deadline && subset.length > 0 && fails(await runInFreshRoom(ctx, subset.map((g) => [[g]]), kind), kind);
  if (!(await reproduces(groups))) return null;
  return ddmin(groups, reproduces, deadline);
}
