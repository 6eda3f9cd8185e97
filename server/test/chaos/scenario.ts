/**
 * A seeded chaos run against one real relay process: K y-websocket clients edit one
 * room while going offline (and editing on), having their sockets cut, quitting, and
 * while the relay is restarted gracefully (SIGTERM) or crashes (SIGKILL) on the same
 * port and DATA_DIR (events.ts). At the end every client must hold the same document,
 * every acknowledged edit must be in it (ledger.ts), and the relay must keep it all
 * through a crash once nobody is left to resend (final.ts).
 *
 * Failures are collected, not thrown, so one run reports everything it found.
 */
import { rmSync } from 'node:fs';
import * as Y from 'yjs';
import { createRoom, eventually } from '../clients.ts';
import type { Runtime } from '../relayProcess.ts';
import { ChaosClient } from './client.ts';
import { EVENTS, runEvent, sleep, type ChaosHost, type EventKind } from './events.ts';
import { converge, durableAfterCrash, relayHolds } from './final.ts';
import { Ledger, type LedgerSummary, type Observer } from './ledger.ts';
import type { Op } from './ops.ts';
import { Prng } from './prng.ts';
import { RelayCtl } from './relayCtl.ts';

export interface ScenarioOptions {
  runtime: Runtime;
  seed: number;
  /** how long the chaos lasts before the final checks */
  chaosMs: number;
  clients?: number;
  /** events left out, to look at the rest while one kind is known to fail (the default leaves none out) */
  skip?: readonly EventKind[];
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

export { EVENTS, type EventKind };

export async function runScenario(opts: ScenarioOptions): Promise<ScenarioReport> {
  const relay = await RelayCtl.create(opts.runtime);
  const roomId = await createRoom(relay.http).then(
    (room) => room.id,
    async (err: unknown) => {
      await relay.stop('SIGKILL');
      throw err;
    },
  );
  return new ChaosRun(opts, relay, roomId).run();
}

class ChaosRun implements ChaosHost {
  readonly prng: Prng;
  readonly slots: ChaosClient[] = [];
  private readonly ledger = new Ledger();
  private readonly t0 = Date.now();
  private readonly failures: string[] = [];
  private readonly timeline: string[] = [];
  private readonly events: Record<string, number> = {};
  private readonly reconnects = new Set<ReturnType<typeof setTimeout>>();
  private readonly usedIds = new Set<number>();
  /** relay stops, to tell which one an acknowledged edit that went missing preceded */
  private readonly stops: Array<{ atMs: number; signal: 'SIGTERM' | 'SIGKILL'; everyoneQuits: boolean }> = [];
  private generation = 0;
  private finalDocBytes = 0;
  private summary: LedgerSummary | null = null;

  constructor(
    private readonly opts: ScenarioOptions,
    readonly relay: RelayCtl,
    readonly roomId: string,
  ) {
    this.prng = new Prng(opts.seed);
  }

  private now = () => Date.now() - this.t0;

  note(line: string): void {
    const entry = `${String(this.now()).padStart(6)} ms  ${line}`;
    this.timeline.push(entry);
    this.opts.log?.(entry);
  }

  fail(msg: string): void {
    this.failures.push(`at ${this.now()} ms: ${msg}`);
    this.note(`FAILURE ${msg}`);
  }

  live(): ChaosClient[] {
    return this.slots.filter((c) => !c.gone);
  }

  observe(extra: Observer[] = []): void {
    const observers = this.live().map((c) => ({ label: c.name, doc: c.doc }));
    this.ledger.observe([...observers, ...extra], this.now());
  }

  replace(slot: number): void {
    const c = this.spawn(slot);
    this.slots[slot] = c;
    c.startEditing();
  }

  reconnectLater(client: ChaosClient, ms: number): void {
    const t = setTimeout(() => {
      this.reconnects.delete(t);
      if (!client.gone) client.goOnline();
    }, ms);
    this.reconnects.add(t);
  }

  stopping(signal: 'SIGTERM' | 'SIGKILL', everyoneQuits: boolean): void {
    this.stops.push({ atMs: this.now(), signal, everyoneQuits });
  }

