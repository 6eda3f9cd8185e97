/** Zoom out / percentage (click to reset to 100%) / zoom in / zoom to fit, like other whiteboards. */
import type { Camera } from '../render/camera.ts';
import { h } from './dom.ts';
import { icons } from './icons.ts';

export function createZoomControl(camera: Camera, viewport: () => { width: number; height: number }, fit?: () => void) {
  const center = () => {
    const v = viewport();
    return [v.width / 2, v.height / 2] as const;
  };
  const pct = h('button', { id: 'zoom-level', class: 'zoom-pct', title: 'Reset zoom — Ctrl+0', 'aria-label': 'Reset zoom' });
  const out = h('button', { class: 'icon-btn', 'data-zoom': 'out', title: 'Zoom out — Ctrl+-', 'aria-label': 'Zoom out', html: icons.minus });
  const inn = h('button', { class: 'icon-btn', 'data-zoom': 'in', title: 'Zoom in — Ctrl+=', 'aria-label': 'Zoom in', html: icons.plus });
  const fitBtn = fit ? h('button', { class: 'icon-btn', 'data-zoom': 'fit', title: 'Zoom to fit — Shift+1', 'aria-label': 'Zoom to fit', html: icons.fit, onclick: fit }) : null;
  out.addEventListener('click', () => camera.zoomBy(1 / 1.25, ...center()));
  inn.addEventListener('click', () => camera.zoomBy(1.25, ...center()));
  pct.addEventListener('click', () => camera.zoomTo(1, ...center()));
  const el = h('div', { id: 'zoom', class: 'card zoom' }, out, pct, inn, fitBtn);
  const paint = () => (pct.textContent = `${Math.round(camera.scale * 100)}%`);
  camera.onChange(paint);
  paint();
  return { el };
}
