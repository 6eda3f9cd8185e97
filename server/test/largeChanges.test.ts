import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { drawShapes, drawStrokes, rng, SCENE } from '../../bench/render/scene.ts';
import { exportBoard, insertShapes } from '../../client/board/serialize.ts';
import { parseShapesDocument } from '../../client/board/format.ts';
import WebSocket from 'ws';
import { WebsocketProvider } from 'y-websocket';
import { chunkingSocket } from '../../shared/chunkedSocket.ts';
import { CloseCode } from '../../shared/closeCodes.ts';
import { REFUSED_MESSAGE } from '../../shared/refused.ts';
import { connectProvider, createRoom, eventually, synced } from './clients.ts';
import { RUNTIMES, startRelay, type RelayProcess } from './relayProcess.ts';

/** One transaction of about `bytes`: many shapes with long labels, as a pasted board would be. */
function bigChange(doc: Y.Doc, bytes: number, tag: string): void {
  const shapes = doc.getMap('shapes');
  doc.transact(() => {
    for (let i = 0; i * 10_000 < bytes; i++) shapes.set(`${tag}-${i}`, `${i}:${'x'.repeat(10_000)}`);
  });
}

let boardFile: string | null = null;
/** The render benchmark's board as a board file, made once for both runtimes. */
function benchmarkBoardFile(): string {
  if (boardFile) return boardFile;
  const source = new Y.Doc();
  const r = rng(1);
  drawStrokes(source, r, SCENE.strokes);
  drawShapes(source, r, SCENE.shapes);
  return (boardFile = exportBoard(source));
}

// drawing the board takes tens of seconds on a loaded machine: once, before the tests' clocks start
beforeAll(() => void benchmarkBoardFile(), 240_000);

describe.each(RUNTIMES)('a large change always reaches everyone (%s)', (runtime) => {
  let relay: RelayProcess;
  beforeAll(async () => {
    relay = await startRelay({ runtime });
  });
  afterAll(() => relay.stop());

  it('a 5 MB change from a y-websocket client reaches a second client', async () => {
    const { id } = await createRoom(relay.http);
    const a = connectProvider(relay.ws, id);
    const b = connectProvider(relay.ws, id);
    await Promise.all([synced(a), synced(b)]);
    bigChange(a.doc, 5_000_000, 'five');
    await eventually(() => b.doc.getMap('shapes').size === a.doc.getMap('shapes').size, 'the 5 MB change at the other client', 30_000);
    a.doc.getMap('shapes').set('after', 1);
    await eventually(() => b.doc.getMap('shapes').get('after') === 1, 'syncing to go on');
    for (const p of [a, b]) p.destroy();
  }, 60_000);

  it('an editor offline with 3 MB of edits reconnects and they arrive', async () => {
    const { id } = await createRoom(relay.http);
    const a = connectProvider(relay.ws, id);
    const b = connectProvider(relay.ws, id);
    await Promise.all([synced(a), synced(b)]);
    a.disconnect();
    // many separate edits made offline: the reconnect's sync step 2 carries all of them
    for (let i = 0; i < 300; i++) a.doc.getMap('shapes').set(`off-${i}`, 'y'.repeat(10_000));
    a.connect();
    await eventually(() => b.doc.getMap('shapes').size === 300, 'the 3 MB of offline edits', 30_000);
    for (const p of [a, b]) p.destroy();
  }, 60_000);

  it('the JSON import of the 10,000-stroke benchmark board into an empty room arrives at a second client', async () => {
    const file = benchmarkBoardFile();
    // generating took seconds on a blocked loop: let the client notice sockets the relay closed meanwhile
    await new Promise((r) => setTimeout(r, 100));
    const { id } = await createRoom(relay.http);
    const a = connectProvider(relay.ws, id);
    const b = connectProvider(relay.ws, id);
    await Promise.all([synced(a), synced(b)]);
    insertShapes(a.doc, parseShapesDocument(file).shapes, { author: 'importer' });
    const expected = SCENE.strokes + SCENE.shapes;
    expect(a.doc.getMap('shapes').size).toBe(expected);
    await eventually(() => b.doc.getMap('shapes').size === expected, 'the imported board at the other client', 60_000);
    for (const p of [a, b]) p.destroy();
  }, 90_000);
});

