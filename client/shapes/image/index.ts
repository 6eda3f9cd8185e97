/**
 * Images: a file of the board (docs/protocol.md "Files") shown in a box. The map holds
 * the file's SHA-256 (`f`), its type and natural size, the box (w, h), an optional
 * crop and the downscaled copies made when it was added (`pv`, drawn when small); the URL is built by the page from the hash (images/cache.ts), never read from
 * the document. Moved, resized (keeping proportions), rotated, restyled (opacity) and
 * deleted like any box.
 */
import type * as Y from 'yjs';
import { F } from '../../../shared/schema.ts';
import { IMAGE_TYPES, isImageType, isSha256, MAX_PREVIEWS, safePreviews, type ImageType, type PreviewRef } from '../../../shared/imageFiles.ts';
import type { ShapeJSON } from '../../board/shapeJson.ts';
import { clampNum, RANGES, safeCrop, safeSha256 } from '../../board/sanitize.ts';
import { readBase } from '../common/base.ts';
import { round, setNum, startValue } from '../common/fields.ts';
import { spanBox } from '../common/local.ts';
import { baseJson, checkSize, jsonStyle } from '../common/json.ts';
import { writeStyle } from '../common/style.ts';
import type { Shape, ShapeModule, StylePatch } from '../types.ts';
import { readCrop, setCrop } from './crop.ts';
import { paintImage } from './paint.ts';
import { imageSvg } from './svg.ts';

export type Crop = [number, number, number, number];

export interface ImageShape extends Shape {
  type: 'image';
  w: number;
  h: number;
  /** the file's hash, or null when the document's is not one (drawn as a placeholder) */
  file: string | null;
  mime: ImageType;
  naturalW: number;
  naturalH: number;
  crop: Crop | null;
  /** its downscaled copies, checked (shared/imageFiles.ts safePreviews); empty for images added before them */
  previews: PreviewRef[];
}

/** A new image (images/insert.ts), or one from JSON. */
export interface NewImage {
  x: number;
  y: number;
  w: number;
  h: number;
  rotation?: number;
  author: string;
  file: string;
  mime: ImageType;
  naturalW: number;
  naturalH: number;
  crop?: Crop | null;
  previews?: readonly PreviewRef[];
  style?: StylePatch;
}

const COORD = RANGES.coord;
/** Largest natural size believed (browsers decode no larger). */
const MAX_NATURAL = 65_535;

export function readImage(id: string, map: Y.Map<unknown>): ImageShape {
  const mime = map.get(F.mime);
  const naturalW = Math.round(clampNum(map.get(F.naturalW), 1, MAX_NATURAL, 1));
  const naturalH = Math.round(clampNum(map.get(F.naturalH), 1, MAX_NATURAL, 1));
  return Object.assign(readBase(id, map), {
    type: 'image' as const,
    w: clampNum(map.get(F.w), 1, COORD, 1),
    h: clampNum(map.get(F.h), 1, COORD, 1),
    file: safeSha256(map.get(F.file)),
    mime: isImageType(mime) ? mime : 'image/png',
    naturalW,
    naturalH,
    crop: readCrop(map),
    previews: safePreviews(map.get(F.previews), Math.max(naturalW, naturalH)),
  });
}

/** Fills a fresh map with an image (inside the caller's transaction). */
export function writeImage(map: Y.Map<unknown>, init: NewImage, z: string): void {
  map.set(F.type, 'image');
  map.set(F.z, z);
  map.set(F.x, round(init.x));
  map.set(F.y, round(init.y));
  map.set(F.w, round(init.w));
  map.set(F.h, round(init.h));
  if (init.rotation) map.set(F.rotation, round(init.rotation));
  map.set(F.author, init.author);
  map.set(F.file, init.file);
  map.set(F.mime, init.mime);
  map.set(F.naturalW, Math.round(init.naturalW));
  map.set(F.naturalH, Math.round(init.naturalH));
  // fractions to 1/10^6 (shapes/image/crop.ts): 1/100 would be a whole percent of the file
  if (init.crop) setCrop(map, init.crop);
  const previews = safePreviews(init.previews, Math.max(init.naturalW, init.naturalH));
  if (previews.length) map.set(F.previews, previews.map((p) => [p.size, p.file]));
  if (init.style) writeStyle(map, init.style);
}

