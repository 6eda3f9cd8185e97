import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import * as Y from 'yjs';
import { RoomFeed } from '../cluster/feed.ts';
import type { LogEntry } from '../cluster/entries.ts';
import { connectProvider, createRoom, eventually, synced } from './clients.ts';
import { startCluster, type TestCluster } from './cluster/harness.ts';
import { REDIS_URL, skipWithoutCluster } from './cluster/services.ts';

const skip = await skipWithoutCluster();

/** A room's stream as the append script writes it: entries `<seq>-0` with fields r (relay) and u (update). */
async function append(redis: Redis, stream: string, seq: number, relay = 'other'): Promise<Uint8Array> {
  const update = Uint8Array.of(seq % 256, 1, 2, 3);
  await redis.xadd(stream, `${seq}-0`, 'r', relay, 'u', Buffer.from(update));
  return update;
}

describe.skipIf(skip)('a room feed (cluster/feed.ts) against a real Redis', () => {
  let redis: Redis;
  const stream = `wbtest${randomBytes(4).toString('hex')}:{feed}:log`;
  beforeAll(() => {
    redis = new Redis(REDIS_URL, { maxRetriesPerRequest: 1 });
  });
  afterAll(async () => {
    await redis.del(stream);
    redis.disconnect();
  });

  function follow(after: number) {
    const delivered: LogEntry[][] = [];
    const failures: string[] = [];
    const feed = new RoomFeed(redis, stream, after, (entries) => delivered.push(entries), (reason) => failures.push(reason));
    return { feed, delivered, failures, seqs: () => delivered.flat().map((e) => e.seq) };
  }

  it('delivers every seq once, in order: what arrives ahead of its turn waits for a read of the stream; a burst arrives as one batch; notices are read from the stream', async () => {
    await redis.del(stream);
    const updates = new Map<number, Uint8Array>();
    for (let seq = 1; seq <= 6; seq++) updates.set(seq, await append(redis, stream, seq));
    const f = follow(0);
    // 1 and 2 in turn, in one burst
    f.feed.receive(1, 'other', updates.get(1)!);
    f.feed.receive(2, 'other', updates.get(2)!);
    // 5 ahead of 3 and 4 (published before the subscription took effect), 6 as a notice only
    f.feed.receive(5, 'other', updates.get(5)!);
    f.feed.receive(6, 'other', null);
    // again, and older: ignored
    f.feed.receive(2, 'other', updates.get(2)!);
    await eventually(() => f.seqs().length === 6, 'all six delivered', 3000);
    expect(f.seqs()).toEqual([1, 2, 3, 4, 5, 6]);
    expect(f.delivered[0].map((e) => e.seq)).toEqual([1, 2]);
    expect(f.delivered.flat().map((e) => [...e.update])).toEqual([1, 2, 3, 4, 5, 6].map((s) => [...updates.get(s)!]));
    expect(f.failures).toEqual([]);
    // a fill with nothing new delivers nothing
    await f.feed.fill();
    expect(f.seqs()).toHaveLength(6);
    f.feed.close();
  });

  it('a stream trimmed below what the feed still needs fails the room (it reloads) instead of skipping', async () => {
    await redis.del(stream);
    for (let seq = 1; seq <= 5; seq++) await append(redis, stream, seq);
    await redis.xtrim(stream, 'MINID', '4-0');
    const f = follow(1);
    f.feed.receive(5, 'other', Uint8Array.of(5));
    await eventually(() => f.failures.length > 0, 'the gap seen', 3000);
    expect(f.failures[0]).toMatch(/stream gap/);
    expect(f.seqs()).toEqual([]);
    f.feed.close();
  });
});

describe.skipIf(skip)('two relays: entries too large to publish', () => {
  let cluster: TestCluster;
  beforeAll(async () => {
    cluster = await startCluster(['node', 'node']);
  }, 60_000);
  afterAll(() => cluster?.stop());

  it('an update over 64 KiB reaches the other relay (published as a notice, read from the stream), between small ones, in order', async () => {
    const [r0, r1] = cluster.relays;
    const room = await createRoom(r0.http);
    const a = connectProvider(r0.ws, room.id);
    const b = connectProvider(r1.ws, room.id);
    await Promise.all([synced(a), synced(b)]);
    const text = a.doc.getText('t');
    text.insert(0, 'before ');
    text.insert(text.length, 'x'.repeat(100_000));
    text.insert(text.length, ' after');
    await eventually(() => b.doc.getText('t').toString() === text.toString(), 'the large update on the other relay', 10_000);
    expect(b.doc.store.pendingStructs).toBeNull();
    // and the other way round
    b.doc.getText('t').insert(0, 'y'.repeat(70_000));
    await eventually(() => a.doc.getText('t').length === 7 + 100_000 + 6 + 70_000, 'back on the first relay', 10_000);
    expect(Y.encodeStateVector(a.doc)).toEqual(Y.encodeStateVector(b.doc));
    a.destroy();
    b.destroy();
  });
});
