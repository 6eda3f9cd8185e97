/**
 * Reading the fields every shape has. Every value is validated here (board/sanitize.ts):
 * colours that are not hex or a known keyword, and numbers out of range, never leave
 * a reader.
 */
import * as Y from 'yjs';
import { F, FILL_STYLES, type FillStyle } from '../../../shared/schema.ts';
import { clampNum, isSafeColor, RANGES, safeColor, safeCoord, safeId } from '../../board/sanitize.ts';

export const DEFAULT_COLOR = '#1e1e1e';
export const DEFAULT_FONT_SIZE = 20;
export const DEFAULT_STICKY_BG = '#ffec99';
const { width: WIDTH, fontSize: FONT } = RANGES;

const num = (v: unknown, d = 0) => (typeof v === 'number' && Number.isFinite(v) ? v : d);
const str = (v: unknown, d = '') => (typeof v === 'string' ? v : d);

/** Values a shape may hold outside its keys (a stroke's header); its keys win. */
export interface BaseFallback {
  z: string | null;
  x: number;
  y: number;
  author: string;
  color: string;
  width: number;
}

/**
 * Style and transform fields shared by every type, with defaults (or the fallback's
 * values) for absent ones. Readers extend this object (Object.assign) instead of
 * spreading it into a new literal: V8 built each spread-and-extend object in ~10 µs,
 * 0.1 s of opening a 10,000-stroke board in Node.
 */
export function readBase(id: string, map: Y.Map<unknown>, h?: BaseFallback) {
  const fill = map.get(F.fill);
  const color = map.get(F.color);
  return {
    id,
    z: str(map.get(F.z), h?.z ?? ''),
    x: safeCoord(map.get(F.x), safeCoord(h?.x)),
    y: safeCoord(map.get(F.y), safeCoord(h?.y)),
    rotation: num(map.get(F.rotation)) % 360,
    author: str(map.get(F.author), h?.author ?? ''),
    // a key set later wins over the fallback; an invalid one falls back to the fallback's
    color: isSafeColor(color) ? color : safeColor(h?.color, DEFAULT_COLOR),
    width: clampNum(map.get(F.width), WIDTH.min, WIDTH.max, clampNum(h?.width, WIDTH.min, WIDTH.max, 4)),
    opacity: clampNum(map.get(F.opacity), 0, 1, 1),
    dash: map.get(F.dash) === true,
    fill: (FILL_STYLES as readonly unknown[]).includes(fill) ? (fill as FillStyle) : 'none',
    fontSize: clampNum(map.get(F.fontSize), FONT.min, FONT.max, DEFAULT_FONT_SIZE),
    // the frame it belongs to: an id of sane length (whether it is a frame is checked where it is used)
    frame: safeId(map.get(F.frame)) ?? undefined,
  };
}

/** The text of a shape ('' when it has none). */
export function readText(map: Y.Map<unknown>): string {
  const t = map.get(F.text);
  return t instanceof Y.Text ? t.toString() : '';
}
