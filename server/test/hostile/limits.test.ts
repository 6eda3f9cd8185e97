import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { CloseCode } from '../../../shared/closeCodes.ts';
import { connectProvider, createRoom, eventually, rawSocket, synced } from '../clients.ts';
import { RUNTIMES, startRelay, type RelayProcess } from '../relayProcess.ts';
import { deepJsonUpdate, futureDeleteUpdate, gapUpdate, manyClientsUpdate, subdocUpdate, updateFrame, wideClientUpdate } from './frames.ts';

/** Opens a raw socket to the room, sends the frames, and resolves with the close code. */
async function sendAndClose(url: string, frames: Uint8Array[]): Promise<number> {
  const s = rawSocket(url);
  await s.opened;
  for (const f of frames) if (s.ws.readyState === s.ws.OPEN) s.ws.send(f);
  const closed = await Promise.race([s.closed, new Promise<{ code: number }>((r) => setTimeout(() => r({ code: -1 }), 10_000))]);
  s.ws.terminate();
  return closed.code;
}

describe.each(RUNTIMES)('structural limits of updates (%s)', (runtime) => {
  let relay: RelayProcess;
  beforeAll(async () => {
    relay = await startRelay({ runtime, env: { MAX_DOC_BYTES: String(1024 * 1024) } });
  });
  afterAll(() => relay.stop());

  /** Two good editors; after `attack` they still sync, and nothing of the attack reached them or the store. */
  async function survives(attack: (url: string) => Promise<number>, expected: number): Promise<void> {
    const { id } = await createRoom(relay.http);
    const a = connectProvider(relay.ws, id);
    const b = connectProvider(relay.ws, id);
    await Promise.all([synced(a), synced(b)]);
    expect(await attack(`${relay.ws}/${id}`)).toBe(expected);
    a.doc.getMap('shapes').set('after', 1);
    await eventually(() => b.doc.getMap('shapes').get('after') === 1, 'the good editors to keep syncing');
    const keys = [...b.doc.getMap('shapes').keys()];
    expect(keys).toEqual(['after']);
    const fresh = connectProvider(relay.ws, id);
    await synced(fresh);
    expect([...fresh.doc.getMap('shapes').keys()]).toEqual(['after']);
    for (const p of [a, b, fresh]) p.destroy();
  }

  it('an update written by more than 1,024 client ids -> 4409', () =>
    survives((url) => sendAndClose(url, [updateFrame(manyClientsUpdate(1100))]), CloseCode.LimitExceeded));

  it('updates waiting for clocks the room never saw are held only up to 256 KiB -> 4409', () =>
    // each ~60 KB, all from one client with a gap: Yjs would keep every one of them pending
    survives(
      (url) => sendAndClose(url, Array.from({ length: 8 }, (_, i) => updateFrame(gapUpdate(4242, 10 + i, 60_000)))),
      CloseCode.LimitExceeded,
    ));

  it('deletes of clocks nobody wrote are pending too: a flood of them is refused', () =>
    survives(
      // 100 ranges each: past 4,096 waiting ranges every later update would re-read them all
      (url) => sendAndClose(url, Array.from({ length: 60 }, (_, i) => updateFrame(futureDeleteUpdate(9000 + i, 1_000_000, 100)))),
      CloseCode.LimitExceeded,
    ));

  it('JSON nested deeper than 16 levels in a document value -> 4401', () =>
    survives((url) => sendAndClose(url, [updateFrame(deepJsonUpdate(40))]), CloseCode.InvalidUpdate));

  it('a client id beyond 32 bits -> 4401 (the store could not give it back as it came)', () =>
    survives((url) => sendAndClose(url, [updateFrame(wideClientUpdate())]), CloseCode.InvalidUpdate));

  it('a subdocument -> 4401', () => survives((url) => sendAndClose(url, [updateFrame(subdocUpdate())]), CloseCode.InvalidUpdate));

  it('a delete range of length 0 -> 4401 (nothing of it applied)', () =>
    survives((url) => sendAndClose(url, [updateFrame(new Uint8Array([0, 1, 5, 1, 0xe8, 0x07, 0]))]), CloseCode.InvalidUpdate));

  it('a board cannot grow past MAX_DOC_BYTES: 4414, what came before stays, other rooms are unaffected', async () => {
    const { id } = await createRoom(relay.http);
    const writer = connectProvider(relay.ws, id);
    const reader = connectProvider(relay.ws, id);
    await Promise.all([synced(writer), synced(reader)]);
    const closes: number[] = [];
    writer.on('connection-close', (e: CloseEvent | null) => e && closes.push(e.code));
    // 3 × 400 KB: the third passes the 1 MiB limit
    for (let i = 0; i < 3; i++) {
      writer.doc.getMap('shapes').set(`big${i}`, 'x'.repeat(400_000));
      await new Promise((r) => setTimeout(r, 150));
    }
    await eventually(() => closes.includes(CloseCode.DocTooLarge), 'close 4414');
    expect([...reader.doc.getMap('shapes').keys()].sort()).toEqual(['big0', 'big1']);
    // a full board still takes deletions
    reader.doc.getMap('shapes').delete('big0');
    const check = connectProvider(relay.ws, id);
    await synced(check);
    await eventually(() => !check.doc.getMap('shapes').has('big0'), 'the deletion to be accepted on a full board');
    expect([...check.doc.getMap('shapes').keys()]).toEqual(['big1']);
    check.destroy();
    const other = await createRoom(relay.http);
    const c = connectProvider(relay.ws, other.id);
    await synced(c);
    c.doc.getMap('shapes').set('fine', 'x'.repeat(100_000));
    const d = connectProvider(relay.ws, other.id);
    await synced(d);
    await eventually(() => d.doc.getMap('shapes').has('fine'), 'the other room to keep working');
    for (const p of [writer, reader, c, d]) p.destroy();
  });

  it('the relay is alive after all of it', async () => {
    expect((await fetch(`${relay.http}/healthz`)).status).toBe(200);
  });
});

