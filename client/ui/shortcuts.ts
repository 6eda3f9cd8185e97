/**
 * Keyboard shortcuts (never while typing in a field):
 *   tools: V select, H hand, P pen, M highlighter, E eraser, R rect, O ellipse, A arrow,
 *          L line, T text, S sticky, K laser
 *   Ctrl/Cmd+Z undo, Ctrl/Cmd+Shift+Z or Ctrl+Y redo
 *   Delete/Backspace delete, Ctrl+D duplicate, Ctrl+A select all, Escape deselect,
 *   arrows nudge 1 px (Shift: 10 px)
 *   Ctrl+] / Ctrl+[ forward / backward, Ctrl+Shift+] / Ctrl+Shift+[ front / back
 *   Ctrl+= / Ctrl+- zoom in / out, Ctrl+0 reset zoom, Shift+1 zoom to fit
 *   Ctrl/Cmd+F find (client/find/findBar.ts)
 *   Ctrl/Cmd+Shift+L lock the selection (nothing selected: unlock what is under the pointer)
 *   Ctrl/Cmd+G group, Ctrl/Cmd+Shift+G ungroup
 *   Ctrl/Cmd+' show or hide the grid (render/grid.ts)
 *   Enter with one image selected: crop it (images/cropMode.ts)
 * Copy and paste go through the browser's copy/paste events (clipboard.ts).
 */
import type { ReorderOp } from '../board/order.ts';
import type { ToolId } from '../tools/tool.ts';
import { isTyping } from './dom.ts';
import { TOOLS } from './toolbar.ts';

export interface ShortcutHandlers {
  tool(id: ToolId): void;
  undo(): void;
  redo(): void;
  remove(): void;
  duplicate(): void;
  selectAll(): void;
  deselect(): void;
  nudge(dx: number, dy: number): void;
  reorder(op: ReorderOp): void;
  zoomIn(): void;
  zoomOut(): void;
  zoomReset(): void;
  zoomFit(): void;
  /** open the find bar */
  find?(): void;
  /** lock the selection, or unlock what is under the pointer */
  lock?(): void;
  group?(): void;
  ungroup?(): void;
  toggleGrid?(): void;
  /** Enter: open the selection's editing mode (an image's crop); true when it did */
  enter?(): boolean;
}

const NUDGE: Record<string, [number, number]> = { ArrowLeft: [-1, 0], ArrowRight: [1, 0], ArrowUp: [0, -1], ArrowDown: [0, 1] };

export function installShortcuts(on: ShortcutHandlers): () => void {
  const byKey = new Map(TOOLS.map((t) => [t.key.toLowerCase(), t.id]));
  const handler = (e: KeyboardEvent) => {
    if (isTyping(e.target) || e.altKey) return;
    const mod = e.ctrlKey || e.metaKey;
    const key = e.key.toLowerCase();
    const run = (fn: () => void) => {
      e.preventDefault();
      fn();
    };
    if (mod) {
      if (key === 'z') run(e.shiftKey ? on.redo : on.undo);
      else if (key === 'y') run(on.redo);
      else if (key === 'd') run(on.duplicate);
      else if (key === 'a') run(on.selectAll);
      else if (key === '=' || key === '+') run(on.zoomIn);
      else if (key === '-') run(on.zoomOut);
      else if (key === '0') run(on.zoomReset);
      else if (key === 'f' && !e.shiftKey && on.find) run(on.find);
      else if (key === 'l' && e.shiftKey && on.lock) run(on.lock);
      else if (key === 'g' && on.group && on.ungroup) run(e.shiftKey ? on.ungroup : on.group);
      else if (key === "'" && on.toggleGrid) run(on.toggleGrid);
      else if (e.code === 'BracketRight') run(() => on.reorder(e.shiftKey ? 'front' : 'forward'));
      else if (e.code === 'BracketLeft') run(() => on.reorder(e.shiftKey ? 'back' : 'backward'));
      return;
    }
    if (e.shiftKey && e.code === 'Digit1') return run(on.zoomFit);
    if (key === 'delete' || key === 'backspace') return run(on.remove);
    if (key === 'escape') return run(on.deselect);
    if (key === 'enter' && !e.shiftKey && on.enter?.()) return void e.preventDefault();
    const n = NUDGE[e.key];
    if (n) return run(() => on.nudge(n[0] * (e.shiftKey ? 10 : 1), n[1] * (e.shiftKey ? 10 : 1)));
    const tool = !e.shiftKey ? byKey.get(key) : undefined;
    if (tool) on.tool(tool);
  };
  window.addEventListener('keydown', handler);
  return () => window.removeEventListener('keydown', handler);
}
