import type { StoredDoc, Storage } from '../storage/storage.ts';
import type { DocLog } from './docLog.ts';
import { LocalLog, type LocalLogOptions } from './localLog.ts';
import type { Persister } from './persister.ts';

/** A room's log as opened for a load: the document it describes, and the log to go on with. */
export interface OpenedLog {
  stored: StoredDoc;
  log: DocLog;
}

/** Where rooms' logs come from: this relay's store (LocalLogs), or the cluster's Redis streams (cluster/). */
export interface LogSource {
  open(roomId: string): Promise<OpenedLog>;
  /** False while the logs cannot be reached (cluster mode without Redis): /healthz says so. */
  readonly up?: boolean;
  /** Graceful shutdown, after every room was persisted and before the store closes. */
  close?(): Promise<void>;
}

export function localLogs(storage: Storage, persister: Persister, opts: LocalLogOptions): LogSource {
  return {
    async open(roomId) {
      const stored = await storage.loadDoc(roomId);
      return { stored, log: new LocalLog(roomId, stored, persister, opts) };
    },
  };
}