describe.each(RUNTIMES)('no amplification, no unbounded queues (%s)', (runtime) => {
  let relay: RelayProcess;
  beforeAll(async () => {
    relay = await startRelay({ runtime, env: { MAX_CONNECTIONS_PER_IP: '6', ROOMS_PER_IP_PER_MINUTE: '4', MAX_STREAMS_PER_IP: '2', MAX_ROOMS: '3', ROOM_IDLE_MS: '60000' } });
  });
  afterAll(() => relay.stop());

  it('requests for the whole board are budgeted: a burst of sync step 1 is closed with 4509 long before it costs megabytes', async () => {
    const { id } = await createRoom(relay.http);
    const w = connectProvider(relay.ws, id);
    await synced(w);
    w.doc.getMap('shapes').set('big', 'x'.repeat(200_000));
    await new Promise((r) => setTimeout(r, 300));
    const s = rawSocket(`${relay.ws}/${id}`);
    let received = 0;
    s.ws.on('message', (d: Buffer) => (received += d.length));
    await s.opened;
    for (let i = 0; i < 100; i++) s.ws.send(new Uint8Array([0, 0, 1, 0]));
    expect((await s.closed).code).toBe(CloseCode.RateLimited);
    // the burst allows 8 full replies, not 100
    expect(received).toBeLessThan(10 * 200_100);
    w.destroy();
  });

  it('a flood of small messages -> 4509', async () => {
    const { id } = await createRoom(relay.http);
    const frame = new Uint8Array([3]); // query awareness: cheap to send, yet each costs a reply
    const s = rawSocket(`${relay.ws}/${id}`);
    await s.opened;
    for (let i = 0; i < 5000 && s.ws.readyState === s.ws.OPEN; i++) s.ws.send(frame);
    expect((await s.closed).code).toBe(CloseCode.RateLimited);
  });

  it('connections per address are capped: past MAX_CONNECTIONS_PER_IP -> 4530, and a slot frees on close', async () => {
    // this suite's room cap is 3: reuse the first room
    const res = await fetch(`${relay.http}/healthz`);
    expect(res.status).toBe(200);
    const { id } = await createRoom(relay.http);
    const open = Array.from({ length: 6 }, () => rawSocket(`${relay.ws}/${id}`));
    await Promise.all(open.map((s) => s.opened));
    const extra = rawSocket(`${relay.ws}/${id}`);
    expect((await extra.closed).code).toBe(CloseCode.TooManyConnections);
    open[0].ws.close();
    await open[0].closed;
    await new Promise((r) => setTimeout(r, 100));
    const again = rawSocket(`${relay.ws}/${id}`);
    await again.opened;
    const stillOpen = await Promise.race([again.closed.then(() => false), new Promise((r) => setTimeout(() => r(true), 500))]);
    expect(stillOpen).toBe(true);
    for (const s of [...open, again]) s.ws.terminate();
    await new Promise((r) => setTimeout(r, 200));
  });

  it('rooms created per address per minute are capped: 429', async () => {
    // three rooms were created above; the fourth is the last this minute
    const statuses: number[] = [];
    for (let i = 0; i < 3; i++) statuses.push((await fetch(`${relay.http}/api/rooms`, { method: 'POST' })).status);
    expect(statuses).toContain(429);
    expect(statuses.filter((s) => s === 201).length).toBeLessThanOrEqual(1);
  });

  it('spectator streams per address are capped: 429 with a JSON error', async () => {
    const rooms = await (await fetch(`${relay.http}/healthz`)).json();
    expect(rooms).toBeTruthy();
    // a room that exists: any of the above; find its view id through the API
    const list = relay.logs.filter((l) => l.msg === 'room created').map((l) => String(l.room));
    const info = (await (await fetch(`${relay.http}/api/rooms/${list[0]}`)).json()) as { viewUrl: string };
    const viewId = info.viewUrl.split('/').pop();
    const controllers = [new AbortController(), new AbortController()];
    const ok = await Promise.all(controllers.map((c) => fetch(`${relay.http}/rooms/${viewId}/events`, { signal: c.signal })));
    expect(ok.map((r) => r.status)).toEqual([200, 200]);
    const third = await fetch(`${relay.http}/rooms/${viewId}/events`);
    expect(third.status).toBe(429);
    expect(((await third.json()) as { error: string }).error).toMatch(/too many/);
    for (const c of controllers) c.abort();
  });
});

