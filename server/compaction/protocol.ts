/** Messages between the relay and its compaction thread (threadCompactor.ts, worker.ts). */
export interface FoldRequest {
  id: number;
  snapshot: Uint8Array | null;
  updates: Uint8Array[];
}

export type FoldReply = { id: number; snapshot: Uint8Array } | { id: number; error: string };
