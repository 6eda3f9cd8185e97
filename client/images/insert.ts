/** An uploaded image as a new shape on top of the board, in one local transaction (one undo step). */
import * as Y from 'yjs';
import { newShapeId } from '../board/ids.ts';
import { nextZ } from '../board/order.ts';
import { LOCAL_ORIGIN } from '../board/origin.ts';
import { shapesMap } from '../board/strokes.ts';
import { writeImage } from '../shapes/image/index.ts';
import type { UploadedImage } from './upload.ts';

/**
 * Adds the image centred on `at` (board px): its own size in board px, or less so it fits
 * in `fit` (board px, the part of the view it may take). Returns the shape's id.
 */
export function insertImage(doc: Y.Doc, img: UploadedImage, at: { x: number; y: number }, fit: { w: number; h: number }, author: string): string {
  const k = Math.min(1, fit.w / img.width, fit.h / img.height);
  const w = Math.max(1, img.width * k);
  const h = Math.max(1, img.height * k);
  const id = newShapeId();
  const shapes = shapesMap(doc);
  doc.transact(() => {
    const map = new Y.Map<unknown>();
    shapes.set(id, map);
    writeImage(map, { x: at.x - w / 2, y: at.y - h / 2, w, h, author, file: img.sha, mime: img.mime, naturalW: img.width, naturalH: img.height, previews: img.previews }, nextZ(shapes));
  }, LOCAL_ORIGIN);
  return id;
}
