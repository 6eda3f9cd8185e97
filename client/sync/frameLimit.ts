/**
 * The relay's frame limit for chunkedSocket.ts, as the relay last said it (its
 * awareness entry). It is remembered on this device too: on reconnecting, the editor's
 * sync step 2 (every offline edit) leaves before the relay's entry arrives.
 */
const KEY = 'wb:maxFrameBytes';
/** when the relay never said: well under any limit a relay would be configured with */
export const UNKNOWN_FRAME_LIMIT = 1024 * 1024;
/** a forged or absurd value never makes the editor cut its changes finer than this */
const MIN_FRAME_LIMIT = 64 * 1024;

export interface FrameLimit {
  get(): number;
  /** The relay's current reading (null while unknown). */
  heard(maxFrameBytes: number | null): void;
}

export function frameLimit(storage: Pick<Storage, 'getItem' | 'setItem'> | null = safeStorage()): FrameLimit {
  let known = valid(Number(storage?.getItem(KEY) ?? NaN));
  return {
    get: () => known ?? UNKNOWN_FRAME_LIMIT,
    heard(value) {
      const v = value === null ? null : valid(value);
      if (v === null || v === known) return;
      known = v;
      try {
        storage?.setItem(KEY, String(v));
      } catch {
        // storage full or denied: the limit is then known for this visit only
      }
    },
  };
}

function valid(n: number): number | null {
  return Number.isSafeInteger(n) && n > 0 ? Math.max(n, MIN_FRAME_LIMIT) : null;
}

function safeStorage(): Storage | null {
  try {
    return globalThis.localStorage ?? null;
  } catch {
    return null;
  }
}
