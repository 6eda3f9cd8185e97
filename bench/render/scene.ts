/**
 * The benchmark scene, written through the real board functions (client/board): 10,000
 * freehand strokes of ~100 points over ~4000×3000 px, appended in small chunks as a
 * drawing client would (one chunk per frame) and ended, plus 1,000 shapes of every
 * other type. Deterministic (seeded PRNG), so every run draws the same board.
 */
import * as Y from 'yjs';
import { appendPoints, beginStroke, endStroke } from '../../client/board/strokes.ts';
import { createShape } from '../../client/board/create.ts';

export const SCENE = { strokes: 10_000, pointsPerStroke: 100, shapes: 1_000, width: 4000, height: 3000 };
/** Share of the strokes drawn with a pen (real pressure); the rest are mouse strokes. */
export const PEN_SHARE = 0.3;

/** mulberry32 */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const COLORS = ['#1e1e1e', '#e03131', '#2f9e44', '#1971c2', '#f08c00', '#6741d9'];
const AUTHORS = ['Kq3vYb0x2A', 'pL9mZt1cQe', 'r7WnHs4dUf', 'Xc5jEk8gTi'];

/**
 * Points of one wobbly stroke starting at (x, y), flat [x, y, p, ...] in board px,
 * sampled like a mouse at 60 Hz (2–4 px apart). `pen` strokes carry varying pressure,
 * mouse strokes the flat 0.5 the input layer reports for mice.
 */
export function strokePath(r: () => number, x: number, y: number, n: number, pen: boolean): number[] {
  const out: number[] = [];
  let a = r() * Math.PI * 2;
  const turn = (r() - 0.5) * 0.2;
  const step = 2 + r() * 2;
  for (let i = 0; i < n; i++) {
    out.push(x, y, pen ? 0.35 + 0.4 * Math.abs(Math.sin(i / 11 + a)) : 0.5);
    a += turn + (r() - 0.5) * 0.3;
    x += Math.cos(a) * step;
    y += Math.sin(a) * step;
  }
  return out;
}

/**
 * Draws `count` strokes into `doc` (each its own transactions, like a user), `chunk`
 * points per appendPoints call. `penShare` of them carry real pen pressure.
 */
export function drawStrokes(doc: Y.Doc, r: () => number, count: number, opts: { chunk?: number; penShare?: number } = {}): number {
  const chunk = opts.chunk ?? 6;
  let points = 0;
  for (let i = 0; i < count; i++) {
    const x = 60 + r() * (SCENE.width - 120);
    const y = 60 + r() * (SCENE.height - 120);
    const pen = r() < (opts.penShare ?? PEN_SHARE);
    const n = SCENE.pointsPerStroke - 10 + Math.floor(r() * 21);
    const path = strokePath(r, x, y, n, pen);
    const h = beginStroke(doc, {
      x,
      y,
      author: AUTHORS[i % AUTHORS.length],
      color: COLORS[Math.floor(r() * COLORS.length)],
      width: [2, 4, 4, 8][Math.floor(r() * 4)],
      highlighter: r() < 0.03,
      simulatedPressure: !pen,
    });
    for (let k = 0; k < path.length; k += chunk * 3) appendPoints(doc, h, path.slice(k, k + chunk * 3));
    endStroke(doc, h);
    points += n;
  }
  return points;
}

const TYPES = ['rect', 'ellipse', 'line', 'arrow', 'text', 'sticky'] as const;
const WORDS = ['idea', 'todo', 'ship it', 'review', 'why?', 'draft', 'next sprint', 'users', 'latency', 'done'];

export function drawShapes(doc: Y.Doc, r: () => number, count: number): void {
  for (let i = 0; i < count; i++) {
    const type = TYPES[i % TYPES.length];
    const x = 40 + r() * (SCENE.width - 280);
    const y = 40 + r() * (SCENE.height - 240);
    const line = type === 'line' || type === 'arrow';
    const w = line ? (r() - 0.5) * 300 : 60 + r() * 180;
    const h = line ? (r() - 0.5) * 300 : 40 + r() * 140;
    const text = type === 'text' || type === 'sticky' || (type === 'rect' && r() < 0.3) ? WORDS[Math.floor(r() * WORDS.length)] : undefined;
    createShape(doc, {
      type,
      x,
      y,
      w,
      h,
      rotation: r() < 0.1 ? Math.round(r() * 90) : 0,
      author: AUTHORS[i % AUTHORS.length],
      style: {
        color: COLORS[Math.floor(r() * COLORS.length)],
        width: [1, 2, 4][Math.floor(r() * 3)],
        fill: type === 'rect' || type === 'ellipse' ? (['none', 'semi', 'solid'] as const)[Math.floor(r() * 3)] : undefined,
        dash: r() < 0.2 ? true : undefined,
        ...(type === 'sticky' ? { bg: ['#ffec99', '#b2f2bb', '#a5d8ff'][i % 3] } : {}),
      },
      text,
    });
  }
}
