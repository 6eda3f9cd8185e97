/**
 * The floating toolbar: every tool with its icon, a tooltip naming its shortcut, and
 * undo/redo. Style choices live in the style panel (stylePanel.ts).
 */
import type { ToolId } from '../tools/tool.ts';
import { h, keepBoardFocus } from './dom.ts';
import { icons } from './icons.ts';

export interface ToolInfo {
  id: ToolId;
  label: string;
  key: string;
}

/** Tools in toolbar order, with the shortcut shown in each tooltip. */
export const TOOLS: readonly ToolInfo[] = [
  { id: 'hand', label: 'Hand (pan)', key: 'H' },
  { id: 'select', label: 'Select', key: 'V' },
  { id: 'pen', label: 'Pen', key: 'P' },
  { id: 'highlighter', label: 'Highlighter', key: 'M' },
  { id: 'eraser', label: 'Eraser', key: 'E' },
  { id: 'rect', label: 'Rectangle', key: 'R' },
  { id: 'ellipse', label: 'Ellipse', key: 'O' },
  { id: 'arrow', label: 'Arrow', key: 'A' },
  { id: 'line', label: 'Line', key: 'L' },
  { id: 'text', label: 'Text', key: 'T' },
  { id: 'sticky', label: 'Sticky note', key: 'S' },
  { id: 'frame', label: 'Frame', key: 'F' },
  { id: 'laser', label: 'Laser pointer', key: 'K' },
];

export interface ToolbarHandlers {
  tool(id: ToolId): void;
  undo(): void;
  redo(): void;
}

export interface Toolbar {
  el: HTMLElement;
  setTool(id: ToolId): void;
  setHistory(canUndo: boolean, canRedo: boolean): void;
}

export function createToolbar(on: ToolbarHandlers): Toolbar {
  const tools = TOOLS.map((t) =>
    h(
      'button',
      { class: 'tb-btn', 'data-tool': t.id, title: `${t.label} — ${t.key}`, 'aria-label': `${t.label} (${t.key})`, onclick: () => on.tool(t.id) },
      h('span', { html: icons[t.id] }),
      // the number key hint in the corner, as in Excalidraw
      h('span', { class: 'tb-key', 'aria-hidden': 'true' }, t.key),
    ),
  );
  const undoBtn = h('button', { class: 'tb-btn', 'data-action': 'undo', title: 'Undo — Ctrl+Z', 'aria-label': 'Undo', html: icons.undo, onclick: () => on.undo() });
  const redoBtn = h('button', { class: 'tb-btn', 'data-action': 'redo', title: 'Redo — Ctrl+Shift+Z', 'aria-label': 'Redo', html: icons.redo, onclick: () => on.redo() });
  const sep = () => h('span', { class: 'tb-sep', 'aria-hidden': 'true' });
  const el = h('div', { class: 'card toolbar', role: 'toolbar', 'aria-label': 'Tools' }, ...tools.slice(0, 2), sep(), ...tools.slice(2), sep(), undoBtn, redoBtn);
  keepBoardFocus(el);

  return {
    el,
    setTool(id) {
      for (const b of tools) {
        const active = b.dataset.tool === id;
        b.classList.toggle('active', active);
        b.setAttribute('aria-pressed', String(active));
      }
    },
    setHistory(canUndo, canRedo) {
      undoBtn.disabled = !canUndo;
      redoBtn.disabled = !canRedo;
    },
  };
}
