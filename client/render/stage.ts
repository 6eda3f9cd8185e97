/**
 * The Konva stage: fills its container (the window), follows the camera, and owns the
 * board's two shape layers: `shapesLayer` (static content, drawn from the tile cache)
 * and `liveLayer` (shapes being drawn or changing every frame), see shapesRenderer.ts.
 * Drawing goes through frame.ts so everything lands in one rAF.
 */
import Konva from 'konva/lib/Core';
import { Camera } from './camera.ts';
import { frameTime, requestFrame } from './frame.ts';

/** What the renderer tells the stage around each draw. */
export interface StageRenderer {
  beforeDraw(): void;
  /** number of shapes the frame just drawn shows completely, null if it is not complete */
  drawnCount(): number | null;
}

export interface BoardStage {
  stage: Konva.Stage;
  /** static shapes (the tile cache) */
  shapesLayer: Konva.Layer;
  /** live shapes, above the static ones */
  liveLayer: Konva.Layer;
  camera: Camera;
  /** Redraw the shape layers in the next frame. */
  invalidate(): void;
  /** Shapes shown by the last complete draw of the shape layers (what is on screen). */
  drawnCount(): number;
  /** requestAnimationFrame timestamp of the frame that made the last complete draw (bench:render's probe) */
  drawnFrame(): number;
  setRenderer(r: StageRenderer): void;
  size(): { width: number; height: number };
  destroy(): void;
}

/**
 * Konva redraws a layer in its own animation frame whenever one of its nodes (or the
 * stage, as the camera moves) changes, from the layer's construction on. For the shape
 * layers that was a second draw of the whole layer in every frame, and the first frame's
 * paint happened in Konva's callback, outside ours: requests go to the frame loop instead.
 */
class FrameLayer extends Konva.Layer {
  /** unset while Konva's constructor runs: the renderer asks for the first frame */
  onDrawRequest?: () => void;

  override batchDraw(): this {
    this.onDrawRequest?.();
    return this;
  }
}

export function createBoardStage(container: HTMLElement, camera = new Camera()): BoardStage {
  const stage = new Konva.Stage({
    container: container as HTMLDivElement,
    width: container.clientWidth || window.innerWidth,
    height: container.clientHeight || window.innerHeight,
  });
  // No hit graph: shapes are not Konva-interactive (tools read raw pointer events).
  const shapesLayer = new FrameLayer({ listening: false });
  const liveLayer = new FrameLayer({ listening: false });

  let renderer: StageRenderer | null = null;
  let drawn = 0;
  let drawnFrame = 0;
  /** the first complete draw was measured (only that one: an empty board would add an entry every frame) */
  let measured = false;
  const draw = () => {
    const t0 = measured ? 0 : performance.now();
    renderer?.beforeDraw();
    shapesLayer.draw();
    liveLayer.draw();
    const n = renderer ? renderer.drawnCount() : 0;
    if (n !== null) {
      drawn = n;
      drawnFrame = frameTime();
    }
    if (!measured && n !== null && renderer) {
      measured = true;
      // the browser's performance timeline shows when the board first appeared
      performance.measure('wb:first-draw', { start: t0 });
    }
  };
  const invalidate = () => requestFrame(draw);
  shapesLayer.onDrawRequest = liveLayer.onDrawRequest = invalidate;
  stage.add(shapesLayer, liveLayer);

  const applyCamera = () => {
    stage.position({ x: camera.x, y: camera.y });
    stage.scale({ x: camera.scale, y: camera.scale });
    invalidate();
  };
  const offCamera = camera.onChange(applyCamera);
  applyCamera();

  const resize = () => {
    stage.size({ width: container.clientWidth, height: container.clientHeight });
    invalidate();
  };
  const ro = new ResizeObserver(resize);
  ro.observe(container);

  return {
    stage,
    shapesLayer,
    liveLayer,
    camera,
    invalidate,
    drawnCount: () => drawn,
    drawnFrame: () => drawnFrame,
    setRenderer: (r) => {
      renderer = r;
      invalidate();
    },
    size: () => ({ width: stage.width(), height: stage.height() }),
    destroy() {
      ro.disconnect();
      offCamera();
      stage.destroy();
    },
  };
}
