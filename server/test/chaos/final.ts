/**
 * The end of a chaos run: everyone converges on one document, the relay holds it too,
 * and it survives the relay crashing once nobody is left to resend it.
 */
import * as Y from 'yjs';
import { applyDocBody } from '../../../shared/docBody.ts';
import { docPath } from '../../../shared/ids.ts';
import { connectProvider, eventually, synced } from '../clients.ts';
import type { ChaosClient } from './client.ts';
import { diffDocs } from './ledger.ts';
import { canonicalJson } from './ops.ts';
import type { RelayCtl } from './relayCtl.ts';

const CONVERGE_MS = 30_000;
const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');
const svHex = (doc: Y.Doc) => hex(Y.encodeStateVector(doc));

/** Equal state vectors (same inserts) and equal content (same deletes too: deletes leave the state vector alone). */
export function sameDoc(a: Y.Doc, b: Y.Doc): boolean {
  return svHex(a) === svHex(b) && canonicalJson(a) === canonicalJson(b);
}

/** A copy that outlives the clients it was taken from. */
export function copyDoc(doc: Y.Doc): Y.Doc {
  const copy = new Y.Doc();
  Y.applyUpdate(copy, Y.encodeStateAsUpdate(doc));
  return copy;
}

/** What a fresh reader gets from GET /api/rooms/<id>/doc. */
export async function readOverHttp(relay: RelayCtl, roomId: string): Promise<Y.Doc> {
  const res = await fetch(`${relay.http}${docPath(roomId)}`, { signal: AbortSignal.timeout(5000) });
  if (res.status !== 200) throw new Error(`GET ${docPath(roomId)}: ${res.status}`);
  const doc = new Y.Doc();
  applyDocBody(doc, new Uint8Array(await res.arrayBuffer()));
  return doc;
}

/** Waits until every client is connected, synced and holds the same document; null (with a failure) if not. */
export async function converge(clients: readonly ChaosClient[], fail: (msg: string) => void): Promise<Y.Doc | null> {
  const agreed = () => clients.every((c) => c.synced) && clients.every((c) => sameDoc(c.doc, clients[0].doc));
  try {
    await eventually(agreed, 'convergence', CONVERGE_MS);
    return copyDoc(clients[0].doc);
  } catch {
    const first = clients[0];
    const states = clients.map(
      (c) =>
        `${c.name} connected=${c.provider.wsconnected} synced=${c.provider.synced} sv=${svHex(c.doc)}` +
        (c === first ? '' : ` vs ${first.name}: ${diffDocs(first.doc, c.doc)}`),
    );
    fail(`clients did not converge within ${CONVERGE_MS / 1000} s of all going online:\n  ${states.join('\n  ')}`);
    return null;
  }
}

/** The relay's own copy (what a fresh reader gets) must be the converged document. */
export async function relayHolds(expected: Y.Doc, relay: RelayCtl, roomId: string, what: string, fail: (msg: string) => void): Promise<void> {
  let last: Y.Doc | null = null;
  // the relay may still be applying the last resent updates: poll a little
  const until = Date.now() + 5000;
  while (Date.now() < until) {
    last = await readOverHttp(relay, roomId);
    if (sameDoc(expected, last)) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  fail(`${what}: GET ${docPath(roomId)} differs from the converged document: ${last ? diffDocs(expected, last) : 'no answer'}`);
}

/**
 * The relay's own durability: nobody is left to resend anything, the relay crashes
 * (SIGKILL) well after the last broadcast, and a brand-new client must get it all.
 */
export async function durableAfterCrash(expected: Y.Doc, relay: RelayCtl, roomId: string, fail: (msg: string) => void): Promise<void> {
  await new Promise((r) => setTimeout(r, 200));
  await relay.stop('SIGKILL');
  await relay.start();
  const fresh = connectProvider(relay.ws, roomId);
  try {
    await synced(fresh, 10_000);
    await eventually(() => sameDoc(expected, fresh.doc), 'the full document in a new client', 5000).catch(() => undefined);
    if (!sameDoc(expected, fresh.doc)) {
      fail(
        'after every client left, 200 ms, SIGKILL and a restart, a new client got a different document: ' +
          `${diffDocs(expected, fresh.doc)} (state vector ${svHex(fresh.doc)}, expected ${svHex(expected)})`,
      );
    }
  } catch (err) {
    fail(`after the SIGKILL restart a new client did not sync: ${String(err)}`);
  } finally {
    fresh.destroy();
  }
  await relayHolds(expected, relay, roomId, 'after the SIGKILL restart', fail);
}
