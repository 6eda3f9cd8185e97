/**
 * The Yjs document schema of a board, shared by client and relay.
 *
 * doc.getMap(SHAPES) : shapeId -> Y.Map with the fields below.
 * Every shape has `type`, `z` (fractional-index ordering key, see fractional-indexing),
 * `x`, `y` (origin in board coordinates), `author` (presence user id) and style fields.
 *
 * A stroke's points are relative to (x, y) and live in `pts`, a Y.Array<Uint8Array> of
 * chunks appended while the pen moves. The chunks concatenate into one byte stream of
 * zigzag varint deltas (dx, dy, dpressure) per point; see client/board/points.ts.
 * When the stroke ends its author replaces the chunks by their concatenation, which
 * decodes to the same points and costs about 3 bytes per point.
 */
export const SHAPES = 'shapes';

export type ShapeType = 'stroke';

/** Field names of a shape's Y.Map. */
export const F = {
  type: 'type',
  z: 'z',
  x: 'x',
  y: 'y',
  author: 'author',
  color: 'color',
  width: 'width',
  /** stroke only: Y.Array<Uint8Array> */
  points: 'pts',
  /** stroke only: true once the pen is up */
  done: 'done',
} as const;

/** Coordinates are stored in units of 1/COORD_SCALE board pixels. */
export const COORD_SCALE = 2;
/** Pressure is stored as 0..PRESSURE_SCALE. */
export const PRESSURE_SCALE = 255;

/** The plain-object view of a stroke (what renderers consume). */
export interface StrokeData {
  id: string;
  type: 'stroke';
  z: string;
  x: number;
  y: number;
  author: string;
  color: string;
  width: number;
  done: boolean;
  /** flat [x0, y0, p0, x1, y1, p1, ...], relative to (x, y), pressure in 0..1 */
  points: number[];
}

export type ShapeData = StrokeData;

/** y-protocols awareness state of an editor. */
export interface PresenceState {
  user: { id: string; name: string; color: string };
  /** board coordinates, null when the pointer is off the board */
  cursor: { x: number; y: number } | null;
  tool?: string;
  viewport?: { x: number; y: number; scale: number };
}

/** Awareness state the relay publishes under its own client id. */
export interface RelayPresenceState {
  relay: { spectators: number };
}
