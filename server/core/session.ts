import { CloseCode, closeReason } from '../../shared/closeCodes.ts';
import { log } from '../log.ts';
import { ConnectionBudget, type BudgetLimits } from './budget.ts';
import type { Connection } from './connection.ts';
import { countRejected } from './metrics.ts';
import { ProtocolError } from './protocol.ts';
import type { Room } from './room.ts';

/** Frames held while the room loads: a client sends a handful; more is an attack on memory. */
const MAX_QUEUED_FRAMES = 64;

/** What a session needs from the relay. */
export interface SessionHost {
  readonly maxFrameBytes: number;
  readonly budgets: BudgetLimits;
  /** Finds and loads the room; null if there is no such room. */
  join(roomId: string): Promise<Room | null>;
  /** The room was acquired for a session that closed meanwhile. */
  release(room: Room): void;
  /** `ip`: the address whose connection slot the session held (null: it held none). */
  sessionEnded(ip: string | null): void;
}

/**
 * One editor's socket, from the transport's point of view: it feeds frames in and
 * reports the close. Frames that arrive while the room loads are queued in order.
 * A class rather than closures: tens of thousands of idle sockets share its methods.
 */
export class EditorSession {
  private room: Room | null = null;
  private queue: Uint8Array[] | null = [];
  private queuedBytes = 0;
  private readonly budget: ConnectionBudget;
  private open = true;
  private ended = false;

  constructor(
    private readonly host: SessionHost,
    private readonly roomId: string,
    private readonly conn: Connection,
    private readonly ip: string | null,
  ) {
    this.budget = new ConnectionBudget(host.budgets, host.maxFrameBytes);
  }

  /** Starts joining the room (or refuses at once with `refuse`). */
  start(refuse: CloseCode | null): void {
    if (refuse !== null) return this.fail(refuse);
    this.host.join(this.roomId).then(
      (room) => {
        if (!room) {
          log.warn('unknown room', { room: this.roomId.slice(0, 64) });
          return this.fail(CloseCode.UnknownRoom);
        }
        if (!this.open) return this.host.release(room);
        this.room = room;
        room.addConnection(this.conn);
        const pending = this.queue ?? [];
        this.queue = null;
        for (const f of pending) room.receive(this.conn, f);
      },
      (err) => {
        if (err instanceof ProtocolError) return this.fail(err.code);
        log.error('join failed', { room: this.roomId, error: String(err) });
        this.fail(CloseCode.Restarting);
      },
    );
  }

  message(frame: Uint8Array): void {
    if (!this.open) return;
    if (frame.length > this.host.maxFrameBytes) {
      log.warn('rejected frame', { room: this.roomId, code: CloseCode.FrameTooLarge, bytes: frame.length });
      return this.drop(CloseCode.FrameTooLarge);
    }
    if (!this.budget.admit(frame)) {
      log.warn('rejected frame', { room: this.roomId, code: CloseCode.RateLimited, bytes: frame.length });
      return this.drop(CloseCode.RateLimited);
    }
    if (this.room) this.room.receive(this.conn, frame);
    else if (this.queue) {
      this.queuedBytes += frame.length;
      if (this.queue.length >= MAX_QUEUED_FRAMES || this.queuedBytes > 2 * this.host.maxFrameBytes) return this.drop(CloseCode.RateLimited);
      this.queue.push(frame);
    }
  }

  /** Leaves the room (if joined) and closes with `code`. */
  private drop(code: CloseCode): void {
    this.room?.removeConnection(this.conn);
    this.queue = null;
    this.fail(code);
  }

  /** A text frame: refused (the protocol is binary), and the session ends at once. */
  rejectText(): void {
    if (this.open) log.warn('rejected frame', { room: this.roomId, code: CloseCode.UnsupportedData });
    this.fail(CloseCode.UnsupportedData);
    this.closed();
  }

  /** The transport reports the socket closed (again after rejectText: only the first call counts). */
  closed(): void {
    if (this.ended) return;
    this.ended = true;
    this.open = false;
    this.queue = null;
    this.room?.removeConnection(this.conn);
    this.host.sessionEnded(this.ip);
  }

  private fail(code: CloseCode): void {
    if (!this.open) return;
    this.open = false;
    countRejected(code);
    this.conn.close(code, closeReason[code]);
  }
}
