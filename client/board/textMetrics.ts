/**
 * The size of a text shape is derived from its text and font size, never stored: when
 * two people type into the same box at once, each would otherwise write a different
 * size (and per-user undo would restore stale ones). The browser plugs in a canvas
 * measurer (render/text.ts); Node tests use this estimate.
 */
export type TextMeasurer = (text: string, fontSize: number) => { w: number; h: number };

let measurer: TextMeasurer = (text, fontSize) => {
  const lines = text.split('\n');
  const longest = lines.reduce((m, l) => Math.max(m, l.length), 0);
  return { w: Math.ceil(longest * fontSize * 0.55) + 4, h: Math.ceil(lines.length * fontSize * 1.25) };
};

export function setTextMeasurer(m: TextMeasurer): void {
  measurer = m;
}

export function measureText(text: string, fontSize: number): { w: number; h: number } {
  return measurer(text, fontSize);
}
