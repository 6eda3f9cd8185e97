/** Writing numbers into a shape's map: rounded, and only when they change. */
import type * as Y from 'yjs';

/** Geometry is stored to 1/100 px: enough for any zoom, fewer digits in the document. */
export const round = (v: number) => Math.round(v * 100) / 100;

/** A finite number, else `d`. */
export const num = (v: unknown, d: number) => (typeof v === 'number' && Number.isFinite(v) ? v : d);

/** Sets `key` to round(v); with `dflt`, the default is stored as no key at all. */
export function setNum(map: Y.Map<unknown>, key: string, v: number, dflt?: number): void {
  const r = round(v);
  if (dflt !== undefined && r === dflt) {
    if (map.has(key)) map.delete(key);
  } else if (map.get(key) !== r) map.set(key, r);
}

/** A value to scale in a resize: the gesture's starting value when known, else the map's. */
export const startValue = (map: Y.Map<unknown>, key: string, base: number | undefined, d: number) => base ?? num(map.get(key), d);
