/** The JSON fields every shape has (docs/board-format.md); modules add their own after them. */
import type { ShapeJSON } from '../../board/shapeJson.ts';
import type { JsonPlacement, NewShape, Shape, StylePatch } from '../types.ts';

/** Type, origin, colour and width, then rotation, opacity and dash when not the default (this key order is the format's). */
export function baseJson(s: Shape): ShapeJSON {
  const out: ShapeJSON = { type: s.type, x: s.x, y: s.y, color: s.color, width: s.width };
  if (s.rotation) out.rotation = s.rotation;
  if (s.opacity !== 1) out.opacity = s.opacity;
  if (s.dash) out.dash = true;
  return out;
}

/** The style a JSON shape carries. */
export const jsonStyle = (j: ShapeJSON): StylePatch => ({ color: j.color, width: j.width, opacity: j.opacity, dash: j.dash, fill: j.fill, fontSize: j.fontSize, bg: j.bg, elbow: j.elbow });

/** A JSON box or segment as a new shape, moved by the placement's offset. */
export function jsonToNew(j: ShapeJSON, at: JsonPlacement): NewShape {
  return { x: j.x + at.dx, y: j.y + at.dy, w: j.w ?? 1, h: j.h ?? 1, rotation: j.rotation, author: at.author, style: jsonStyle(j), text: j.text };
}

/** Boxes and segments require their size (or end point). */
export function checkSize(j: Readonly<Record<string, unknown>>, fail: (field: string, what: string) => never): void {
  const isNum = (v: unknown) => typeof v === 'number' && Number.isFinite(v);
  if (!isNum(j.w) || !isNum(j.h)) fail('w', 'expected w and h numbers');
}
