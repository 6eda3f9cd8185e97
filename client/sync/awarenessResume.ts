/**
 * How our awareness travels over y-websocket's provider, fixed in two places where the
 * stock provider and the relay's ownership of awareness ids (docs/protocol.md) disagree.
 * Both matter because reconnects are frequent now (a refused change, each edit refused
 * with 4507 while the relay cannot save).
 *
 * 1. Only our own state is sent. The provider sends every awareness change to the relay,
 *    including the states of others it was just sent (an echo the relay drops anyway, one
 *    per peer for every cursor move). Worse, an echo of someone's state that arrives while
 *    that person's socket is gone (a reconnect) is taken by the relay as ours, and from
 *    then on their own updates are dropped as not theirs: they vanish for everyone.
 *
 * 2. Presence comes back at once after a reconnect. Awareness takes a state only with a
 *    clock newer than the one held for that client; y-websocket drops everyone's states on
 *    a close but keeps their clocks, so the states the relay sends again are ignored until
 *    each peer renews its own (every 15 s), the relay's (saving, limits) included; and the
 *    relay keeps our clock for a moment after our socket went, so our state resent with
 *    the same clock is ignored there. So: forget the clocks of the dropped states, and
 *    publish ours under a new clock when connected.
 */
import type { WebsocketProvider } from 'y-websocket';

interface AwarenessChange {
  added: number[];
  updated: number[];
  removed: number[];
}

export function resumeAwareness(provider: WebsocketProvider): () => void {
  const aw = provider.awareness;
  const own = (ids: number[]) => ids.filter((id) => id === aw.clientID);
  const sendAll = provider._awarenessUpdateHandler;
  const sendOwn = (c: AwarenessChange, origin: unknown) => {
    const mine = { added: own(c.added), updated: own(c.updated), removed: own(c.removed) };
    if (mine.added.length || mine.updated.length || mine.removed.length) sendAll(mine, origin);
  };
  aw.off('update', sendAll);
  aw.on('update', sendOwn);
  // provider.destroy() unregisters whatever this holds
  provider._awarenessUpdateHandler = sendOwn;

  const onStatus = ({ status }: { status: string }) => {
    if (status === 'disconnected') {
      for (const id of [...aw.meta.keys()]) if (id !== aw.clientID && !aw.states.has(id)) aw.meta.delete(id);
    } else if (status === 'connected') {
      const state = aw.getLocalState();
      if (state !== null) aw.setLocalState(state);
    }
  };
  provider.on('status', onStatus);
  return () => provider.off('status', onStatus);
}
