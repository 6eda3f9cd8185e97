/**
 * The Konva stage: fills its container (the window), follows the camera, and owns the
 * shapes layer. Drawing goes through frame.ts so everything lands in one rAF.
 */
import Konva from 'konva/lib/Core';
import { Camera } from './camera.ts';
import { requestFrame } from './frame.ts';

export interface BoardStage {
  stage: Konva.Stage;
  shapesLayer: Konva.Layer;
  camera: Camera;
  /** Redraw the shapes layer in the next frame. */
  invalidate(): void;
  /** Shape nodes in the shapes layer when it was last drawn (what is on screen). */
  drawnCount(): number;
  size(): { width: number; height: number };
  destroy(): void;
}

export function createBoardStage(container: HTMLElement, camera = new Camera()): BoardStage {
  const stage = new Konva.Stage({
    container: container as HTMLDivElement,
    width: container.clientWidth || window.innerWidth,
    height: container.clientHeight || window.innerHeight,
  });
  // No hit graph: strokes are not Konva-interactive (tools read raw pointer events).
  const shapesLayer = new Konva.Layer({ listening: false });
  stage.add(shapesLayer);

  let drawn = 0;
  const draw = () => {
    shapesLayer.draw();
    drawn = shapesLayer.getChildren().length;
  };
  const invalidate = () => requestFrame(draw);

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
    camera,
    invalidate,
    drawnCount: () => drawn,
    size: () => ({ width: stage.width(), height: stage.height() }),
    destroy() {
      ro.disconnect();
      offCamera();
      stage.destroy();
    },
  };
}
