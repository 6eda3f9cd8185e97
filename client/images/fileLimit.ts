/**
 * The relay's largest file (MAX_FILE_BYTES), as it publishes it in its awareness entry
 * (`relay.maxFileBytes`, next to maxFrameBytes), so an upload over it is refused here
 * with the right number instead of after sending megabytes. Read like sync/relayInfo.ts
 * reads the other limits: only from states without a person in them (an editor cannot
 * pose as the relay), the largest of several claims (a forged one can only let an upload
 * be tried, and the relay checks again), and only a whole number of bytes in RELAY_BYTES'
 * range. Unknown (older relay, not connected yet): DEFAULT_MAX_FILE_BYTES.
 */
import type { Awareness } from 'y-protocols/awareness';
import { DEFAULT_MAX_FILE_BYTES } from '../../shared/imageFiles.ts';
import { peerUser, RELAY_BYTES } from '../sync/peerState.ts';

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

export function relayFileLimit(awareness: Pick<Awareness, 'getStates' | 'clientID'>): number {
  let best: number | null = null;
  for (const [id, state] of awareness.getStates()) {
    if (id === awareness.clientID || peerUser(state) || !isObj(state) || !isObj(state.relay)) continue;
    const v = state.relay.maxFileBytes;
    if (!Number.isSafeInteger(v) || (v as number) < RELAY_BYTES.min || (v as number) > RELAY_BYTES.max) continue;
    best = Math.max(best ?? 0, v as number);
  }
  return best ?? DEFAULT_MAX_FILE_BYTES;
}
