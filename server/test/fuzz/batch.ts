/**
 * Sends one batch on a few raw sockets and judges what the relay did with each (a
 * refused frame ends its socket: several sockets get more frames handled per barrier).
 * On each socket, after every
 * fuzz frame goes a probe: a real update by a client id of its own that sets
 * `fuzz-probe[p:<client>] = i`. The relay handles a socket's frames in order and drops
 * everything after the frame it refuses, so the last probe editor A receives tells how
 * far the relay got: the frame after it is the one it refused ("culprit").
 */
import * as Y from 'yjs';
import { CloseCode, closeReason } from '../../../shared/closeCodes.ts';
import { rawSocket } from '../clients.ts';
import { PROBES, WAIT_MS, type Editors } from './editors.ts';
import { clientIdsOf } from './seen.ts';
import { waitFor } from './wait.ts';
import { MSG, syncFrame, SYNC } from './wire.ts';
import type { FuzzFrame, FuzzGroup } from './types.ts';

/** The codes the README documents: the relay's own, and the WebSocket layer's (normal, going away, too big). */
export const DOCUMENTED_CODES: ReadonlySet<number> = new Set([...Object.values(CloseCode), 1000, 1001, 1009]);

/** What may close a socket that has sent nothing yet: the room reloading or going away, the relay stopping. */
const IDLE_CLOSE_CODES: ReadonlySet<number> = new Set([CloseCode.RoomReloading, CloseCode.Restarting, 1001]);

/**
 * Refusals by policy rather than by content (budgets, capacity, the store, shutdown):
 * documented, and they may hit a valid frame without that being a bug.
 */
const POLICY_CODES: ReadonlySet<number> = new Set([
  CloseCode.RateLimited,
  CloseCode.TooManyConnections,
  CloseCode.RelayFull,
  CloseCode.RoomFull,
  CloseCode.DocTooLarge,
  CloseCode.NotSaving,
  CloseCode.SlowConsumer,
  CloseCode.Restarting,
  CloseCode.RoomReloading,
]);

export interface SentFrame extends FuzzFrame {
  group: FuzzGroup;
  /** Valid and with client ids new to the room: refusing it is a relay bug. */
  mustAccept: boolean;
}

/** What one raw socket of a batch sent and what became of it. */
export interface SocketResult {
  frames: SentFrame[];
  /** How many frames the relay handled and accepted (probes seen). */
  accepted: number;
  /** The relay's close, if it closed the socket itself. */
  refused: { code: number; reason: string; culprit: SentFrame | null } | null;
}

export interface BatchResult {
  sockets: SocketResult[];
  problems: string[];
}

function probeUpdates(client: number, n: number): Uint8Array[] {
  const doc = new Y.Doc();
  doc.clientID = client;
  const map = doc.getMap<number>(PROBES);
  const out: Uint8Array[] = [];
  for (let i = 0; i < n; i++) {
    const before = Y.encodeStateVector(doc);
    map.set(`p:${client}`, i);
    out.push(syncFrame(SYNC.Update, Y.encodeStateAsUpdate(doc, before)));
  }
  return out;
}

const timeout = <T>(p: Promise<T>, ms: number): Promise<T | 'timeout'> =>
  Promise.race([p, new Promise<'timeout'>((r) => setTimeout(() => r('timeout'), ms))]);

/**
 * Marks which frames must be accepted: a valid group whose client ids are new to the
 * room, on a socket that sent no awareness before it (a socket may introduce only a few
 * awareness ids; a hostile group before may have used them up). Updates `seen`.
 */
function prepare(groups: FuzzGroup[], seen: Set<number>): SentFrame[] {
  const frames: SentFrame[] = [];
  let sentAwareness = false;
  for (const g of groups) {
    const ids = new Set<number>();
    for (const f of g.frames) clientIdsOf(f.data, ids);
    const awareness = g.frames.some((f) => typeof f.data !== 'string' && f.data[0] === MSG.Awareness);
    const fresh = g.clients.every((c) => !seen.has(c)) && !(awareness && sentAwareness);
    for (const f of g.frames) frames.push({ ...f, group: g, mustAccept: g.valid && fresh });
    for (const c of [...g.clients, ...ids]) seen.add(c);
    sentAwareness ||= awareness;
  }
  return frames;
}

type Raw = ReturnType<typeof rawSocket>;

function open(wsUrl: string, roomId: string): Raw {
  const raw = rawSocket(`${wsUrl}/${roomId}`);
  raw.ws.on('error', () => {}); // a reset shows as close 1006, judged below
  raw.opened.catch(() => {}); // judged in drive()
  return raw;
}

interface Driven {
  frames: SentFrame[];
  key: string;
  byRelay: { code: number; reason: string } | null;
  /** The relay closed it while it waited for its turn (a room reload closes every socket). */
  beforeSend: boolean;
}

