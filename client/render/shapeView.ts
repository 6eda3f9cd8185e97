/**
 * One shape on screen: a Konva.Shape (listening off, no perfect-draw buffer) at the
 * shape's origin and rotation, whose sceneFunc paints the shape in its local frame
 * (paint.ts). Stroke outlines are memoised and rebuilt only after the points or width
 * changed. getSelfRect reports the local box, which is what Konva.Transformer sizes
 * its handles from.
 */
import type * as Y from 'yjs';
import { Shape } from 'konva/lib/Shape';
import type { ShapeData } from '../../shared/schema.ts';
import { boundsOf, localBox, type Box } from '../board/geometry.ts';
import { newPointsCache, readShape, type PointsCache } from '../board/read.ts';
import { newPaintCache, paintShape, type PaintCache } from './paint.ts';

/** Visible board rectangle, for culling shapes off screen. */
export type ViewRect = () => { x: number; y: number; width: number; height: number };

export class ShapeView {
  readonly node: Shape;
  data: ShapeData;
  /** board-space bounds, for culling */
  bounds: Box;
  /** the text is being edited in a DOM overlay: do not paint it */
  hideText = false;
  private points: PointsCache = newPointsCache();
  private paint: PaintCache = newPaintCache();

  constructor(
    readonly id: string,
    data: ShapeData,
    viewRect: ViewRect,
  ) {
    this.data = data;
    this.bounds = boundsOf(data);
    this.node = new Shape({
      listening: false,
      perfectDrawEnabled: false,
      sceneFunc: (ctx) => {
        const v = viewRect();
        const b = this.bounds;
        if (b.maxX < v.x || b.minX > v.x + v.width || b.maxY < v.y || b.minY > v.y + v.height) return;
        const c = ctx._context;
        c.save();
        paintShape(c, this.data, this.paint, !this.hideText);
        c.restore();
      },
    });
    // Konva.Transformer reads the node's self rect to place its handles.
    this.node.getSelfRect = () => {
      const lb = localBox(this.data);
      const pad = this.data.type === 'line' || this.data.type === 'arrow' ? Math.max(4, this.data.width) : 0;
      return { x: lb.minX - pad, y: lb.minY - pad, width: lb.maxX - lb.minX + pad * 2, height: lb.maxY - lb.minY + pad * 2 };
    };
    this.place();
  }

  /** Set while a Transformer gesture drives the node: doc updates wait until it ends. */
  private frozen: Y.Map<unknown> | null | undefined;

  /**
   * Freezes the view during a resize/rotate gesture: Konva scales the node, and the
   * gesture's own live doc writes must not be applied on top (that would scale twice).
   */
  freeze(): void {
    if (this.frozen === undefined) this.frozen = null;
  }

  /** Ends a gesture: applies the latest doc state (which resets the node's scale). */
  thaw(map: Y.Map<unknown> | undefined): boolean {
    const pending = this.frozen;
    this.frozen = undefined;
    const m = pending ?? map;
    return m ? this.update(m) : true;
  }

  /** Re-reads the shape from its Y.Map; returns false if it is no longer readable. */
  update(map: Y.Map<unknown>): boolean {
    if (this.frozen !== undefined) {
      this.frozen = map;
      return map.get('type') === this.data.type;
    }
    const d = readShape(this.id, map, this.points);
    if (!d || d.type !== this.data.type) return false;
    this.data = d;
    this.bounds = boundsOf(d);
    this.place();
    return true;
  }

  /** Position from the data; also undoes any scale a Transformer left on the node. */
  private place() {
    const d = this.data;
    this.node.setAttrs({ x: d.x, y: d.y, rotation: d.rotation, scaleX: 1, scaleY: 1, skewX: 0, skewY: 0 });
  }

  destroy() {
    this.node.destroy();
  }
}

export function initialData(id: string, map: Y.Map<unknown>): ShapeData | null {
  return readShape(id, map);
}
