/**
 * Incremental renderer: keeps one StrokeView per stroke in the shapes layer, in z
 * order, and on every doc transaction updates only the shapes that changed. A stroke
 * someone is drawing grows on screen as its chunks arrive.
 */
import type * as Y from 'yjs';
import type Konva from 'konva/lib/Core';
import { observeShapes } from '../board/observe.ts';
import { compareShapes } from '../board/order.ts';
import { shapesMap } from '../board/strokes.ts';
import { readStrokeFields } from '../board/read.ts';
import { StrokeView, type ViewRect } from './strokeView.ts';

const cmp = (a: StrokeView, b: StrokeView) => compareShapes({ z: a.fields.z, id: a.id }, { z: b.fields.z, id: b.id });

export class ShapesRenderer {
  private views = new Map<string, StrokeView>();
  /** views in z order, mirroring the layer's children */
  private sorted: StrokeView[] = [];
  private unobserve: () => void;

  constructor(
    private doc: Y.Doc,
    private layer: Konva.Layer,
    private invalidate: () => void,
    private viewRect: ViewRect,
  ) {
    this.unobserve = observeShapes(doc, (ids) => this.sync(ids));
    this.sync(new Set(shapesMap(doc).keys()));
  }

  /** Number of stroke nodes in the layer. */
  get count(): number {
    return this.layer.getChildren().length;
  }

  private sync(ids: Set<string>) {
    const shapes = shapesMap(this.doc);
    const placed: StrokeView[] = [];
    for (const id of ids) {
      const map = shapes.get(id);
      const existing = this.views.get(id);
      if (existing) {
        const oldZ = existing.fields.z;
        if (!map || !existing.update(map)) this.remove(existing);
        else if (existing.fields.z !== oldZ && this.outOfOrder(existing)) {
          this.sorted.splice(this.indexOf(existing), 1);
          placed.push(existing);
        }
        continue;
      }
      const fields = map && readStrokeFields(id, map);
      if (!map || !fields) continue;
      const view = new StrokeView(id, fields, this.viewRect);
      view.update(map);
      this.views.set(id, view);
      placed.push(view);
    }
    if (placed.length > 32) this.rebuildOrder(placed);
    else for (const v of placed) this.insert(v);
    this.invalidate();
  }

  private indexOf(view: StrokeView): number {
    return this.sorted.indexOf(view);
  }

  private outOfOrder(view: StrokeView): boolean {
    const i = this.indexOf(view);
    const prev = this.sorted[i - 1];
    const next = this.sorted[i + 1];
    return (prev !== undefined && cmp(prev, view) > 0) || (next !== undefined && cmp(view, next) > 0);
  }

  /** Binary-search insert: the common case is a new stroke on top, which is O(log n). */
  private insert(view: StrokeView) {
    let lo = 0;
    let hi = this.sorted.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cmp(this.sorted[mid], view) < 0) lo = mid + 1;
      else hi = mid;
    }
    this.sorted.splice(lo, 0, view);
    if (view.node.getParent() !== this.layer) this.layer.add(view.node);
    view.node.zIndex(lo);
  }

  /** Many shapes at once (initial load, big remote update): sort once, re-add all. */
  private rebuildOrder(placed: StrokeView[]) {
    this.sorted.push(...placed);
    this.sorted.sort(cmp);
    this.layer.removeChildren();
    this.layer.add(...this.sorted.map((v) => v.node));
  }

  private remove(view: StrokeView) {
    this.views.delete(view.id);
    const i = this.indexOf(view);
    if (i >= 0) this.sorted.splice(i, 1);
    view.destroy();
  }

  destroy() {
    this.unobserve();
    for (const v of this.views.values()) v.destroy();
    this.views.clear();
    this.sorted = [];
  }
}
