// Messages between the orchestrator (run.ts) and the load-generator workers (worker.ts).
import type { HistData } from './hist.ts';
import type { SseClientSpec, WsClientSpec } from './client.ts';

export type ClientSpec = WsClientSpec | SseClientSpec;

export interface WriterPlan {
  /** Index into the worker's clients. */
  client: number;
  /** Stroke updates per second. */
  rate: number;
  /** Cursor (awareness) updates per second. */
  cursorRate: number;
}

export type ToWorker =
  | { t: 'connect'; clients: ClientSpec[]; concurrency: number; timeoutMs: number }
  | { t: 'run'; writers: WriterPlan[]; startAt: number; warmupMs: number; durationMs: number }
  | { t: 'verify'; expected: Record<string, Array<[number, number]>>; timeoutMs: number }
  | { t: 'reset' }
  | { t: 'close' };

export interface RunStats {
  sent: number;
  cursorsSent: number;
  /** Stroke updates received by clients inside the measurement window. */
  delivered: number;
  cursorsDelivered: number;
  hist: HistData;
  cursorHist: HistData;
  /** Scheduled sends more than 50 ms late, or dropped because the socket was not open. */
  late: number;
  /** Worker CPU time over the window, in ms, and the window's wall time. */
  cpuMs: number;
  wallMs: number;
  /** Event-loop delay p99 in ms during the window. */
  loopP99: number;
  sseUpdates: number;
  sseGaps: number;
  errors: Record<string, number>;
}

export type FromWorker =
  | { t: 'ready' }
  | { t: 'connected'; ok: number; failed: number; ms: number; firstError?: string }
  | { t: 'ran'; writers: Array<{ room: string; clientId: number; clock: number }> }
  | { t: 'verified'; checked: number; mismatched: number; example?: string; stats: RunStats }
  | { t: 'reset' }
  | { t: 'closed' };
