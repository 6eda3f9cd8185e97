import { CloseCode, closeReason } from '../../shared/closeCodes.ts';
import { log } from '../log.ts';
import type { Connection } from './connection.ts';
import { countRejected } from './metrics.ts';
import type { Room } from './room.ts';

/** What a session needs from the relay. */
export interface SessionHost {
  readonly maxFrameBytes: number;
  /** Finds and loads the room; null if there is no such room. */
  join(roomId: string): Promise<Room | null>;
  /** The room was acquired for a session that closed meanwhile. */
  release(room: Room): void;
  sessionEnded(): void;
}

/**
 * One editor's socket, from the transport's point of view: it feeds frames in and
 * reports the close. Frames that arrive while the room loads are queued in order.
 * A class rather than closures: tens of thousands of idle sockets share its methods.
 */
export class EditorSession {
  private room: Room | null = null;
  private queue: Uint8Array[] | null = [];
  private open = true;
  private ended = false;

  constructor(
    private readonly host: SessionHost,
    private readonly roomId: string,
    private readonly conn: Connection,
  ) {}

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
        log.error('join failed', { room: this.roomId, error: String(err) });
        this.fail(CloseCode.Restarting);
      },
    );
  }

  message(frame: Uint8Array): void {
    if (!this.open) return;
    if (frame.length > this.host.maxFrameBytes) {
      log.warn('rejected frame', { room: this.roomId, code: CloseCode.FrameTooLarge, bytes: frame.length });
      this.room?.removeConnection(this.conn);
      this.queue = null;
      this.fail(CloseCode.FrameTooLarge);
      return;
    }
    if (this.room) this.room.receive(this.conn, frame);
    else this.queue?.push(frame);
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
    this.host.sessionEnded();
  }

  private fail(code: CloseCode): void {
    if (!this.open) return;
    this.open = false;
    countRejected(code);
    this.conn.close(code, closeReason[code]);
  }
}
