/**
 * The overlay layer above the shapes: the Konva.Transformer of the local selection
 * (the only listening nodes on the stage: its handles), the marquee, other people's
 * selections outlined in their colour, laser trails and the eraser trail. Everything
 * but the transformer is painted by one listening(false) Konva.Shape per frame.
 */
import Konva from 'konva/lib/Core';
import { Transformer } from 'konva/lib/shapes/Transformer';
import { Rect } from 'konva/lib/shapes/Rect';
import { Shape } from 'konva/lib/Shape';
import type { Box, Point } from '../board/geometry.ts';
import type { Camera } from './camera.ts';
import { requestFrame } from './frame.ts';

export const ACCENT = '#6965db';

/** A trail of board points with the time each was added (performance.now()). */
export interface Trail {
  points: { x: number; y: number; t: number }[];
  color: string;
  /** ms a point stays visible */
  life: number;
  width: number;
}

/** Something the overlay paints each frame in board coordinates. */
export type OverlayPainter = (c: CanvasRenderingContext2D, scale: number, now: number) => boolean;

export class Overlay {
  readonly layer: Konva.Layer;
  readonly transformer: Transformer;
  private marquee: Rect;
  private painters = new Set<OverlayPainter>();

  constructor(
    stage: Konva.Stage,
    private camera: Camera,
  ) {
    this.layer = new Konva.Layer();
    stage.add(this.layer);
    const deco = new Shape({
      listening: false,
      perfectDrawEnabled: false,
      sceneFunc: (ctx) => {
        const c = ctx._context;
        const now = performance.now();
        let animating = false;
        for (const p of this.painters) {
          c.save();
          if (p(c, this.camera.scale, now)) animating = true;
          c.restore();
        }
        if (animating) this.invalidate();
      },
    });
    this.marquee = new Rect({ visible: false, listening: false, fill: 'rgba(105,101,219,0.08)', stroke: ACCENT, strokeScaleEnabled: false, strokeWidth: 1 });
    this.transformer = new Transformer({
      rotateEnabled: true,
      flipEnabled: false,
      ignoreStroke: true,
      borderStroke: ACCENT,
      borderStrokeWidth: 1,
      anchorStroke: ACCENT,
      anchorFill: '#fff',
      anchorSize: 9,
      anchorCornerRadius: 2,
      rotateAnchorOffset: 24,
      padding: 4,
      keepRatio: false,
      shouldOverdrawWholeArea: false,
      boundBoxFunc: (oldBox, newBox) => (Math.abs(newBox.width) < 4 || Math.abs(newBox.height) < 4 ? oldBox : newBox),
    });
    this.layer.add(deco, this.marquee, this.transformer);
    camera.onChange(() => this.invalidate());
  }

  invalidate = () => requestFrame(this.draw);
  private draw = () => this.layer.batchDraw();

  /** Adds a painter; it returns true while it animates (then the overlay redraws next frame). */
  addPainter(p: OverlayPainter): () => void {
    this.painters.add(p);
    this.invalidate();
    return () => {
      this.painters.delete(p);
      this.invalidate();
    };
  }

  setMarquee(box: Box | null): void {
    if (!box) this.marquee.visible(false);
    else this.marquee.setAttrs({ visible: true, x: box.minX, y: box.minY, width: box.maxX - box.minX, height: box.maxY - box.minY });
    this.invalidate();
  }

  /** Whether the screen point is on a transformer handle (then Konva handles the drag). */
  onHandle(sx: number, sy: number): boolean {
    if (!this.transformer.nodes().length || !this.transformer.visible()) return false;
    const hit = this.layer.getIntersection({ x: sx, y: sy });
    return !!hit && hit.getParent() === this.transformer;
  }
}

/** Paints a fading polyline trail; returns true while any part is still visible. */
export function paintTrail(c: CanvasRenderingContext2D, trail: Trail, scale: number, now: number, glow = false): boolean {
  const pts = trail.points;
  while (pts.length && now - pts[0].t > trail.life) pts.shift();
  if (pts.length < 2) return pts.length > 0;
  c.lineCap = 'round';
  c.lineJoin = 'round';
  c.strokeStyle = trail.color;
  if (glow) {
    c.shadowColor = trail.color;
    c.shadowBlur = 8;
  }
  for (let i = 1; i < pts.length; i++) {
    const age = (now - pts[i].t) / trail.life;
    const k = Math.max(0, 1 - age);
    c.globalAlpha = k;
    c.lineWidth = (trail.width * (0.35 + 0.65 * k)) / scale;
    c.beginPath();
    c.moveTo(pts[i - 1].x, pts[i - 1].y);
    c.lineTo(pts[i].x, pts[i].y);
    c.stroke();
  }
  return true;
}

/** Outlines a polygon (a shape's oriented box) with a constant screen width. */
export function paintOutline(c: CanvasRenderingContext2D, pts: Point[], color: string, scale: number): void {
  if (!pts.length) return;
  c.strokeStyle = color;
  c.lineWidth = 2 / scale;
  c.beginPath();
  c.moveTo(pts[0].x, pts[0].y);
  for (const p of pts.slice(1)) c.lineTo(p.x, p.y);
  c.closePath();
  c.stroke();
}
