import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isValidId } from '../../shared/ids.ts';
import type { RoomInfo, ViewInfo } from '../../shared/api.ts';
import * as Y from 'yjs';
import { applyDocBody, DOC_CONTENT_TYPE, readDocBody, type DocFrame } from '../../shared/docBody.ts';
import { connectProvider, createRoom, eventually, synced } from './clients.ts';
import { RUNTIMES, startRelay, type RelayProcess } from './relayProcess.ts';

/**
 * A stand-in for the built client (these tests are about the relay, not the app), so
 * they pass whether or not `vite build` has run.
 */
function fakeClientDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'wb-client-'));
  mkdirSync(join(dir, 'assets'));
  writeFileSync(join(dir, 'index.html'), '<!doctype html><title>Whiteboard</title><div id="app"></div><script type="module" src="/assets/app.js"></script>\n');
  writeFileSync(join(dir, 'assets/app.js'), 'export {};\n');
  return dir;
}

/**
 * How many rooms the relay has created so far, from its log, once a room created now has
 * shown up there: the log is one ordered stream, so everything before it has arrived too.
 */
async function roomsCreated(relay: RelayProcess): Promise<number> {
  const { id } = await createRoom(relay.http);
  const created = () => relay.logs.filter((l) => l.msg === 'room created');
  await eventually(() => created().some((l) => l.room === id), 'the room just created in the log');
  return created().length;
}

/** The relay's count of documents it encoded for GET /doc (/metrics). */
const docEncodes = async (http: string) => Number(/wb_doc_encodes_total (\d+)/.exec(await (await fetch(`${http}/metrics`)).text())?.[1]);

