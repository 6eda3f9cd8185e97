/**
 * What the relay says about this board (`saving`, its size limits), read from its own
 * awareness entry. Editors cannot write the relay's entry, but any editor can publish a
 * state of its own that carries a `relay` object, so a state with a person in it is never
 * taken for the relay's, and when several states without one claim to be the relay the
 * readings are combined so that a forged one can neither hide a failing store (any
 * `saving: false` counts) nor block an import (the largest limit counts: the limits only
 * save a round trip, the relay enforces its own).
 */
import type { Awareness } from 'y-protocols/awareness';
import { peerRelay, peerUser, type RelayFields } from './peerState.ts';

export function relayInfo(awareness: Awareness): RelayFields {
  const out: RelayFields = { saving: null, maxDocBytes: null, maxFrameBytes: null, maxFileBytes: null };
  for (const [id, state] of awareness.getStates()) {
    if (id === awareness.clientID || peerUser(state)) continue;
    const r = peerRelay(state);
    if (!r) continue;
    if (r.saving !== null) out.saving = out.saving === false ? false : r.saving;
    out.maxDocBytes = larger(out.maxDocBytes, r.maxDocBytes);
    out.maxFrameBytes = larger(out.maxFrameBytes, r.maxFrameBytes);
    out.maxFileBytes = larger(out.maxFileBytes, r.maxFileBytes);
  }
  return out;
}

const larger = (a: number | null, b: number | null) => (a === null ? b : b === null ? a : Math.max(a, b));