describe.each(RUNTIMES)('a change over MAX_DOC_BYTES (%s)', (runtime) => {
  let relay: RelayProcess;
  beforeAll(async () => {
    relay = await startRelay({ runtime, env: { MAX_DOC_BYTES: String(2 * 1024 * 1024) } });
  });
  afterAll(() => relay.stop());

  it('is named to its sender before the close (4414), and nothing of it reaches anyone', async () => {
    const { id } = await createRoom(relay.http);
    const a = connectProvider(relay.ws, id);
    const b = connectProvider(relay.ws, id);
    await Promise.all([synced(a), synced(b)]);
    const refused: number[] = [];
    a.messageHandlers[REFUSED_MESSAGE] = () => void refused.push(Date.now());
    const closes: number[] = [];
    a.on('connection-close', (e: CloseEvent | null) => e && closes.push(e.code));
    bigChange(a.doc, 3_000_000, 'huge');
    await eventually(() => closes.includes(CloseCode.DocTooLarge), 'close 4414', 20_000);
    expect(refused.length).toBe(1);
    b.doc.getMap('shapes').set('still', 1);
    const c = connectProvider(relay.ws, id);
    await synced(c);
    await eventually(() => c.doc.getMap('shapes').get('still') === 1, 'the room to keep working');
    expect([...c.doc.getMap('shapes').keys()]).toEqual(['still']);
    for (const p of [a, b, c]) p.destroy();
  }, 60_000);
});

describe.each(RUNTIMES)('changes over the frame limit, from an editor that cuts them (%s)', (runtime) => {
  const FRAME = 256 * 1024;
  let relay: RelayProcess;
  beforeAll(async () => {
    relay = await startRelay({ runtime, env: { MAX_FRAME_BYTES: String(FRAME) } });
  });
  afterAll(() => relay.stop());

  /** The stock y-websocket provider on the socket the browser client uses (shared/chunkedSocket.ts). */
  const cutting = (id: string, doc = new Y.Doc()) =>
    new WebsocketProvider(relay.ws, id, doc, {
      WebSocketPolyfill: chunkingSocket(WebSocket, () => FRAME) as unknown as typeof globalThis.WebSocket,
      disableBc: true,
    });
  const closesOf = (p: WebsocketProvider) => {
    const codes: number[] = [];
    p.on('connection-close', (e: CloseEvent | null) => e && codes.push(e.code));
    return codes;
  };

  it('3 MB of offline edits (a sync step 2 twelve times the limit) arrive, and the room goes on', async () => {
    const { id } = await createRoom(relay.http);
    const a = cutting(id);
    const b = connectProvider(relay.ws, id);
    await Promise.all([synced(a), synced(b)]);
    const closes = closesOf(a);
    a.disconnect();
    for (let i = 0; i < 300; i++) a.doc.getMap('shapes').set(`off-${i}`, 'y'.repeat(10_000));
    const points = a.doc.getArray<number>('deleted');
    for (let i = 0; i < 2000; i++) points.push([i]);
    for (let i = 0; i < 1000; i++) points.delete(i, 1);
    a.connect();
    await eventually(() => b.doc.getMap('shapes').size === 300, 'the 3 MB of offline edits', 30_000);
    await eventually(() => b.doc.getArray('deleted').length === 1000, 'the offline deletions');
    expect(b.doc.getArray('deleted').toJSON()).toEqual(points.toJSON());
    expect(closes.filter((c) => c >= 4000)).toEqual([]);
    b.doc.getMap('shapes').set('after', 1);
    await eventually(() => a.doc.getMap('shapes').get('after') === 1, 'syncing to go on');
    for (const p of [a, b]) p.destroy();
  }, 60_000);

  it('one 2 MB transaction arrives in parts, and a provider that sends a large one whole is closed with 4413', async () => {
    const { id } = await createRoom(relay.http);
    const a = cutting(id);
    const b = connectProvider(relay.ws, id);
    const plain = connectProvider(relay.ws, id);
    await Promise.all([synced(a), synced(b), synced(plain)]);
    const closes = closesOf(a);
    const plainCloses = closesOf(plain);
    bigChange(a.doc, 2_000_000, 'two');
    await eventually(() => b.doc.getMap('shapes').size === a.doc.getMap('shapes').size, 'the 2 MB change at the other client', 30_000);
    expect(closes).toEqual([]);
    // over the limit but under what the WebSocket layer buffers (which answers 1009 instead)
    bigChange(plain.doc, 400_000, 'whole');
    await eventually(() => plainCloses.includes(CloseCode.FrameTooLarge), 'close 4413 for the uncut change');
    for (const p of [a, b, plain]) p.destroy();
  }, 60_000);
});
