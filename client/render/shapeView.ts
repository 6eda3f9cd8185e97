/**
 * One shape on screen. Its data comes from the spatial index (board/spatial.ts), which
 * decodes each stroke's points once for picking and painting alike.
 *
 * Most of the time a shape is static: the tile cache (tiles.ts) paints it into bitmaps
 * and it has no Konva node at all. A Konva.Shape (listening off, no perfect-draw buffer)
 * at the shape's origin and rotation is created on demand: when the shape is live
 * (being drawn, changing frame after frame, its text being edited, or transformed by
 * the Transformer) it is drawn by that node in the live layer; a selected shape's node
 * also carries the Transformer. getSelfRect reports the local box, which is what
 * Konva.Transformer sizes its handles from.
 */
import type Konva from 'konva/lib/Core';
import { Shape as KonvaShape } from 'konva/lib/Shape';
import { localBox, type Box } from '../board/geometry.ts';
import { moduleFor } from '../shapes/registry.ts';
import type { FrameShape } from '../shapes/frame/index.ts';
import type { Shape } from '../shapes/types.ts';
import { clipToFrame } from './frameClip.ts';
import { newPaintCache, paintShape, type PaintCache } from './paint.ts';

/** Visible board rectangle, for culling shapes off screen. */
export type ViewRect = () => { x: number; y: number; width: number; height: number };

export interface ViewHost {
  liveLayer: Konva.Layer;
  viewRect: ViewRect;
  scale(): number;
  /** level of detail at low zoom (paint.ts) */
  readonly lod: boolean;
  /** smoothed outlines at every zoom (paint.ts) */
  readonly smooth: boolean;
  /** the frame a shape is clipped to (render/frameClip.ts) */
  frameOf?(s: Shape): FrameShape | null;
}

export class ShapeView {
  data: Shape;
  /** board-space bounds, for culling and tile invalidation */
  bounds: Box;
  /** the text is being edited in a DOM overlay: do not paint it */
  hideText = false;
  /** position in z order (bottom first), kept by the renderer */
  rank = 0;
  /** drawn by its node in the live layer, not by the tiles */
  live = false;
  /** changing every frame (recently and repeatedly updated): live until it settles */
  hot = false;
  changedAt = 0;
  /** the painter's memo, for this shape's type (a view is remade when its shape's type changes) */
  readonly paint: PaintCache;
  private _node: KonvaShape | null = null;
  private attached = false;
  /** Set while a Transformer gesture drives the node: data updates wait until it ends. */
  private pending: { data: Shape; bounds: Box } | null | undefined;

  /** `bounds`: the spatial index's box for `data` (computed once there: a stroke's walks every point). */
  constructor(
    readonly id: string,
    data: Shape,
    bounds: Box,
    private host: ViewHost,
  ) {
    this.data = data;
    this.bounds = bounds;
    this.paint = newPaintCache(data);
  }

  get frozen(): boolean {
    return this.pending !== undefined;
  }

  /** The Konva node (created on first use, in the live layer; visible while live). */
  get node(): KonvaShape {
    if (this._node) return this._node;
    const node = new KonvaShape({
      listening: false,
      perfectDrawEnabled: false,
      visible: this.live,
      sceneFunc: (ctx) => {
        const v = this.host.viewRect();
        const b = this.bounds;
        if (b.maxX < v.x || b.minX > v.x + v.width || b.maxY < v.y || b.minY > v.y + v.height) return;
        const c = ctx._context;
        c.save();
        clipToFrame(c, this.data, this.host.frameOf?.(this.data) ?? null);
        paintShape(c, this.data, this.paint, { withText: !this.hideText, scale: this.host.scale() * Math.abs(node.scaleX()), lod: this.host.lod, smooth: this.host.smooth });
        c.restore();
      },
    });
    // Konva.Transformer reads the node's self rect to place its handles.
    node.getSelfRect = () => {
      const lb = localBox(this.data);
      const pad = moduleFor(this.data).framePad?.(this.data) ?? 0;
      return { x: lb.minX - pad, y: lb.minY - pad, width: lb.maxX - lb.minX + pad * 2, height: lb.maxY - lb.minY + pad * 2 };
    };
    this._node = node;
    this.place();
    this.host.liveLayer.add(node);
    return node;
  }

  /** Shows the node in the live layer, or lets the tiles paint the shape (the node is kept only while the Transformer holds it). */
  setLive(live: boolean): void {
    this.live = live;
    if (live) this.node.visible(true);
    else if (this.attached) this._node?.visible(false);
    else this.releaseNode();
  }

  /** Held by the Transformer (its handles measure the node); released when neither held nor live. */
  setAttached(attached: boolean): void {
    this.attached = attached;
    if (!attached && !this.live) this.releaseNode();
  }

  /** Freezes the view during a resize/rotate gesture: Konva scales the node meanwhile. */
  freeze(): void {
    if (this.pending === undefined) this.pending = null;
  }

  /** Ends a gesture: applies the latest data (which resets the node's scale). */
  thaw(): void {
    const p = this.pending;
    this.pending = undefined;
    if (p) this.setData(p.data, p.bounds);
    else this.place();
  }

  /** Takes new data for the shape (same type); while frozen it waits for thaw. */
  setData(d: Shape, bounds: Box): void {
    if (this.pending !== undefined) {
      this.pending = { data: d, bounds };
      return;
    }
    this.data = d;
    this.bounds = bounds;
    this.place();
  }

  /** Position from the data; also undoes any scale a Transformer left on the node. */
  private place() {
    if (!this._node) return;
    const d = this.data;
    this._node.setAttrs({ x: d.x, y: d.y, rotation: d.rotation, scaleX: 1, scaleY: 1, skewX: 0, skewY: 0 });
  }

  /** Reads the node (made for the occasion if the view has none, then dropped again): test hooks. */
  inspect<T>(read: (node: KonvaShape) => T): T {
    const had = this._node !== null;
    try {
      return read(this.node);
    } finally {
      if (!had && !this.live && !this.attached) this.releaseNode();
    }
  }

  /** Drops the Konva node: the live layer walks every node it holds on each frame. */
  private releaseNode() {
    this._node?.destroy();
    this._node = null;
  }

  destroy() {
    this.releaseNode();
  }
}
