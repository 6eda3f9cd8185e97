import type { DocState } from '../../shared/docBody.ts';

/**
 * Past these, the updates logged since the cached encoding are dropped (the next
 * GET /doc encodes the document again): compaction folds them long before, unless it
 * keeps failing.
 */
const MAX_TAIL_UPDATES = 5000;
const MAX_TAIL_BYTES = 16 * 1024 * 1024;

export interface SeqUpdate {
  seq: number;
  update: Uint8Array;
}

/**
 * A document as a log holds it in memory: an encoding (v2) and the updates logged
 * after it, each with its seq. GET /doc serves it without encoding the live document,
 * and a late spectator hub replays from its tail.
 */
export class StateCache {
  private base: Uint8Array | null;
  private tail: SeqUpdate[] = [];
  private tailBytes = 0;

  constructor(base: Uint8Array) {
    this.base = base;
  }

  get valid(): boolean {
    return this.base !== null;
  }

  /**
   * Adds a logged update. A view into a larger buffer (an update forwarded as received
   * is a view of the socket's read buffer, up to 64 KB) is copied, so the tail does not
   * keep whole read buffers alive.
   */
  extend(update: Uint8Array, seq: number): void {
    if (this.base === null) return;
    if (this.tail.length >= MAX_TAIL_UPDATES || this.tailBytes + update.length > MAX_TAIL_BYTES) return this.invalidate();
    this.tail.push({ seq, update: update.byteLength === update.buffer.byteLength ? update : update.slice() });
    this.tailBytes += update.length;
  }

  /** The document as base and tail; `encode` makes a fresh base when there is none. */
  state(encode: () => Uint8Array): DocState {
    if (this.base === null) this.base = encode();
    return { base: this.base, tail: this.tail.map((t) => t.update) };
  }

  invalidate(): void {
    this.base = null;
    this.tail = [];
    this.tailBytes = 0;
  }

  /** The updates after `afterSeq` still in the tail, oldest first. */
  since(afterSeq: number): SeqUpdate[] {
    let i = this.tail.length;
    while (i > 0 && this.tail[i - 1].seq > afterSeq) i--;
    return this.tail.slice(i);
  }
}
