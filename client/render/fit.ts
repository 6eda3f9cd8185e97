/** Zoom to fit: the camera that shows a board box in a viewport with a margin. */
import type { Box } from '../board/geometry.ts';
import { clampScale, type CameraState } from './camera.ts';

export function fitCamera(box: Box | null, view: { width: number; height: number }, margin = 60): CameraState {
  if (!box) return { x: 0, y: 0, scale: 1 };
  const w = Math.max(1, box.maxX - box.minX);
  const h = Math.max(1, box.maxY - box.minY);
  const scale = clampScale(Math.min((view.width - margin * 2) / w, (view.height - margin * 2) / h, 2));
  return {
    scale,
    x: view.width / 2 - ((box.minX + box.maxX) / 2) * scale,
    y: view.height / 2 - ((box.minY + box.maxY) / 2) * scale,
  };
}
