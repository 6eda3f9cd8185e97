/** Defaults; the relay reads overrides from the environment (see README). */
export const DEFAULT_MAX_FRAME_BYTES = 1024 * 1024;
/** Heartbeat comment interval for spectator streams (must be < 15 s). */
export const SSE_HEARTBEAT_MS = 10_000;
/** Awareness events to spectators are coalesced to at most one per this interval. */
export const SSE_AWARENESS_THROTTLE_MS = 100;
