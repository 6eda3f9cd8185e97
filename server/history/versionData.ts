import * as Y from 'yjs';
import type { Storage, VersionRecord } from '../storage/storage.ts';

/**
 * A version's whole document (Yjs v2): as stored, or, for one stored as a delta, its
 * base joined with it. A delta holds everything past its base's state vector and the
 * document's whole delete set, so the two merged are the document as it was.
 */
export async function versionDocument(storage: Storage, roomId: string, id: number): Promise<{ record: VersionRecord; data: Uint8Array } | null> {
  const found = await storage.getVersion(roomId, id);
  if (!found || found.record.baseId === null) return found;
  const base = await storage.getVersion(roomId, found.record.baseId);
  // the retention keeps a base while a version needs it; a store edited by hand may not
  if (!base || base.record.baseId !== null) return null;
  return { record: found.record, data: Y.mergeUpdatesV2([base.data, found.data]) };
}
