/**
 * Find on the board (Ctrl+F), the part without a DOM: which shapes match a query, in
 * what order the bar walks them, what it says ("2 of 5"), and where the camera goes
 * for a match. Loaded by Node tests (search.test.ts) as well as by the find bar.
 *
 * What is searched: the text of text boxes and sticky notes and the labels of shapes
 * (a shape's `text`), and the `name` of a shape that has one (a frame's name,
 * shapes/frame/). Case-insensitive, Unicode-normalised (NFKC), so
 * "Café" typed with a combining accent finds "café".
 */
import type { Box } from '../board/geometry.ts';
import type { CameraState } from '../render/camera.ts';
import { fitCamera } from '../render/fit.ts';

/** A shape as find sees it: its id, the text it can be found by, and its bounds on the board. */
export interface Searchable {
  id: string;
  text: string;
  box: Box;
}

/** The text a shape can be found by ('' when none): its text or label, and its name (frames). */
export function searchableText(shape: object): string {
  const parts: string[] = [];
  for (const key of ['name', 'text'] as const) {
    const v = (shape as Record<string, unknown>)[key];
    if (typeof v === 'string' && v) parts.push(v);
  }
  return parts.join('\n');
}

/** The comparable form of a text or query: NFKC, lower case. */
export const normalizeText = (s: string): string => s.normalize('NFKC').toLowerCase();

/**
 * The shapes whose text contains the query, in reading order (top to bottom, then left
 * to right, by the top-left of their bounds; equal places by id, so every editor walks
 * the same order). A blank query matches nothing.
 */
export function findMatches(items: Iterable<Searchable>, query: string): Searchable[] {
  const q = normalizeText(query).trim();
  if (!q) return [];
  const out: Searchable[] = [];
  for (const it of items) if (it.text && normalizeText(it.text).includes(q)) out.push(it);
  return out.sort((a, b) => a.box.minY - b.box.minY || a.box.minX - b.box.minX || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/** The index after `current` going forward (dir 1) or back (-1), wrapping; -1 when there is nothing. */
export function stepIndex(current: number, count: number, dir: 1 | -1): number {
  if (count <= 0) return -1;
  if (current < 0 || current >= count) return dir === 1 ? 0 : count - 1;
  return (current + dir + count) % count;
}

/**
 * Where the walk stands after the matches changed (a new query, someone typing): the
 * same shape if it still matches, else the first match (or -1 when there is none).
 */
export function keepIndex(matches: readonly Searchable[], currentId: string | null): number {
  if (!matches.length) return -1;
  const i = currentId === null ? -1 : matches.findIndex((m) => m.id === currentId);
  return i >= 0 ? i : 0;
}

/** What the bar says: "n of m", "No results", or nothing before a query is typed. */
export function countLabel(index: number, count: number, query: string): string {
  if (!query.trim()) return '';
  if (count === 0) return 'No results';
  return `${index + 1} of ${count}`;
}

/**
 * The camera that shows a match: centred, the whole match in view (fitCamera's margin),
 * and no closer than the zoom the person had, above 100 %, unless the match needs it
 * to fit: a small note is shown at a readable size, not blown up to 200 %.
 */
export function matchCamera(box: Box, view: { width: number; height: number }, currentScale: number): CameraState {
  const fit = fitCamera(box, view);
  const scale = Math.min(fit.scale, Math.max(1, currentScale));
  return {
    scale,
    x: view.width / 2 - ((box.minX + box.maxX) / 2) * scale,
    y: view.height / 2 - ((box.minY + box.maxY) / 2) * scale,
  };
}