describe.each(RUNTIMES)('HTTP API and pages (%s)', (runtime) => {
  let relay: RelayProcess;
  beforeAll(async () => {
    relay = await startRelay({ runtime, env: { CLIENT_DIR: fakeClientDir() } });
  });
  afterAll(() => relay.stop());

  it('POST /api/rooms creates a room with an edit and a spectator link; GET reads it back', async () => {
    const res = await fetch(`${relay.http}/api/rooms`, { method: 'POST' });
    expect(res.status).toBe(201);
    const room = (await res.json()) as RoomInfo;
    expect(isValidId(room.id)).toBe(true);
    expect(room.editUrl).toBe(`/r/${room.id}`);
    const viewId = room.viewUrl.replace('/v/', '');
    expect(isValidId(viewId)).toBe(true);
    expect(viewId).not.toBe(room.id);
    expect(room.viewUrl).not.toContain(room.id);

    const again = await fetch(`${relay.http}/api/rooms/${room.id}`);
    expect(again.status).toBe(200);
    expect(await again.json()).toEqual(room);
    const view = (await (await fetch(`${relay.http}/api/views/${viewId}`)).json()) as ViewInfo;
    expect(view).toEqual({ viewId, viewUrl: room.viewUrl, eventsUrl: `/rooms/${viewId}/events` });
    expect(JSON.stringify(view)).not.toContain(room.id);
  });

  it('rooms are unguessable and distinct', async () => {
    const ids = new Set<string>();
    for (let i = 0; i < 20; i++) ids.add(((await (await fetch(`${relay.http}/api/rooms`, { method: 'POST' })).json()) as RoomInfo).id);
    expect(ids.size).toBe(20);
  });

  it('unknown or malformed ids get 404s', async () => {
    expect((await fetch(`${relay.http}/api/rooms/AAAAAAAAAAAAAAAAAAAAAA`)).status).toBe(404);
    expect((await fetch(`${relay.http}/api/rooms/nope`)).status).toBe(404);
    expect((await fetch(`${relay.http}/api/views/nope`)).status).toBe(404);
    for (const path of ['/r/AAAAAAAAAAAAAAAAAAAAAA', '/r/short', '/v/AAAAAAAAAAAAAAAAAAAAAA', '/v/x/y', '/nothing-here', '/assets/../../package.json']) {
      const res = await fetch(`${relay.http}${path}`);
      expect(res.status, path).toBe(404);
      expect(res.headers.get('content-type')).toContain('text/html');
      expect(await res.text()).toContain('Board not found');
    }
    expect((await fetch(`${relay.http}/api/rooms`, { method: 'GET' })).status).toBe(405);
  });

  it('GET /api/rooms/<id>/doc serves the document (an encoding, then the updates logged since), current after every edit, encoding nothing', async () => {
    const room = await createRoom(relay.http);
    const encodesBefore = await docEncodes(relay.http);
    let frames: DocFrame[] = [];
    const fetchDoc = async () => {
      const res = await fetch(`${relay.http}/api/rooms/${room.id}/doc`);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe(DOC_CONTENT_TYPE);
      const body = new Uint8Array(await res.arrayBuffer());
      frames = readDocBody(body);
      const doc = new Y.Doc();
      applyDocBody(doc, body);
      return doc.getMap<number | string>('m').toJSON();
    };
    expect(await fetchDoc()).toEqual({});

    const writer = connectProvider(relay.ws, room.id);
    await synced(writer);
    const m = writer.doc.getMap<number | string>('m');
    // big enough that a small edit after it is worth sending as is
    const text = 'y'.repeat(2000);
    writer.doc.transact(() => {
      m.set('a', 1);
      m.set('t', text);
    });
    await eventually(() => writer.wsconnected, 'connection');
    let seen: Record<string, number | string> = {};
    const until = Date.now() + 10_000;
    while (seen.a !== 1 && Date.now() < until) seen = await fetchDoc();
    expect(seen).toEqual({ a: 1, t: text });
    const base = frames[0];
    expect(base.v2).toBe(true);
    // a second edit must not be hidden behind the first encoding, and does not cost a
    // new one: it follows the encoding as the update the relay accepted
    m.set('b', 2);
    while (seen.b !== 2 && Date.now() < until) seen = await fetchDoc();
    expect(seen).toEqual({ a: 1, t: text, b: 2 });
    expect(frames[0].update).toEqual(base.update);
    expect(frames.length).toBeGreaterThan(1);
    expect(frames.slice(1).every((f) => !f.v2)).toBe(true);
    // none of these reads encoded the document
    expect(await docEncodes(relay.http)).toBe(encodesBefore);
    writer.destroy();

    // the edit page asks the browser to start fetching it with the page
    const page = await fetch(`${relay.http}/r/${room.id}`);
    expect(page.status).toBe(200);
    expect(page.headers.get('link')).toBe(`</api/rooms/${room.id}/doc>; rel=preload; as=fetch; crossorigin`);

    expect((await fetch(`${relay.http}/api/rooms/AAAAAAAAAAAAAAAAAAAAAA/doc`)).status).toBe(404);
    expect((await fetch(`${relay.http}/api/rooms/nope/doc`)).status).toBe(404);
    expect((await fetch(`${relay.http}/api/rooms/${room.id}/doc`, { method: 'POST' })).status).toBe(405);
  });

  it('GET /doc after a compaction serves the fold as the encoding, without the updates it folded', async () => {
    const quiet = await startRelay({ runtime, env: { COMPACT_UPDATES: '5', LOG_LEVEL: 'debug' } });
    try {
      const room = await createRoom(quiet.http);
      const writer = connectProvider(quiet.ws, room.id);
      await synced(writer);
      // a spectator-like second editor keeps the room loaded after the writer leaves
      const stay = connectProvider(quiet.ws, room.id);
      await synced(stay);
      const m = writer.doc.getMap<number>('m');
      for (let i = 0; i < 5; i++) {
        m.set(`k${i}`, i);
        await new Promise((r) => setTimeout(r, 60));
      }
      await eventually(() => quiet.logs.some((l) => l.msg === 'compacted' && l.on === 'thread'), 'a compaction on the thread');
      const before = await docEncodes(quiet.http);
      const res = await fetch(`${quiet.http}/api/rooms/${room.id}/doc`);
      const body = new Uint8Array(await res.arrayBuffer());
      const frames = readDocBody(body);
      const doc = new Y.Doc();
      applyDocBody(doc, body);
      expect(doc.getMap('m').toJSON()).toEqual({ k0: 0, k1: 1, k2: 2, k3: 3, k4: 4 });
      expect(frames).toHaveLength(1);
      expect(await docEncodes(quiet.http)).toBe(before);
      writer.destroy();
      stay.destroy();
    } finally {
      await quiet.stop();
    }
  });

  it('GET / and HEAD / serve the landing page (the app, which POSTs for a room) and create no room', async () => {
    const before = await roomsCreated(relay);
    for (const method of ['GET', 'HEAD', 'GET']) {
      const res = await fetch(`${relay.http}/`, { method, redirect: 'manual' });
      expect(res.status, method).toBe(200);
      expect(res.headers.get('location')).toBeNull();
      expect(res.headers.get('content-type')).toContain('text/html');
      const body = await res.text();
      if (method === 'GET') expect(body).toContain('<div id="app">');
      else expect(body).toBe('');
    }
    // only roomsCreated's own room is new
    expect(await roomsCreated(relay)).toBe(before + 1);
  });

  it('/healthz reports', async () => {
    const res = await fetch(`${relay.http}/healthz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ ok: true });
  });

  it('/metrics speaks the Prometheus text format', async () => {
    const res = await fetch(`${relay.http}/metrics`);
    expect(res.headers.get('content-type')).toContain('text/plain');
    const text = await res.text();
    expect(text).toMatch(/^# TYPE wb_updates_accepted_total counter$/m);
    expect(text).toMatch(/^wb_rooms \d+$/m);
  });
});
