/**
 * The JSON of one shape (docs/board-format.md) and the limits on what a file may hold.
 * Kept apart from format.ts (which validates through the shape registry) so the shape
 * modules can use it without an import cycle.
 */
import type { FillStyle } from '../../shared/schema.ts';

/** Limits that keep a hostile or broken file from freezing the tab. */
export const MAX_SHAPES = 100_000;
export const MAX_POINTS = 200_000;
export const MAX_TEXT = 100_000;

export interface ShapeJSON {
  /** one of the registered shape types (shapes/registry.ts) */
  type: string;
  x: number;
  y: number;
  /** degrees, default 0 */
  rotation?: number;
  color: string;
  width: number;
  opacity?: number;
  dash?: boolean;
  fill?: FillStyle;
  fontSize?: number;
  /** boxes: size; lines and arrows: end point relative to (x, y) */
  w?: number;
  h?: number;
  text?: string;
  /** sticky note colour */
  bg?: string;
  /** strokes: flat [x, y, pressure, ...] relative to (x, y) */
  points?: number[];
  scaleX?: number;
  scaleY?: number;
  highlighter?: boolean;
  /** the shape's group: shapes with the same value are one group (new ids on every paste or import; board/group.ts) */
  group?: string;
  /** true for a locked shape (board/lock.ts) */
  locked?: boolean;
  /** images: the SHA-256 of the file (a file of the board the shape is on), its type, its size in pixels and the part shown */
  file?: string;
  mime?: string;
  naturalWidth?: number;
  naturalHeight?: number;
  crop?: number[];
  /** images: downscaled copies of the file, files of the same board (shared/imageFiles.ts PREVIEW_SIZES) */
  previews?: Array<{ size: number; file: string }>;
  /** frames: the name; other shapes: the frame they belong to, by its index in the same `shapes` array (board/frames.ts) */
  name?: string;
  frame?: number;
  /** lines and arrows: the shape an end is attached to, by its index in the same `shapes` array, and the anchor in it (fractions of its box); board/serialize.ts */
  start?: BindingJSON;
  end?: BindingJSON;
  /** arrows: a right-angled route */
  elbow?: boolean;
}

/** An end's binding in JSON: the target's index in the file's `shapes` and the anchor, fractions 0..1 of its box. */
export interface BindingJSON {
  shape: number;
  x: number;
  y: number;
}
