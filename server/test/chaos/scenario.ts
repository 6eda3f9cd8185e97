/**
 * A seeded chaos run against one real relay process: K y-websocket clients edit one
 * room while going offline (and editing on), having their sockets cut, quitting, and
 * while the relay is restarted gracefully (SIGTERM) or crashes (SIGKILL) on the same
 * port and DATA_DIR. At the end every client must hold the same document, every
 * acknowledged edit must be in it (see ledger.ts), and the relay must keep it all
 * through a crash once nobody is left to resend.
 *
 * Failures are collected, not thrown, so one run reports everything it found.
 */
import { rmSync } from 'node:fs';
import * as Y from 'yjs';
import { connectProvider, createRoom, eventually, synced } from '../clients.ts';
import type { Runtime } from '../relayProcess.ts';
import { ChaosClient } from './client.ts';
import { converge, durableAfterCrash, readOverHttp, relayHolds } from './final.ts';
import { Ledger, type LedgerSummary, type Observer } from './ledger.ts';
import { Prng } from './prng.ts';
import { RelayCtl } from './relayCtl.ts';

export interface ScenarioOptions {
  runtime: Runtime;
  seed: number;
  /** how long the chaos lasts before the final checks */
  chaosMs: number;
  clients?: number;
  /** progress lines as they happen (the whole timeline is in the report either way) */
  log?: (line: string) => void;
}

export interface ScenarioReport {
  runtime: Runtime;
  seed: number;
  ok: boolean;
  failures: string[];
  events: Record<string, number>;
  summary: {
    edits: number;
    acknowledged: number;
    /** null when the run did not get as far as the final check */
    lostUnacknowledged: number | null;
    relayStarts: number;
    finalDocBytes: number;
  };
  durationMs: number;
  timeline: string[];
  /** warnings and errors the relay logged (every generation) */
  relayLogs: string[];
  /** kept when the run failed, for inspection */
  dataDir: string;
}

const EVENTS = {
  offline: 20,
  cut: 14,
  sigterm: 8,
  sigkill: 8,
  crashAfterAck: 4,
  quit: 8,
  probeHttp: 8,
  probeJoin: 6,
} as const;
type EventKind = keyof typeof EVENTS;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function runScenario(opts: ScenarioOptions): Promise<ScenarioReport> {
  const run = new ChaosRun(opts);
  return run.run();
}

class ChaosRun {
  private readonly prng: Prng;
  private readonly ledger = new Ledger();
  private readonly t0 = Date.now();
  private readonly failures: string[] = [];
  private readonly timeline: string[] = [];
  private readonly events: Record<string, number> = {};
  private readonly reconnects = new Set<ReturnType<typeof setTimeout>>();
  private readonly usedIds = new Set<number>();
  private relay: RelayCtl | null = null;
  private roomId = '';
  private slots: ChaosClient[] = [];
  private generation = 0;
  private finalDocBytes = 0;
  private summary: LedgerSummary | null = null;

  constructor(private readonly opts: ScenarioOptions) {
    this.prng = new Prng(opts.seed);
  }

  private now = () => Date.now() - this.t0;

  private note(line: string): void {
    const entry = `${String(this.now()).padStart(6)} ms  ${line}`;
    this.timeline.push(entry);
    this.opts.log?.(entry);
  }

  private fail(msg: string): void {
    this.failures.push(`at ${this.now()} ms: ${msg}`);
    this.note(`FAILURE ${msg}`);
  }

