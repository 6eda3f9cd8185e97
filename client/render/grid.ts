/**
 * The optional grid (Ctrl+' as in Excalidraw, or the menu): lines every GRID_SIZE board
 * units drawn by CSS behind the board's canvases, following the camera, and what moves
 * and resizes snap to while it is on (board/snap.ts). A view setting of this browser,
 * like the theme, so it is not in the document: positions snapped to it are.
 */
import type { Camera } from './camera.ts';

export const GRID_SIZE = 20;
const KEY = 'wb:grid';
/** closer lines than this on screen are a grey wash: show every 5th instead */
const MIN_STEP_PX = 8;

type Listener = (on: boolean) => void;

class GridSetting {
  private on = read();
  private listeners = new Set<Listener>();

  get(): boolean {
    return this.on;
  }

  /** Grid spacing for snapping, null when the grid is off. */
  spacing(): number | null {
    return this.on ? GRID_SIZE : null;
  }

  set(on: boolean): void {
    if (on === this.on) return;
    this.on = on;
    try {
      localStorage.setItem(KEY, on ? '1' : '0');
    } catch {
      // storage denied: the setting lasts for this visit
    }
    for (const l of this.listeners) l(on);
  }

  toggle(): void {
    this.set(!this.on);
  }

  onChange(l: Listener): () => void {
    this.listeners.add(l);
    return () => this.listeners.delete(l);
  }
}

function read(): boolean {
  try {
    return globalThis.localStorage?.getItem(KEY) === '1';
  } catch {
    return false;
  }
}

export const gridSetting = new GridSetting();

/** Shows the grid on the board's container while the setting is on. */
export function bindGrid(container: HTMLElement, camera: Camera): () => void {
  const paint = () => {
    const on = gridSetting.get();
    container.classList.toggle('grid-on', on);
    if (!on) return;
    let step = GRID_SIZE * camera.scale;
    while (step < MIN_STEP_PX) step *= 5;
    container.style.setProperty('--grid-step', `${step}px`);
    container.style.setProperty('--grid-x', `${camera.x}px`);
    container.style.setProperty('--grid-y', `${camera.y}px`);
  };
  const offCamera = camera.onChange(paint);
  const offSetting = gridSetting.onChange(paint);
  paint();
  return () => {
    offCamera();
    offSetting();
    container.classList.remove('grid-on');
  };
}
