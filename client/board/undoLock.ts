/**
 * Undo and redo leave locked shapes alone (board/lock.ts). A stack item of the per-user
 * Y.UndoManager is two delete sets: the structs the step inserted (undo deletes them)
 * and those it deleted (undo restores copies). `pruneLocked` takes out of them every
 * struct that belongs to a shape locked now: a field of its map, something inside it
 * (its text, its points), and its entry in the shapes map (its creation or removal). Its
 * lock field itself stays, so undoing one's own lock still unlocks. What is left of the
 * step is undone as before, and the redo step Yjs records holds only what the undo did,
 * so redo stays coherent: the part dropped is gone from the history for good (an unlock
 * later does not bring it back). A step left with nothing is skipped by Yjs, which goes
 * on to the step before, as it does for a step whose every change someone overwrote.
 * A locked frame keeps its members' part of a step that changed it too (a move of the
 * frame moved them along: the frame stays, so they stay with it).
 *
 * Undo of a creation is a change to the shape like any other: a shape someone locked
 * since is not removed by its author's Ctrl+Z (the lock says "cannot be erased"); the
 * author unlocks it first. tldraw differs: its history replays record diffs straight
 * into the store, past the lock checks of updateShapes/deleteShapes, so there an undo
 * moves or removes a locked shape.
 */
import * as Y from 'yjs';
import { F } from '../../shared/schema.ts';
import { frameMembers, isFrameMap } from './frames.ts';
import { isLockedMap } from './lock.ts';
import { shapesMap } from './strokes.ts';

/** A delete set's ranges by client (Yjs's DeleteSet.clients; its items have clock and len). */
type Ranges = Map<number, { clock: number; len: number }[]>;
interface StackItemLike {
  insertions: { clients: Ranges };
  deletions: { clients: Ranges };
}

/** Ids of the locked shapes, read once per undo. */
function lockedSet(doc: Y.Doc): Set<string> {
  const out = new Set<string>();
  for (const [id, map] of shapesMap(doc)) if (isLockedMap(map)) out.add(id);
  return out;
}

/**
 * Whether a struct belongs to a locked shape (and is not its lock field). `owner` memoises
 * the shape id of each parent type met.
 */
function lockedStruct(struct: unknown, shapes: Y.AbstractType<unknown>, locked: ReadonlySet<string>, owner: Map<unknown, string | null>, hit: Set<string>): boolean {
  if (!(struct instanceof Y.Item)) return false;
  const parent = struct.parent;
  // the shape's own entry: its creation or removal
  if (parent === shapes) {
    const drop = typeof struct.parentSub === 'string' && locked.has(struct.parentSub);
    if (drop) hit.add(struct.parentSub!);
    return drop;
  }
  if (!(parent instanceof Y.AbstractType)) return false;
  let id = owner.get(parent);
  if (id === undefined) {
    id = null;
    // climb to the shape's map: the type whose item sits in the shapes map
    for (let t: Y.AbstractType<unknown> | null = parent; t && t._item; t = t._item.parent instanceof Y.AbstractType ? t._item.parent : null) {
      if (t._item.parent === shapes) {
        id = typeof t._item.parentSub === 'string' ? t._item.parentSub : null;
        break;
      }
    }
    owner.set(parent, id);
  }
  if (id === null || !locked.has(id)) return false;
  // the lock field itself stays: undoing one's own lock unlocks
  const isField = parent._item?.parent === shapes;
  if (isField && struct.parentSub === F.locked) return false;
  hit.add(id);
  return true;
}

/** The ranges without the structs `drop` says to drop (struct boundaries split them). */
function pruneRanges(doc: Y.Doc, ranges: Ranges, drop: (s: unknown) => boolean): { ranges: Ranges; dropped: number } {
  const out: Ranges = new Map();
  let dropped = 0;
  for (const [client, list] of ranges) {
    const structs = doc.store.clients.get(client);
    const kept: { clock: number; len: number }[] = [];
    const keep = (clock: number, len: number) => {
      const last = kept[kept.length - 1];
      if (last && last.clock + last.len === clock) last.len += len;
      else kept.push({ clock, len });
    };
    for (const r of list) {
      if (!structs?.length) {
        keep(r.clock, r.len);
        continue;
      }
      const end = r.clock + r.len;
      let i: number;
      try {
        i = Y.findIndexSS(structs, r.clock);
      } catch {
        keep(r.clock, r.len); // not in the store: leave it to Yjs
        continue;
      }
      for (; i < structs.length; i++) {
        const s = structs[i];
        const from = Math.max(s.id.clock, r.clock);
        const to = Math.min(s.id.clock + s.length, end);
        if (from >= end) break;
        if (to <= from) continue;
        if (drop(s)) dropped += to - from;
        else keep(from, to - from);
      }
    }
    if (kept.length) out.set(client, kept);
  }
  return { ranges: out, dropped };
}

/**
 * Takes out of a stack item what belongs to shapes locked now (in place). Returns the
 * number of struct units dropped (0: the item is untouched).
 */
export function pruneLocked(doc: Y.Doc, item: StackItemLike, locked: ReadonlySet<string> = lockedSet(doc)): number {
  if (!locked.size) return 0;
  const map = shapesMap(doc);
  const shapes = map as unknown as Y.AbstractType<unknown>;
  const prune = (ids: ReadonlySet<string>) => {
    const owner = new Map<unknown, string | null>();
    const hit = new Set<string>();
    const drop = (s: unknown) => lockedStruct(s, shapes, ids, owner, hit);
    const ins = pruneRanges(doc, item.insertions.clients, drop);
    const del = pruneRanges(doc, item.deletions.clients, drop);
    return { ins, del, hit };
  };
  let out = prune(locked);
  // a locked frame this step changed keeps its members' part of the step as well
  const frames = new Set([...out.hit].filter((id) => isFrameMap(map.get(id))));
  if (frames.size) {
    const wider = new Set(locked);
    for (const members of frameMembers(doc, frames).values()) for (const id of members) wider.add(id);
    if (wider.size > locked.size) out = prune(wider);
  }
  const { ins, del } = out;
  if (ins.dropped) item.insertions.clients = ins.ranges;
  if (del.dropped) item.deletions.clients = del.ranges;
  return ins.dropped + del.dropped;
}

/**
 * Runs `step` (the manager's undo or redo) with every stack item it pops from `stack`
 * pruned of locked shapes first (Yjs pops items until one changes something).
 */
export function withLockedPruned<T>(doc: Y.Doc, stack: StackItemLike[], step: () => T): T {
  let locked: Set<string> | null = null;
  const pop = () => {
    const item = Array.prototype.pop.call(stack) as StackItemLike | undefined;
    if (item) pruneLocked(doc, item, (locked ??= lockedSet(doc)));
    return item;
  };
  Object.defineProperty(stack, 'pop', { value: pop, configurable: true, writable: true });
  try {
    return step();
  } finally {
    delete (stack as { pop?: unknown }).pop;
  }
}
