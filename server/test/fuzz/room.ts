/**
 * One fuzzed room's life: created over HTTP, the two editors join, batches run, then
 * the editors leave, the room must unload (ROOM_IDLE_MS is small), and once reloaded
 * from the store a new editor must get everything the editors had.
 */
import type { RoomInfo } from '../../../shared/api.ts';
import { Editors } from './editors.ts';
import type { FuzzRelay } from './relay.ts';

/** Awareness client ids of the editors A and B: in the harness's id space (types.ts IDS). */
export const VICTIMS = [1_000_001, 1_000_002] as const;

interface Health {
  ok: boolean;
  rooms: number;
  connections: number;
}

/** GET /healthz: null if it does not answer 200 within 5 s. */
export async function health(relay: FuzzRelay): Promise<Health | null> {
  try {
    const res = await fetch(`${relay.http}/healthz`, { signal: AbortSignal.timeout(5_000) });
    if (res.status !== 200) return null;
    return (await res.json()) as Health;
  } catch {
    return null;
  }
}

export class FuzzRoom {
  batches = 0;
  /** The run's batch numbers this room saw, in order (to replay a failure that needs them). */
  readonly history: number[] = [];
  /** Yjs and awareness client ids frames used here (batch.ts). */
  readonly seen = new Set<number>();

  private constructor(
    readonly id: string,
    readonly editors: Editors,
  ) {}

  static async open(relay: FuzzRelay): Promise<FuzzRoom> {
    const res = await fetch(`${relay.http}/api/rooms`, { method: 'POST', signal: AbortSignal.timeout(5_000) });
    if (res.status !== 201) throw new Error(`POST /api/rooms: ${res.status}`);
    const info = (await res.json()) as RoomInfo;
    return new FuzzRoom(info.id, await Editors.open(relay.ws, info.id, VICTIMS));
  }

  /**
   * The editors leave; the relay must unload every room (nobody else is connected) and a
   * new editor must then find the room as the editors left it. Returns problems.
   */
  async close(relay: FuzzRelay, idleMs: number): Promise<string[]> {
    this.editors.destroy(true);
    try {
      const problems = await waitIdle(relay, idleMs);
      if (problems.length > 0) return problems;
      return (await this.editors.freshSync(false)).map((p) => `after reloading the room from the store: ${p}`);
    } finally {
      this.editors.destroy();
    }
  }
}

/** Waits until the relay holds no room and no connection (bounded). */
export async function waitIdle(relay: FuzzRelay, idleMs: number): Promise<string[]> {
  const end = Date.now() + idleMs + 15_000;
  let h: Health | null = null;
  while (Date.now() < end) {
    h = await health(relay);
    if (h && h.rooms === 0 && h.connections === 0) return [];
    await new Promise((r) => setTimeout(r, 50));
  }
  return [`the relay did not unload its rooms: /healthz ${JSON.stringify(h)}`];
}