function imageJson(s: ImageShape): ShapeJSON {
  const out = baseJson(s);
  out.w = s.w;
  out.h = s.h;
  if (s.file) out.file = s.file;
  out.mime = s.mime;
  out.naturalWidth = s.naturalW;
  out.naturalHeight = s.naturalH;
  if (s.crop) out.crop = [...s.crop];
  if (s.previews.length) out.previews = s.previews.map((p) => ({ size: p.size, file: p.file }));
  return out;
}

function checkImageJson(j: Readonly<Record<string, unknown>>, fail: (field: string, what: string) => never): void {
  checkSize(j, fail);
  if (!isSha256(j.file)) fail('file', 'expected the SHA-256 of the file: 64 lowercase hex digits');
  if (!isImageType(j.mime)) fail('mime', `expected one of ${IMAGE_TYPES.join(', ')}`);
  for (const k of ['naturalWidth', 'naturalHeight'] as const) {
    const v = j[k];
    if (typeof v !== 'number' || !Number.isInteger(v) || v < 1 || v > MAX_NATURAL) fail(k, `expected a whole number of pixels, 1 to ${MAX_NATURAL}`);
  }
  if (j.previews !== undefined) {
    const long = Math.max(j.naturalWidth as number, j.naturalHeight as number);
    if (!Array.isArray(j.previews) || j.previews.length > MAX_PREVIEWS || safePreviews(j.previews, long).length !== j.previews.length || j.previews.some((p) => Array.isArray(p)))
      fail('previews', `expected at most ${MAX_PREVIEWS} { size, file }: distinct whole sizes under the file's long side, SHA-256 files`);
  }
  if (j.crop !== undefined && safeCrop(j.crop) === null) fail('crop', 'expected [x0, y0, x1, y1], fractions 0..1 with x0 < x1 and y0 < y1');
}

export const imageModule: ShapeModule<ImageShape> = {
  type: 'image',
  outline: 'rect',
  read: (id, map) => readImage(id, map),
  toJson: imageJson,
  checkJson: checkImageJson,
  fromJson: (map, j, at) =>
    writeImage(
      map,
      {
        x: j.x + at.dx,
        y: j.y + at.dy,
        w: j.w ?? 1,
        h: j.h ?? 1,
        rotation: j.rotation,
        author: at.author,
        file: j.file!,
        mime: j.mime as ImageType,
        naturalW: j.naturalWidth!,
        naturalH: j.naturalHeight!,
        crop: safeCrop(j.crop),
        previews: safePreviews(j.previews, Math.max(j.naturalWidth!, j.naturalHeight!)),
        style: { opacity: jsonStyle(j).opacity },
      },
      at.z,
    ),
  localBox: (s) => spanBox(s.w, s.h),
  // no outline: nothing reaches past the box
  halfInk: () => 0,
  hit: (s, p, reach) => p.x >= -reach && p.y >= -reach && p.x <= s.w + reach && p.y <= s.h + reach,
  resize(map, scaleX, scaleY, base) {
    setNum(map, F.w, Math.max(1, startValue(map, F.w, base?.w, 1) * Math.abs(scaleX)));
    setNum(map, F.h, Math.max(1, startValue(map, F.h, base?.h, 1) * Math.abs(scaleY)));
  },
  handles: 'ratio',
  styles: ['opacity'],
  paint: paintImage,
  toSvg: imageSvg,
};

/** The file an image shape shows (null for any other shape). */
export const imageFileOf = (s: Shape): string | null => (s.type === 'image' ? ((s as ImageShape).file ?? null) : null);
