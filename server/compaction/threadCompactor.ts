import { Worker } from 'node:worker_threads';
import type { Compactor } from '../core/compactor.ts';
import { log } from '../log.ts';
import { foldDoc } from './fold.ts';
import type { FoldReply, FoldRequest } from './protocol.ts';

interface Waiter {
  resolve(snapshot: Uint8Array): void;
  reject(err: Error): void;
}

/** Buffers that can move to the thread without a copy: views of a whole buffer of their own. */
function transferable(arrays: (Uint8Array | null)[]): ArrayBuffer[] {
  // a Set: a log holds thousands of updates, and a buffer listed twice fails the transfer
  const out = new Set<ArrayBuffer>();
  for (const a of arrays) {
    if (a && a.byteOffset === 0 && a.byteLength === a.buffer.byteLength && a.buffer instanceof ArrayBuffer) out.add(a.buffer);
  }
  return [...out];
}

/** Node runs TypeScript in a worker only through tsx's loader, registered before the entry loads. */
const TSX_BOOT = `const { workerData } = require('node:worker_threads');
import('tsx/esm/api').then((tsx) => { tsx.register(); return import(workerData.entry); });`;

function startWorker(entry: URL): Worker {
  if (entry.pathname.endsWith('.ts') && !process.versions.bun) {
    return new Worker(TSX_BOOT, { eval: true, workerData: { entry: entry.href } });
  }
  return new Worker(entry);
}

/**
 * A thread idle this long is stopped: its heap (grown by the largest board it folded)
 * and its isolate are memory the relay would otherwise keep for good after a busy
 * spell. Starting one again costs tens of milliseconds, off the event loop's path.
 */
export const THREAD_IDLE_MS = 10_000;

/**
 * Folds on one worker thread (node:worker_threads, which Bun implements too), so the
 * event loop keeps relaying while a large board is re-encoded. Folds queue on the
 * thread in order; the thread stops after THREAD_IDLE_MS without work. If the thread
 * cannot start or dies, folds run inline from then on. Callers hand over the buffers
 * they pass: they are moved, not copied.
 */
export class ThreadCompactor implements Compactor {
  private worker: Worker | null = null;
  /** The thread failed to start or died: fold inline from now on. */
  private broken = false;
  private nextId = 1;
  private readonly waiting = new Map<number, Waiter>();
  private idleTimer: ReturnType<typeof setTimeout> | undefined;

  /** `entry`: worker.ts (Bun, or Node with tsx installed: npm run dev, tests) or its bundle. */
  constructor(
    private readonly entry: URL,
    private readonly idleMs = THREAD_IDLE_MS,
  ) {}

  get where(): string {
    return this.broken ? 'inline' : 'thread';
  }

  fold(snapshot: Uint8Array | null, updates: Uint8Array[]): Promise<Uint8Array> {
    clearTimeout(this.idleTimer);
    const worker = this.thread();
    if (!worker) return Promise.resolve().then(() => foldDoc(snapshot, updates));
    const id = this.nextId++;
    return new Promise<Uint8Array>((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      const req: FoldRequest = { id, snapshot, updates };
      worker.postMessage(req, transferable([snapshot, ...updates]));
    });
  }

  /** Started on the first fold: a relay whose rooms never compact pays no thread. */
  private thread(): Worker | null {
    if (this.worker || this.broken) return this.worker;
    try {
      const worker = startWorker(this.entry);
      // events of a thread stopped for idling are not this thread's
      worker.on('message', (reply: FoldReply) => this.worker === worker && this.settle(reply));
      worker.on('error', (err) => this.worker === worker && this.fail(err));
      worker.on('exit', (code) => this.worker === worker && this.fail(new Error(`compaction thread exited with ${code}`)));
      // an idle compaction thread does not keep the process alive
      worker.unref();
      this.worker = worker;
    } catch (err) {
      log.warn('no compaction thread, compacting on the event loop', { error: String(err) });
      this.broken = true;
    }
    return this.worker;
  }

  /** Whether a thread is running now (tests). */
  get running(): boolean {
    return this.worker !== null;
  }

  private retire(): void {
    const worker = this.worker;
    if (!worker || this.waiting.size > 0) return;
    this.worker = null;
    void worker.terminate();
  }

  async close(): Promise<void> {
    clearTimeout(this.idleTimer);
    const worker = this.worker;
    this.worker = null;
    this.broken = true;
    if (worker) await worker.terminate();
  }

  private settle(reply: FoldReply): void {
    const w = this.waiting.get(reply.id);
    if (!w) return;
    this.waiting.delete(reply.id);
    if ('error' in reply) w.reject(new Error(reply.error));
    else w.resolve(reply.snapshot);
    if (this.waiting.size === 0) {
      clearTimeout(this.idleTimer);
      this.idleTimer = setTimeout(() => this.retire(), this.idleMs);
      this.idleTimer.unref?.();
    }
  }

  private fail(err: Error): void {
    if (!this.worker) return;
    this.broken = true;
    log.error('compaction thread failed, compacting on the event loop from now on', { error: err.message });
    this.worker = null;
    for (const w of this.waiting.values()) w.reject(err);
    this.waiting.clear();
  }
}
