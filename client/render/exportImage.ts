/**
 * PNG and SVG export of a set of shapes (the whole board or the selection). PNG paints
 * with the same code as the board (paint.ts) onto an offscreen canvas; SVG writes one
 * element per shape with the same geometry (strokes as their perfect-freehand outline).
 */
import type { BoxData, LineData, ShapeData } from '../../shared/schema.ts';
import { boundsOf, unionBox, type Box } from '../board/geometry.ts';
import { DEFAULT_COLOR } from '../board/read.ts';
import { safeColor } from '../board/sanitize.ts';
import { fillColor } from './colors.ts';
import { strokePolygon } from './outline.ts';
import { arrowHead, HIGHLIGHTER_ALPHA, newPaintCache, paintShape } from './paint.ts';
import { FONT_FAMILY, layoutText, LINE_HEIGHT, PAD } from './text.ts';

export interface ExportOptions {
  background: 'white' | 'transparent';
  /** pixels per board px (PNG only) */
  scale?: number;
  padding?: number;
}

export function exportBounds(shapes: readonly ShapeData[], padding = 16): Box | null {
  const b = unionBox(shapes.map(boundsOf));
  return b && { minX: b.minX - padding, minY: b.minY - padding, maxX: b.maxX + padding, maxY: b.maxY + padding };
}

/** Renders the shapes (bottom first) to a canvas. */
export function renderCanvas(shapes: readonly ShapeData[], opts: ExportOptions): HTMLCanvasElement | null {
  const b = exportBounds(shapes, opts.padding);
  if (!b) return null;
  const k = opts.scale ?? 2;
  const canvas = document.createElement('canvas');
  // browsers cap canvas area; scale down very large boards rather than fail
  const area = (b.maxX - b.minX) * (b.maxY - b.minY) * k * k;
  const fit = area > 16e6 ? Math.sqrt(16e6 / area) : 1;
  canvas.width = Math.ceil((b.maxX - b.minX) * k * fit);
  canvas.height = Math.ceil((b.maxY - b.minY) * k * fit);
  const c = canvas.getContext('2d')!;
  if (opts.background === 'white') {
    c.fillStyle = '#fff';
    c.fillRect(0, 0, canvas.width, canvas.height);
  }
  c.scale(k * fit, k * fit);
  c.translate(-b.minX, -b.minY);
  for (const s of shapes) {
    c.save();
    c.translate(s.x, s.y);
    if (s.rotation) c.rotate((s.rotation * Math.PI) / 180);
    // at the export's own resolution: full detail, smoothed outlines where zoomed in
    paintShape(c, s, newPaintCache(), { scale: k * fit, lod: false });
    c.restore();
  }
  return canvas;
}

export function exportPNG(shapes: readonly ShapeData[], opts: ExportOptions): Promise<Blob | null> {
  const canvas = renderCanvas(shapes, opts);
  if (!canvas) return Promise.resolve(null);
  return new Promise((resolve) => canvas.toBlob((b) => resolve(b), 'image/png'));
}

/**
 * Text for SVG: markup characters escaped, and characters XML 1.0 forbids (control
 * characters, lone surrogates, U+FFFE/U+FFFF) dropped, so a peer's text can neither add
 * markup nor make the file unreadable.
 */
const esc = (s: string) =>
  s
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff\ud800-\udfff]/gu, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;');
/** A colour attribute value. Shapes come validated from board/read.ts; checked again because this is markup. */
const color = (c: string) => esc(safeColor(c, DEFAULT_COLOR));
/** A number attribute value; 0 for anything non-finite (never "NaN" in the file). */
const n = (v: number) => (Number.isFinite(v) ? String(Math.round(v * 100) / 100) : '0');

function lineAttrs(s: ShapeData): string {
  const dash = s.dash ? ` stroke-dasharray="${n(s.width * 2.5 + 4)} ${n(s.width * 2 + 6)}"` : '';
  return `stroke="${color(s.color)}" stroke-width="${n(s.width)}" stroke-linecap="round" stroke-linejoin="round"${dash}`;
}