  async run(): Promise<ScenarioReport> {
    const { runtime, seed } = this.opts;
    this.note(`chaos on ${runtime}, seed ${seed}, ${this.opts.chaosMs} ms, ${this.opts.clients ?? 4} clients`);
    const observing = setInterval(() => this.observe(), 100);
    try {
      await this.setUp();
      await this.chaos();
      await this.finish();
    } catch (err) {
      this.fail(`the run stopped: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    } finally {
      clearInterval(observing);
      for (const t of this.reconnects) clearTimeout(t);
      for (const c of this.slots) if (!c.gone) c.quit();
      await this.relay?.stop('SIGKILL');
    }
    const dataDir = this.relay?.dataDir ?? '';
    const ok = this.failures.length === 0;
    if (ok && dataDir) rmSync(dataDir, { recursive: true, force: true });
    return {
      runtime,
      seed,
      ok,
      failures: this.failures,
      events: this.events,
      summary: {
        edits: this.ledger.ops.length,
        acknowledged: this.ledger.ops.filter((op) => op.ackedBy !== undefined).length,
        lostUnacknowledged: this.summary?.lostUnacknowledged ?? null,
        relayStarts: this.relay?.generations.length ?? 0,
        finalDocBytes: this.finalDocBytes,
      },
      durationMs: this.now(),
      timeline: this.timeline,
      relayLogs: this.relay?.notableLogs() ?? [],
      dataDir,
    };
  }

  private async setUp(): Promise<void> {
    this.relay = await RelayCtl.create(this.opts.runtime);
    this.roomId = (await createRoom(this.relay.http)).id;
    this.note(`relay on port ${this.relay.port}, data in ${this.relay.dataDir}, room ${this.roomId}`);
    for (let slot = 0; slot < (this.opts.clients ?? 4); slot++) this.slots.push(this.spawn(slot));
    await eventually(() => this.slots.every((c) => c.synced), 'every client to sync at the start', 15_000);
    for (const c of this.slots) c.startEditing();
  }

  private get relayCtl(): RelayCtl {
    if (!this.relay) throw new Error('no relay');
    return this.relay;
  }

  /** A new client with no local state in `slot`, with a clientID drawn from the seed. */
  private spawn(slot: number): ChaosClient {
    let id = 0;
    while (id === 0 || this.usedIds.has(id)) id = 1 + this.prng.int(2 ** 30);
    this.usedIds.add(id);
    const name = `c${slot}.${++this.generation}(${id.toString(36)})`;
    return new ChaosClient(
      name,
      id,
      {
        wsUrl: this.relayCtl.ws,
        roomId: this.roomId,
        ledger: this.ledger,
        now: this.now,
        onFinalClose: (c, code, reason) => this.fail(`${c.name} was closed with ${code} (${reason}): y-websocket stops reconnecting`),
      },
      new Prng(this.prng.int(2 ** 31)),
    );
  }

  private live(): ChaosClient[] {
    return this.slots.filter((c) => !c.gone);
  }

  private observe(extra: Observer[] = []): void {
    const observers = this.live().map((c) => ({ label: c.name, doc: c.doc }));
    this.ledger.observe([...observers, ...extra], this.now());
  }

  /** One of each event first (in seeded order) so even a short run covers them all, then weighted picks. */
  private async chaos(): Promise<void> {
    const kinds = Object.keys(EVENTS) as EventKind[];
    const firsts = kinds.map((k) => ({ k, r: this.prng.next() })).sort((a, b) => a.r - b.r).map((x) => x.k);
    while (this.now() < this.opts.chaosMs) {
      await sleep(this.prng.between(150, 700));
      if (!(await this.relayCtl.healthy())) this.fail('the relay does not answer /healthz although nobody stopped it');
      const kind = firsts.shift() ?? this.prng.weighted(EVENTS);
      this.events[kind] = (this.events[kind] ?? 0) + 1;
      await this.event(kind);
      this.observe();
    }
  }

  private async event(kind: EventKind): Promise<void> {
    const relay = this.relayCtl;
    switch (kind) {
      case 'offline': {
        const c = this.prng.pick(this.live().filter((x) => x.wantOnline));
        if (!c) return;
        const back = this.prng.between(200, 2500);
        c.goOffline();
        this.note(`${c.name} goes offline for ${back} ms (and keeps editing)`);
        const t = setTimeout(() => {
          this.reconnects.delete(t);
          if (!c.gone) c.goOnline();
        }, back);
        this.reconnects.add(t);
        return;
      }
      case 'cut': {
        const c = this.prng.pick(this.live());
        const abrupt = this.prng.chance(0.6);
        if (c?.cut(abrupt)) this.note(`${c.name}'s socket ${abrupt ? 'terminated' : 'closed'} under the provider`);
        return;
      }
      case 'sigterm':
      case 'sigkill': {
        const signal = kind === 'sigterm' ? 'SIGTERM' : 'SIGKILL';
        const down = this.prng.between(0, 1500);
        this.observe();
        await relay.stop(signal);
        this.note(`relay stopped with ${signal}, down for ${down} ms`);
        await sleep(down);
        await relay.start();
        this.note(`relay #${relay.generations.length} up`);
        return;
      }
      case 'crashAfterAck':
        return this.crashAfterAck();
      case 'quit': {
        const slot = this.prng.int(this.slots.length);
        const c = this.slots[slot];
        if (c.gone) return;
        this.observe();
        c.quit();
        const later = this.prng.between(0, 800);
        this.note(`${c.name} quits (its doc is dropped); a new client takes its place in ${later} ms`);
        await sleep(later);
        this.replace(slot);
        return;
      }
      case 'probeHttp': {
        const doc = await readOverHttp(relay, this.roomId);
        this.observe([{ label: 'GET /doc', doc }]);
        this.note('GET /doc read the relay');
        return;
      }
      case 'probeJoin': {
        const p = connectProvider(relay.ws, this.roomId);
        try {
          await synced(p, 10_000);
          this.observe([{ label: 'a joining client', doc: p.doc }]);
          this.note('a new client joined, synced and left');
        } catch {
          this.fail('a new client did not sync within 10 s with the relay up');
        } finally {
          p.destroy();
        }
        return;
      }
    }
  }

