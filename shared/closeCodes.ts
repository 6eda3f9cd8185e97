/**
 * WebSocket close codes the relay uses (4000-4999 is the application range).
 * Following y-websocket's convention, 4400-4499 are final (the provider stops
 * retrying: reconnecting cannot fix them) and 4500-4599 mean "try again".
 * Documented in README.md; clients show `reason` to the user.
 */
export const CloseCode = {
  /** The frame is not a valid y-protocols message (unknown type, bad varint, trailing bytes). */
  MalformedMessage: 4400,
  /** A sync update Yjs cannot decode. */
  InvalidUpdate: 4401,
  /** A text frame where only binary frames are allowed. */
  UnsupportedData: 4403,
  /** The room id is malformed or is not a room of this relay. */
  UnknownRoom: 4404,
  /** An update over a structural limit (clients, delete ranges, waiting for missing data). */
  LimitExceeded: 4409,
  /** The frame is over the size limit. */
  FrameTooLarge: 4413,
  /** The update would grow the board past MAX_DOC_BYTES. */
  DocTooLarge: 4414,
  /** The room's data could not be kept consistent (an update Yjs failed half-way): reconnect to reload it. */
  RoomReloading: 4502,
  /** The board's writes are failing: new updates are refused until they succeed again. */
  NotSaving: 4507,
  /** The connection sent more messages or bytes than its budget. */
  RateLimited: 4509,
  /** Too many connections from one address. */
  TooManyConnections: 4530,
  /** Too many boards in memory, none of them idle. */
  RelayFull: 4531,
  /** The receiver fell too far behind (send buffer over the limit); reconnect to resync. */
  SlowConsumer: 4508,
  /** Too many connections to this room. */
  RoomFull: 4529,
  /** The relay is shutting down; reconnect (to another relay). */
  Restarting: 4503,
  /** Cluster mode: this relay lost Redis, the rooms' shared log; reconnect (to another relay). */
  ClusterUnavailable: 4504,
} as const;
export type CloseCode = (typeof CloseCode)[keyof typeof CloseCode];

/** y-websocket's provider stops reconnecting for no code; we still tell users why. */
export const closeReason: Record<CloseCode, string> = {
  [CloseCode.MalformedMessage]: 'malformed message',
  [CloseCode.InvalidUpdate]: 'invalid Yjs update',
  [CloseCode.UnsupportedData]: 'text frames are not accepted',
  [CloseCode.UnknownRoom]: 'unknown room',
  [CloseCode.LimitExceeded]: 'update over a limit',
  [CloseCode.FrameTooLarge]: 'frame too large',
  [CloseCode.DocTooLarge]: 'board is full',
  [CloseCode.RoomReloading]: 'room reloading',
  [CloseCode.NotSaving]: 'board not saving, retrying',
  [CloseCode.RateLimited]: 'too many messages',
  [CloseCode.TooManyConnections]: 'too many connections from this address',
  [CloseCode.RelayFull]: 'relay busy',
  [CloseCode.SlowConsumer]: 'receiver too slow',
  [CloseCode.RoomFull]: 'room full',
  [CloseCode.Restarting]: 'relay restarting',
  [CloseCode.ClusterUnavailable]: 'relay lost its shared log, reconnecting',
};
