import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isDeepStrictEqual } from 'node:util';
import * as Y from 'yjs';
import type { WebsocketProvider } from 'y-websocket';
import { CloseCode } from '../../shared/closeCodes.ts';
import { PostgresStorage } from '../storage/postgres.ts';
import { connectProvider, createRoom, eventually, rawSocket, synced } from './clients.ts';
import { spectate } from './spectate.ts';
import { parseEventId } from '../../shared/sse.ts';
import { startCluster, type TestCluster } from './cluster/harness.ts';
import { skipWithoutCluster } from './cluster/services.ts';
import { startOwnRedis, type OwnRedis } from './cluster/redisServer.ts';
import { startTcpProxy, type TcpProxy } from './cluster/tcpProxy.ts';
import { findNginx, startNginx, type NginxProcess } from './proxy/nginx.ts';

const skip = await skipWithoutCluster();
const NGINX = findNginx();
if (!NGINX && !process.env.CI) console.warn('nginx is not installed: skipping the load-balanced cluster tests (apt-get install nginx; under CI=true they fail instead)');
const shapes = (doc: Y.Doc) => doc.getMap('shapes').toJSON();
const draw = (p: WebsocketProvider, prefix: string, from: number, to: number) => {
  for (let i = from; i < to; i++) p.doc.getMap('shapes').set(`${prefix}${i}`, { i });
};
const connections = async (http: string) => ((await (await fetch(`${http}/healthz`)).json()) as { connections: number }).connections;

/** The document as the store has it (snapshot and log), read back as a new editor would get it. */
async function storedShapes(cluster: TestCluster, roomId: string): Promise<unknown> {
  const storage = await PostgresStorage.open(cluster.schema.url);
  try {
    const stored = await storage.loadDoc(roomId);
    const doc = new Y.Doc();
    if (stored.snapshot) Y.applyUpdateV2(doc, stored.snapshot);
    for (const u of stored.updates) Y.applyUpdate(doc, u.data);
    return shapes(doc);
  } finally {
    await storage.close();
  }
}

describe.skipIf(skip || (!NGINX && !process.env.CI))('three relays (Node, Bun, Node) behind nginx round-robin, no sticky sessions', () => {
  let cluster: TestCluster;
  let lb: NginxProcess;
  beforeAll(async () => {
    cluster = await startCluster(['node', 'bun', 'node']);
    lb = await startNginx(NGINX ?? 'nginx', cluster.relays.map((r) => r.port));
  }, 60_000);
  afterAll(async () => {
    await lb?.stop();
    await cluster?.stop();
  });

  it('editors spread over the relays draw together, a spectator resumes on whichever relay it lands, and kill -9 of a relay mid-drawing loses nothing', async () => {
    const room = await createRoom(lb.http);
    const editors = [0, 1, 2].map(() => connectProvider(lb.ws, room.id));
    await Promise.all(editors.map((e) => synced(e)));
    const spread = await Promise.all(cluster.relays.map((r) => connections(r.http)));
    expect(spread.filter((n) => n > 0).length).toBeGreaterThanOrEqual(2);

    editors.forEach((e, i) => draw(e, `e${i}-`, 0, 20));
    await eventually(() => editors.every((e) => Object.keys(shapes(e.doc)).length === 60), 'every editor to have every stroke');
    editors[0].awareness.setLocalStateField('cursor', { x: 1, y: 2 });
    await eventually(() => editors.every((e) => isDeepStrictEqual(e.awareness.getStates().get(editors[0].awareness.clientID)?.cursor, { x: 1, y: 2 })), 'cursor everywhere');

    const viewId = room.viewUrl.split('/').pop()!;
    const first = spectate(`${lb.http}/rooms/${viewId}/events`);
    await eventually(() => isDeepStrictEqual(first.doc.getMap('shapes').toJSON(), shapes(editors[0].doc)), 'spectator to converge');
    const lastId = first.events[first.events.length - 1].id;
    first.es.close();
    draw(editors[1], 'more-', 0, 5);
    await eventually(() => Object.keys(shapes(editors[2].doc)).length === 65, 'more strokes to spread');
    const resumed = spectate(`${lb.http}/rooms/${viewId}/events`, lastId);
    Y.applyUpdate(resumed.doc, Y.encodeStateAsUpdate(first.doc));
    await eventually(() => isDeepStrictEqual(resumed.doc.getMap('shapes').toJSON(), shapes(editors[0].doc)), 'resumed spectator to converge');
    expect(resumed.events.every((e) => e.type === 'update')).toBe(true);
    expect(parseEventId(resumed.events[0].id)!.seq).toBe(parseEventId(lastId)!.seq + 1);
    resumed.es.close();

    // kill -9 the busiest relay while everyone draws: its editors reconnect through nginx to another
    const counts = await Promise.all(cluster.relays.map((r) => connections(r.http)));
    const victim = counts.indexOf(Math.max(...counts));
    const drawing = editors.map((e, i) => {
      let n = 0;
      const timer = setInterval(() => draw(e, `live${i}-`, n, ++n), 10);
      return () => clearInterval(timer);
    });
    await new Promise((r) => setTimeout(r, 300));
    await cluster.relays[victim].stop('SIGKILL');
    await new Promise((r) => setTimeout(r, 500));
    for (const stop of drawing) stop();
    await eventually(() => editors.every((e) => e.wsconnected), 'every editor reconnected', 20_000);
    await eventually(() => editors.every((e) => isDeepStrictEqual(shapes(e.doc), shapes(editors[0].doc))), 'every editor to converge', 20_000);
    const all = shapes(editors[0].doc);
    // every stroke anyone drew, before and after the kill
    for (let i = 0; i < 3; i++) expect(Object.keys(all).filter((k) => k.startsWith(`live${i}-`)).length).toBeGreaterThan(10);
    const late = connectProvider(lb.ws, room.id);
    await synced(late);
    await eventually(() => isDeepStrictEqual(shapes(late.doc), all), 'a late joiner to get the whole board');
    for (const p of [...editors, late]) p.destroy();
    await cluster.restart(victim);
  }, 90_000);
});

