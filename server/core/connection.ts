/** What the core needs of an editor's WebSocket; each transport adapts its own socket. */
export interface Connection {
  /** Sends one binary frame. The same bytes may be passed to many connections. */
  send(frame: Uint8Array): void;
  close(code: number, reason: string): void;
  /** Bytes queued but not yet written to the network. */
  readonly bufferedAmount: number;
}

/** What the core needs of a spectator's event stream. */
export interface EventSink {
  /** Writes pre-encoded text/event-stream bytes; the same bytes go to many sinks. */
  write(chunk: Uint8Array): void;
  end(): void;
  readonly bufferedAmount: number;
}

/**
 * Optional native fan-out a transport can offer (Bun's pub/sub topics): the room
 * publishes a frame once and the runtime writes it to every member, in native code
 * and batched per socket. Without one, the room sends to each connection itself.
 */
export interface RoomChannel {
  add(conn: Connection): void;
  remove(conn: Connection): void;
  /** Sends to every member but `except`. */
  publish(frame: Uint8Array, except: Connection | null): void;
}

export type ChannelFactory = (roomId: string) => RoomChannel;
