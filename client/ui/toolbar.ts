/**
 * The floating toolbar: tools, colour (swatches + custom), stroke width, undo/redo.
 * Style choices persist in localStorage so a returning user keeps their pen.
 */
import type { ToolId } from '../tools/tool.ts';
import { h } from './dom.ts';
import { icons } from './icons.ts';

export const SWATCHES = ['#1e1e1e', '#e03131', '#2f9e44', '#1971c2', '#f08c00'];
export const WIDTHS = [
  { width: 2, label: 'Thin', dot: 4 },
  { width: 4, label: 'Medium', dot: 7 },
  { width: 8, label: 'Bold', dot: 10 },
  { width: 16, label: 'Marker', dot: 15 },
];
const STYLE_KEY = 'whiteboard.style';

export interface ToolbarHandlers {
  tool(id: ToolId): void;
  undo(): void;
  redo(): void;
}

export interface Toolbar {
  el: HTMLElement;
  setTool(id: ToolId): void;
  setHistory(canUndo: boolean, canRedo: boolean): void;
  style(): { color: string; width: number };
}

function loadStyle() {
  try {
    const s = JSON.parse(localStorage.getItem(STYLE_KEY) ?? 'null') as { color?: unknown; width?: unknown } | null;
    const color = typeof s?.color === 'string' && /^#[0-9a-f]{6}$/i.test(s.color) ? s.color : SWATCHES[0];
    const width = WIDTHS.some((w) => w.width === s?.width) ? (s!.width as number) : WIDTHS[1].width;
    return { color, width };
  } catch {
    return { color: SWATCHES[0], width: WIDTHS[1].width };
  }
}

export function createToolbar(on: ToolbarHandlers): Toolbar {
  const style = loadStyle();
  const save = () => {
    try {
      localStorage.setItem(STYLE_KEY, JSON.stringify(style));
    } catch {
      /* ignore */
    }
  };

  const toolBtn = (id: ToolId, title: string, key: string) =>
    h('button', { class: 'tb-btn', 'data-tool': id, title: `${title} — ${key}`, 'aria-label': title, html: icons[id], onclick: () => on.tool(id) });
  const tools = [toolBtn('pen', 'Pen', 'P'), toolBtn('hand', 'Hand (pan)', 'H or hold Space')];

  const custom = h('input', { type: 'color', class: 'tb-custom', title: 'Custom colour', 'aria-label': 'Custom colour', value: style.color });
  const customWrap = h('label', { class: 'tb-swatch tb-custom-wrap', title: 'Custom colour' }, custom);
  const swatches = SWATCHES.map((c) =>
    h('button', { class: 'tb-swatch', 'data-color': c, title: c, 'aria-label': `Colour ${c}`, style: `--swatch:${c}`, onclick: () => setColor(c) }),
  );
  custom.addEventListener('input', () => setColor(custom.value));

  const widths = WIDTHS.map((w) =>
    h(
      'button',
      { class: 'tb-btn tb-width', 'data-width': w.width, title: w.label, 'aria-label': `${w.label} stroke`, onclick: () => setWidth(w.width) },
      h('span', { class: 'tb-width-dot', style: `--w:${w.dot}px` }),
    ),
  );

  const undoBtn = h('button', { class: 'tb-btn', 'data-action': 'undo', title: 'Undo — Ctrl+Z', 'aria-label': 'Undo', html: icons.undo, onclick: () => on.undo() });
  const redoBtn = h('button', { class: 'tb-btn', 'data-action': 'redo', title: 'Redo — Ctrl+Shift+Z', 'aria-label': 'Redo', html: icons.redo, onclick: () => on.redo() });

  const sep = () => h('span', { class: 'tb-sep' });
  const el = h(
    'div',
    { id: 'toolbar', class: 'card toolbar', role: 'toolbar', 'aria-label': 'Tools' },
    ...tools,
    sep(),
    ...swatches,
    customWrap,
    sep(),
    ...widths,
    sep(),
    undoBtn,
    redoBtn,
  );

  function setColor(c: string) {
    style.color = c;
    save();
    paint();
  }
  function setWidth(w: number) {
    style.width = w;
    save();
    paint();
  }
  function paint() {
    for (const b of swatches) b.classList.toggle('active', b.dataset.color === style.color);
    const isCustom = !SWATCHES.includes(style.color);
    customWrap.classList.toggle('active', isCustom);
    customWrap.style.setProperty('--swatch', isCustom ? style.color : 'conic-gradient(red, yellow, lime, cyan, blue, magenta, red)');
    if (isCustom) custom.value = style.color;
    for (const b of widths) b.classList.toggle('active', Number(b.dataset.width) === style.width);
    el.style.setProperty('--pen', style.color);
  }
  paint();

  return {
    el,
    setTool(id) {
      for (const b of tools) {
        const on = b.dataset.tool === id;
        b.classList.toggle('active', on);
        b.setAttribute('aria-pressed', String(on));
      }
    },
    setHistory(canUndo, canRedo) {
      undoBtn.disabled = !canUndo;
      redoBtn.disabled = !canRedo;
    },
    style: () => ({ ...style }),
  };
}
