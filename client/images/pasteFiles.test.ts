import { createHash } from 'node:crypto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import { parseShapesDocument, type ShapeJSON } from '../board/format.ts';
import { copyShapes } from '../board/serialize.ts';
import { shapesMap } from '../board/strokes.ts';
import { copyFilesInto, copyNote, filesOf } from './pasteFiles.ts';

const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3, 4]);
const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');
const SHA = sha(PNG);
const VIEW = 'V'.repeat(22);
const image = (file: string): ShapeJSON => ({ type: 'image', x: 0, y: 0, color: '#1e1e1e', width: 4, w: 10, h: 10, file, mime: 'image/png', naturalWidth: 10, naturalHeight: 10 });

afterEach(() => vi.unstubAllGlobals());

/** A relay: `has` the target room's files; the source view serves `serve`. */
function fakeRelay(has: Set<string>, serve: Map<string, Uint8Array<ArrayBuffer>>) {
  const calls: string[] = [];
  vi.stubGlobal('fetch', async (url: string, init?: RequestInit) => {
    const method = init?.method ?? 'GET';
    calls.push(`${method} ${url}`);
    const file = url.split('/').pop()!;
    if (url.startsWith('/api/rooms/B/')) {
      if (method === 'HEAD') return new Response(null, { status: has.has(file) ? 200 : 404 });
      if (method === 'PUT') {
        has.add(file);
        return new Response('{}', { status: 201 });
      }
    }
    if (url.startsWith(`/api/views/${VIEW}/`) && serve.has(file)) return new Response(serve.get(file)!.slice(), { status: 200, headers: { 'content-type': 'image/png' } });
    return new Response('{}', { status: 404 });
  });
  return calls;
}

describe('pasting images into another board', () => {
  it('the clipboard names the source board by its view id only when images are copied; a hostile source is ignored', () => {
    const doc = new Y.Doc();
    const m = new Y.Map<unknown>();
    shapesMap(doc).set('a', m);
    for (const [k, v] of Object.entries({ type: 'image', z: 'a0', x: 0, y: 0, w: 10, h: 10, f: SHA, mime: 'image/png', nw: 10, nh: 10 })) m.set(k, v);
    const r = new Y.Map<unknown>();
    shapesMap(doc).set('r', r);
    for (const [k, v] of Object.entries({ type: 'rect', z: 'a1', x: 0, y: 0, w: 10, h: 10 })) r.set(k, v);
    expect(parseShapesDocument(copyShapes(doc, ['a', 'r'], { view: VIEW })).source).toEqual({ view: VIEW });
    expect(parseShapesDocument(copyShapes(doc, ['r'], { view: VIEW })).source).toBeUndefined();
    const text = (source: unknown) => JSON.stringify({ kind: 'whiteboard/shapes', version: 1, shapes: [image(SHA)], source });
    for (const bad of ['x', { view: '../../rooms/abc' }, { view: 'https://evil.example/' }, { view: 42 }, null, [VIEW]]) {
      expect(parseShapesDocument(text(bad)).source).toBeUndefined();
    }
    expect(filesOf([image(SHA), image(SHA), image('nope'), { ...image(SHA), file: undefined }])).toEqual([SHA]);
  });

  it('copies each file the board lacks from the source view, then it has it; files it has are not fetched', async () => {
    const other = sha(new Uint8Array([9]));
    const calls = fakeRelay(new Set([other]), new Map([[SHA, PNG]]));
    const r = await copyFilesInto('B', [image(SHA), image(other)], { view: VIEW });
    expect(r).toEqual({ copied: 2, failed: 0, reason: null });
    expect(calls.sort()).toEqual([`GET /api/views/${VIEW}/files/${SHA}`, `HEAD /api/rooms/B/files/${other}`, `HEAD /api/rooms/B/files/${SHA}`, `PUT /api/rooms/B/files/${SHA}`].sort());
    expect(copyNote(r)).toBeNull();
  });

  it('bytes that are not the file named, not an image, or not there are not uploaded; the note says so', async () => {
    const liar = 'ab'.repeat(32);
    const text = new TextEncoder().encode('<svg onload=alert(1)>');
    const calls = fakeRelay(new Set(), new Map([[liar, PNG], [sha(text), text]]));
    const r = await copyFilesInto('B', [image(liar), image(sha(text)), image('cd'.repeat(32))], { view: VIEW });
    expect(r.failed).toBe(3);
    expect(r.copied).toBe(0);
    expect(calls.some((c) => c.startsWith('PUT'))).toBe(false);
    expect(copyNote(r)).toMatch(/^3 images could not be copied to this board: .+\. They show as a placeholder\.$/);
    // no source at all
    const none = await copyFilesInto('B', [image('ef'.repeat(32))], null);
    expect(copyNote(none)).toMatch(/^An image could not be copied to this board: .+ It shows as a placeholder\.$/);
  });

  it('copies the previews an image names after its file; a preview missing at the source is no failure', async () => {
    const PREVIEW = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 7]);
    const gone = 'ee'.repeat(32);
    const calls = fakeRelay(new Set(), new Map([[SHA, PNG], [sha(PREVIEW), PREVIEW]]));
    const big = { ...image(SHA), naturalWidth: 2000, naturalHeight: 1500, previews: [{ size: 256, file: sha(PREVIEW) }, { size: 1024, file: gone }] };
    const r = await copyFilesInto('B', [big], { view: VIEW });
    expect(r).toEqual({ copied: 1, failed: 0, reason: null });
    expect(calls.filter((c) => c.startsWith('PUT')).sort()).toEqual([`PUT /api/rooms/B/files/${SHA}`, `PUT /api/rooms/B/files/${sha(PREVIEW)}`].sort());
    expect(calls).toContain(`GET /api/views/${VIEW}/files/${gone}`);
  });
});
