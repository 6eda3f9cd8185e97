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
import { getStroke } from 'perfect-freehand';
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
      // straight angles are sticky; shift on a corner keeps the aspect ratio (Konva default)
      rotationSnaps: [0, 45, 90, 135, 180, 225, 270, 315],
      rotationSnapTolerance: 4,
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

/**
 * Paints a trail as one filled outline (perfect-freehand, tapering to nothing at its old
 * end), so it has no darker beads where segments overlap. Points older than the trail's
 * life drop off; the whole trail fades as its newest point ages. Returns true while any
 * of it is still visible.
 */
export function paintTrail(c: CanvasRenderingContext2D, trail: Trail, scale: number, now: number, glow = false): boolean {
  const pts = trail.points;
  while (pts.length && now - pts[0].t > trail.life) pts.shift();
  if (!pts.length) return false;
  const newest = pts[pts.length - 1];
  const fade = Math.max(0, 1 - Math.max(0, now - newest.t - trail.life * 0.3) / (trail.life * 0.7));
  if (pts.length < 2 || fade === 0) return true;
  const outline = getStroke(
    pts.map((p) => [p.x, p.y]),
    { size: trail.width / scale, thinning: 0, smoothing: 0.5, streamline: 0.3, simulatePressure: false, start: { taper: true }, last: true },
  );
  if (outline.length < 3) return true;
  c.globalAlpha *= fade;
  c.fillStyle = trail.color;
  if (glow) {
    c.shadowColor = trail.color;
    c.shadowBlur = 10;
  }
  c.beginPath();
  c.moveTo(outline[0][0], outline[0][1]);
  for (let i = 1; i < outline.length; i++) c.lineTo(outline[i][0], outline[i][1]);
  c.closePath();
  c.fill();
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
