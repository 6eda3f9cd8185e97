/**
 * The contract of a shape type: one module per type (as tldraw has one ShapeUtil per
 * shape) says how the shape is stored and read, written as JSON, measured and hit,
 * painted and exported, resized, and which styles apply. Everything outside
 * client/shapes/ looks the module up in the registry (registry.ts) and never asks which
 * type a shape is.
 *
 * Members are declared as methods, not function-typed properties: TypeScript compares
 * method parameters bivariantly, which is what lets a `ShapeModule<StrokeData>` sit in
 * the registry as a `ShapeModule` (the registry only hands a module its own shapes).
 */
import type * as Y from 'yjs';
import type { ShapeStyle } from '../../shared/schema.ts';
import type { ShapeJSON } from '../board/shapeJson.ts';
import type { BindTarget, Outline } from './common/attach.ts';
import type { Box, Point } from './common/local.ts';
import type { PointsCache } from './stroke/pointsCache.ts';

/** What every shape holds, whatever its type (readers validate each field: board/sanitize.ts). */
export interface Shape extends ShapeStyle {
  id: string;
  type: string;
  /** stacking key (board/order.ts) */
  z: string;
  /** origin, board px; the shape is drawn in its local frame, rotated around it */
  x: number;
  y: number;
  /** degrees */
  rotation: number;
  author: string;
  /** the frame it belongs to (board/frames.ts), a shape id; undefined when in none */
  frame?: string;
}

/** A shape with text in a box (text, notes, labels): what text layout needs. */
export interface TextBox extends Shape {
  text: string;
  w: number;
  h: number;
}

/** A style patch: what the style panel sets, on new shapes and on the selection. */
export type StylePatch = Partial<ShapeStyle> & { bg?: string; elbow?: boolean };
export type StyleKey = keyof StylePatch;

/**
 * State a reader keeps between reads of one shape (the spatial index keeps one per
 * shape): a growing stroke decodes only its new chunks. Other types ignore it.
 */
export type ReadCache = PointsCache;

/** A shape a tool drops or drags out, or one made from JSON (board/create.ts). */
export interface NewShape {
  x: number;
  y: number;
  w: number;
  h: number;
  rotation?: number;
  author: string;
  style: StylePatch;
  /** initial text (text, sticky, labels) */
  text?: string;
  /** false while the shape is being dragged out (absent = done) */
  done?: boolean;
}

/** Where a shape from JSON goes: its stacking key, its author, and the offset of a paste. */
export interface JsonPlacement {
  z: string;
  author: string;
  dx: number;
  dy: number;
}

/** Keys a shape may leave out of its map (a stroke's header holds them). */
export interface ImpliedKeys {
  z: string | null;
  x: number;
  y: number;
}

/** Shapes that hold text. */
export interface TextSpec {
  /** 'fit': the box is the text's own size, unwrapped (text); 'wrap': wrapped and centred in the box (notes, labels) */
  layout: 'fit' | 'wrap';
  /** the text tool edits it on a click (text, notes); a label opens on a double-click only */
  editOnClick: boolean;
  /** it is nothing but its text: left empty after editing, it goes */
  dropWhenEmpty: boolean;
}

/** Dragging it out with a shape tool (tools/shapeTool.ts). */
export interface DragSpec {
  /** 'box': corner to corner, normalised (shift: a square); 'segment': start to end (shift: 45° steps) */
  kind: 'box' | 'segment';
  /** what a click without a drag drops; null: a click makes nothing */
  clickSize: { w: number; h: number } | null;
}

/** Shapes edited by their two ends instead of the Transformer's box when selected alone (line, arrow). */
export interface EndsSpec<T extends Shape> {
  /** start and end, board coordinates */
  get(s: T): [Point, Point];
  /** writes new ends (inside the caller's transaction) */
  set(map: Y.Map<unknown>, a: Point, b: Point): void;
}

