/**
 * Incremental renderer: keeps one ShapeView per shape in the shapes layer, in z
 * order, and on every doc transaction updates only the shapes that changed. A stroke
 * or shape someone is drawing grows on screen as its updates arrive.
 */
import type * as Y from 'yjs';
import type Konva from 'konva/lib/Core';
import { observeShapes } from '../board/observe.ts';
import { compareShapes } from '../board/order.ts';
import { shapesMap } from '../board/strokes.ts';
import { initialData, ShapeView, type ViewRect } from './shapeView.ts';

const key = (v: ShapeView) => ({ z: v.data.z, id: v.id, highlighter: v.data.type === 'stroke' && v.data.highlighter });
const cmp = (a: ShapeView, b: ShapeView) => compareShapes(key(a), key(b));

export class ShapesRenderer {
  private views = new Map<string, ShapeView>();
  /** views in z order, mirroring the layer's children */
  private sorted: ShapeView[] = [];
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

  /** Number of shape nodes in the layer. */
  get count(): number {
    return this.layer.getChildren().length;
  }

  view(id: string): ShapeView | undefined {
    return this.views.get(id);
  }

  /** Views in z order, bottom first. */
  ordered(): readonly ShapeView[] {
    return this.sorted;
  }

  /** Hides a shape's text (it is being edited in a DOM overlay), or shows it again. */
  setTextHidden(id: string, hidden: boolean): void {
    this.hidden[hidden ? 'add' : 'delete'](id);
    const v = this.views.get(id);
    if (v) v.hideText = hidden;
    this.invalidate();
  }
  private hidden = new Set<string>();

  private sync(ids: Set<string>) {
    const shapes = shapesMap(this.doc);
    const placed: ShapeView[] = [];
    for (const id of ids) {
      const map = shapes.get(id);
      const existing = this.views.get(id);
      if (existing) {
        const oldZ = existing.data.z;
        if (!map || !existing.update(map)) this.remove(existing);
        else if (existing.data.z !== oldZ && this.outOfOrder(existing)) {
          this.sorted.splice(this.indexOf(existing), 1);
          placed.push(existing);
        }
        continue;
      }
      const data = map && initialData(id, map);
      if (!map || !data) continue;
      const view = new ShapeView(id, data, this.viewRect);
      if (this.hidden.has(id)) view.hideText = true;
      this.views.set(id, view);
      placed.push(view);
    }
    if (placed.length > 32) this.rebuildOrder(placed);
    else for (const v of placed) this.insert(v);
    this.invalidate();
    for (const fn of this.listeners) fn(ids);
  }

  private listeners = new Set<(ids: Set<string>) => void>();

  /** Runs after the views absorbed a doc change (overlays follow moved shapes). */
  onChange(fn: (ids: Set<string>) => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  private indexOf(view: ShapeView): number {
    return this.sorted.indexOf(view);
  }

  private outOfOrder(view: ShapeView): boolean {
    const i = this.indexOf(view);
    const prev = this.sorted[i - 1];
    const next = this.sorted[i + 1];
    return (prev !== undefined && cmp(prev, view) > 0) || (next !== undefined && cmp(view, next) > 0);
  }

  /** Binary-search insert: the common case is a new stroke on top, which is O(log n). */
  private insert(view: ShapeView) {
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
  private rebuildOrder(placed: ShapeView[]) {
    this.sorted.push(...placed);
    this.sorted.sort(cmp);
    this.layer.removeChildren();
    this.layer.add(...this.sorted.map((v) => v.node));
  }

  private remove(view: ShapeView) {
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
