/** Defaults; the relay reads overrides from the environment (see README). */
/** Large enough for one change the size of a big board file (a 10 MB import, a long offline session). */
export const DEFAULT_MAX_FRAME_BYTES = 32 * 1024 * 1024;

/**
 * What the WebSocket layer buffers at most before refusing a frame (close 1009): the
 * frame limit plus a margin, so a frame just over the limit still gets the clear 4413.
 */
export const hardPayloadLimit = (maxFrameBytes: number): number => maxFrameBytes + Math.min(maxFrameBytes, 1024 * 1024);
/** Heartbeat comment interval for spectator streams (must be < 15 s). */
export const SSE_HEARTBEAT_MS = 10_000;
/** Awareness events to spectators are coalesced to at most one per this interval. */
export const SSE_AWARENESS_THROTTLE_MS = 100;
