/**
 * Text layout shared by the canvas views, PNG/SVG export and the in-place editor, so
 * text wraps at the same place everywhere.
 */
import { setTextMeasurer } from '../board/textMetrics.ts';

export const FONT_FAMILY = "'Segoe UI', 'Helvetica Neue', Arial, system-ui, sans-serif";
export const LINE_HEIGHT = 1.25;
/** inner padding of sticky notes and shape labels, board px */
export const PAD = 12;

export const fontOf = (size: number) => `${size}px ${FONT_FAMILY}`;

let measureCtx: CanvasRenderingContext2D | null = null;
function measurer(): CanvasRenderingContext2D | null {
  if (!measureCtx && typeof document !== 'undefined') measureCtx = document.createElement('canvas').getContext('2d');
  return measureCtx;
}

export function measureWidth(text: string, size: number): number {
  const c = measurer();
  if (!c) return text.length * size * 0.55;
  c.font = fontOf(size);
  return c.measureText(text).width;
}

/** Lines of `text` at `size`, wrapped at word boundaries to `maxWidth` (null: only at \n). */
export function layoutText(text: string, size: number, maxWidth: number | null): string[] {
  const out: string[] = [];
  for (const para of text.split('\n')) {
    if (maxWidth === null || measureWidth(para, size) <= maxWidth) {
      out.push(para);
      continue;
    }
    let line = '';
    for (const word of para.split(/(\s+)/)) {
      const next = line + word;
      if (line && measureWidth(next, size) > maxWidth) {
        out.push(line.trimEnd());
        line = word.trimStart();
      } else line = next;
      // a single word wider than the box: break it by characters
      while (measureWidth(line, size) > maxWidth && line.length > 1) {
        let cut = line.length - 1;
        while (cut > 1 && measureWidth(line.slice(0, cut), size) > maxWidth) cut--;
        out.push(line.slice(0, cut));
        line = line.slice(cut);
      }
    }
    out.push(line);
  }
  return out;
}

/** Size of an auto-sized text box (the text tool grows the box as you type). */
export function measureTextBox(text: string, size: number): { w: number; h: number } {
  const lines = text.split('\n');
  let w = 0;
  for (const l of lines) w = Math.max(w, measureWidth(l, size));
  return { w: Math.ceil(w) + 4, h: Math.ceil(lines.length * size * LINE_HEIGHT) };
}

// text shapes are sized by their content everywhere (index, transformer, export)
if (typeof document !== 'undefined') setTextMeasurer(measureTextBox);