  private replace(slot: number): void {
    const c = this.spawn(slot);
    this.slots[slot] = c;
    c.startEditing();
  }

  /**
   * The relay's promise "broadcast means durable": an edit reaches another client, the
   * relay crashes at once, and every client leaves before it comes back. The edit was
   * acknowledged, so it must still be there (only the relay can still have it).
   */
  private async crashAfterAck(): Promise<void> {
    const author = this.prng.pick(this.live().filter((c) => c.synced));
    const witnesses = this.live().filter((c) => c !== author && c.synced);
    if (!author || witnesses.length === 0) return;
    const op = author.editOnce();
    const seen = () => witnesses.some((w) => Y.getState(w.doc.store, op.author) >= op.clock);
    const until = Date.now() + 2000;
    while (!seen() && Date.now() < until) await new Promise((r) => setImmediate(r));
    this.observe();
    await this.relayCtl.stop('SIGKILL');
    this.note(`${author.name} wrote ${op.kind} ${op.tag}; ${op.ackedBy ? `${op.ackedBy} got it, then` : 'nobody got it within 2 s;'} relay SIGKILLed and every client quits`);
    for (const c of this.live()) c.quit();
    await sleep(this.prng.between(0, 1000));
    await this.relayCtl.start();
    this.note(`relay #${this.relayCtl.generations.length} up; new clients join`);
    for (let slot = 0; slot < this.slots.length; slot++) this.replace(slot);
  }

  private async finish(): Promise<void> {
    for (const t of this.reconnects) clearTimeout(t);
    this.reconnects.clear();
    this.slots.forEach((c, slot) => c.gone && this.replace(slot));
    for (const c of this.slots) {
      c.stopEditing();
      if (!c.wantOnline) c.goOnline();
    }
    this.note(`chaos over after ${this.ledger.ops.length} edits; everyone online, waiting for convergence`);
    const converged = await converge(this.slots, (m) => this.fail(m));
    if (!converged) return;
    this.finalDocBytes = Y.encodeStateAsUpdate(converged).length;
    this.note(`converged: ${this.finalDocBytes} bytes`);
    await relayHolds(converged, this.relayCtl, this.roomId, 'after convergence', (m) => this.fail(m));
    this.observe();
    const { failures, summary } = this.ledger.check(converged);
    this.summary = summary;
    failures.forEach((f) => this.fail(f));
    this.note(`${summary.acknowledged}/${summary.edits} edits acknowledged, ${summary.lostUnacknowledged} unacknowledged ones lost with their authors`);
    for (const c of this.slots) c.quit();
    await durableAfterCrash(converged, this.relayCtl, this.roomId, (m) => this.fail(m));
    this.note('durability check done');
  }
}
