import { createHash, randomBytes } from 'node:crypto';
import { request } from 'node:http';
import { describe, expect, it } from 'vitest';
import type { RoomInfo } from '../../shared/api.ts';
import { createRoom } from './clients.ts';
import { startRelay } from './relayProcess.ts';
import { relayOnStore, STORES } from './storeRelay.ts';

const MAX_FILE_BYTES = 64 * 1024;
const ROOM_FILES_BYTES = 150_000;
const FILES_PER_IP_PER_MINUTE = 6;

const sha256 = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');
const PNG_SIG = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
/** Bytes the relay takes for a PNG (it checks the magic bytes; browsers decode, the relay never does). */
const png = (size: number): Uint8Array<ArrayBuffer> => {
  const b = new Uint8Array(size);
  b.set(randomBytes(size));
  b.set(PNG_SIG);
  return b;
};
const enc = (s: string) => new TextEncoder().encode(s);

/** Each test speaks from its own address (TRUST_PROXY): the per-address bucket is the test's own. */
let nextIp = 1;
const address = () => `198.51.100.${nextIp++}`;

const viewIdOf = (room: RoomInfo) => room.viewUrl.replace('/v/', '');

describe.each(STORES)('files ($runtime, $store)', ({ runtime, store }) => {
  const s = relayOnStore(runtime, store, {
    MAX_FILE_BYTES: String(MAX_FILE_BYTES),
    ROOM_FILES_BYTES: String(ROOM_FILES_BYTES),
    FILES_PER_IP_PER_MINUTE: String(FILES_PER_IP_PER_MINUTE),
    TRUST_PROXY: '1',
  });

  const put = (roomId: string, sha: string, body: Uint8Array<ArrayBuffer>, ip = address()) =>
    fetch(`${s.relay.http}/api/rooms/${roomId}/files/${sha}`, { method: 'PUT', body, headers: { 'x-forwarded-for': ip } });
  const get = (path: string, method = 'GET') => fetch(`${s.relay.http}${path}`, { method });

  it('stores an image once under its hash; editors and the room\'s spectators read it back with safe headers', async (ctx) => {
    if (s.skip) return ctx.skip();
    const room = await createRoom(s.relay.http);
    const data = png(20_000);
    const sha = sha256(data);
    const first = await put(room.id, sha, data);
    expect(first.status).toBe(201);
    expect(await first.json()).toEqual({ sha256: sha, type: 'image/png', bytes: data.length });
    // the same file again: 200, nothing stored twice (the quota would show it)
    expect((await put(room.id, sha, data)).status).toBe(200);

    for (const path of [`/api/rooms/${room.id}/files/${sha}`, `/api/views/${viewIdOf(room)}/files/${sha}`]) {
      const res = await get(path);
      expect(res.status, path).toBe(200);
      expect(res.headers.get('content-type')).toBe('image/png');
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(res.headers.get('cache-control')).toBe('private, max-age=31536000, immutable');
      expect(res.headers.get('content-disposition')).toBe('inline');
      expect(res.headers.get('content-security-policy')).toContain("default-src 'self'");
      expect(Buffer.compare(Buffer.from(await res.arrayBuffer()), data)).toBe(0);
      const head = await get(path, 'HEAD');
      expect(head.status).toBe(200);
      expect(head.headers.get('content-type')).toBe('image/png');
    }
    // spectators only read
    expect((await fetch(`${s.relay.http}/api/views/${viewIdOf(room)}/files/${sha}`, { method: 'PUT', body: data })).status).toBe(405);
    expect((await fetch(`${s.relay.http}/api/rooms/${room.id}/files/${sha}`, { method: 'POST', body: data })).status).toBe(405);
  });

  it('a file of another room is 404, through its room and through its view; unknown rooms and names are 404', async (ctx) => {
    if (s.skip) return ctx.skip();
    const [mine, other] = [await createRoom(s.relay.http), await createRoom(s.relay.http)];
    const data = png(5000);
    const sha = sha256(data);
    expect((await put(mine.id, sha, data)).status).toBe(201);
    expect((await get(`/api/rooms/${other.id}/files/${sha}`)).status).toBe(404);
    expect((await get(`/api/views/${viewIdOf(other)}/files/${sha}`)).status).toBe(404);
    // a view id is not a room id, nor the other way round
    expect((await get(`/api/rooms/${viewIdOf(mine)}/files/${sha}`)).status).toBe(404);
    expect((await get(`/api/views/${mine.id}/files/${sha}`)).status).toBe(404);
    expect((await get(`/api/rooms/AAAAAAAAAAAAAAAAAAAAAA/files/${sha}`)).status).toBe(404);
    expect((await put('AAAAAAAAAAAAAAAAAAAAAA', sha, data)).status).toBe(404);
    for (const bad of [sha.toUpperCase(), sha.slice(1), `${sha}/x`, '..%2F..%2Fetc', '']) {
      expect((await get(`/api/rooms/${mine.id}/files/${bad}`)).status, bad).toBe(404);
    }
    expect((await get(`/api/rooms/${mine.id}/files`)).status).toBe(404);
  });

  it('refuses a body whose hash is not its name, a malformed name, an empty body, SVG, HTML and anything not PNG/JPEG/GIF/WebP', async (ctx) => {
    if (s.skip) return ctx.skip();
    const room = await createRoom(s.relay.http);
    const data = png(3000);
    const ip = address();
    expect((await put(room.id, sha256(png(3000)), data)).status).toBe(400);
    expect((await get(`/api/rooms/${room.id}/files/${sha256(data)}`)).status).toBe(404);
    expect((await put(room.id, sha256(data).toUpperCase(), data)).status).toBe(400);
    expect((await put(room.id, 'abc', data)).status).toBe(400);
    expect((await put(room.id, sha256(new Uint8Array()), new Uint8Array())).status).toBe(400);
    const refused = [
      enc('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><script>alert(1)</script></svg>'),
      enc('<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"/>'),
      enc('<!doctype html><html><script>alert(document.domain)</script></html>'),
      enc('%PDF-1.7\n'),
      // an image type in the middle, not at the start
      new Uint8Array([0x20, ...PNG_SIG, 0, 0]),
    ];
    for (const body of refused) {
      const res = await put(room.id, sha256(body), body, ip);
      expect(res.status).toBe(415);
      expect((await get(`/api/rooms/${room.id}/files/${sha256(body)}`)).status).toBe(404);
    }
    // the other accepted types, by their magic bytes, served as what they are
    const others: Array<[string, Uint8Array<ArrayBuffer>]> = [
      ['image/jpeg', new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3])],
      ['image/gif', enc('GIF89a\x01\x00\x01\x00')],
      ['image/webp', enc('RIFF\x10\x00\x00\x00WEBPVP8 ')],
    ];
    for (const [type, body] of others) {
      expect((await put(room.id, sha256(body), body)).status, type).toBe(201);
      expect((await get(`/api/rooms/${room.id}/files/${sha256(body)}`)).headers.get('content-type')).toBe(type);
    }
  });

  it('refuses a file over MAX_FILE_BYTES, declared or streamed, and goes on serving', async (ctx) => {
    if (s.skip) return ctx.skip();
    const room = await createRoom(s.relay.http);
    const exact = png(MAX_FILE_BYTES);
    expect((await put(room.id, sha256(exact), exact)).status).toBe(201);
    const big = png(MAX_FILE_BYTES + 1);
    // with a Content-Length: refused before any of it is read
    const declared = (await put(room.id, sha256(big), big)).status;
    expect(declared).toBe(413);
    // chunked, no length, far more than the limit (a hostile client streaming forever)
    const streamed = await streamBody(`${s.relay.http}/api/rooms/${room.id}/files/${sha256(big)}`, 64 * MAX_FILE_BYTES);
    expect([413, 'closed']).toContain(streamed);
    expect((await get(`/api/rooms/${room.id}/files/${sha256(big)}`)).status).toBe(404);
    // the relay lives on
    expect((await get('/healthz')).status).toBe(200);
    const small = png(100);
    expect((await put(room.id, sha256(small), small)).status).toBe(201);
    expect(s.relay.exitCode()).toBeNull();
  });

  it('answers Expect: 100-continue (curl -T): the go-ahead for a file it takes, 413 for one too large', async (ctx) => {
    if (s.skip) return ctx.skip();
    const room = await createRoom(s.relay.http);
    const ok = png(1000);
    expect(await expectContinue(`${s.relay.http}/api/rooms/${room.id}/files/${sha256(ok)}`, ok)).toEqual({ continued: true, status: 201 });
    const big = png(MAX_FILE_BYTES + 1);
    const refused = await expectContinue(`${s.relay.http}/api/rooms/${room.id}/files/${sha256(big)}`, big);
    expect(refused.status).toBe(413);
    // Node's transport holds the go-ahead back; Bun.serve gives it by itself, then reads no more than the limit
    if (runtime === 'node') expect(refused.continued).toBe(false);
  });

  it('keeps a board\'s images within ROOM_FILES_BYTES (507); other boards have their own quota', async (ctx) => {
    if (s.skip) return ctx.skip();
    const [room, other] = [await createRoom(s.relay.http), await createRoom(s.relay.http)];
    const files = [png(60_000), png(60_000), png(60_000)];
    expect((await put(room.id, sha256(files[0]), files[0])).status).toBe(201);
    expect((await put(room.id, sha256(files[1]), files[1])).status).toBe(201);
    const over = await put(room.id, sha256(files[2]), files[2]);
    expect(over.status).toBe(507);
    expect(((await over.json()) as { error: string }).error).toMatch(/room/);
    expect((await get(`/api/rooms/${room.id}/files/${sha256(files[2])}`)).status).toBe(404);
    // one already there is still "stored", quota or not
    expect((await put(room.id, sha256(files[0]), files[0])).status).toBe(200);
    expect((await put(other.id, sha256(files[2]), files[2])).status).toBe(201);
  });

  it('limits uploads per address (FILES_PER_IP_PER_MINUTE): 429 past it, other addresses unaffected', async (ctx) => {
    if (s.skip) return ctx.skip();
    const room = await createRoom(s.relay.http);
    const ip = address();
    const statuses: number[] = [];
    for (let i = 0; i < FILES_PER_IP_PER_MINUTE + 2; i++) {
      const data = png(200);
      statuses.push((await put(room.id, sha256(data), data, ip)).status);
    }
    expect(statuses.slice(0, FILES_PER_IP_PER_MINUTE)).toEqual(Array(FILES_PER_IP_PER_MINUTE).fill(201));
    expect(statuses.slice(FILES_PER_IP_PER_MINUTE)).toEqual([429, 429]);
    const data = png(200);
    expect((await put(room.id, sha256(data), data, address())).status).toBe(201);
    // reading is not limited
    expect((await get(`/api/rooms/${room.id}/files/${sha256(data)}`)).status).toBe(200);
  });

  it('files outlive a restart of the relay', async (ctx) => {
    if (s.skip) return ctx.skip();
    const room = await createRoom(s.relay.http);
    const data = png(10_000);
    expect((await put(room.id, sha256(data), data)).status).toBe(201);
    await s.relay.stop();
    s.relay = await startRelay({ runtime, env: s.env, dataDir: s.relay.dataDir });
    const res = await get(`/api/views/${viewIdOf(room)}/files/${sha256(data)}`);
    expect(res.status).toBe(200);
    expect(Buffer.compare(Buffer.from(await res.arrayBuffer()), data)).toBe(0);
  });
});

