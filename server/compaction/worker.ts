/** The compaction thread's entry (started by threadCompactor.ts). */
import { parentPort } from 'node:worker_threads';
import { foldDoc } from './fold.ts';
import type { FoldReply, FoldRequest } from './protocol.ts';

const port = parentPort!;
port.on('message', (req: FoldRequest) => {
  let reply: FoldReply;
  try {
    reply = { id: req.id, snapshot: foldDoc(req.snapshot, req.updates) };
  } catch (err) {
    reply = { id: req.id, error: err instanceof Error ? err.message : String(err) };
  }
  port.postMessage(reply, 'snapshot' in reply ? [reply.snapshot.buffer as ArrayBuffer] : []);
});
