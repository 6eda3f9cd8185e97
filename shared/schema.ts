/**
 * The Yjs document schema of a board, shared by client and relay.
 *
 * doc.getMap(SHAPES) : shapeId -> Y.Map with the fields below.
 * Every shape has `type`, `z` (fractional-index ordering key, see fractional-indexing),
 * `x`, `y` (origin in board coordinates), `author` (presence user id) and style fields;
 * a stroke may hold them in the header of its points instead (F.stream).
 * Optional fields are absent when they hold their default (saves bytes per shape).
 *
 * Transform: the shape is drawn in local coordinates, then rotated by `r` degrees
 * around its origin (x, y), like a Konva node. Boxes (rect, ellipse, text, sticky)
 * span (0,0)-(w,h) locally; a line or arrow runs from (0,0) to (w,h) (w, h may be
 * negative); a stroke's points are scaled by (sx, sy) before rotation.
 *
 * A stroke's points are relative to (x, y) and live in `ps` (see F.stream: its first
 * chunk starts with a header holding the fields fixed when the stroke was drawn) or, in
 * documents written before the header, in `pts`, a Y.Array<Uint8Array> of
 * chunks appended while the pen moves. The chunks concatenate into one byte stream of
 * zigzag varint deltas (dx, dy, dpressure) per point; see client/board/points.ts.
 * When the stroke ends its author replaces the chunks by their concatenation, which
 * decodes to the same points and costs about 3 bytes per point. With the join it sets
 * `bb`, the points' bounds, so a reader can place a finished stroke (spatial index,
 * culling) without decoding its points, and decode only the strokes it paints.
 *
 * Text (text shapes, sticky notes, labels of rects and ellipses) is a Y.Text in `txt`,
 * so several people can type into the same box at once.
 */
export const SHAPES = 'shapes';

export const SHAPE_TYPES = ['stroke', 'rect', 'ellipse', 'line', 'arrow', 'text', 'sticky', 'image', 'frame'] as const;
export type ShapeType = (typeof SHAPE_TYPES)[number];
/** Types whose geometry is the box (0,0)-(w,h). */
export type BoxType = 'rect' | 'ellipse' | 'text' | 'sticky';
export type LineType = 'line' | 'arrow';

export type FillStyle = 'none' | 'semi' | 'solid';
export const FILL_STYLES: readonly FillStyle[] = ['none', 'semi', 'solid'];

/** Field names of a shape's Y.Map. */
export const F = {
  type: 'type',
  z: 'z',
  x: 'x',
  y: 'y',
  author: 'author',
  /** stroke colour (text colour for text and stickies) */
  color: 'color',
  /** stroke width in board px */
  width: 'width',
  /** stroke only: Y.Array<Uint8Array> */
  points: 'pts',
  /**
   * stroke only, what strokes are written with now: Y.Array<Uint8Array> like `pts`, whose
   * first chunk starts with the stroke header (z, origin, width, colour, author,
   * pressure flag, bounds; client/board/strokeHeader.ts). A map with `ps` and no `type`
   * is a stroke. Keys set later (z, x, y, color, width) take precedence over the
   * header. A stroke has either `ps` or `pts`.
   */
  stream: 'ps',
  /** stroke only: true when `pts` holds (dx, dy) pairs without pressure; absent = (dx, dy, dp) triplets */
  noPressure: 'np',
  /** stroke and in-progress shapes: true once the pointer is up */
  done: 'done',
  /**
   * stroke only, set when it ends: [minX, minY, maxX, maxY] of the points relative to
   * (x, y), unscaled, in whole px rounded outwards. A stroke with bounds is done (its
   * author sets `done` only on a stroke without points: one field less per stroke).
   * Absent: readers decode the points to place the stroke.
   */
  bounds: 'bb',
  /** rotation in degrees around (x, y); absent = 0 */
  rotation: 'r',
  /** box size, or a line's end point relative to (x, y) */
  w: 'w',
  h: 'h',
  /** stroke only: scale of the points; absent = 1 */
  sx: 'sx',
  sy: 'sy',
  /** stroke only: true for the highlighter (semi-transparent, drawn under ink) */
  highlighter: 'hl',
  /** FillStyle of rects and ellipses; absent = 'none' */
  fill: 'fill',
  /** true for a dashed outline; absent = solid */
  dash: 'dash',
  /** 0..1; absent = 1 */
  opacity: 'op',
  /** font size in board px (text, sticky, labels) */
  fontSize: 'fs',
  /** Y.Text: the text of a text shape, sticky note or shape label */
  text: 'txt',
  /** sticky only: the note's colour */
  bg: 'bg',
  /**
   * image only: the SHA-256 (64 lowercase hex digits) of its file, a file of the board
   * (docs/protocol.md "Files"). The client builds the URL from it and the room or view
   * id; no URL is ever read from the document.
   */
  file: 'f',
  /** image only: the file's type, image/png, image/jpeg, image/gif or image/webp */
  mime: 'mime',
  /** image only: the file's own size in pixels (the box is w, h) */
  naturalW: 'nw',
  naturalH: 'nh',
  /**
   * image only, boards from before per-edge crops: the part of the file shown, [x0, y0,
   * x1, y1] as fractions of its size; absent = all of it. Read when none of cx0..cy1 is
   * there; a crop written now replaces it by them.
   */
  crop: 'crop',
  /**
   * image only: the crop's edges, one field each (fractions of the file's size; absent:
   * 0 for x0/y0, 1 for x1/y1), so two people cropping different edges at once both keep
   * theirs (one array was one last-writer-wins value)
   */
  cropX0: 'cx0',
  cropY0: 'cy0',
  cropX1: 'cx1',
  cropY1: 'cy1',
  /**
   * image only: its downscaled copies, [[longSide, sha256], ...] (files of the board like
   * `f`, shared/imageFiles.ts PREVIEW_SIZES); absent = none (images added before them)
   */
  previews: 'pv',
  /**
   * 1 when the shape is locked (client/board/lock.ts); absent = unlocked. A locked shape
   * is skipped by every editor's picking (click, marquee, select all, eraser) and left
   * alone by moves, resizes, rotations, nudges, restyles, reorders and deletes; only an
   * unlock (Ctrl+Shift+L over it, Menu > Unlock all) changes it again.
   */
  locked: 'lk',
  /**
   * The group the shape belongs to (client/board/group.ts): a short random string shared
   * by every member; absent = in no group. Selecting one member selects them all, so they
   * move, resize and restyle together. Groups do not nest.
   */
  group: 'g',
  /**
   * The frame the shape belongs to (client/board/frames.ts): the frame's shape id; absent =
   * in no frame. A member is clipped to its frame and moves with it; frames do not nest.
   */
  frame: 'fr',
  /** frame only: its name, a plain string shown above it (at most FRAME_NAME_MAX characters are read) */
  name: 'nm',
  /**
   * line and arrow only: the shape an end is attached to (client/board/bindings.ts),
   * [targetId, ax, ay] with the anchor (ax, ay) in thousandths of the target's local box
   * (0..1000); absent = a free end. The end's place is derived from the target when read
   * (the stored x, y, w, h are where it was last put: what a missing target leaves).
   */
  bindStart: 'sb',
  bindEnd: 'eb',
  /** arrow only: true for an elbow (right-angled) arrow; absent = straight */
  elbow: 'el',
} as const;