/**
 * PUTs `total` bytes in chunks without a Content-Length (as a client streaming forever
 * would), starting with a PNG signature: the status it gets, or 'closed' when the relay
 * cut the connection first.
 */
function streamBody(url: string, total: number): Promise<number | 'closed'> {
  return new Promise((resolve) => {
    const req = request(url, { method: 'PUT', headers: { 'transfer-encoding': 'chunked', 'x-forwarded-for': address() } });
    let sent = 0;
    let settled = false;
    const settle = (v: number | 'closed') => {
      if (settled) return;
      settled = true;
      resolve(v);
      req.destroy();
    };
    req.on('response', (res) => {
      res.resume();
      settle(res.statusCode ?? 0);
    });
    req.on('error', () => settle('closed'));
    const chunk = png(16 * 1024);
    const pump = () => {
      while (!settled && sent < total) {
        sent += chunk.length;
        if (!req.write(chunk)) return void req.once('drain', pump);
      }
      if (!settled) req.end();
    };
    pump();
  });
}

/** A PUT with `Expect: 100-continue`: the body goes only after the relay's go-ahead. */
function expectContinue(url: string, body: Uint8Array): Promise<{ continued: boolean; status: number }> {
  return new Promise((resolve, reject) => {
    let continued = false;
    const req = request(url, { method: 'PUT', headers: { expect: '100-continue', 'content-length': body.length, 'x-forwarded-for': address() } });
    req.on('continue', () => {
      continued = true;
      req.end(body);
    });
    req.on('response', (res) => {
      res.resume();
      resolve({ continued, status: res.statusCode ?? 0 });
      req.destroy();
    });
    req.on('error', reject);
    req.flushHeaders();
  });
}

