import type { Room } from '../core/room.ts';
import { SpectatorHub } from './hub.ts';

const hubs = new WeakMap<Room, SpectatorHub>();

/** The spectators of a room, attached to it as a listener on first use. */
export function spectatorsOf(room: Room, maxBufferedBytes: number, maxMessageBytes: number): SpectatorHub {
  let hub = hubs.get(room);
  if (!hub) {
    hub = new SpectatorHub(
      {
        startSeq: room.log.lastSeq,
        epoch: room.log.epoch,
        recent: () => room.log.since?.(room.log.lastSeq - 2048) ?? [],
        snapshot: () => room.snapshot(),
        awareness: (clients) => room.encodeAwareness(clients),
        onSpectatorsChanged: () => room.listenersChanged(),
        spectatorCount: (count) => room.setSpectatorCount(count),
      },
      maxBufferedBytes,
      maxMessageBytes,
    );
    room.attach(hub);
    hubs.set(room, hub);
  }
  return hub;
}

/** Spectators watching a room, 0 if nobody ever did. */
export const spectatorCount = (room: Room): number => hubs.get(room)?.size ?? 0;
