import { afterEach, describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import { CloseCode } from '../../shared/closeCodes.ts';
import { encodeRefused } from '../../shared/refused.ts';
import { parseShapesDocument } from '../board/format.ts';
import { insertShapes } from '../board/serialize.ts';
import { shapesMap } from '../board/strokes.ts';
import { FakeSocket, fakeProvider } from './fakeSocket.ts';
import { handleRefusals, repeatDelay } from './refusals.ts';
import { StatusStore } from './status.ts';

function setup() {
  const doc = new Y.Doc();
  const provider = fakeProvider(doc);
  const status = new StatusStore();
  const refusals = handleRefusals({ provider, doc, roomId: 'room', status, maxDocBytes: () => 2 * 1024 * 1024 });
  // connection.ts does the same with the provider's final close
  provider.on('closed', ({ code }) => refusals.reconnectAfter(code));
  provider.connect();
  FakeSocket.all[0].open();
  return { doc, provider, status, refusals };
}

/** What the relay sends for a refused update, then its close. */
function refuse(socket: FakeSocket, update: Uint8Array, code: number = CloseCode.DocTooLarge) {
  const meta = Y.parseUpdateMeta(update);
  const ranges = [...meta.to].map(([client, to]) => ({ client, from: meta.from.get(client) ?? 0, to }));
  socket.receive(encodeRefused({ code, reason: 'the board would pass its size limit', ranges }));
  socket.serverClose(code);
}

const big = Array.from({ length: 50 }, (_, i) => ({ type: 'sticky' as const, x: i, y: 0, w: 100, h: 100, color: '#1e1e1e', width: 2, bg: '#a5d8ff', text: `big ${i}` }));

describe('the editor after a refusal (refusals.ts, with y-websocket’s provider)', () => {
  afterEach(() => vi.useRealTimers());

  it('keeps the change, takes it out, says so, and connects again at once; the same change again backs off and keeps the message', () => {
    vi.useFakeTimers();
    const { doc, provider, status, refusals } = setup();
    insertShapes(doc, [{ type: 'rect', x: 0, y: 0, w: 5, h: 5, color: '#000000', width: 2 }], { author: 'me' });
    let update: Uint8Array = new Uint8Array();
    doc.once('update', (u: Uint8Array) => (update = u));
    insertShapes(doc, big, { author: 'me' });

    refuse(FakeSocket.all[0], update);
    expect(shapesMap(doc).size).toBe(1);
    const notice = status.get().notice!;
    expect(notice.message).toBe('This change is too large for the board (limit 2 MB). It was kept on this device.');
    expect(parseShapesDocument(notice.file!).shapes.map((s) => s.text)).toEqual(big.map((s) => s.text));
    // reconnected without waiting: the provider did not stop at the 44xx close
    expect(FakeSocket.all).toHaveLength(2);
    expect(provider.shouldConnect).toBe(true);
    expect(refusals.waiting()).toBe(false);

    // the board is so full that even the tombstones are refused: the same ranges again
    FakeSocket.all[1].open();
    refuse(FakeSocket.all[1], update);
    expect(status.get().notice).toBe(notice);
    expect(FakeSocket.all).toHaveLength(2);
    expect(refusals.waiting()).toBe(true);
    vi.advanceTimersByTime(repeatDelay(1));
    expect(FakeSocket.all).toHaveLength(3);
    FakeSocket.all[2].open();
    refuse(FakeSocket.all[2], update);
    vi.advanceTimersByTime(repeatDelay(1));
    expect(FakeSocket.all).toHaveLength(3); // the wait doubles
    vi.advanceTimersByTime(repeatDelay(2));
    expect(FakeSocket.all).toHaveLength(4);

    // dismissing forgets the kept change
    refusals.dismiss();
    expect(status.get().notice).toBeNull();
    refusals.destroy();
    provider.destroy();
  });

  it('a close without the refusal before it stays final, as y-websocket has it', () => {
    const { provider, refusals } = setup();
    FakeSocket.all[0].serverClose(CloseCode.DocTooLarge);
    expect(FakeSocket.all).toHaveLength(1);
    expect(provider.shouldConnect).toBe(false);
    refusals.destroy();
    provider.destroy();
  });
});
