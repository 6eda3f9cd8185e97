import * as Y from 'yjs';

/**
 * How deep the shared types an update creates would nest, counting the document's own
 * types above them. Yjs walks nested types recursively (deleting a type garbage-collects
 * everything inside it, ContentType.gc), so a chain of a few thousand nested maps makes
 * every peer that applies its deletion overflow the stack. Items whose parent is not
 * written out inherit it from their origin, as Yjs does when it integrates them.
 */
export function typeDepthWithin(structs: ReadonlyArray<Y.Item | Y.GC | Y.Skip>, store: Y.Doc['store'], max: number): boolean {
  const byClient = new Map<number, Y.Item[]>();
  let types = 0;
  for (const s of structs) {
    if (!(s instanceof Y.Item)) continue;
    let list = byClient.get(s.id.client);
    if (!list) byClient.set(s.id.client, (list = []));
    list.push(s);
    if (s.content instanceof Y.ContentType) types++;
  }
  if (types === 0) return true;
  const memo = new Map<Y.Item, number>();

  /** The update's item holding clock `id`, if any (its structs are in clock order per client). */
  const inUpdate = (id: Y.ID): Y.Item | undefined => {
    const list = byClient.get(id.client);
    if (!list) return undefined;
    let lo = 0;
    let hi = list.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const it = list[mid];
      if (id.clock < it.id.clock) hi = mid - 1;
      else if (id.clock >= it.id.clock + it.length) lo = mid + 1;
      else return it;
    }
    return undefined;
  };

  /** Depth of a type the document already has: itself and every type above it. */
  const docTypeDepth = (type: Y.AbstractType<unknown> | null): number => {
    let n = 0;
    for (let t = type; t && t._item && n <= max; t = t._item.parent as Y.AbstractType<unknown> | null) n++;
    return n;
  };

  const docItem = (id: Y.ID): Y.Item | null => {
    if (id.clock >= Y.getState(store, id.client)) return null;
    const it = Y.getItem(store, id);
    return it instanceof Y.Item ? it : null;
  };

  /** Depth of the type an update item lives in (0: a root type). */
  const parentDepth = (item: Y.Item, guard: number): number => {
    if (guard > max + 1) return max + 1;
    const cached = memo.get(item);
    if (cached !== undefined) return cached;
    const p = item.parent as unknown;
    let d = 0;
    if (p instanceof Y.ID) {
      const u = inUpdate(p);
      if (u) d = u.content instanceof Y.ContentType ? 1 + parentDepth(u, guard + 1) : 0;
      else {
        const it = docItem(p);
        d = it && it.content instanceof Y.ContentType ? docTypeDepth(it.content.type) : 0;
      }
    } else if (p === null) {
      const ref = item.origin ?? item.rightOrigin;
      if (ref) {
        const u = inUpdate(ref);
        if (u) d = parentDepth(u, guard + 1);
        else d = docTypeDepth((docItem(ref)?.parent as Y.AbstractType<unknown> | null) ?? null);
      }
    }
    memo.set(item, d);
    return d;
  };

  for (const list of byClient.values()) {
    for (const it of list) if (it.content instanceof Y.ContentType && 1 + parentDepth(it, 0) > max) return false;
  }
  return true;
}
