/**
 * Document size of the benchmark scene after compaction, as the relay stores it: the
 * doc's state as one Yjs update (v2 encoding, what server/core persists as a snapshot;
 * v1 for comparison), deleted chunks garbage-collected. Strokes and shapes are measured
 * in separate docs so each gets its own per-item figure.
 */
import * as Y from 'yjs';
import { drawShapes, drawStrokes, rng, SCENE } from './scene.ts';

export interface DocSize {
  strokes: number;
  points: number;
  shapes: number;
  strokeBytesV2: number;
  strokeBytesV1: number;
  shapeBytesV2: number;
  shapeBytesV1: number;
  /** bytes per stroke point, fixed per-stroke overhead included (v2) */
  bytesPerPointV2: number;
  bytesPerPointV1: number;
  bytesPerShapeV2: number;
  bytesPerShapeV1: number;
  /** the same for mouse strokes (flat pressure) and pen strokes alone */
  bytesPerPointMouseV2: number;
  bytesPerPointPenV2: number;
}

/** Compaction: a fresh doc from the merged state, as a relay loading it would hold it. */
function compacted(doc: Y.Doc): Y.Doc {
  const fresh = new Y.Doc();
  Y.applyUpdateV2(fresh, Y.encodeStateAsUpdateV2(doc));
  return fresh;
}

function sizes(doc: Y.Doc) {
  const c = compacted(doc);
  return { v2: Y.encodeStateAsUpdateV2(c).length, v1: Y.encodeStateAsUpdate(c).length };
}

/**
 * The seeded board (as a second client received it from the relay): its total compacted
 * size, plus per-stroke-point and per-shape figures from docs holding only the strokes
 * or only the shapes of the same generator (so neither carries the other's bytes).
 */
export function measureSeededDoc(doc: Y.Doc): DocSize & { boardBytesV2: number; boardBytesV1: number } {
  const board = sizes(doc);
  return { ...measureDocSize(), boardBytesV2: board.v2, boardBytesV1: board.v1 };
}

export function measureDocSize(strokes = SCENE.strokes, shapes = SCENE.shapes): DocSize {
  const sd = new Y.Doc();
  const points = drawStrokes(sd, rng(7), strokes);
  const s = sizes(sd);
  const hd = new Y.Doc();
  drawShapes(hd, rng(8), shapes);
  const h = sizes(hd);
  const mouse = new Y.Doc();
  const mp = drawStrokes(mouse, rng(9), 1000, { penShare: 0 });
  const pen = new Y.Doc();
  const pp = drawStrokes(pen, rng(10), 1000, { penShare: 1 });
  return {
    strokes,
    points,
    shapes,
    strokeBytesV2: s.v2,
    strokeBytesV1: s.v1,
    shapeBytesV2: h.v2,
    shapeBytesV1: h.v1,
    bytesPerPointV2: s.v2 / points,
    bytesPerPointV1: s.v1 / points,
    bytesPerShapeV2: h.v2 / shapes,
    bytesPerShapeV1: h.v1 / shapes,
    bytesPerPointMouseV2: sizes(mouse).v2 / mp,
    bytesPerPointPenV2: sizes(pen).v2 / pp,
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const t = performance.now();
  console.log(measureDocSize(), `${Math.round(performance.now() - t)} ms`);
}
