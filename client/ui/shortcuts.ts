/** Keyboard shortcuts: Ctrl/Cmd+Z undo, Ctrl/Cmd+Shift+Z or Ctrl+Y redo, P pen, H hand. */
import type { ToolId } from '../tools/tool.ts';
import { isTyping } from './dom.ts';

export interface ShortcutHandlers {
  tool(id: ToolId): void;
  undo(): void;
  redo(): void;
}

export function installShortcuts(on: ShortcutHandlers): () => void {
  const handler = (e: KeyboardEvent) => {
    if (isTyping(e.target) || e.altKey) return;
    const mod = e.ctrlKey || e.metaKey;
    const key = e.key.toLowerCase();
    if (mod && key === 'z') {
      e.preventDefault();
      if (e.shiftKey) on.redo();
      else on.undo();
    } else if (mod && key === 'y') {
      e.preventDefault();
      on.redo();
    } else if (!mod && !e.shiftKey && key === 'p') on.tool('pen');
    else if (!mod && !e.shiftKey && key === 'h') on.tool('hand');
  };
  window.addEventListener('keydown', handler);
  return () => window.removeEventListener('keydown', handler);
}
