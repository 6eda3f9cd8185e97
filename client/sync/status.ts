/**
 * Connection status shown in the status badge. Kept apart from the provider so the
 * same store serves the editor (WebSocket) and the spectator (EventSource).
 *
 * connecting   first attempt, never connected yet
 * connected    live
 * reconnecting was live (or an attempt failed) and the client is retrying
 * offline      the browser is offline, or the server refused us for good (4400-4499)
 *
 * Apart from the socket's state: `saving` (false while the relay cannot store the board:
 * the edits stay on this device and are resent) and a `notice` (a change the relay
 * refused, in words, with the change as a board file to save).
 */
/** The reason of the 'offline' state when the network (or the relay) cannot be reached at all. */
export const NO_NETWORK = 'no network';

export type ConnState = 'connecting' | 'connected' | 'reconnecting' | 'offline';

export interface Notice {
  message: string;
  /** a board file (docs/board-format.md) holding the change, offered for download; null when there is nothing to save */
  file: string | null;
}

export interface ConnStatus {
  state: ConnState;
  /** why, when the server closed with a 4xxx code or the browser is offline */
  reason: string | null;
  /** false while the relay says it cannot store this board (or refused an edit with 4507) */
  saving: boolean;
  notice: Notice | null;
  /** edits are kept on this device as well (IndexedDB, sync/localCopy.ts): nothing is lost offline or with the tab closed */
  onDevice: boolean;
}

export class StatusStore {
  private value: ConnStatus = { state: 'connecting', reason: null, saving: true, notice: null, onDevice: false };
  private listeners = new Set<(s: ConnStatus) => void>();

  get(): ConnStatus {
    return this.value;
  }

  set(state: ConnState, reason: string | null = null): void {
    if (state === this.value.state && reason === this.value.reason) return;
    this.change({ state, reason });
  }

  setSaving(saving: boolean): void {
    if (saving !== this.value.saving) this.change({ saving });
  }

  setOnDevice(onDevice: boolean): void {
    if (onDevice !== this.value.onDevice) this.change({ onDevice });
  }

  setNotice(notice: Notice | null): void {
    if (notice !== this.value.notice) this.change({ notice });
  }

  subscribe(fn: (s: ConnStatus) => void): () => void {
    this.listeners.add(fn);
    fn(this.value);
    return () => this.listeners.delete(fn);
  }

  private change(patch: Partial<ConnStatus>): void {
    this.value = { ...this.value, ...patch };
    for (const fn of this.listeners) fn(this.value);
  }
}

/** Human text for a 4xxx close: our known reasons, else what the server said. */
export function describeClose(code: number, reason: string, known: Record<number, string>): string | null {
  if (code < 4000 || code > 4999) return null;
  return `${known[code] ?? (reason || 'closed by server')} (${code})`;
}