describe.skipIf(skip)('cluster faults', () => {
  let proxy: TcpProxy;
  let cluster: TestCluster;
  beforeAll(async () => {
    proxy = await startTcpProxy(5432);
    cluster = await startCluster(['node', 'node'], { pgPort: proxy.port });
  }, 60_000);
  afterAll(async () => {
    await cluster?.stop();
    await proxy?.close();
  });

  it('Postgres unreachable for 10 s: editing goes on across relays, nothing is lost, the store catches up', async () => {
    const [r0, r1] = cluster.relays;
    const room = await createRoom(r0.http);
    const a = connectProvider(r0.ws, room.id);
    const b = connectProvider(r1.ws, room.id);
    await Promise.all([synced(a), synced(b)]);
    draw(a, 'before-', 0, 10);
    proxy.cut();
    const until = Date.now() + 10_000;
    let n = 0;
    while (Date.now() < until) {
      draw(n % 2 ? a : b, `during-`, n, n + 1);
      n++;
      await new Promise((r) => setTimeout(r, 50));
    }
    await eventually(() => isDeepStrictEqual(shapes(a.doc), shapes(b.doc)) && Object.keys(shapes(a.doc)).length === 10 + n, 'editors to keep syncing while Postgres is away');
    proxy.restore();
    const expected = shapes(a.doc);
    const deadline = Date.now() + 20_000;
    let stored: unknown = null;
    while (Date.now() < deadline) {
      stored = await storedShapes(cluster, room.id);
      if (isDeepStrictEqual(stored, expected)) break;
      await new Promise((r) => setTimeout(r, 250));
    }
    expect(stored).toEqual(expected);
    a.destroy();
    b.destroy();
  }, 60_000);
});

describe.skipIf(skip)('cluster: Redis restarted', () => {
  let redis: OwnRedis;
  let cluster: TestCluster;
  beforeAll(async () => {
    redis = await startOwnRedis();
    cluster = await startCluster(['node', 'bun'], { redisUrl: redis.url });
  }, 60_000);
  afterAll(async () => {
    await cluster?.stop();
    await redis?.stop();
  });

  it('a relay without Redis refuses updates with 4504 rather than diverge; once Redis is back the editors resync and nothing is lost', async () => {
    const [r0, r1] = cluster.relays;
    const room = await createRoom(r0.http);
    const a = connectProvider(r0.ws, room.id);
    const b = connectProvider(r1.ws, room.id);
    await Promise.all([synced(a), synced(b)]);
    draw(a, 'a-', 0, 10);
    draw(b, 'b-', 0, 10);
    await eventually(() => Object.keys(shapes(a.doc)).length === 20 && Object.keys(shapes(b.doc)).length === 20, 'both to have both');

    const closes: number[] = [];
    a.ws?.addEventListener('close', (e) => closes.push(e.code));
    await redis.kill();
    await eventually(() => closes.includes(CloseCode.ClusterUnavailable), 'editors closed with 4504');
    for (const r of cluster.relays) expect((await fetch(`${r.http}/healthz`)).status).toBe(503);
    const refused = rawSocket(`${r1.ws}/${room.id}`);
    expect((await refused.closed).code).toBe(CloseCode.ClusterUnavailable);

    // offline meanwhile: kept by the editors
    draw(a, 'a-off-', 0, 5);
    draw(b, 'b-off-', 0, 5);
    await redis.start();
    await eventually(() => a.wsconnected && b.wsconnected, 'editors reconnected', 20_000);
    await eventually(() => isDeepStrictEqual(shapes(a.doc), shapes(b.doc)) && Object.keys(shapes(a.doc)).length === 30, 'editors to resync', 20_000);
    const c = connectProvider(r1.ws, room.id);
    await synced(c);
    await eventually(() => isDeepStrictEqual(shapes(c.doc), shapes(a.doc)), 'a new editor to have everything');
    for (const p of [a, b, c]) p.destroy();
  }, 90_000);
});
