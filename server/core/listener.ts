/**
 * Something attached to a room that hears what the room sends out (spectators today,
 * a cluster's fan-out later), so the room needs to know nothing of it.
 */
export interface RoomListener {
  /** An update as it went out to editors, with its seq in the room's log. */
  update(update: Uint8Array, seq: number): void;
  /** Awareness states of these clients changed (or were removed). */
  awareness(clients: readonly number[]): void;
  /** The room just sent what it had collected: send yours. */
  flush(): void;
  /** The room is closing: end everything. */
  close(): void;
  /** People it holds: the room stays loaded while any listener holds someone. */
  readonly size: number;
}