describe.each(RUNTIMES)('rooms in memory (%s)', (runtime) => {
  let relay: RelayProcess;
  beforeAll(async () => {
    relay = await startRelay({ runtime, env: { MAX_ROOMS: '2', ROOM_IDLE_MS: '600000' } });
  });
  afterAll(() => relay.stop());

  it('past MAX_ROOMS the least recently used empty room is unloaded; when none is empty, 4531', async () => {
    const [r1, r2, r3] = await Promise.all([createRoom(relay.http), createRoom(relay.http), createRoom(relay.http)]);
    const a = connectProvider(relay.ws, r1.id);
    await synced(a);
    a.doc.getMap('shapes').set('kept', 1);
    await new Promise((r) => setTimeout(r, 100));
    a.destroy(); // r1 is now empty but loaded (idle timeout is long)
    const b = connectProvider(relay.ws, r2.id);
    await synced(b);
    const c = connectProvider(relay.ws, r3.id); // evicts r1
    await synced(c);
    await eventually(() => relay.logs.some((l) => l.msg === 'room unloaded' && l.room === r1.id), 'r1 to be unloaded');
    // r2 and r3 are in use: a fourth room cannot load
    const closed = rawSocket(`${relay.ws}/${r1.id}`);
    expect((await closed.closed).code).toBe(CloseCode.RelayFull);
    c.destroy();
    await new Promise((r) => setTimeout(r, 100));
    const again = connectProvider(relay.ws, r1.id, new Y.Doc());
    await synced(again);
    expect(again.doc.getMap('shapes').get('kept')).toBe(1);
    for (const p of [b, again]) p.destroy();
  });
});
