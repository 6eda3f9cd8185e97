import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { drawShapes, drawStrokes, rng, SCENE } from '../../bench/render/scene.ts';
import { exportBoard, insertShapes } from '../../client/board/serialize.ts';
import { parseShapesDocument } from '../../client/board/format.ts';
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
