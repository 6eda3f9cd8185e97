/**
 * Real Yjs documents edited through the Yjs API, turned into frames: whole-state
 * updates, per-transaction updates, merged ones, state vectors, and hostile
 * re-arrangements of them (missing clocks, reversed order).
 */
import fc from 'fast-check';
import * as Y from 'yjs';
import { syncFrame, SYNC, varUint } from './wire.ts';
import { anyValue, attrs, bigString, honestValue, jsonValue, logInt, text, type AnyValue, type Json } from './values.ts';
import { IDS, type FuzzGroup } from './types.ts';

type Op =
  | { t: 'mapSet'; root: string; key: string; value: AnyValue }
  | { t: 'mapDel'; root: string; key: string }
  | { t: 'arrIns'; root: string; at: number; values: AnyValue[] }
  | { t: 'arrDel'; root: string; at: number; len: number }
  | { t: 'textIns'; root: string; at: number; s: string; attrs: Record<string, Json> | null }
  | { t: 'textFmt'; root: string; at: number; len: number; attrs: Record<string, Json> }
  | { t: 'textDel'; root: string; at: number; len: number }
  | { t: 'embed'; root: string; at: number; embed: Record<string, Json> }
  | { t: 'nested'; root: string; key: string; kind: 'map' | 'array' | 'text' | 'xml' | 'doc'; fill: string }
  | { t: 'bigText'; root: string; s: string };

/** Root names by type, so one generated doc never uses a name as two types; never the harness's own roots. */
const mapRoot = fc.constantFrom('shapes', 'm', 'meta');
const arrRoot = fc.constantFrom('order', 'a');
const textRoot = fc.constantFrom('t', 'notes');
const key = fc.oneof(fc.constantFrom('k', 'type', 'x', 'z', ''), fc.string({ maxLength: 12 }));
const idx = fc.nat({ max: 40 });

/**
 * Edits through the Yjs API. Honest ones stay within what a board uses (JSON a few
 * levels deep, no subdocuments: the relay refuses those by design); hostile ones do not.
 */
const opOf = (honest: boolean): fc.Arbitrary<Op> => {
  const value = honest ? honestValue : anyValue;
  const kinds = honest ? (['map', 'array', 'text', 'xml'] as const) : (['map', 'array', 'text', 'xml', 'doc'] as const);
  return fc.oneof(
    { weight: 4, arbitrary: fc.record({ t: fc.constant('mapSet' as const), root: mapRoot, key, value }) },
    { weight: 1, arbitrary: fc.record({ t: fc.constant('mapDel' as const), root: mapRoot, key }) },
    { weight: 3, arbitrary: fc.record({ t: fc.constant('arrIns' as const), root: arrRoot, at: idx, values: fc.array(value, { minLength: 1, maxLength: 5 }) }) },
    { weight: 1, arbitrary: fc.record({ t: fc.constant('arrDel' as const), root: arrRoot, at: idx, len: fc.integer({ min: 1, max: 10 }) }) },
    { weight: 3, arbitrary: fc.record({ t: fc.constant('textIns' as const), root: textRoot, at: idx, s: text, attrs: fc.option(attrs) }) },
    { weight: 2, arbitrary: fc.record({ t: fc.constant('textFmt' as const), root: textRoot, at: idx, len: fc.integer({ min: 1, max: 20 }), attrs }) },
    { weight: 1, arbitrary: fc.record({ t: fc.constant('textDel' as const), root: textRoot, at: idx, len: fc.integer({ min: 1, max: 20 }) }) },
    { weight: 1, arbitrary: fc.record({ t: fc.constant('embed' as const), root: textRoot, at: idx, embed: fc.dictionary(fc.string({ maxLength: 6 }), jsonValue, { maxKeys: 3 }) }) },
    {
      weight: 2,
      arbitrary: fc.record({ t: fc.constant('nested' as const), root: mapRoot, key, kind: fc.constantFrom(...kinds), fill: text }),
    },
    { weight: 1, arbitrary: fc.record({ t: fc.constant('bigText' as const), root: textRoot, s: bigString(40_000) }) },
  );
};

