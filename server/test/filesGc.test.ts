/**
 * Collecting unreferenced files (server/files/collector.ts) on a real relay, on every
 * store: a deleted image's file goes once it has been unreferenced for the grace period
 * (FILES_GRACE_MS, short here), and its bytes stop counting against ROOM_FILES_BYTES; a
 * file the board shows (as an image or as one of its previews) and one only a kept
 * version names stay; a collected file can be uploaded again.
 */
import { createHash, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { applyDocBody } from '../../shared/docBody.ts';
import { F, SHAPES } from '../../shared/schema.ts';
import { connectProvider, createRoom, synced } from './clients.ts';
import { relayOnStore, STORES } from './storeRelay.ts';

const GRACE_MS = 2000;
const KB = 1000;
const sha256 = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');
const png = (size: number): Uint8Array<ArrayBuffer> => {
  const b = new Uint8Array(size);
  b.set(randomBytes(size));
  b.set([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  return b;
};
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function addImage(doc: Y.Doc, id: string, file: string, previews?: [number, string][]): void {
  const m = new Y.Map<unknown>();
  m.set(F.type, 'image');
  m.set(F.file, file);
  m.set(F.mime, 'image/png');
  if (previews) m.set(F.previews, previews);
  doc.getMap(SHAPES).set(id, m);
}

describe.each(STORES)('collecting unreferenced files ($runtime, $store)', ({ runtime, store }) => {
  const s = relayOnStore(runtime, store, {
    FILES_GRACE_MS: String(GRACE_MS),
    FILES_GC_INTERVAL_MS: '0',
    ROOM_IDLE_MS: '100',
    ROOM_FILES_BYTES: String(85 * KB),
  });
  const url = (roomId: string, sha: string) => `${s.relay.http}/api/rooms/${roomId}/files/${sha}`;
  const put = (roomId: string, data: Uint8Array<ArrayBuffer>) => fetch(url(roomId, sha256(data)), { method: 'PUT', body: data }).then((r) => r.status);
  const status = (roomId: string, data: Uint8Array) => fetch(url(roomId, sha256(data)), { method: 'HEAD' }).then((r) => r.status);
  /** The shape ids the relay's document has (what GET /doc serves). */
  const relayShapes = async (roomId: string) => {
    const doc = new Y.Doc();
    applyDocBody(doc, new Uint8Array(await (await fetch(`${s.relay.http}/api/rooms/${roomId}/doc`)).arrayBuffer()));
    return [...doc.getMap(SHAPES).keys()].sort();
  };
  /** One editor's visit: what `edit` does reaches the relay, then the editor leaves and the room unloads. */
  async function visit(roomId: string, edit: (doc: Y.Doc) => Promise<void> | void): Promise<void> {
    const p = connectProvider(s.relay.ws, roomId);
    await synced(p);
    await edit(p.doc);
    p.destroy();
    // unloaded (ROOM_IDLE_MS) and its pass run
    await sleep(600);
  }
  /** Polls an asynchronous check (bounded). */
  const until = async (check: () => Promise<boolean>, what: string) => {
    let ok = await check();
    for (const end = Date.now() + 10_000; !ok && Date.now() < end; ok = await check()) await sleep(100);
    expect(ok, what).toBe(true);
  };

  it('a deleted image goes after the grace period and frees the quota; shown files and files of kept versions stay', async (ctx) => {
    if (s.skip) return ctx.skip();
    const { id } = await createRoom(s.relay.http);
    const [shown, preview, versioned] = [png(20 * KB), png(20 * KB), png(20 * KB)];
    const [deleted1, deleted2, late] = [png(10 * KB), png(10 * KB), png(10 * KB)];
    for (const f of [shown, preview, versioned, deleted1, deleted2]) expect(await put(id, f)).toBe(201);
    // 80 KB of 85: the board is full for another 10
    expect(await put(id, late)).toBe(507);

    await visit(id, async (doc) => {
      const shapes = doc.getMap(SHAPES);
      addImage(doc, 'v', sha256(versioned));
      await until(async () => (await relayShapes(id)).includes('v'), 'the relay has v');
      expect((await fetch(`${s.relay.http}/api/rooms/${id}/versions?name=with%20v`, { method: 'POST' })).status).toBe(201);
      shapes.delete('v');
      addImage(doc, 'd1', sha256(deleted1));
      addImage(doc, 'd2', sha256(deleted2));
      shapes.delete('d1');
      shapes.delete('d2');
      addImage(doc, 'a', sha256(shown), [[256, sha256(preview)]]);
      await until(async () => (await relayShapes(id)).join() === 'a', 'the relay has only a');
    });
    // found unreferenced, but within the grace period: still there, still counted
    for (const f of [deleted1, deleted2]) expect(await status(id, f)).toBe(200);
    expect(await put(id, late)).toBe(507);

    await sleep(GRACE_MS);
    await visit(id, () => {});
    await until(async () => (await status(id, deleted1)) === 404 && (await status(id, deleted2)) === 404, 'the deleted images are collected');
    for (const f of [shown, preview, versioned]) expect(await status(id, f)).toBe(200);
    // their 20 KB are free again
    expect(await put(id, late)).toBe(201);
    // and a collected file is stored again when someone uploads it
    expect(await put(id, deleted1)).toBe(201);
    expect(await status(id, deleted1)).toBe(200);
  }, 40_000);
});
