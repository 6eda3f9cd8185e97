/** Colour helpers for fills: "semi" is a translucent wash, "solid" an opaque light tint. */
function parseHex(c: string): [number, number, number] | null {
  // #rrggbbaa: the wash and the tint take the colour, not its alpha
  const m = /^#([0-9a-f]{3}|[0-9a-f]{6})(?:[0-9a-f]{2})?$/i.exec(c);
  if (!m || (m[1].length === 3 && c.length !== 4)) return null;
  const h = m[1].length === 3 ? [...m[1]].map((x) => x + x).join('') : m[1];
  return [parseInt(h.slice(0, 2), 16), parseInt(h.slice(2, 4), 16), parseInt(h.slice(4, 6), 16)];
}

export function withAlpha(c: string, a: number): string {
  const rgb = parseHex(c);
  return rgb ? `rgba(${rgb[0]},${rgb[1]},${rgb[2]},${a})` : c;
}

/** `c` mixed with white: k = 0 is c, 1 is white. */
export function tint(c: string, k: number): string {
  const rgb = parseHex(c);
  if (!rgb) return c;
  const m = rgb.map((v) => Math.round(v + (255 - v) * k));
  return `rgb(${m[0]},${m[1]},${m[2]})`;
}

export function fillColor(fill: 'none' | 'semi' | 'solid', color: string): string | null {
  if (fill === 'semi') return withAlpha(color, 0.18);
  if (fill === 'solid') return tint(color, 0.72);
  return null;
}
