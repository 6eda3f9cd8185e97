/**
 * PNG and SVG export of a set of shapes (the whole board or the selection). PNG paints
 * with the same code as the board (paint.ts) onto an offscreen canvas; SVG writes what
 * each shape's module makes of it (the same geometry; strokes as their perfect-freehand
 * outline), each in a group that places it.
 */
import { boundsOf, corners, unionBox, type Box } from '../board/geometry.ts';
import { n } from '../shapes/common/svg.ts';
import { prepareFiles } from '../images/cache.ts';
import { imageFileOf } from '../shapes/image/index.ts';
import { moduleFor } from '../shapes/registry.ts';
import type { Shape } from '../shapes/types.ts';
import { shownFrame } from '../board/frames.ts';
import type { FrameShape } from '../shapes/frame/index.ts';
import { clipToFrame, frameClipPath } from './frameClip.ts';
import { newPaintCache, paintShape } from './paint.ts';

export interface ExportOptions {
  background: 'white' | 'transparent';
  /** pixels per board px (PNG only) */
  scale?: number;
  padding?: number;
  /** one frame alone (Menu > Export, a frame): its box is the picture, everything cut to it, its name left out */
  frame?: FrameShape;
}

export function exportBounds(shapes: readonly Shape[], padding = 16, frame?: FrameShape): Box | null {
  if (frame) return frameBox(frame);
  const b = unionBox(shapes.map(boundsOf));
  return b && { minX: b.minX - padding, minY: b.minY - padding, maxX: b.maxX + padding, maxY: b.maxY + padding };
}

/** A frame's box on the board (its name label is not part of it). */
function frameBox(f: FrameShape): Box {
  return unionBox(corners(f).map((p) => ({ minX: p.x, minY: p.y, maxX: p.x, maxY: p.y })))!;
}

/** The shapes of one frame's picture: its members, in the order given (bottom first), without the frame itself. */
export function frameContent(shapes: readonly Shape[], f: FrameShape): Shape[] {
  return shapes.filter((s) => s.type !== 'frame' && s.frame === f.id);
}

/** The frame each shape is cut to in an export: the exported frame, else its own frame if exported too. */
function clipOf(shapes: readonly Shape[], opts: ExportOptions): (s: Shape) => FrameShape | null {
  if (opts.frame) return () => opts.frame!;
  const byId = new Map(shapes.map((s) => [s.id, s]));
  return (s) => (s.frame ? shownFrame(s, (id) => byId.get(id)) : null);
}

/** Renders the shapes (bottom first) to a canvas. */
export function renderCanvas(shapes: readonly Shape[], opts: ExportOptions): HTMLCanvasElement | null {
  const b = exportBounds(shapes, opts.padding, opts.frame);
  if (!b) return null;
  const clip = clipOf(shapes, opts);
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
    clipToFrame(c, s, clip(s));
    // at the export's own resolution: full detail, smoothed outlines where zoomed in
    paintShape(c, s, newPaintCache(s), { scale: k * fit, lod: false });
    c.restore();
  }
  return canvas;
}

/** Loads what the shapes show from elsewhere before they are painted or written: images' files, whole (SVG: as data: URLs). */
export async function prepareExport(shapes: readonly Shape[]): Promise<void> {
  const files = shapes.flatMap((s) => imageFileOf(s) ?? []);
  if (files.length) await prepareFiles(files);
}

export async function exportPNG(shapes: readonly Shape[], opts: ExportOptions): Promise<Blob | null> {
  await prepareExport(shapes);
  const canvas = renderCanvas(shapes, opts);
  if (!canvas) return null;
  return new Promise((resolve) => canvas.toBlob((b) => resolve(b), 'image/png'));
}

/** One shape's SVG elements (by its module) in a group placing it; '' when it has nothing to draw. */
function svgShape(s: Shape): string {
  const body = moduleFor(s).toSvg(s);
  if (body === null) return '';
  const t = `translate(${n(s.x)} ${n(s.y)})${s.rotation ? ` rotate(${n(s.rotation)})` : ''}`;
  const op = s.opacity !== 1 ? ` opacity="${n(s.opacity)}"` : '';
  return `<g transform="${t}"${op}>${body}</g>`;
}

export function exportSVG(shapes: readonly Shape[], opts: ExportOptions): string | null {
  const b = exportBounds(shapes, opts.padding, opts.frame);
  if (!b) return null;
  // one clipPath per frame something is cut to, named by its place here (never by a shape id)
  const clip = clipOf(shapes, opts);
  const clips = new Map<FrameShape, string>();
  const body = shapes.map((s) => {
    const f = clip(s);
    const g = svgShape(s);
    if (!f || !g) return g;
    let id = clips.get(f);
    if (!id) clips.set(f, (id = `frame-clip-${clips.size}`));
    return `<g clip-path="url(#${id})">${g}</g>`;
  });
  const defs = clips.size ? `<defs>${[...clips].map(([f, id]) => frameClipPath(id, f)).join('')}</defs>` : '';
  const w = b.maxX - b.minX;
  const h = b.maxY - b.minY;
  const bg = opts.background === 'white' ? `<rect x="${n(b.minX)}" y="${n(b.minY)}" width="${n(w)}" height="${n(h)}" fill="#fff"/>` : '';
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" width="${n(w)}" height="${n(h)}" viewBox="${n(b.minX)} ${n(b.minY)} ${n(w)} ${n(h)}">` +
    defs +
    bg +
    body.join('') +
    '</svg>'
  );
}
