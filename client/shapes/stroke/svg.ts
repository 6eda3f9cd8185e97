/** A stroke in SVG: its finished perfect-freehand outline as one filled path. */
import type { StrokeData } from '../../../shared/schema.ts';
import { color, n } from '../common/svg.ts';
import { strokePolygon } from './outline.ts';
import { HIGHLIGHTER_ALPHA } from './paint.ts';

export function strokeSvg(s: StrokeData): string | null {
  const poly = strokePolygon(s.points, s.width, true, s.highlighter);
  if (poly.length < 2) return null;
  const d = `M${poly.map(([x, y]) => `${n(x * s.sx)} ${n(y * s.sy)}`).join('L')}Z`;
  return `<path d="${d}" fill="${color(s.color)}"${s.highlighter ? ` fill-opacity="${HIGHLIGHTER_ALPHA}"` : ''}/>`;
}