function nestedType(kind: 'map' | 'array' | 'text' | 'xml' | 'doc', fill: string): Y.AbstractType<unknown> | Y.Doc {
  switch (kind) {
    case 'map': {
      const m = new Y.Map<unknown>();
      m.set('inner', fill);
      m.set('arr', Y.Array.from([1, fill]));
      return m as Y.AbstractType<unknown>;
    }
    case 'array': {
      const a = new Y.Array<unknown>();
      a.push([fill, { nested: [fill] }, new Y.Text(fill)]);
      return a as Y.AbstractType<unknown>;
    }
    case 'text':
      return new Y.Text(fill) as Y.AbstractType<unknown>;
    case 'xml': {
      const el = new Y.XmlElement('p');
      el.setAttribute('class', fill);
      el.insert(0, [new Y.XmlText(fill)]);
      const frag = new Y.XmlFragment();
      frag.insert(0, [el]);
      return frag as Y.AbstractType<unknown>;
    }
    case 'doc':
      return new Y.Doc();
  }
}

const clamp = (n: number, len: number) => Math.min(n, len);

function applyOp(doc: Y.Doc, o: Op): void {
  switch (o.t) {
    case 'mapSet':
      doc.getMap<AnyValue>(o.root).set(o.key, o.value);
      return;
    case 'mapDel':
      return doc.getMap(o.root).delete(o.key);
    case 'arrIns': {
      const a = doc.getArray<AnyValue>(o.root);
      return a.insert(clamp(o.at, a.length), o.values);
    }
    case 'arrDel': {
      const a = doc.getArray(o.root);
      const at = clamp(o.at, a.length);
      return a.delete(at, clamp(o.len, a.length - at));
    }
    case 'textIns': {
      const t = doc.getText(o.root);
      return t.insert(clamp(o.at, t.length), o.s, o.attrs ?? undefined);
    }
    case 'textFmt': {
      const t = doc.getText(o.root);
      return t.format(clamp(o.at, t.length), o.len, o.attrs);
    }
    case 'textDel': {
      const t = doc.getText(o.root);
      const at = clamp(o.at, t.length);
      return t.delete(at, clamp(o.len, t.length - at));
    }
    case 'embed': {
      const t = doc.getText(o.root);
      return t.insertEmbed(clamp(o.at, t.length), o.embed);
    }
    case 'nested':
      doc.getMap<unknown>(o.root).set(o.key, nestedType(o.kind, o.fill));
      return;
    case 'bigText':
      return doc.getText(o.root).insert(0, o.s);
  }
}

/** One transaction per session, each by its own client id (a doc edited by several people). */
interface Session {
  client: number;
  ops: Op[];
}

/** Runs the sessions; an op the Yjs API refuses (fast-check found an odd value) is skipped. */
function run(sessions: Session[]): { doc: Y.Doc; updates: Uint8Array[] } {
  const doc = new Y.Doc({ gc: true });
  const updates: Uint8Array[] = [];
  doc.on('update', (u: Uint8Array) => updates.push(u));
  for (const s of sessions) {
    doc.clientID = s.client;
    doc.transact(() => {
      for (const o of s.ops) {
        try {
          applyOp(doc, o);
        } catch {
          // e.g. a value whose constructor Yjs does not know: not what this fuzzes
        }
      }
    });
  }
  return { doc, updates };
}

const validClient = fc.integer({ min: IDS.validMin, max: IDS.validMax });
/** Ids that hostile frames share with each other (small, or at the top of the range). */
export const hostileClient = fc.oneof(fc.integer({ min: 0, max: IDS.smallMax }), fc.constantFrom(2 ** 32 - 1, 2 ** 53 - 1, IDS.validMin));

const sessions = (client: fc.Arbitrary<number>, honest: boolean) =>
  fc.array(fc.record({ client, ops: fc.array(opOf(honest), { minLength: 1, maxLength: 6 }) }), { minLength: 1, maxLength: 4 });

const update = (u: Uint8Array, sub: number = SYNC.Update) => ({ data: syncFrame(sub, u) });

type Shape = 'full' | 'step2' | 'steps' | 'merged' | 'sv' | 'tail' | 'reversed';

