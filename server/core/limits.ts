/**
 * What one message, one connection and one room may cost the relay. Every value has a
 * line in README.md ("Close codes and limits") and a close code or HTTP status.
 */
export interface Limits {
  /** Largest WebSocket frame accepted from an editor (MAX_FRAME_BYTES). */
  maxFrameBytes: number;
  /** Largest image file (MAX_FILE_BYTES): enforced by the files API, published in the relay's awareness entry for editors to check before uploading. */
  maxFileBytes?: number;
  /** Largest a room's document may grow, as logged: snapshot plus updates since (MAX_DOC_BYTES). */
  maxDocBytes: number;
  /** Distinct client ids in one update's structs and delete set. */
  maxUpdateClients: number;
  /** Delete-set ranges in one update. */
  maxDeleteRanges: number;
  /** Sum of the lengths of one update's delete ranges. */
  maxDeletedLength: number;
  /** Bytes of updates a room holds back waiting for missing clocks (Yjs's pending structs and deletes). */
  maxPendingBytes: number;
  /** Delete ranges a room holds back waiting for missing clocks: Yjs re-reads all of them with every later update. */
  maxPendingDeletes: number;
  /** Nesting of JSON / Any values, in document content and awareness states alike. */
  maxJsonDepth: number;
  /** Clients in one awareness update from an editor. */
  maxAwarenessEntries: number;
  /** Awareness client ids one socket may introduce. */
  maxAwarenessIdsPerConnection: number;
  /** One awareness state's JSON, in UTF-16 code units. */
  maxAwarenessStateBytes: number;
}

export const DEFAULT_LIMITS: Omit<Limits, 'maxFrameBytes'> = {
  maxDocBytes: 64 * 1024 * 1024,
  maxUpdateClients: 1024,
  maxDeleteRanges: 262_144,
  maxDeletedLength: 1 << 30,
  maxPendingBytes: 256 * 1024,
  maxPendingDeletes: 4096,
  maxJsonDepth: 16,
  maxAwarenessEntries: 16,
  maxAwarenessIdsPerConnection: 4,
  maxAwarenessStateBytes: 64 * 1024,
};
