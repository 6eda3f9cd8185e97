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
