/**
 * The board renderer, in two Konva layers:
 *
 * - static (BoardStage.shapesLayer): one listening(false) Konva.Shape that draws the
 *   tile cache (tiles.ts): settled shapes, culled with the spatial index, painted once
 *   into bitmaps and copied while the camera moves;
 * - live (BoardStage.liveLayer): a Konva node per live shape (a stroke being drawn by
 *   anyone, a shape changing frame after frame, the text being edited, shapes under the
 *   Transformer), redrawn every frame they change, so strokes grow in real time without
 *   touching the static bitmaps. Live shapes are drawn above the static ones until they
 *   settle (HOT_MS after their last change), then go back to their z place in the tiles.
 *
 * The renderer follows the spatial index (board/spatial.ts), not the document: the
 * index decodes every stroke once and the renderer paints what it decoded.
 */
import type Konva from 'konva/lib/Core';
import { Shape as KonvaShape } from 'konva/lib/Shape';
import { unionBox, type Box } from '../board/geometry.ts';
import { compareShapes } from '../board/order.ts';
import type { ShapeIndex } from '../board/spatial.ts';
import { moduleFor } from '../shapes/registry.ts';
import type { Shape } from '../shapes/types.ts';
import type { Camera } from './camera.ts';
import { shownFrame } from '../board/frames.ts';
import { clipToFrame } from './frameClip.ts';
import { paintShape } from './paint.ts';
import { takeMissed } from '../images/cache.ts';
import { ShapeView, type ViewHost } from './shapeView.ts';
import type { BoardStage } from './stage.ts';
import { REST_MS, TileCache } from './tiles.ts';

/** A shape updated again within this many ms is hot (live) until it rests this long. */
export const HOT_MS = 400;
/** Tile painting per frame: while the camera moves, and otherwise. */
const BUDGET_MOVING_MS = 6;
const BUDGET_RESTING_MS = 20;

/**
 * Benchmark switches (URL parameters, see client/testHooks.ts), to measure what each
 * step buys: `?render=direct` paints the visible static shapes every frame instead of
 * using the tile cache; `?lod=off` disables the level of detail; `?outline=smooth`
 * paints smoothed stroke outlines at every zoom.
 */
export interface RenderOptions {
  tiles: boolean;
  lod: boolean;
  smooth: boolean;
}

export function renderOptionsFromUrl(): RenderOptions {
  const q = new URLSearchParams(location.search);
  return { tiles: q.get('render') !== 'direct', lod: q.get('lod') !== 'off', smooth: q.get('outline') === 'smooth' };
}

// the data carries what the order needs (z, id, and a stroke's highlighter band)
const cmp = (a: ShapeView, b: ShapeView) => compareShapes(a.data, b.data);

/** Still being drawn (a stroke whose pen is down): drawn live whatever else. */
const isDrawing = (d: Shape) => moduleFor(d).drawing?.(d) === true;

export class ShapesRenderer {
  private views = new Map<string, ShapeView>();
  /** views in z order, bottom first */
  private sorted: ShapeView[] = [];
  private ranksDirty = false;
  private liveViews = new Set<ShapeView>();
  private hidden = new Set<string>();
  private tiles: TileCache;
  private host: ViewHost;
  private camera: Camera;
  private movedAt = -Infinity;
  private restTimer: ReturnType<typeof setTimeout> | null = null;
  private hotTimer: ReturnType<typeof setTimeout> | null = null;
  /** the static layer's last frame showed every tile exactly */
  private complete = false;
  private liveOrderDirty = false;
  private cleanup: (() => void)[] = [];
  private listeners = new Set<(ids: Set<string>) => void>();
  /** bounds of the shapes painted into tiles without the image copy they wanted (images/cache.ts takeMissed) */
  private missedBoxes: Box[] = [];

  constructor(
    private index: ShapeIndex,
    private board: BoardStage,
    private options: RenderOptions = { tiles: true, lod: true, smooth: false },
  ) {
    this.camera = board.camera;
    this.host = {
      liveLayer: board.liveLayer,
      viewRect: () => {
        const s = board.size();
        return this.camera.visibleRect(s.width, s.height);
      },
      scale: () => this.camera.scale,
      lod: options.lod,
      smooth: options.smooth,
      frameOf: this.frameOf,
    };
    this.tiles = new TileCache(
      (c, box, scale) => this.paintRegion(c, box, scale),
      (box) => this.index.any(box),
      undefined,
      () => this.missedBoxes.splice(0),
    );
    const painter = new KonvaShape({
      listening: false,
      perfectDrawEnabled: false,
      sceneFunc: (ctx) => this.drawStatic(ctx._context),
    });
    board.shapesLayer.add(painter);
    board.setRenderer({ beforeDraw: () => this.beforeDraw(), drawnCount: () => (this.complete ? this.views.size : null) });
    this.cleanup.push(
      this.camera.onChange(() => {
        this.movedAt = performance.now();
        if (this.restTimer) clearTimeout(this.restTimer);
        this.restTimer = setTimeout(() => board.invalidate(), REST_MS + 10);
      }),
      index.onChange((ids) => this.sync(ids)),
    );
    this.sync(new Set(index.ids()));
  }