/** One raw socket: sends frames and probes, waits until the relay got through them or closed it, closes. */
async function drive(raw: Raw, eds: Editors, frames: SentFrame[], probeClient: number, problems: string[]): Promise<Driven> {
  const probes = probeUpdates(probeClient, frames.length);
  const key = `p:${probeClient}`;
  const opened = await timeout(raw.opened.then(() => 'open' as const), WAIT_MS).catch((err: unknown) => `error ${String(err)}`);
  if (opened !== 'open') throw new Error(`raw socket did not open: ${opened}`);
  // an object, not a let: TypeScript does not see the callback assign it
  const state: Driven & { weClosed: boolean } = { frames, key, byRelay: null, beforeSend: false, weClosed: false };
  let closedSeen = false;
  void raw.closed.then((c) => {
    closedSeen = true;
    if (!state.weClosed) state.byRelay = c;
  });
  await Promise.resolve(); // lets a close that already arrived mark closedSeen
  state.beforeSend = closedSeen;
  for (let i = 0; i < frames.length; i++) {
    // a send after the relay closed reports through the callback: ignored, the close is judged
    raw.ws.send(frames[i].data, () => {});
    raw.ws.send(probes[i], () => {});
  }
  const last = frames.length - 1;
  const through = () => closedSeen || eds.probe(key) === last;
  await waitFor(through, 'the relay to handle the frames or close the socket', WAIT_MS, [eds.a.doc], [raw.closed]).catch(() =>
    problems.push(`the relay neither handled the frames (last probe ${String(eds.probe(key))} of ${last}) nor closed the socket within ${WAIT_MS} ms`),
  );
  if (!closedSeen) {
    state.weClosed = true;
    raw.ws.close(1000);
    const c = await timeout(raw.closed, WAIT_MS);
    if (c === 'timeout') problems.push('the raw socket did not close after we closed it');
    else if (!DOCUMENTED_CODES.has(c.code)) problems.push(`closing our socket ended with undocumented code ${c.code} "${c.reason}"`);
  }
  return state;
}

/**
 * Runs a batch: each script on its own raw socket, one socket after the other (the
 * sockets open at once; the order of frames stays the same on every run, so a failure
 * reproduces and shrinks), then the editors' barrier, then judges every socket.
 * `seen`: client ids used in the room (updated). Problems are returned, not thrown; a
 * failed barrier throws.
 */
export async function runBatch(wsUrl: string, eds: Editors, scripts: FuzzGroup[][], probeBase: number, seen: Set<number>): Promise<BatchResult> {
  const problems: string[] = [];
  const prepared = scripts.map((groups) => prepare(groups, seen));
  const raws = prepared.map(() => open(wsUrl, eds.roomId));
  const driven: Driven[] = [];
  try {
    for (let k = 0; k < prepared.length; k++) driven.push(await drive(raws[k], eds, prepared[k], probeBase + k, problems));
  } finally {
    for (const r of raws) r.ws.terminate();
  }
  await eds.round(); // the barrier: everything the relay sent A before is at A now
  const sockets = driven.map((d): SocketResult => {
    const p = eds.probe(d.key);
    const accepted = typeof p === 'number' ? p + 1 : 0;
    // frames whose close the README names must not be accepted
    for (const f of d.frames.slice(0, accepted)) if (f.expect) problems.push(`a frame that must be refused with ${f.expect.join('/')} was accepted (${f.group.label})`);
    if (!d.byRelay) return { frames: d.frames, accepted, refused: null };
    if (d.beforeSend) {
      if (!IDLE_CLOSE_CODES.has(d.byRelay.code)) problems.push(`closed a socket that had sent nothing with ${d.byRelay.code} "${d.byRelay.reason}"`);
      return { frames: d.frames, accepted, refused: { ...d.byRelay, culprit: null } };
    }
    const culprit = d.frames[accepted] ?? null;
    problems.push(...judgeClose(d.byRelay, culprit));
    return { frames: d.frames, accepted, refused: { ...d.byRelay, culprit } };
  });
  return { sockets, problems };
}

function judgeClose(c: { code: number; reason: string }, culprit: SentFrame | null): string[] {
  const out: string[] = [];
  const what = culprit ? culprit.group.label : 'no frame (every probe was accepted)';
  if (!DOCUMENTED_CODES.has(c.code)) out.push(`closed with undocumented code ${c.code} "${c.reason}" after ${what}`);
  else if (c.code >= 4000 && c.reason !== closeReason[c.code as CloseCode]) out.push(`closed with ${c.code} but reason "${c.reason}" (documented: "${closeReason[c.code as CloseCode]}")`);
  if (!culprit) out.push(`the relay closed the socket (${c.code}) although it accepted every frame`);
  else if (culprit.expect && !culprit.expect.includes(c.code)) out.push(`closed with ${c.code}, documented for this frame: ${culprit.expect.join('/')} (${what})`);
  else if (culprit.mustAccept && !POLICY_CODES.has(c.code)) out.push(`refused a valid frame with ${c.code} "${c.reason}" (${what})`);
  return out;
}
