/**
 * The camera: screen = board * scale + (x, y). Pure math plus change listeners, so it
 * can drive the Konva stage, the cursor overlay and the pointer mapping alike.
 */
export const MIN_SCALE = 0.1;
export const MAX_SCALE = 8;

export interface CameraState {
  x: number;
  y: number;
  scale: number;
}

export const clampScale = (s: number) => Math.min(MAX_SCALE, Math.max(MIN_SCALE, s));

export class Camera implements CameraState {
  x = 0;
  y = 0;
  scale = 1;
  private listeners = new Set<() => void>();

  toBoard(sx: number, sy: number): { x: number; y: number } {
    return { x: (sx - this.x) / this.scale, y: (sy - this.y) / this.scale };
  }

  toScreen(bx: number, by: number): { x: number; y: number } {
    return { x: bx * this.scale + this.x, y: by * this.scale + this.y };
  }

  panBy(dx: number, dy: number): void {
    if (dx === 0 && dy === 0) return;
    this.x += dx;
    this.y += dy;
    this.emit();
  }

  /** Zooms to `scale` (clamped) keeping the board point under (sx, sy) where it is. */
  zoomTo(scale: number, sx: number, sy: number): void {
    const next = clampScale(scale);
    if (next === this.scale) return;
    const k = next / this.scale;
    this.x = sx - (sx - this.x) * k;
    this.y = sy - (sy - this.y) * k;
    this.scale = next;
    this.emit();
  }

  zoomBy(factor: number, sx: number, sy: number): void {
    this.zoomTo(this.scale * factor, sx, sy);
  }

  set(state: CameraState): void {
    this.x = state.x;
    this.y = state.y;
    this.scale = clampScale(state.scale);
    this.emit();
  }

  /** The board rectangle visible in a viewport of the given screen size. */
  visibleRect(width: number, height: number) {
    const a = this.toBoard(0, 0);
    return { x: a.x, y: a.y, width: width / this.scale, height: height / this.scale };
  }

  onChange(fn: () => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  private emit() {
    for (const fn of this.listeners) fn();
  }
}
