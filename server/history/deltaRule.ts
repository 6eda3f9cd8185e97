/** Versions stored as deltas against one whole version at most, before the next is whole again. */
export const MAX_DELTAS = 50;

/**
 * Whether a version is stored as its delta against the last whole version: when that is
 * under half the whole document, and fewer than MAX_DELTAS versions already lean on that
 * base (a version then always reads as one whole version plus one delta).
 */
export const storeAsDelta = (deltaBytes: number, wholeBytes: number, deltasOnBase: number) => deltasOnBase < MAX_DELTAS && deltaBytes * 2 < wholeBytes;
