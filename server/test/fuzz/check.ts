/**
 * Everything checked after a batch, and how a problem is classified (the shrinker only
 * accepts a smaller batch that fails the same way).
 */
import { runBatch, type BatchResult } from './batch.ts';
import type { FuzzRelay } from './relay.ts';
import { health, type FuzzRoom } from './room.ts';
import type { Script } from './frames.ts';

export type Kind = 'crash' | 'errorlog' | 'close' | 'stall' | 'sync' | 'presence' | 'diverged' | 'editor' | 'other';

export function classify(problem: string): Kind {
  // an exception nothing handled counts as a crash even when a process guard keeps the relay up
  if (/^relay (exited|printed|does not answer)/.test(problem) || /^relay logged an error: .*(uncaught|unhandled)/.test(problem)) return 'crash';
  if (/^relay logged an error/.test(problem)) return 'errorlog';
  if (/undocumented code|refused a valid frame|must be refused|documented for this frame|but reason|accepted every frame/.test(problem)) return 'close';
  if (/neither handled|did not open|did not close/.test(problem)) return 'stall';
  if (/presence/.test(problem)) return 'presence';
  if (/diverged|state of editor A/.test(problem)) return 'diverged';
  if (/could not (handle|apply)/.test(problem)) return 'editor';
  if (/marker|new editor|timed out|disconnected|unload/.test(problem)) return 'sync';
  return 'other';
}

/** The relay's state as seen from outside: alive, answering, and nothing alarming logged since `alarmsFrom`. */
export async function relayProblems(relay: FuzzRelay, alarmsFrom: number): Promise<string[]> {
  const out: string[] = [];
  for (const a of relay.alarms.slice(alarmsFrom)) out.push(a.entry ? `relay logged an error: ${a.text.slice(0, 500)}` : `relay printed: ${a.text.slice(0, 500)}`);
  if (!relay.alive) out.push(`relay exited (code ${relay.exit?.code}, signal ${relay.exit?.signal})`);
  else if (!(await health(relay))) out.push('relay does not answer GET /healthz with 200');
  return out;
}

export interface Checked {
  result: BatchResult | null;
  problems: string[];
}

/** Runs one batch in the room and every check after it; `fresh`: also a new editor must sync the room. */
export async function checkedBatch(relay: FuzzRelay, room: FuzzRoom, scripts: Script[], probeBase: number, fresh: boolean): Promise<Checked> {
  const alarmsFrom = relay.alarms.length;
  let result: BatchResult | null = null;
  const problems: string[] = [];
  try {
    result = await runBatch(relay.ws, room.editors, scripts, probeBase, room.seen);
    problems.push(...result.problems);
    problems.push(...room.editors.check());
    problems.push(...(await room.editors.strangersGone()));
    if (fresh) problems.push(...(await room.editors.freshSync()));
  } catch (err) {
    problems.push(`${(err as Error).message}`);
    problems.push(...room.editors.check());
  }
  room.batches++;
  problems.push(...(await relayProblems(relay, alarmsFrom)));
  return { result, problems };
}
