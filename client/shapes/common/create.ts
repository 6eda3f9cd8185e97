/** Writing a new box or segment (every type a tool drops or drags out) into a fresh map. */
import * as Y from 'yjs';
import { F } from '../../../shared/schema.ts';
import type { NewShape } from '../types.ts';
import { round } from './fields.ts';
import { writeStyle } from './style.ts';

/** Fills `map` (call inside a transaction); `withText`: the type always has a Y.Text (text, notes), else only when given one. */
export function writeNewShape(map: Y.Map<unknown>, type: string, init: NewShape, z: string, withText: boolean): void {
  map.set(F.type, type);
  map.set(F.z, z);
  map.set(F.x, round(init.x));
  map.set(F.y, round(init.y));
  map.set(F.w, round(init.w));
  map.set(F.h, round(init.h));
  if (init.rotation) map.set(F.rotation, round(init.rotation));
  map.set(F.author, init.author);
  writeStyle(map, { color: init.style.color ?? '#1e1e1e', width: init.style.width ?? 2, ...init.style });
  if (withText || init.text) map.set(F.text, new Y.Text(init.text ?? ''));
  if (init.done === false) map.set(F.done, false);
}
