import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isDeepStrictEqual } from 'node:util';
import * as Y from 'yjs';
import { connectProvider, createRoom, eventually, synced } from './clients.ts';
import { RUNTIMES, startRelay, type RelayProcess } from './relayProcess.ts';

const stroke = (doc: Y.Doc, id: string, points: number[]) => {
  const shape = new Y.Map<unknown>();
  const pts = new Y.Array<number>();
  pts.push(points);
  shape.set('type', 'stroke');
  shape.set('pts', pts);
  doc.getMap('shapes').set(id, shape);
};
const shapesJson = (doc: Y.Doc) => doc.getMap('shapes').toJSON();

describe.each(RUNTIMES)('editors sync through the relay (real y-websocket providers) (%s)', (runtime) => {
  let relay: RelayProcess;
  beforeAll(async () => {
    relay = await startRelay({ runtime });
  });
  afterAll(() => relay.stop());

  it('two clients converge, and a late joiner receives the whole board', async () => {
    const { id } = await createRoom(relay.http);
    const a = connectProvider(relay.ws, id);
    const b = connectProvider(relay.ws, id);
    await Promise.all([synced(a), synced(b)]);

    stroke(a.doc, 'from-a', [1, 2, 3]);
    stroke(b.doc, 'from-b', [4, 5, 6]);
    // Points appended while the pen moves reach the other side as they are drawn.
    (a.doc.getMap('shapes').get('from-a') as Y.Map<Y.Array<number>>).get('pts')!.push([7, 8, 9]);
    await eventually(
      () => isDeepStrictEqual(shapesJson(a.doc), shapesJson(b.doc)) && Object.keys(shapesJson(a.doc)).length === 2,
      'a and b to converge',
    );
    expect((shapesJson(b.doc)['from-a'] as { pts: number[] }).pts).toEqual([1, 2, 3, 7, 8, 9]);

    const c = connectProvider(relay.ws, id);
    await synced(c);
    await eventually(() => Object.keys(shapesJson(c.doc)).length === 2, 'late joiner to get the board');
    expect(shapesJson(c.doc)).toEqual(shapesJson(a.doc));
    for (const p of [a, b, c]) p.destroy();
  });

  it('a burst of updates is merged into one message per flush and still converges', async () => {
    const { id } = await createRoom(relay.http);
    const a = connectProvider(relay.ws, id);
    const b = connectProvider(relay.ws, id);
    await Promise.all([synced(a), synced(b)]);
    const metric = async (name: string) => Number(new RegExp(`^${name} (\\d+)$`, 'm').exec(await (await fetch(`${relay.http}/metrics`)).text())?.[1]);
    const merged = () => metric('wb_updates_merged_total');
    const burst = () => b.doc.getMap('shapes').get('burst') as Y.Array<number> | undefined;
    const pts = new Y.Array<number>();
    // a couple of updates to two editors: merging would not pay, each is forwarded as it came
    let before = await merged();
    a.doc.getMap('shapes').set('burst', pts);
    pts.push([0]);
    await eventually(() => burst()?.length === 1, 'b to get the first updates');
    expect(await merged()).toBe(before);

    let received = 0;
    b.ws!.addEventListener('message', () => received++);
    before = await merged();
    const concatenatedBefore = await metric('wb_updates_concatenated_total');
    const [acceptedBefore, batchesBefore] = [await metric('wb_updates_accepted_total'), await metric('wb_update_batches_total')];
    // 40 separate updates sent back to back: they reach the relay within a flush window or two.
    for (let i = 1; i <= 40; i++) pts.push([i]);
    await eventually(() => burst()?.length === 41, 'b to get the burst');
    expect(burst()!.toArray()).toEqual([...Array(41).keys()]);
    expect(await merged()).toBeGreaterThan(before);
    // one writer's appends: merged by concatenating their bytes, not by Y.mergeUpdates
    expect(await metric('wb_updates_concatenated_total')).toBeGreaterThan(concatenatedBefore);
    // applied to the relay's doc a flush at a time, several updates per Yjs transaction
    const accepted = (await metric('wb_updates_accepted_total')) - acceptedBefore;
    expect(accepted).toBe(40);
    expect((await metric('wb_update_batches_total')) - batchesBefore).toBeLessThan(accepted / 2);
    expect(received).toBeLessThan(40);
    a.destroy();
    b.destroy();
  });

  it('an editor connecting with nothing new changes nothing: its sync step 2 (only the delete set) is not forwarded or stored', async () => {
    const { id } = await createRoom(relay.http);
    const a = connectProvider(relay.ws, id);
    await synced(a);
    stroke(a.doc, 'kept', [1, 2, 3]);
    stroke(a.doc, 'gone', [4, 5, 6]);
    a.doc.getMap('shapes').delete('gone'); // the board now has tombstones
    const accepted = async () =>
      Number(/wb_updates_accepted_total (\d+)/.exec(await (await fetch(`${relay.http}/metrics`)).text())?.[1]);
    await eventually(() => a.synced && a.ws?.bufferedAmount === 0, 'a’s updates sent');
    await new Promise((r) => setTimeout(r, 200));
    const before = await accepted();

    // a second tab of the same board: it has everything already
    const tab = new Y.Doc();
    Y.applyUpdate(tab, Y.encodeStateAsUpdate(a.doc));
    const c = connectProvider(relay.ws, id, tab);
    await synced(c);
    await new Promise((r) => setTimeout(r, 300));
    expect(await accepted()).toBe(before);

    // a real deletion from it still goes through
    c.doc.getMap('shapes').delete('kept');
    await eventually(() => !a.doc.getMap('shapes').has('kept'), 'the deletion to reach a');
    expect(await accepted()).toBe(before + 1);
    a.destroy();
    c.destroy();
  });

  it('keeps rooms apart', async () => {
    const r1 = await createRoom(relay.http);
    const r2 = await createRoom(relay.http);
    const a = connectProvider(relay.ws, r1.id);
    const b = connectProvider(relay.ws, r2.id);
    await Promise.all([synced(a), synced(b)]);
    stroke(a.doc, 'only-in-r1', [1, 1, 1]);
    const probe = connectProvider(relay.ws, r1.id);
    await synced(probe);
    await eventually(() => probe.doc.getMap('shapes').has('only-in-r1'), 'r1 to hold the stroke');
    expect(b.doc.getMap('shapes').size).toBe(0);
    for (const p of [a, b, probe]) p.destroy();
  });

  it('shares awareness (cursors) between editors and drops it when one leaves', async () => {
    const { id } = await createRoom(relay.http);
    const a = connectProvider(relay.ws, id);
    const b = connectProvider(relay.ws, id);
    await Promise.all([synced(a), synced(b)]);
    a.awareness.setLocalState({ user: { id: 'ua', name: 'Ada', color: '#f00' }, cursor: { x: 10, y: 20 } });
    const cursorOfA = () => (b.awareness.getStates().get(a.doc.clientID) as { cursor?: { x: number } } | undefined)?.cursor;
    await eventually(() => cursorOfA()?.x === 10, 'b to see a’s cursor');
    a.destroy();
    await eventually(() => !b.awareness.getStates().has(a.doc.clientID), 'a’s cursor to disappear');
    b.destroy();
  });
});
