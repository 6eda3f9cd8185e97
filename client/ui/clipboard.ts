/**
 * Copy and paste of shapes. Ctrl+C / Ctrl+V raise the browser's copy and paste events,
 * whose clipboardData reads and writes the system clipboard without any permission
 * prompt; the payload is the JSON of board/format.ts as text/plain, so shapes paste
 * into another room, another server, or a text editor. The last copy is also kept in
 * memory as a fallback for browsers that give us no clipboard data.
 */
import { FormatError, parseShapesDocument, type ShapeJSON, type ShapesDocument } from '../board/format.ts';
import { isTyping } from './dom.ts';

export interface ClipboardHandlers {
  /** JSON of the selected shapes, or null when nothing is selected */
  copy(): string | null;
  /** after a cut's copy: remove the selection */
  cut(): void;
  /** `source`: the board they were copied from, when they show files (format.ts) */
  paste(shapes: ShapeJSON[], source: ShapesDocument['source'] | null): void;
  /** the clipboard held text that is not shapes, or broken shapes */
  pasteText?(text: string, error: FormatError | null): void;
}

export function installClipboard(on: ClipboardHandlers): () => void {
  let memory: string | null = null;

  const write = (e: ClipboardEvent, cut: boolean) => {
    if (isTyping(e.target)) return;
    const json = on.copy();
    if (!json) return;
    memory = json;
    e.clipboardData?.setData('text/plain', json);
    e.preventDefault();
    if (cut) on.cut();
  };

  const read = (e: ClipboardEvent) => {
    if (isTyping(e.target)) return;
    e.preventDefault();
    const text = e.clipboardData?.getData('text/plain') || memory;
    if (!text) return;
    try {
      const doc = parseShapesDocument(text);
      on.paste(doc.shapes, doc.source ?? null);
    } catch (err) {
      on.pasteText?.(text, err instanceof FormatError ? err : null);
    }
  };

  const onCopy = (e: ClipboardEvent) => write(e, false);
  const onCut = (e: ClipboardEvent) => write(e, true);
  document.addEventListener('copy', onCopy);
  document.addEventListener('cut', onCut);
  document.addEventListener('paste', read);
  return () => {
    document.removeEventListener('copy', onCopy);
    document.removeEventListener('cut', onCut);
    document.removeEventListener('paste', read);
  };
}
