/**
 * The bytes each shape type adds to a board (issue 16: "document the bytes each new
 * shape adds"), for every type in client/shapes/registry.ts.
 *
 * A doc holds the benchmark's 1,000 shapes (scene.ts drawShapes: the board's authors,
 * colours and keys are there already, as on a real board); 100 shapes of one type are
 * added to it, each in its own transaction, the way a person adds them; the growth of
 * the compacted state (Y.encodeStateAsUpdateV2 of a fresh doc loaded from it, as the
 * relay stores snapshots; v1 beside it) divided by 100 is the figure.
 *
 * - stroke: drawn with ~100 points in chunks of 6 (beginStroke / appendPoints / endStroke);
 * - image: written as a paste or a drop writes it (writeImage: hash, type, natural size);
 * - every other type with a `create` (rect, ellipse, line, arrow, text, sticky, and any
 *   type added later): dragged out with its tool, created unfinished, resized on 10
 *   frames and finished (board/create.ts), with a short text where the type holds one.
 *
 * `node --import tsx bench/render/shapeBytes.ts` prints the table and writes it into
 * docs/benchmarks.md (`--no-write`: print only); bench:render writes it too.
 */
import { createHash } from 'node:crypto';
import * as Y from 'yjs';
import { createShape, finishShape, resizeShape } from '../../client/board/create.ts';
import { newShapeId } from '../../client/board/ids.ts';
import { nextZ } from '../../client/board/order.ts';
import { shapesMap } from '../../client/board/strokes.ts';
import { writeImage } from '../../client/shapes/image/index.ts';
import { shapeModule, shapeTypes } from '../../client/shapes/registry.ts';
import { BENCHMARKS_MD, writeDocSection } from '../docSection.ts';
import { drawShapes, drawStrokes, rng } from './scene.ts';

export interface ShapeBytes {
  type: string;
  /** how the shapes were added */
  how: string;
  count: number;
  v2: number;
  v1: number;
  /** strokes: points added, for bytes per point */
  points?: number;
}

const PER_TYPE = 100;
const COLORS = ['#1e1e1e', '#e03131', '#2f9e44', '#1971c2'];
const WORDS = ['idea', 'todo', 'ship it', 'review', 'why?', 'draft', 'next sprint', 'users'];
/** Types that hold a text when a person adds them. */
const WITH_TEXT = new Set(['text', 'sticky']);

function compactedSize(doc: Y.Doc): { v2: number; v1: number } {
  const fresh = new Y.Doc();
  Y.applyUpdateV2(fresh, Y.encodeStateAsUpdateV2(doc));
  return { v2: Y.encodeStateAsUpdateV2(fresh).length, v1: Y.encodeStateAsUpdate(fresh).length };
}

function baseBoard(): Y.Doc {
  const doc = new Y.Doc();
  drawShapes(doc, rng(8), 1000);
  return doc;
}

/** Adds `n` shapes of `type` to `doc` as a person would; returns how, and the points for strokes. Null: no way to add one. */
function addShapes(doc: Y.Doc, type: string, n: number, r: () => number): { how: string; points?: number } | null {
  if (type === 'stroke') return { how: 'drawn, ~100 points in chunks of 6', points: drawStrokes(doc, r, n) };
  if (type === 'image') {
    const shapes = shapesMap(doc);
    for (let i = 0; i < n; i++) {
      const w = 1000 + Math.floor(r() * 1500);
      const h = 800 + Math.floor(r() * 1000);
      doc.transact(() => {
        const map = new Y.Map<unknown>();
        shapes.set(newShapeId(), map);
        writeImage(
          map,
          { x: r() * 4000, y: r() * 3000, w: w / 6, h: h / 6, author: 'Kq3vYb0x2A', file: createHash('sha256').update(`image ${i}`).digest('hex'), mime: 'image/jpeg', naturalW: w, naturalH: h },
          nextZ(shapes),
        );
      });
    }
    return { how: 'pasted (writeImage: hash, type, natural size, box)' };
  }
  if (!shapeModule(type)?.create) return null;
  const line = type === 'line' || type === 'arrow';
  for (let i = 0; i < n; i++) {
    const x = 40 + r() * 3700;
    const y = 40 + r() * 2700;
    const w = line ? (r() - 0.5) * 300 : 60 + r() * 180;
    const h = line ? (r() - 0.5) * 300 : 40 + r() * 140;
    const text = WITH_TEXT.has(type) ? WORDS[Math.floor(r() * WORDS.length)] : undefined;
    const id = createShape(doc, {
      type,
      x,
      y,
      w: 1,
      h: 1,
      author: 'Kq3vYb0x2A',
      style: { color: COLORS[i % COLORS.length], width: 2, ...(type === 'sticky' ? { bg: '#ffec99' } : {}) },
      text,
      done: false,
    });
    for (let f = 1; f <= 10; f++) resizeShape(doc, id, { x, y, w: (w * f) / 10, h: (h * f) / 10 });
    finishShape(doc, id);
  }
  return { how: WITH_TEXT.has(type) ? 'dragged out (10 frames), a word or two of text' : 'dragged out with its tool (10 frames)' };
}

export function measureShapeBytes(types: string[] = shapeTypes(), perType = PER_TYPE): ShapeBytes[] {
  const out: ShapeBytes[] = [];
  for (const type of types) {
    const doc = baseBoard();
    const before = compactedSize(doc);
    const added = addShapes(doc, type, perType, rng(300 + type.length));
    if (!added) {
      out.push({ type, how: 'no way to add one here (no create): add it to bench/render/shapeBytes.ts', count: 0, v2: NaN, v1: NaN });
      continue;
    }
    const after = compactedSize(doc);
    out.push({ type, how: added.how, count: perType, v2: (after.v2 - before.v2) / perType, v1: (after.v1 - before.v1) / perType, points: added.points });
  }
  return out;
}

export function formatShapeBytes(rows: ShapeBytes[]): string {
  const n = (v: number) => (Number.isFinite(v) ? Math.round(v).toLocaleString('en-US') : '-');
  return [
    '### Bytes each shape adds',
    '',
    'Produced by `node --import tsx bench/render/shapeBytes.ts` (also written by `npm run bench:render`). 100 shapes of one',
    'type added to a board of the benchmark\'s 1,000 shapes, each in its own transaction as a person adds them; the growth',
    'of the compacted state (`Y.encodeStateAsUpdateV2` of a fresh doc loaded from it, as the relay stores snapshots; v1',
    'beside it) ÷ 100. Every type of client/shapes/registry.ts has a row. An image holds a reference to its file',
    '(the SHA-256, 64 hex digits) and its size, not the pixels: the file is in the room\'s files (Files API).',
    '',
    '| type | added as | bytes per shape (v2) | v1 | per stroke point (v2) |',
    '| --- | --- | --- | --- | --- |',
    ...rows.map((r) => `| ${r.type} | ${r.how} | **${n(r.v2)}** | ${n(r.v1)} | ${r.points ? (r.v2 * r.count / r.points).toFixed(2) : ''} |`),
  ].join('\n');
}

export function writeShapeBytes(rows: ShapeBytes[], write: boolean): void {
  const text = formatShapeBytes(rows);
  console.error(`\n${text}\n`);
  if (write) writeDocSection(BENCHMARKS_MD, 'shape-bytes', text);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  writeShapeBytes(measureShapeBytes(), !process.argv.includes('--no-write'));
}
