/**
 * The binding of a line's or arrow's end, as stored in its map (shared/schema.ts
 * F.bindStart, F.bindEnd): `[targetId, ax, ay]`, the anchor (ax, ay) in thousandths of
 * the target's local box. Like tldraw's binding records it names the target and a
 * normalised anchor in it, never a position: the end's place is derived from the
 * target whenever the arrow is read (shapes/common/attach.ts), so two people moving
 * the two bound shapes at once change only those shapes' fields, and every editor
 * derives the same arrow from them.
 *
 * The value comes from other editors: anything but a well-formed triple reads as a
 * free end. A target that is missing, the arrow itself, or not a shape one can bind to
 * (lines and arrows are not, so bindings never chain or loop) is dropped by the reader.
 */
import * as Y from 'yjs';
import { F } from '../../shared/schema.ts';
import { clampNum, safeId } from './sanitize.ts';

/** An end's binding: the target's id and the anchor as fractions (0..1) of its local box. */
export interface Binding {
  to: string;
  ax: number;
  ay: number;
}

/** The two ends' keys, start first. */
export const BIND_KEYS = [F.bindStart, F.bindEnd] as const;

const UNITS = 1000;

/** A stored value as a binding, or null (absent or malformed: a free end). */
export function readBinding(v: unknown): Binding | null {
  if (!Array.isArray(v) || v.length !== 3) return null;
  const to = safeId(v[0]);
  if (to === null) return null;
  return { to, ax: clampNum(v[1], 0, UNITS, UNITS / 2) / UNITS, ay: clampNum(v[2], 0, UNITS, UNITS / 2) / UNITS };
}

/** Both ends' bindings of a map (null: free). */
export function bindingsOfMap(map: unknown): [Binding | null, Binding | null] {
  if (!(map instanceof Y.Map)) return [null, null];
  return [readBinding(map.get(F.bindStart)), readBinding(map.get(F.bindEnd))];
}

/** Whole thousandths: 1-2 bytes each in the document instead of a 9-byte float. */
const units = (f: number) => Math.round(clampNum(f, 0, 1, 0.5) * UNITS);

/** The stored form of a binding. */
export const bindingValue = (b: Binding): [string, number, number] => [b.to, units(b.ax), units(b.ay)];

const same = (a: Binding | null, b: Binding | null) =>
  a === b || (!!a && !!b && a.to === b.to && units(a.ax) === units(b.ax) && units(a.ay) === units(b.ay));

/** Writes one end's binding (null frees it), only when it changes (inside the caller's transaction). */
export function writeBinding(map: Y.Map<unknown>, end: 0 | 1, b: Binding | null): void {
  const key = BIND_KEYS[end];
  if (same(readBinding(map.get(key)), b) && (b !== null || !map.has(key))) return;
  if (b) map.set(key, bindingValue(b));
  else map.delete(key);
}