function svgText(s: BoxData, centered: boolean): string {
  if (!s.text) return '';
  const lines = layoutText(s.text, s.fontSize, s.type === 'text' ? null : Math.max(1, s.w - PAD * 2));
  const lh = s.fontSize * LINE_HEIGHT;
  const top = s.type === 'text' ? 0 : centered ? (s.h - lh * lines.length) / 2 : PAD;
  const x = s.type === 'text' ? 0 : s.w / 2;
  const anchor = s.type === 'text' ? 'start' : 'middle';
  const spans = lines.map((l, i) => `<tspan x="${n(x)}" y="${n(top + lh * (i + 0.5))}">${esc(l) || ' '}</tspan>`).join('');
  return `<text font-family="${esc(FONT_FAMILY)}" font-size="${n(s.fontSize)}" fill="${color(s.color)}" text-anchor="${anchor}" dominant-baseline="central" xml:space="preserve">${spans}</text>`;
}

function svgShape(s: ShapeData): string {
  let body = '';
  if (s.type === 'stroke') {
    const poly = strokePolygon(s.points, s.width, true, s.highlighter);
    if (poly.length < 2) return '';
    const d = `M${poly.map(([x, y]) => `${n(x * s.sx)} ${n(y * s.sy)}`).join('L')}Z`;
    body = `<path d="${d}" fill="${color(s.color)}"${s.highlighter ? ` fill-opacity="${HIGHLIGHTER_ALPHA}"` : ''}/>`;
  } else if (s.type === 'line' || s.type === 'arrow') {
    const l = s as LineData;
    body = `<line x1="0" y1="0" x2="${n(l.w)}" y2="${n(l.h)}" ${lineAttrs(s)}/>`;
    if (l.type === 'arrow') {
      const [x1, y1, x2, y2, x3, y3] = arrowHead(l);
      body += `<polyline points="${n(x1)},${n(y1)} ${n(x2)},${n(y2)} ${n(x3)},${n(y3)}" fill="none" ${lineAttrs({ ...s, dash: false })}/>`;
    }
  } else {
    const b = s as BoxData;
    if (b.type === 'sticky') body = `<rect width="${n(b.w)}" height="${n(b.h)}" rx="6" fill="${color(b.bg)}"/>`;
    else if (b.type === 'rect' || b.type === 'ellipse') {
      const fill = esc(fillColor(b.fill, safeColor(b.color, DEFAULT_COLOR)) ?? 'none');
      body =
        b.type === 'rect'
          ? `<rect width="${n(b.w)}" height="${n(b.h)}" rx="${n(Math.min(10, b.w / 6, b.h / 6))}" fill="${fill}" ${lineAttrs(b)}/>`
          : `<ellipse cx="${n(b.w / 2)}" cy="${n(b.h / 2)}" rx="${n(b.w / 2)}" ry="${n(b.h / 2)}" fill="${fill}" ${lineAttrs(b)}/>`;
    }
    body += svgText(b, true);
  }
  const t = `translate(${n(s.x)} ${n(s.y)})${s.rotation ? ` rotate(${n(s.rotation)})` : ''}`;
  const op = s.opacity !== 1 ? ` opacity="${n(s.opacity)}"` : '';
  return `<g transform="${t}"${op}>${body}</g>`;
}

export function exportSVG(shapes: readonly ShapeData[], opts: ExportOptions): string | null {
  const b = exportBounds(shapes, opts.padding);
  if (!b) return null;
  const w = b.maxX - b.minX;
  const h = b.maxY - b.minY;
  const bg = opts.background === 'white' ? `<rect x="${n(b.minX)}" y="${n(b.minY)}" width="${n(w)}" height="${n(h)}" fill="#fff"/>` : '';
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" width="${n(w)}" height="${n(h)}" viewBox="${n(b.minX)} ${n(b.minY)} ${n(w)} ${n(h)}">` +
    bg +
    shapes.map(svgShape).join('') +
    '</svg>'
  );
}