/** Coordinates are stored in units of 1/COORD_SCALE board pixels. */
export const COORD_SCALE = 2;
/** Pressure is stored as 0..PRESSURE_SCALE. */
export const PRESSURE_SCALE = 255;

/** Style fields every shape has (defaults filled in when reading). */
export interface ShapeStyle {
  color: string;
  width: number;
  opacity: number;
  dash: boolean;
  fill: FillStyle;
  fontSize: number;
}

interface ShapeBase extends ShapeStyle {
  id: string;
  z: string;
  x: number;
  y: number;
  rotation: number;
  author: string;
  /** the frame it belongs to (F.frame), when it names one */
  frame?: string;
}

/** The plain-object view of a stroke (what renderers consume). */
export interface StrokeData extends ShapeBase {
  type: 'stroke';
  done: boolean;
  sx: number;
  sy: number;
  highlighter: boolean;
  /**
   * flat [x0, y0, p0, x1, y1, p1, ...], relative to (x, y), unscaled, pressure in 0..1.
   * Finished strokes decode it on first read (see pointBounds).
   */
  points: number[];
  /** bounds of `points` (F.bounds) when the document has them: placing the stroke needs no decoding */
  pointBounds: PointBounds | null;
}

/** [minX, minY, maxX, maxY] of a stroke's points, relative to its origin, unscaled. */
export type PointBounds = readonly [number, number, number, number];

export interface BoxData extends ShapeBase {
  type: BoxType;
  w: number;
  h: number;
  /** text, sticky note text or shape label ('' when none) */
  text: string;
  /** sticky note colour ('' for other types) */
  bg: string;
}

export interface LineData extends ShapeBase {
  type: LineType;
  w: number;
  h: number;
}

export type ShapeData = StrokeData | BoxData | LineData;

/** y-protocols awareness state of an editor. */
export interface PresenceState {
  user: { id: string; name: string; color: string };
  /** board coordinates, null when the pointer is off the board */
  cursor: { x: number; y: number } | null;
  tool?: string;
  /** the board point at the centre of the screen and the zoom, for "follow" */
  viewport?: { x: number; y: number; scale: number };
  /** ids of the shapes this person has selected */
  selection?: string[];
  /** laser pointer trail, oldest first, board coordinates; absent or empty when idle */
  laser?: number[];
  /** true when this person has not touched the board for a minute */
  away?: boolean;
  /** presenting (client/present/): the id of the frame shown now; absent or null when not presenting */
  present?: { frame: string } | null;
}

/** Awareness state the relay publishes under its own client id. */
export interface RelayPresenceState {
  /** `saving` false: the relay cannot store this board right now and refuses changes (close 4507). */
  relay: { spectators: number; saving?: boolean; maxDocBytes?: number; maxFrameBytes?: number; maxFileBytes?: number };
}