/** How paintShape paints (render/paint.ts fills in the defaults). */
export interface PaintOptions {
  /** false leaves out the text (it is being edited in a DOM overlay) */
  withText: boolean;
  /** the zoom it is painted at (screen px per board px); exports paint at their own resolution */
  scale: number;
  /** level of detail for thin strokes at low zoom (`?lod=off` for the benchmark) */
  lod: boolean;
  /** smoothed stroke outlines at every zoom (`?outline=smooth` for the benchmark) */
  smooth: boolean;
}

/** `T`: the shape's data; `C`: what its painter memoises per shape (a stroke's outline). */
export interface ShapeModule<T extends Shape = Shape, C = unknown> {
  /** the `type` key of its maps and its JSON */
  readonly type: string;

  // --- the document ---
  /** A map without a `type` key that is this shape (strokes written with a header). */
  owns?(map: Y.Map<unknown>): boolean;
  /** Keys the map may leave implied (a stroke header's z and origin); the map's own keys win. */
  impliedKeys?(map: Y.Map<unknown>): ImpliedKeys | null | undefined;
  /** The shape as plain data, every field validated; null when the map is not one this client can read. */
  read(id: string, map: Y.Map<unknown>, cache: ReadCache): T | null;
  /**
   * Its ends bound to other shapes (lines, arrows): the shape `read` gave, with the bound
   * ends placed on their targets (board/bindings.ts). `target` finds a bound shape,
   * null when it is missing, the shape itself or has no outline.
   */
  attach?(s: T, target: (id: string) => BindTarget | null): T;
  /** Arrow and line ends can be bound to it; the outline they stop at. */
  readonly outline?: Outline;
  /** Fills a fresh map with a new shape (absent for strokes: the pen writes them point by point, board/strokes.ts). */
  create?(map: Y.Map<unknown>, init: NewShape, z: string): void;

  // --- JSON (docs/board-format.md) ---
  toJson(s: T): ShapeJSON;
  /** Checks what only this type requires (the fields every shape has are checked already). */
  checkJson(j: Readonly<Record<string, unknown>>, fail: (field: string, what: string) => never): void;
  /** Fills a fresh map from checked JSON. */
  fromJson(map: Y.Map<unknown>, j: ShapeJSON, at: JsonPlacement): void;

  // --- geometry, in the shape's local frame ---
  /** The geometric extent, without ink. */
  localBox(s: T): Box;
  /** Half the visible ink thickness: what a pick within counts as touching. */
  halfInk(s: T): number;
  /** How far the painted shape reaches past its local box (default: halfInk; an arrow head reaches further). */
  boundsPad?(s: T): number;
  /** Whether the local point touches the shape, `reach` being halfInk plus the pick tolerance. */
  hit(s: T, p: Point, reach: number): boolean;

  // --- editing ---
  /** Writes a resize: the scale relative to `base` (the shape when the gesture began), or to the map's values. */
  resize(map: Y.Map<unknown>, scaleX: number, scaleY: number, base: T | undefined): void;
  /** The Transformer alone on it: 'free' stretches, 'ratio' keeps proportions, 'corners' keeps them with corner handles only. */
  readonly handles: 'free' | 'ratio' | 'corners';
  /** Room around the local box in the Transformer's frame (a flat line's box has no height). */
  framePad?(s: T): number;
  readonly ends?: EndsSpec<T>;
  readonly drag?: DragSpec;
  readonly text?: TextSpec;
  /** Drawn live (its own node, every frame) whatever else: a stroke still being drawn. */
  drawing?(s: T): boolean;

  // --- styles ---
  /** The style panel's controls for it. */
  readonly styles: readonly StyleKey[];
  /** The fields a restyle writes, when not just `styles`. */
  readonly restyles?: readonly StyleKey[];
  /** Style values it holds beyond those every shape has (a note's colour). */
  ownStyle?(s: T): StylePatch;

  // --- looks ---
  newPaintCache?(): C;
  /** Paints in the local frame (the caller applies origin, rotation and opacity). */
  paint(c: CanvasRenderingContext2D, s: T, cache: C, opts: PaintOptions): void;
  /** SVG elements in the local frame (the caller wraps them in a transformed group); null: nothing to draw. */
  toSvg(s: T): string | null;
}
