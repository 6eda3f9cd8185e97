/**
 * Spatial index of the board: an R-tree (rbush) of shape bounds in board coordinates,
 * kept in step with the document incrementally (only changed shapes are re-read). All
 * picking goes through it: a query narrows to the few shapes whose bounds contain the
 * point, then the exact geometric test (geometry.ts) decides. Konva's hit graph is
 * never used for shapes, so picking costs O(log n) however big the board is.
 *
 * It is also the renderer's source (render/shapesRenderer.ts): the shapes it holds are
 * the ones painted, and the renderer culls and tiles with searchIds. Finished strokes are
 * placed by their stored bounds; their points are decoded once, on first read (read.ts),
 * into the entry's cache, so only strokes that are painted or picked are ever decoded.
 */
import type * as Y from 'yjs';
import RBush from 'rbush';
import type { Shape } from '../shapes/types.ts';
import { BindingDeps } from './bindings.ts';
import { boundsOf, hitTest, insideBox, type Box } from './geometry.ts';
import { observeShapes } from './observe.ts';
import { compareShapes } from './order.ts';
import { newPointsCache, readShape, type PointsCache } from './read.ts';
import { shapesMap } from './strokes.ts';

interface Entry extends Box {
  id: string;
  shape: Shape;
  cache: PointsCache;
}

export class ShapeIndex {
  private tree = new RBush<Entry>();
  private entries = new Map<string, Entry>();
  private unobserve: () => void;
  private listeners = new Set<(ids: Set<string>) => void>();
  /** which arrows to re-read when a shape they are bound to changes (bindings.ts) */
  private deps = new BindingDeps();

  constructor(private doc: Y.Doc) {
    this.unobserve = observeShapes(doc, (ids) => this.update(ids));
    this.update(new Set(shapesMap(doc).keys()));
  }

  private update(changed: Set<string>) {
    const shapes = shapesMap(this.doc);
    const fresh: Entry[] = [];
    // an arrow bound to a changed shape changes with it (its ends are derived from it)
    const ids = this.deps.withDependents(changed);
    for (const id of ids) {
      const old = this.entries.get(id);
      if (old) this.tree.remove(old);
      const map = shapes.get(id);
      this.deps.update(id, map);
      const cache = old?.cache ?? newPointsCache();
      const shape = map ? readShape(id, map, cache) : null;
      if (!shape) {
        this.entries.delete(id);
        continue;
      }
      // A growing stroke's points array is the cache's, extended in place as chunks
      // arrive (and replaced when they are joined): readers that keep it (the renderer
      // memoises outlines by array and length) see every change.
      // a literal, not a spread: V8 builds spread-and-extend objects ~10× slower (11,000 at load)
      const b = boundsOf(shape);
      const e: Entry = { minX: b.minX, minY: b.minY, maxX: b.maxX, maxY: b.maxY, id, shape, cache };
      this.entries.set(id, e);
      fresh.push(e);
    }
    if (fresh.length > 64) this.tree.load(fresh);
    else for (const e of fresh) this.tree.insert(e);
    for (const fn of this.listeners) fn(ids);
  }

  /** Called after the index absorbed a doc change (ids that changed). */
  onChange(fn: (ids: Set<string>) => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  get(id: string): Shape | undefined {
    return this.entries.get(id)?.shape;
  }

  bounds(id: string): Box | undefined {
    return this.entries.get(id);
  }

  has(id: string): boolean {
    return this.entries.has(id);
  }

  get size(): number {
    return this.entries.size;
  }

  ids(): string[] {
    return [...this.entries.keys()];
  }

  /** Shapes touching the point within `tol`, topmost first. */
  hitAll(x: number, y: number, tol = 0): Shape[] {
    const found = this.tree.search({ minX: x - tol, minY: y - tol, maxX: x + tol, maxY: y + tol });
    return found
      .filter((e) => hitTest(e.shape, x, y, tol))
      .map((e) => e.shape)
      .sort((a, b) => compareShapes(b, a));
  }

  /** The topmost shape at the point, or null. */
  hit(x: number, y: number, tol = 0): Shape | null {
    return this.hitAll(x, y, tol)[0] ?? null;
  }

  /** Shapes whose bounds lie entirely inside the box. */
  inside(box: Box): Shape[] {
    return this.tree.search(box).filter((e) => insideBox(e.shape, box)).map((e) => e.shape);
  }

  /** Ids of the shapes whose bounds intersect the box (no exact test, any order): for culling. */
  searchIds(box: Box): string[] {
    return this.tree.search(box).map((e) => e.id);
  }

  /** Whether any shape's bounds intersect the box (no exact test). */
  any(box: Box): boolean {
    return this.tree.collides(box);
  }

  destroy() {
    this.unobserve();
    this.listeners.clear();
  }
}
