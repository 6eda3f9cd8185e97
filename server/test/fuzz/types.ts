/** What the arbitraries produce and the harness sends. */

export interface FuzzFrame {
  /** A binary frame, or a text frame (the relay must refuse those with 4403). */
  data: Uint8Array | string;
  /**
   * Close codes this frame must get if it is the one the relay refuses (text -> 4403,
   * over the limit -> 4413, ...). Absent: any documented code.
   */
  expect?: readonly number[];
}

/**
 * Frames that belong together and are sent in order (an edit and the deletion of it,
 * an awareness state and its removal). The group is the unit of "valid".
 */
export interface FuzzGroup {
  /** What produced it, for the report (e.g. "doc:full", "mut:bitflip(aw:deep)"). */
  label: string;
  frames: FuzzFrame[];
  /**
   * An honest editor could send this: a correct relay must accept every frame of it
   * (closing the socket for one is a failure), provided no Yjs or awareness client id of
   * it was already used in the room: `clients` lists them so the harness can check.
   */
  valid: boolean;
  clients: number[];
}

export interface ArbOptions {
  /** The relay's MAX_FRAME_BYTES: valid groups stay under it, some frames go over on purpose. */
  maxFrameBytes: number;
  /** Awareness client ids of the well-behaved editors: hostile awareness frames claim them. */
  victims: readonly number[];
}

/**
 * Client id spaces, kept apart so that fuzz frames never forge the Yjs items of the
 * well-behaved editors, the harness's probes or its markers (that would be a
 * legitimate conflict, not a relay bug), while they may claim the editors' awareness ids.
 */
export const IDS = {
  /** Hostile frames: tiny ids, collisions on purpose. */
  smallMax: 10,
  /** Probes and markers live in [harnessMin, validMin). */
  harnessMin: 1_000_000,
  /** Valid groups draw from [validMin, 2^32): uint32, like Y.Doc's own random ids. */
  validMin: 2 ** 31,
  validMax: 2 ** 32 - 1,
} as const;
