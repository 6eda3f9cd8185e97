import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isDeepStrictEqual } from 'node:util';
import { parseEventId } from '../../shared/sse.ts';
import { connectProvider, createRoom, eventually, synced } from './clients.ts';
import { spectate } from './spectate.ts';
import { RUNTIMES, startRelay, type RelayProcess } from './relayProcess.ts';

describe.each(RUNTIMES)('spectators over SSE (%s)', (runtime) => {
  let relay: RelayProcess;
  beforeAll(async () => {
    relay = await startRelay({ runtime });
  });
  afterAll(() => relay.stop());

  it('get a snapshot, then every update with increasing ids; the rebuilt doc equals the editors’', async () => {
    const room = await createRoom(relay.http);
    const editor = connectProvider(relay.ws, room.id);
    await synced(editor);
    editor.doc.getMap('shapes').set('before', 1);
    const viewId = room.viewUrl.split('/').pop()!;
    const res = await fetch(`${relay.http}/rooms/${viewId}/events`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/event-stream');
    await res.body?.cancel();

    await new Promise((r) => setTimeout(r, 100));
    const spectator = spectate(`${relay.http}/rooms/${viewId}/events`);
    await eventually(() => spectator.events.length > 0, 'snapshot');
    expect(spectator.events[0].type).toBe('snapshot');
    for (let i = 0; i < 20; i++) editor.doc.getMap('shapes').set(`k${i}`, i);
    editor.awareness.setLocalState({ user: { id: 'u', name: 'Ada', color: '#f00' }, cursor: { x: 5, y: 6 } });

    await eventually(() => isDeepStrictEqual(spectator.doc.getMap('shapes').toJSON(), editor.doc.getMap('shapes').toJSON()), 'spectator doc to converge');
    const seqs = spectator.events.filter((e) => e.type === 'update').map((e) => parseEventId(e.id)!.seq);
    // one event per update in the room's log (updates of one flush may be merged into one)
    expect(seqs.length).toBeGreaterThanOrEqual(1);
    expect(seqs.every((s, i) => i === 0 || s === seqs[i - 1] + 1)).toBe(true);
    await eventually(
      () => (spectator.awareness.getStates().get(editor.doc.clientID) as { cursor?: { x: number } } | undefined)?.cursor?.x === 5,
      'spectator to see the editor’s cursor',
    );
    await eventually(() => spectator.spectators() === 1, 'spectator count');
    // Editors learn the count from the relay's awareness state.
    await eventually(
      () => [...editor.awareness.getStates().values()].some((s) => (s as { relay?: { spectators: number } }).relay?.spectators === 1),
      'editor to see 1 watching',
    );
    spectator.es.close();
    editor.destroy();
  });

  it('honours Last-Event-ID: replays what was missed, or sends a fresh snapshot', async () => {
    const room = await createRoom(relay.http);
    const viewId = room.viewUrl.split('/').pop()!;
    const editor = connectProvider(relay.ws, room.id);
    await synced(editor);
    const first = spectate(`${relay.http}/rooms/${viewId}/events`);
    for (let i = 0; i < 5; i++) editor.doc.getMap('shapes').set(`a${i}`, i);
    await eventually(() => first.doc.getMap('shapes').size === 5, 'first batch');
    const lastId = first.events.at(-1)!.id;
    first.es.close();

    for (let i = 0; i < 3; i++) editor.doc.getMap('shapes').set(`b${i}`, i);
    await new Promise((r) => setTimeout(r, 200));
    const resumed = spectate(`${relay.http}/rooms/${viewId}/events`, lastId);
    await eventually(() => resumed.events.length >= 3, 'replayed updates');
    expect(resumed.events.every((e) => e.type === 'update')).toBe(true);
    expect(resumed.events.map((e) => parseEventId(e.id)!.seq)).toEqual([6, 7, 8].map((n) => n + parseEventId(lastId)!.seq - 5));
    resumed.es.close();

    const stale = spectate(`${relay.http}/rooms/${viewId}/events`, 'otherepoch-3');
    await eventually(() => stale.doc.getMap('shapes').size === 8, 'fresh snapshot');
    expect(stale.events[0].type).toBe('snapshot');
    stale.es.close();
    editor.destroy();
  });

  it('a spectator cannot write, and unknown view ids are 404', async () => {
    const room = await createRoom(relay.http);
    const viewId = room.viewUrl.split('/').pop()!;
    const post = await fetch(`${relay.http}/rooms/${viewId}/events`, { method: 'POST', body: 'x' });
    expect(post.status).toBe(405);
    const head = await fetch(`${relay.http}/rooms/${viewId}/events`, { method: 'HEAD', signal: AbortSignal.timeout(5000) });
    expect(head.status).toBe(200);
    expect(head.headers.get('content-type')).toBe('text/event-stream');
    expect((await fetch(`${relay.http}/rooms/AAAAAAAAAAAAAAAAAAAAAA/events`)).status).toBe(404);
    expect((await fetch(`${relay.http}/rooms/bad/events`)).status).toBe(404);
    // The view id is no capability to edit: the socket endpoint does not know it.
    const probe = connectProvider(relay.ws, viewId);
    const code = await new Promise<number>((resolve) => probe.on('connection-close', (e: CloseEvent | null) => resolve(e?.code ?? 0)));
    probe.destroy();
    expect(code).toBe(4404);
  });
});