  async run(): Promise<ScenarioReport> {
    const { runtime, seed } = this.opts;
    this.note(`chaos on ${runtime}, seed ${seed}, ${this.opts.chaosMs} ms, ${this.opts.clients ?? 4} clients`);
    this.note(`relay on port ${this.relay.port}, data in ${this.relay.dataDir}, room ${this.roomId}`);
    // also observed before every event that drops state; this keeps "seen held at" times close
    const observing = setInterval(() => this.observe(), 100);
    try {
      for (let slot = 0; slot < (this.opts.clients ?? 4); slot++) this.slots.push(this.spawn(slot));
      await eventually(() => this.slots.every((c) => c.synced), 'every client to sync at the start', 15_000);
      for (const c of this.slots) c.startEditing();
      await this.chaos();
      await this.finish();
    } catch (err) {
      this.fail(`the run stopped: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    } finally {
      clearInterval(observing);
      for (const t of this.reconnects) clearTimeout(t);
      for (const c of this.live()) c.quit();
      await this.relay.stop('SIGKILL');
    }
    const ok = this.failures.length === 0;
    if (ok) rmSync(this.relay.dataDir, { recursive: true, force: true });
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
        relayStarts: this.relay.generations.length,
        finalDocBytes: this.finalDocBytes,
      },
      durationMs: this.now(),
      timeline: this.timeline,
      relayLogs: this.relay.notableLogs(),
      dataDir: this.relay.dataDir,
    };
  }

  /** A new client with no local state in `slot`, with a clientID drawn from the seed. */
  private spawn(slot: number): ChaosClient {
    let id = 0;
    while (id === 0 || this.usedIds.has(id)) id = 1 + this.prng.int(2 ** 30);
    this.usedIds.add(id);
    const env = {
      wsUrl: this.relay.ws,
      roomId: this.roomId,
      ledger: this.ledger,
      now: this.now,
      onFinalClose: (c: ChaosClient, code: number, reason: string) =>
        this.fail(`${c.name} was closed with ${code} (${reason}): y-websocket stops reconnecting`),
    };
    return new ChaosClient(`c${slot}.${++this.generation}(${id.toString(36)})`, id, env, new Prng(this.prng.int(2 ** 31)));
  }

  /** One of each event first (in seeded order) so even a short run covers them all, then weighted picks. */
  private async chaos(): Promise<void> {
    const kinds = (Object.keys(EVENTS) as EventKind[]).filter((k) => !this.opts.skip?.includes(k));
    const weights = Object.fromEntries(kinds.map((k) => [k, EVENTS[k]])) as Record<EventKind, number>;
    const firsts = kinds.map((k) => ({ k, r: this.prng.next() })).sort((a, b) => a.r - b.r).map((x) => x.k);
    while (this.now() < this.opts.chaosMs) {
      await sleep(this.prng.between(150, 700));
      if (!(await this.relay.healthy())) this.fail('the relay does not answer /healthz although nobody stopped it');
      const kind = firsts.shift() ?? this.prng.weighted(weights);
      this.events[kind] = (this.events[kind] ?? 0) + 1;
      await runEvent(this, kind);
      this.observe();
    }
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
    await relayHolds(converged, this.relay, this.roomId, 'after convergence', (m) => this.fail(m));
    this.observe();
    const { problems, summary } = this.ledger.check(converged);
    this.summary = summary;
    for (const p of problems) this.fail(p.op ? `${p.msg}; ${this.stopAfter(p.op)}` : p.msg);
    this.note(`${summary.acknowledged}/${summary.edits} edits acknowledged, ${summary.lostUnacknowledged} unacknowledged ones lost with their authors`);
    for (const c of this.slots) c.quit();
    await durableAfterCrash(converged, this.relay, this.roomId, (m) => this.fail(m));
    this.note('durability check done (clients gone, 200 ms, SIGKILL, restart, a new client)');
  }

  /** The relay stop that followed an edit's acknowledgement: where a lost edit most likely went. */
  private stopAfter(op: Op): string {
    const acked = op.ackedAtMs ?? op.atMs;
    const stop = this.stops.find((s) => s.atMs >= acked);
    if (!stop) return 'no relay stop came after it';
    const quit = stop.everyoneQuits ? ', then every client quit (only the relay could still have it)' : '';
    return `the next relay stop was ${stop.signal} at ${stop.atMs} ms, ${stop.atMs - op.atMs} ms after the edit${quit}`;
  }
}
