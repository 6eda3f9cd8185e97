/**
 * The chaos events, one at a time, while every client keeps editing on its own timer.
 * Each event leaves the relay running: only one event at a time stops it.
 */
import * as Y from 'yjs';
import { connectProvider, synced } from '../clients.ts';
import type { ChaosClient } from './client.ts';
import { readOverHttp } from './final.ts';
import type { Observer } from './ledger.ts';
import type { Prng } from './prng.ts';
import type { RelayCtl } from './relayCtl.ts';

export const EVENTS = {
  offline: 20,
  cut: 14,
  sigterm: 8,
  sigkill: 8,
  crashAfterAck: 4,
  termAfterAck: 3,
  quit: 8,
  probeHttp: 8,
  probeJoin: 6,
} as const;
export type EventKind = keyof typeof EVENTS;

/** What the events need from the run. */
export interface ChaosHost {
  readonly prng: Prng;
  readonly relay: RelayCtl;
  readonly roomId: string;
  readonly slots: readonly ChaosClient[];
  live(): ChaosClient[];
  /** lets the ledger see what every live doc (and `extra`) holds: call before any state goes away */
  observe(extra?: Observer[]): void;
  note(line: string): void;
  fail(msg: string): void;
  /** a new client with no local state in `slot`, editing */
  replace(slot: number): void;
  reconnectLater(client: ChaosClient, ms: number): void;
  /** records a relay stop, before it happens */
  stopping(signal: 'SIGTERM' | 'SIGKILL', everyoneQuits: boolean): void;
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function runEvent(host: ChaosHost, kind: EventKind): Promise<void> {
  const { prng, relay } = host;
  switch (kind) {
    case 'offline': {
      const c = prng.pick(host.live().filter((x) => x.wantOnline));
      if (!c) return;
      const back = prng.between(200, 2500);
      c.goOffline();
      host.note(`${c.name} goes offline for ${back} ms (and keeps editing)`);
      host.reconnectLater(c, back);
      return;
    }
    case 'cut': {
      const c = prng.pick(host.live());
      const abrupt = prng.chance(0.6);
      if (c?.cut(abrupt)) host.note(`${c.name}'s socket ${abrupt ? 'terminated' : 'closed'} under the provider`);
      return;
    }
    case 'sigterm':
    case 'sigkill': {
      const signal = kind === 'sigterm' ? 'SIGTERM' : 'SIGKILL';
      const down = prng.between(0, 1500);
      host.observe();
      host.stopping(signal, false);
      await relay.stop(signal);
      host.note(`relay stopped with ${signal}, down for ${down} ms (clients keep editing)`);
      await sleep(down);
      await relay.start();
      host.note(`relay #${relay.generations.length} up`);
      return;
    }
    case 'crashAfterAck':
      return stopAfterAck(host, 'SIGKILL');
    case 'termAfterAck':
      return stopAfterAck(host, 'SIGTERM');
    case 'quit': {
      const slot = prng.int(host.slots.length);
      const c = host.slots[slot];
      if (c.gone) return;
      host.observe();
      c.quit();
      const later = prng.between(0, 800);
      host.note(`${c.name} quits (its doc is dropped); a new client takes its place in ${later} ms`);
      await sleep(later);
      host.replace(slot);
      return;
    }
    case 'probeHttp': {
      const doc = await readOverHttp(relay, host.roomId);
      host.observe([{ label: 'GET /doc', doc }]);
      host.note('GET /doc read the relay');
      return;
    }
    case 'probeJoin': {
      const p = connectProvider(relay.ws, host.roomId);
      try {
        await synced(p, 10_000);
        host.observe([{ label: 'a joining client', doc: p.doc }]);
        host.note('a new client joined, synced and left');
      } catch {
        host.fail('a new client did not sync within 10 s with the relay up');
      } finally {
        p.destroy();
      }
      return;
    }
  }
}

/**
 * The relay's promise that what it broadcast is durable: an edit reaches another
 * client, the relay crashes (SIGKILL) or shuts down (SIGTERM, which must flush) at
 * once, and every client leaves before it is back. The edit was acknowledged, so it
 * must survive, and only the relay can still have it.
 */
async function stopAfterAck(host: ChaosHost, signal: 'SIGTERM' | 'SIGKILL'): Promise<void> {
  const { prng, relay } = host;
  const author = prng.pick(host.live().filter((c) => c.synced));
  const witnesses = host.live().filter((c) => c !== author && c.synced);
  if (!author || witnesses.length === 0) return;
  const op = author.editOnce();
  const seen = () => witnesses.some((w) => Y.getState(w.doc.store, op.author) >= op.clock);
  const until = Date.now() + 2000;
  // setImmediate, not a timer: the crash should follow the broadcast as closely as the event loop allows
  while (!seen() && Date.now() < until) await new Promise((r) => setImmediate(r));
  host.observe();
  host.stopping(signal, true);
  const stopped = relay.stop(signal);
  // SIGTERM: the relay closes the sockets (4503) and flushes; the clients leave meanwhile
  for (const c of host.live()) c.quit();
  await stopped;
  const got = op.ackedBy ? `${op.ackedBy} got it, then` : 'nobody got it within 2 s;';
  host.note(`${author.name} wrote ${op.kind} ${op.tag}; ${got} relay stopped with ${signal} and every client quit`);
  await sleep(prng.between(0, 1000));
  await relay.start();
  host.note(`relay #${relay.generations.length} up; new clients join`);
  for (let slot = 0; slot < host.slots.length; slot++) host.replace(slot);
}
