/**
 * Spectator stream (`GET /rooms/<viewId>/events`, text/event-stream).
 * Event ids are `<epoch>-<seq>`: epoch changes whenever the relay (re)loads the room,
 * seq increases by one per accepted update. A Last-Event-ID from another epoch, or
 * older than what the relay still holds, gets a fresh snapshot.
 * Payloads are base64 of Yjs v1 updates / y-protocols awareness updates.
 */
export const SseEvent = {
  /** Full document state; its id is the position the stream continues from. */
  Snapshot: 'snapshot',
  /** One accepted document update. */
  Update: 'update',
  /** An awareness update (editors' cursors and names); no id. */
  Awareness: 'awareness',
  /** Number of spectators watching; no id. */
  Spectators: 'spectators',
} as const;
export type SseEvent = (typeof SseEvent)[keyof typeof SseEvent];

export function formatEventId(epoch: string, seq: number): string {
  return `${epoch}-${seq}`;
}

export function parseEventId(id: string | undefined | null): { epoch: string; seq: number } | null {
  if (!id) return null;
  const m = /^([A-Za-z0-9_]{1,32})-(\d{1,15})$/.exec(id);
  return m ? { epoch: m[1], seq: Number(m[2]) } : null;
}
