/**
 * Connection status shown in the status badge. Kept apart from the provider so the
 * same store serves the editor (WebSocket) and the spectator (EventSource).
 *
 * connecting   first attempt, never connected yet
 * connected    live
 * reconnecting was live (or an attempt failed) and the client is retrying
 * offline      the browser is offline, or the server refused us for good (4400-4499)
 */
export type ConnState = 'connecting' | 'connected' | 'reconnecting' | 'offline';

export interface ConnStatus {
  state: ConnState;
  /** why, when the server closed with a 4xxx code or the browser is offline */
  reason: string | null;
}

export class StatusStore {
  private value: ConnStatus = { state: 'connecting', reason: null };
  private listeners = new Set<(s: ConnStatus) => void>();

  get(): ConnStatus {
    return this.value;
  }

  set(state: ConnState, reason: string | null = null): void {
    if (state === this.value.state && reason === this.value.reason) return;
    this.value = { state, reason };
    for (const fn of this.listeners) fn(this.value);
  }

  subscribe(fn: (s: ConnStatus) => void): () => void {
    this.listeners.add(fn);
    fn(this.value);
    return () => this.listeners.delete(fn);
  }
}

/** Human text for a 4xxx close: our known reasons, else what the server said. */
export function describeClose(code: number, reason: string, known: Record<number, string>): string | null {
  if (code < 4000 || code > 4999) return null;
  return `${known[code] ?? (reason || 'closed by server')} (${code})`;
}