  /** The frame a shape is painted clipped to (board/frames.ts), or null. */
  frameOf = (s: Shape) => (s.frame ? shownFrame(s, (id) => this.index.get(id)) : null);

  view(id: string): ShapeView | undefined {
    return this.views.get(id);
  }

  /** The last frame showed every shape exactly and no tiles around the view wait to be painted. */
  idle(): boolean {
    const size = this.board.size();
    if (!this.options.tiles) return this.complete;
    return this.complete && !this.tiles.pending(this.camera, size.width, size.height);
  }


  /** Views in z order, bottom first. */
  ordered(): readonly ShapeView[] {
    this.rank();
    return this.sorted;
  }

  /** Hides a shape's text (it is being edited in a DOM overlay), or shows it again. */
  setTextHidden(id: string, hidden: boolean): void {
    this.hidden[hidden ? 'add' : 'delete'](id);
    const v = this.views.get(id);
    if (v) {
      v.hideText = hidden;
      this.updateLive(v);
    }
    this.board.invalidate();
  }

  /** A Transformer gesture begins: the node draws the shape while Konva scales it. */
  freeze(id: string): ShapeView | undefined {
    const v = this.views.get(id);
    if (!v) return;
    v.freeze();
    this.updateLive(v);
    this.board.invalidate();
    return v;
  }

  /** The gesture ended: the view takes the shape's latest data. */
  thaw(id: string): void {
    const v = this.views.get(id);
    if (!v) return;
    v.thaw();
    v.changedAt = performance.now();
    v.hot = true;
    this.updateLive(v);
    this.scheduleCool();
    this.board.invalidate();
  }

  /**
   * Paints the shapes that `match` again (an image whose file was decoded): their live
   * nodes next frame, their tiles within the frames' budget (the old bitmap is still right).
   */
  repaint(match: (s: Shape) => boolean): void {
    let any = false;
    for (const v of this.views.values()) {
      if (!match(v.data)) continue;
      any = true;
      if (!v.live) this.tiles.refresh(v.bounds);
    }
    if (any) this.board.invalidate();
  }

  /**
   * The last frame showed every shape exactly and every image in view from a decoded copy
   * of the size it is drawn at (test hooks: bench:render's first render with images).
   */
  imagesShown(): boolean {
    return this.complete && (!this.options.tiles || !this.tiles.waiting());
  }

