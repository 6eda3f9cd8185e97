/** Reading a text shape: its box comes from its text (board/textMetrics.ts), never from stored w/h. */
import type * as Y from 'yjs';
import type { BoxData } from '../../../shared/schema.ts';
import { measureText } from '../../board/textMetrics.ts';
import { readBase, readText } from '../common/base.ts';

// sized by its content, so concurrent typists never fight over w/h
export function readTextShape(id: string, map: Y.Map<unknown>): BoxData {
  const base = readBase(id, map);
  const text = readText(map);
  const m = measureText(text || ' ', base.fontSize);
  return Object.assign(base, { type: 'text' as const, w: Math.max(4, m.w), h: m.h, text, bg: '' });
}
