/**
 * The hardening guarantees in cluster mode: hostile frames against relays whose rooms
 * live in Redis and Postgres, and refusals that stay on the relay that refused them.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isDeepStrictEqual } from 'node:util';
import * as Y from 'yjs';
import * as encoding from 'lib0/encoding';
import { CloseCode } from '../../shared/closeCodes.ts';
import { connectProvider, createRoom, eventually, rawSocket, synced } from './clients.ts';
import { RUNTIMES } from './relayProcess.ts';
import { runFuzz } from './fuzz/harness.ts';
import { formatReport } from './fuzz/report.ts';
import { clusterEnv, startCluster, type TestCluster } from './cluster/harness.ts';
import { skipWithoutCluster } from './cluster/services.ts';

const skip = await skipWithoutCluster();

function updateFrame(update: Uint8Array): Uint8Array {
  const enc = encoding.createEncoder();
  encoding.writeVarUint(enc, 0);
  encoding.writeVarUint(enc, 2);
  encoding.writeVarUint8Array(enc, update);
  return encoding.toUint8Array(enc);
}

describe.skipIf(skip)('hostile input in cluster mode', () => {
  let cluster: TestCluster;
  beforeAll(async () => {
    cluster = await startCluster(['node', 'bun'], { env: { MAX_DOC_BYTES: '200000' } });
  }, 60_000);
  afterAll(() => cluster?.stop());

  it('a refused update reaches nobody on any relay, and the board stays open to everyone else', async () => {
    const [r0, r1] = cluster.relays;
    const room = await createRoom(r0.http);
    const honest = connectProvider(r1.ws, room.id);
    await synced(honest);
    honest.doc.getMap('shapes').set('mine', 1);

    // structs with a delete set that cannot be read: refused as a whole (4401), nothing applied
    const doc = new Y.Doc();
    doc.getMap('shapes').set('evil', 'x'.repeat(100));
    const good = Y.encodeStateAsUpdate(doc);
    const bad = rawSocket(`${r0.ws}/${room.id}`);
    await bad.opened;
    bad.ws.send(updateFrame(Uint8Array.of(...good.slice(0, -1), 5, 1, 2)));
    expect([CloseCode.InvalidUpdate, CloseCode.MalformedMessage]).toContain((await bad.closed).code);

    // past MAX_DOC_BYTES: 4414, counted across relays
    const big = new Y.Doc();
    big.getMap('shapes').set('huge', 'y'.repeat(250_000));
    const fat = rawSocket(`${r0.ws}/${room.id}`);
    await fat.opened;
    fat.ws.send(updateFrame(Y.encodeStateAsUpdate(big)));
    expect((await fat.closed).code).toBe(CloseCode.DocTooLarge);

    const late = connectProvider(r0.ws, room.id);
    await synced(late);
    late.doc.getMap('shapes').set('late', 2);
    await eventually(() => isDeepStrictEqual(honest.doc.getMap('shapes').toJSON(), { mine: 1, late: 2 }), 'honest editors to keep syncing across relays');
    expect(late.doc.getMap('shapes').toJSON()).toEqual({ mine: 1, late: 2 });
    honest.destroy();
    late.destroy();
  });
});

describe.skipIf(skip).each(RUNTIMES)('fuzzed frames against a relay in cluster mode (%s)', (runtime) => {
  let services: Awaited<ReturnType<typeof clusterEnv>>;
  beforeAll(async () => {
    services = await clusterEnv();
  });
  afterAll(() => services?.cleanup());

  it('seed 7: no crash, documented close codes, editors keep syncing, memory returns', async () => {
    const report = await runFuzz({ runtime, frames: 100, seed: 7, env: services.env, timeLimitMs: 45_000, maxFailures: 2, shrinkMs: 10_000, roomBatches: 25, freshEvery: 5, rssSettleMs: 2_000 });
    const text = formatReport(report);
    expect(report.failures.map((f) => `[${f.kind}] batch ${f.batch}: ${f.problems[0]}`), text).toEqual([]);
    expect(report.crashes).toBe(0);
    expect(report.frames).toBeGreaterThanOrEqual(100);
  }, 120_000);
});