/** Groups from real documents; `hostile` ones reuse client ids and break clock order. */
export const docGroup: fc.Arbitrary<FuzzGroup> = fc
  .record({
    honest: fc.boolean(),
    shape: fc.constantFrom<Shape>('full', 'step2', 'steps', 'merged', 'sv', 'tail', 'reversed'),
    validSessions: sessions(validClient, true),
    hostileSessions: sessions(hostileClient, false),
  })
  .map(({ honest, shape, validSessions, hostileSessions }): FuzzGroup => {
    const ss = honest ? validSessions : hostileSessions;
    const { doc, updates } = run(ss);
    // every op may have been skipped: a group always has a frame
    if (updates.length === 0) updates.push(Y.encodeStateAsUpdate(doc));
    const clients = [...new Set(ss.map((s) => s.client))];
    const ordered = shape !== 'tail' && shape !== 'reversed';
    const base = { label: `doc:${shape}${honest ? '' : ':hostile'}`, valid: honest && ordered, clients };
    switch (shape) {
      case 'full':
        return { ...base, frames: [update(Y.encodeStateAsUpdate(doc))] };
      case 'step2':
        return { ...base, frames: [update(Y.encodeStateAsUpdate(doc), SYNC.Step2)] };
      case 'steps':
        return { ...base, frames: updates.map((u) => update(u)) };
      case 'merged':
        return { ...base, frames: [update(Y.mergeUpdates(updates))] };
      case 'sv':
        return { ...base, frames: [{ data: syncFrame(SYNC.Step1, Y.encodeStateVector(doc)) }] };
      case 'tail':
        // the last transaction alone: its structs sit on clocks the relay never saw
        return { ...base, frames: [update(updates[updates.length - 1])] };
      case 'reversed':
        return { ...base, frames: updates.reverse().map((u) => update(u)) };
    }
  });

/** One character by each of `n` client ids: an update (and a state vector) with many clients. */
export const manyClientsGroup: fc.Arbitrary<FuzzGroup> = fc
  .record({ n: logInt(2, 3000), first: fc.integer({ min: IDS.validMin, max: IDS.validMax - 3000 }), sv: fc.boolean() })
  .map(({ n, first, sv }) => {
    const doc = new Y.Doc();
    const t = doc.getText('t');
    const clients: number[] = [];
    // one transaction: each one computes the state vector over all clients (quadratic otherwise)
    doc.transact(() => {
      for (let i = 0; i < n; i++) {
        doc.clientID = first + i;
        clients.push(first + i);
        t.insert(i % 7 === 0 ? 0 : t.length, 'x');
      }
    });
    const frames = [update(Y.encodeStateAsUpdate(doc))];
    if (sv) frames.push({ data: syncFrame(SYNC.Step1, Y.encodeStateVector(doc)) });
    // the relay documents a limit of clients per update (1,024 today): past 1,000 it may refuse
    return { label: `doc:manyClients`, frames, valid: n <= 1000, clients };
  });

/**
 * Y.Maps nested `depth` deep (built one level at a time: Yjs integrates prelim content
 * recursively), optionally followed by a delete set removing the outermost one, whose
 * deletion Yjs carries out recursively on the relay.
 */
export const deepTypesGroup: fc.Arbitrary<FuzzGroup> = fc
  .record({ depth: logInt(1, 4000), client: validClient, deleteIt: fc.boolean() })
  .map(({ depth, client, deleteIt }) => {
    const doc = new Y.Doc();
    doc.clientID = client;
    doc.transact(() => {
      let m = doc.getMap<unknown>('m');
      for (let i = 0; i < depth; i++) {
        const child = new Y.Map<unknown>();
        m.set('c', child);
        m = child;
      }
      m.set('leaf', 1);
    });
    const frames = [update(Y.encodeStateAsUpdate(doc))];
    if (deleteIt) frames.push(update(new Uint8Array([0, 1, ...varUint(client), 1, 0, 1])));
    // the relay documents a nesting limit of 16 for shared types (README, 4401): deeper may be refused
    return { label: `doc:deepTypes${deleteIt ? '+delete' : ''}`, frames, valid: depth <= 16, clients: [client] };
  });
