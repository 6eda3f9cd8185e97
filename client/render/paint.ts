/**
 * Painting one shape on a 2D canvas context in its local frame (the caller applies
 * x, y and rotation), by the shape's module. Shared by the Konva views (sceneFunc),
 * the tiles and PNG export, so the board and its exports look the same.
 */
import { moduleFor } from '../shapes/registry.ts';
import type { PaintOptions, Shape } from '../shapes/types.ts';

/** What a shape's painter memoises between paints (a stroke's outline); one per shape and type. */
export type PaintCache = unknown;

export const newPaintCache = (s: Shape): PaintCache => moduleFor(s).newPaintCache?.();

/** Paints `s` in its local frame; the caller sets up the transform and restores state. Options default to a full-detail paint at scale 1 with text. */
export function paintShape(c: CanvasRenderingContext2D, s: Shape, cache: PaintCache, opts: Partial<PaintOptions> = {}): void {
  const { withText = true, scale = 1, lod = true, smooth = false } = opts;
  c.globalAlpha *= s.opacity;
  moduleFor(s).paint(c, s, cache, { withText, scale, lod, smooth });
}
