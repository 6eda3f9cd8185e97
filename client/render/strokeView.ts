/**
 * One stroke on screen: a Konva.Shape whose sceneFunc fills a cached Path2D outline.
 * The outline is rebuilt lazily, only after the stroke's points or style changed.
 */
import type * as Y from 'yjs';
import { Shape } from 'konva/lib/Shape';
import { F, type StrokeData } from '../../shared/schema.ts';
import { newPointsCache, readPoints, readStrokeFields, type PointsCache } from '../board/read.ts';
import { buildOutline, type Outline } from './outline.ts';

export type Fields = Omit<StrokeData, 'points'>;

/** Visible board rectangle, for culling strokes off screen. */
export type ViewRect = () => { x: number; y: number; width: number; height: number };

export class StrokeView {
  readonly node: Shape;
  fields: Fields;
  private cache: PointsCache = newPointsCache();
  private outline: Outline | null = null;
  private stale = true;

  constructor(
    readonly id: string,
    fields: Fields,
    viewRect: ViewRect,
  ) {
    this.fields = fields;
    this.node = new Shape({
      x: fields.x,
      y: fields.y,
      listening: false,
      perfectDrawEnabled: false,
      sceneFunc: (ctx) => {
        const o = this.getOutline();
        if (!o) return;
        const v = viewRect();
        const { x, y } = this.fields;
        if (x + o.maxX < v.x || x + o.minX > v.x + v.width || y + o.maxY < v.y || y + o.minY > v.y + v.height) return;
        const c = ctx._context;
        c.fillStyle = this.fields.color;
        c.fill(o.path);
      },
    });
  }

  get points(): readonly number[] {
    return this.cache.points;
  }

  /** Re-reads the stroke from its Y.Map; returns false if it is no longer a stroke. */
  update(map: Y.Map<unknown>): boolean {
    const f = readStrokeFields(this.id, map);
    if (!f) return false;
    const prev = this.fields;
    if (f.width !== prev.width || f.done !== prev.done) this.stale = true;
    if (f.x !== prev.x || f.y !== prev.y) this.node.position({ x: f.x, y: f.y });
    this.fields = f;
    if (readPoints(map.get(F.points) as Y.Array<Uint8Array> | undefined, this.cache)) this.stale = true;
    return true;
  }

  private getOutline(): Outline | null {
    if (this.stale) {
      this.outline = this.cache.points.length ? buildOutline(this.cache.points, this.fields.width, this.fields.done) : null;
      this.stale = false;
    }
    return this.outline;
  }

  destroy() {
    this.node.destroy();
  }
}
