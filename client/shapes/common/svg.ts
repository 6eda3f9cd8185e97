/**
 * SVG markup helpers for the modules' toSvg. Shapes come validated from their readers;
 * colours and text are checked again here because this is markup.
 */
import type { Shape, TextBox } from '../types.ts';
import { safeColor } from '../../board/sanitize.ts';
import { FONT_FAMILY, layoutText, LINE_HEIGHT, PAD } from '../../render/text.ts';
import { DEFAULT_COLOR } from './base.ts';
import { fillColor } from './fill.ts';

/**
 * Text for SVG: markup characters escaped, and characters XML 1.0 forbids (control
 * characters, lone surrogates, U+FFFE/U+FFFF) dropped, so a peer's text can neither add
 * markup nor make the file unreadable.
 */
export const esc = (s: string) =>
  s
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff\ud800-\udfff]/gu, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;');

/** A colour attribute value. */
export const color = (c: string) => esc(safeColor(c, DEFAULT_COLOR));

/** A number attribute value; 0 for anything non-finite (never "NaN" in the file). */
export const n = (v: number) => (Number.isFinite(v) ? String(Math.round(v * 100) / 100) : '0');

/** The outline pen: colour, width, round caps, and the dash pattern the canvas uses. */
export function lineAttrs(s: Shape, dash = s.dash): string {
  const d = dash ? ` stroke-dasharray="${n(s.width * 2.5 + 4)} ${n(s.width * 2 + 6)}"` : '';
  return `stroke="${color(s.color)}" stroke-width="${n(s.width)}" stroke-linecap="round" stroke-linejoin="round"${d}`;
}

/** The shape's text: 'fit' from the top left, unwrapped; 'wrap' wrapped to the box and centred in it. */
export function svgText(s: TextBox, layout: 'fit' | 'wrap'): string {
  if (!s.text) return '';
  const fit = layout === 'fit';
  const lines = layoutText(s.text, s.fontSize, fit ? null : Math.max(1, s.w - PAD * 2));
  const lh = s.fontSize * LINE_HEIGHT;
  const top = fit ? 0 : (s.h - lh * lines.length) / 2;
  const x = fit ? 0 : s.w / 2;
  const anchor = fit ? 'start' : 'middle';
  const spans = lines.map((l, i) => `<tspan x="${n(x)}" y="${n(top + lh * (i + 0.5))}">${esc(l) || ' '}</tspan>`).join('');
  return `<text font-family="${esc(FONT_FAMILY)}" font-size="${n(s.fontSize)}" fill="${color(s.color)}" text-anchor="${anchor}" dominant-baseline="central" xml:space="preserve">${spans}</text>`;
}

/** The fill attribute value of a closed shape. */
export const svgFill = (s: Shape) => esc(fillColor(s.fill, safeColor(s.color, DEFAULT_COLOR)) ?? 'none');
