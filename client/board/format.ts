/**
 * The portable JSON form of shapes, shared by copy/paste (the clipboard carries it as
 * text, so it works between rooms and servers) and board files. Documented in
 * docs/board-format.md. Ids, z keys and authors are not part of it: the array order is
 * the z order, and whoever pastes or imports becomes the author of fresh shapes.
 */
import { isValidId } from '../../shared/ids.ts';
import { FILL_STYLES } from '../../shared/schema.ts';
import { shapeModule, shapeTypes } from '../shapes/registry.ts';
import { MAX_GROUP_ID } from './group.ts';
import { isSafeColor } from './sanitize.ts';
import { MAX_SHAPES, MAX_TEXT, type ShapeJSON } from './shapeJson.ts';

export { MAX_POINTS, MAX_SHAPES, MAX_TEXT, type ShapeJSON } from './shapeJson.ts';

export const FORMAT_VERSION = 1;
export const CLIPBOARD_KIND = 'whiteboard/shapes';
export const BOARD_KIND = 'whiteboard/board';

export interface ShapesDocument {
  kind: typeof CLIPBOARD_KIND | typeof BOARD_KIND;
  version: number;
  shapes: ShapeJSON[];
  /**
   * Clipboard only: the board the shapes were copied from, by its spectator (view) id,
   * so a paste into another board of the same relay can copy the images' files from it
   * (images/pasteFiles.ts). Read only when it is a well-formed id; anything else is left out.
   */
  source?: { view: string };
}

export class FormatError extends Error {
  override name = 'FormatError';
}

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isNum = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

/** An end's binding: the index of another shape of the same file, and an anchor in 0..1. */
function checkBinding(b: unknown, count: number, fail: (what: string) => never): void {
  if (!isObj(b)) fail('expected an object');
  const { shape, x, y } = b as Record<string, unknown>;
  if (!isNum(shape) || !Number.isInteger(shape) || shape < 0 || shape >= count) fail(`expected "shape", an index in shapes (0..${count - 1})`);
  for (const v of [x, y]) if (!isNum(v) || v < 0 || v > 1) fail('expected "x" and "y" from 0 to 1');
}

function checkShape(s: unknown, at: string, count: number): ShapeJSON {
  const fail = (field: string, what: string): never => {
    throw new FormatError(`${at}${field ? `.${field}` : ''}: ${what}`);
  };
  if (!isObj(s)) return fail('', 'expected an object');
  const module = shapeModule(s.type);
  if (!module) return fail('type', `expected one of ${shapeTypes().join(', ')}`);
  for (const k of ['x', 'y'] as const) if (!isNum(s[k])) fail(k, 'expected a finite number');
  for (const k of ['rotation', 'opacity', 'fontSize', 'w', 'h', 'scaleX', 'scaleY'] as const) {
    if (s[k] !== undefined && !isNum(s[k])) fail(k, 'expected a finite number');
  }
  // the same colours the board accepts from peers (sanitize.ts), so an opened file never renders differently
  if (!isSafeColor(s.color)) fail('color', 'expected a colour like #1e1e1e');
  if (!isNum(s.width) || s.width <= 0) fail('width', 'expected a positive number');
  if (s.opacity !== undefined && ((s.opacity as number) < 0 || (s.opacity as number) > 1)) fail('opacity', 'expected 0..1');
  if (s.dash !== undefined && typeof s.dash !== 'boolean') fail('dash', 'expected true or false');
  if (s.highlighter !== undefined && typeof s.highlighter !== 'boolean') fail('highlighter', 'expected true or false');
  if (s.fill !== undefined && !(FILL_STYLES as readonly unknown[]).includes(s.fill)) fail('fill', `expected one of ${FILL_STYLES.join(', ')}`);
  if (s.text !== undefined && (typeof s.text !== 'string' || s.text.length > MAX_TEXT)) fail('text', `expected a string of at most ${MAX_TEXT} characters`);
  if (s.bg !== undefined && !isSafeColor(s.bg)) fail('bg', 'expected a colour like #ffec99');
  if (s.group !== undefined && (typeof s.group !== 'string' || !s.group || s.group.length > MAX_GROUP_ID)) fail('group', `expected a string of 1 to ${MAX_GROUP_ID} characters`);
  if (s.locked !== undefined && typeof s.locked !== 'boolean') fail('locked', 'expected true or false');
  if (s.elbow !== undefined && typeof s.elbow !== 'boolean') fail('elbow', 'expected true or false');
  if (s.frame !== undefined && (!isNum(s.frame) || !Number.isInteger(s.frame) || s.frame < 0 || s.frame >= count)) fail('frame', `expected the index of a frame in shapes (0..${count - 1})`);
  for (const end of ['start', 'end'] as const) if (s[end] !== undefined) checkBinding(s[end], count, (what) => fail(end, what));
  // then what the type itself requires (a stroke's points, a box's size)
  module.checkJson(s, fail);
  return s as unknown as ShapeJSON;
}

/**
 * Parses and validates a clipboard payload or board file. Throws FormatError with a
 * message naming the first problem (and where it is).
 */
export function parseShapesDocument(text: string): ShapesDocument {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw new FormatError('not JSON');
  }
  if (!isObj(raw)) throw new FormatError('expected a JSON object');
  if (raw.kind !== CLIPBOARD_KIND && raw.kind !== BOARD_KIND) {
    throw new FormatError(`not a whiteboard file ("kind" must be "${BOARD_KIND}" or "${CLIPBOARD_KIND}")`);
  }
  if (!isNum(raw.version) || !Number.isInteger(raw.version)) throw new FormatError('"version" must be an integer');
  if (raw.version > FORMAT_VERSION) {
    throw new FormatError(`version ${raw.version} is newer than this app understands (${FORMAT_VERSION})`);
  }
  if (raw.version < 1) throw new FormatError(`unknown version ${raw.version}`);
  if (!Array.isArray(raw.shapes)) throw new FormatError('"shapes" must be an array');
  if (raw.shapes.length > MAX_SHAPES) throw new FormatError(`too many shapes (at most ${MAX_SHAPES})`);
  const shapes = raw.shapes.map((s, i, all) => checkShape(s, `shapes[${i}]`, all.length));
  // a member names a frame of the same file (frames do not nest)
  shapes.forEach((s, i) => {
    if (s.frame !== undefined && (s.frame === i || shapes[s.frame].type !== 'frame' || s.type === 'frame')) throw new FormatError(`shapes[${i}].frame: expected the index of a frame in shapes`);
  });
  const src = raw.source;
  const source = isObj(src) && isValidId(src.view) ? { view: src.view as string } : undefined;
  return source ? { kind: raw.kind, version: raw.version, shapes, source } : { kind: raw.kind, version: raw.version, shapes };
}