  /** Runs after the views absorbed a change (overlays follow moved shapes). */
  onChange(fn: (ids: Set<string>) => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  private sync(ids: Set<string>) {
    const now = performance.now();
    const bulk = ids.size > 256;
    const placed: ShapeView[] = [];
    for (const id of ids) {
      const data = this.index.get(id);
      let view = this.views.get(id);
      if (view && (!data || data.type !== view.data.type)) {
        this.remove(view, !bulk);
        view = undefined;
      }
      if (!data) continue;
      const bounds = this.index.bounds(id)!;
      if (!view) {
        view = new ShapeView(id, data, bounds, this.host);
        if (this.hidden.has(id)) view.hideText = true;
        view.changedAt = now;
        this.views.set(id, view);
        placed.push(view);
        if (isDrawing(data)) this.updateLive(view);
        else if (!bulk) this.tiles.invalidate(view.bounds);
        continue;
      }
      if (view.frozen) {
        view.setData(data, bounds);
        continue;
      }
      const old = view.bounds;
      const oldZ = view.data.z;
      view.setData(data, bounds);
      // updated again soon after the last change: it is being dragged, resized or typed
      if (now - view.changedAt < HOT_MS && !view.hot) view.hot = true;
      view.changedAt = now;
      const wasLive = view.live;
      this.updateLive(view);
      if (!bulk && (wasLive !== view.live || !view.live)) this.tiles.invalidate(unionBox([old, view.bounds])!);
      if (view.data.z !== oldZ) {
        const i = this.sorted.indexOf(view);
        if (i >= 0) this.sorted.splice(i, 1);
        placed.push(view);
      }
    }
    if (placed.length > 32) {
      this.sorted.push(...placed);
      this.sorted.sort(cmp);
    } else for (const v of placed) this.insert(v);
    if (placed.length) this.ranksDirty = true;
    if (bulk) this.tiles.invalidateAll();
    if (this.liveViews.size) this.scheduleCool();
    this.board.invalidate();
    for (const fn of this.listeners) fn(ids);
  }

  /** Binary-search insert: the common case is a new shape on top, which is O(log n). */
  private insert(view: ShapeView) {
    let lo = 0;
    let hi = this.sorted.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cmp(this.sorted[mid], view) < 0) lo = mid + 1;
      else hi = mid;
    }
    this.sorted.splice(lo, 0, view);
  }

  private remove(view: ShapeView, invalidate: boolean) {
    this.views.delete(view.id);
    const i = this.sorted.indexOf(view);
    if (i >= 0) this.sorted.splice(i, 1);
    this.ranksDirty = true;
    this.liveViews.delete(view);
    if (invalidate && !view.live) this.tiles.invalidate(view.bounds);
    view.destroy();
  }

  private rank() {
    if (!this.ranksDirty) return;
    this.ranksDirty = false;
    this.sorted.forEach((v, i) => (v.rank = i));
    this.liveOrderDirty = true;
  }

  /** Moves a view between the tiles and the live layer as its state requires. */
  private updateLive(v: ShapeView) {
    const live = v.frozen || v.hot || v.hideText || isDrawing(v.data);
    if (live === v.live) return;
    v.setLive(live);
    if (live) this.liveViews.add(v);
    else this.liveViews.delete(v);
    this.liveOrderDirty = true;
    this.tiles.invalidate(v.bounds);
  }

  /** Hot shapes that stopped changing go back to the tiles. */
  private cool() {
    const now = performance.now();
    let next = Infinity;
    for (const v of this.liveViews) {
      if (!v.hot || v.frozen) continue;
      const left = v.changedAt + HOT_MS - now;
      if (left <= 0) {
        v.hot = false;
        this.updateLive(v);
      } else next = Math.min(next, left);
    }
    if (next < Infinity) this.scheduleCool(next);
  }

  private scheduleCool(ms = HOT_MS) {
    if (this.hotTimer) return;
    this.hotTimer = setTimeout(() => {
      this.hotTimer = null;
      this.cool();
      this.board.invalidate();
    }, ms + 10);
  }

  private beforeDraw() {
    this.rank();
    if (this.liveOrderDirty) {
      this.liveOrderDirty = false;
      // live nodes in z order among themselves
      const nodes = [...this.liveViews].sort((a, b) => a.rank - b.rank);
      for (const v of nodes) v.node.moveToTop();
    }
  }

  private drawStatic(c: CanvasRenderingContext2D) {
    const size = this.board.size();
    if (!this.options.tiles) {
      // the stage transform is set: paint what the index finds on screen
      const v = this.camera.visibleRect(size.width, size.height);
      this.paintRegion(c, { minX: v.x, minY: v.y, maxX: v.x + v.width, maxY: v.y + v.height }, this.camera.scale);
      this.complete = true;
      return;
    }
    const resting = performance.now() - this.movedAt >= REST_MS;
    c.save();
    c.setTransform(1, 0, 0, 1, 0, 0);
    this.complete = this.tiles.draw(c, this.camera, size.width, size.height, resting, resting ? BUDGET_RESTING_MS : BUDGET_MOVING_MS);
    c.restore();
    // more to paint (or paint ahead): come back next frame
    if (!this.complete || this.tiles.pending(this.camera, size.width, size.height)) this.board.invalidate();
  }

  /** Paints the static shapes touching `box`, in z order (the tile's context is in board coordinates). */
  private paintRegion(c: CanvasRenderingContext2D, box: Box, scale: number): boolean {
    this.rank();
    const found: ShapeView[] = [];
    for (const id of this.index.searchIds(box)) {
      const v = this.views.get(id);
      if (v && !v.live) found.push(v);
    }
    if (!found.length) return false;
    found.sort((a, b) => a.rank - b.rank);
    takeMissed();
    for (const v of found) {
      const d = v.data;
      c.save();
      c.translate(d.x, d.y);
      if (d.rotation) c.rotate((d.rotation * Math.PI) / 180);
      clipToFrame(c, d, this.frameOf(d));
      paintShape(c, d, v.paint, { withText: !v.hideText, scale, lod: this.options.lod, smooth: this.options.smooth });
      c.restore();
      if (takeMissed()) this.missedBoxes.push(v.bounds);
    }
    return true;
  }

  destroy() {
    for (const fn of this.cleanup) fn();
    if (this.restTimer) clearTimeout(this.restTimer);
    if (this.hotTimer) clearTimeout(this.hotTimer);
    for (const v of this.views.values()) v.destroy();
    this.views.clear();
    this.sorted = [];
  }
}
