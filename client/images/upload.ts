/**
 * Putting a picture on the board: the file is checked here as the relay will check it
 * (type by its magic bytes, size against the relay's limit), named by its SHA-256
 * (crypto.subtle), measured by decoding it, uploaded (PUT /api/rooms/<id>/files/<sha256>,
 * idempotent, with progress) and kept in memory (images/cache.ts), so this page never
 * fetches it back.
 *
 * While the original uploads, its previews (images/previews.ts) are encoded from the
 * decoding at hand; once the relay has taken the original they are uploaded too, and
 * the shape is written only after that, naming them: one write, so undoing the paste
 * removes the image whole and a redo brings back the previews with it. A preview the
 * relay refuses (quota) is left out: the image then reads its original, as images added
 * before previews do.
 */
import { DEFAULT_MAX_FILE_BYTES, previewSizesFor, sniffImageType, type ImageType, type PreviewRef } from '../../shared/imageFiles.ts';
import { keepFile } from './cache.ts';
import { encodePreviews } from './previews.ts';
import { putFile, stored } from './putFile.ts';

export interface UploadedImage {
  sha: string;
  mime: ImageType;
  width: number;
  height: number;
  previews: PreviewRef[];
}

export interface UploadOptions {
  /** the relay's file limit if it said (images/fileLimit.ts), else DEFAULT_MAX_FILE_BYTES */
  maxFileBytes?: number;
  /** bytes of the original sent so far */
  onProgress?: (sent: number, total: number) => void;
}

const hex = (buf: ArrayBuffer) => Array.from(new Uint8Array(buf), (b) => b.toString(16).padStart(2, '0')).join('');

export async function sha256Hex(bytes: Uint8Array<ArrayBuffer>): Promise<string> {
  return hex(await crypto.subtle.digest('SHA-256', bytes));
}

/** What the relay's refusal means to the person (docs/protocol.md "Files"). */
export function refusal(status: number, maxFileBytes = DEFAULT_MAX_FILE_BYTES): string {
  if (status === 413) return `The image is too large (at most ${+(maxFileBytes / 1024 / 1024).toFixed(1)} MB).`;
  if (status === 415) return 'Only PNG, JPEG, GIF and WebP images can be added.';
  if (status === 507) return 'This board has no room for more images.';
  if (status === 429) return 'Too many images at once; try again in a minute.';
  if (status === 404) return 'This board is not on the server.';
  if (status === 0) return 'The image could not be uploaded: no connection to the server.';
  return `The image could not be uploaded (${status}).`;
}

/** Encodes and uploads the previews; those the relay took, and their Blobs kept in memory. */
async function uploadPreviews(roomId: string, encoded: Promise<{ size: number; blob: Blob }[]>): Promise<PreviewRef[]> {
  let previews: { size: number; blob: Blob }[];
  try {
    previews = await encoded;
  } catch {
    return [];
  }
  const done = await Promise.all(
    previews.map(async ({ size, blob }) => {
      const bytes = new Uint8Array(await blob.arrayBuffer());
      const mime = sniffImageType(bytes);
      if (!mime) return null;
      const file = await sha256Hex(bytes);
      if (!stored(await putFile(roomId, file, bytes, mime))) return null;
      keepFile(file, new Blob([bytes], { type: mime }));
      return { size, file };
    }),
  );
  return done.filter((p): p is PreviewRef => p !== null);
}

/** Uploads an image file and its previews to the room; returns what the shape needs, or a message for the person. */
export async function uploadImage(roomId: string, file: Blob, opts: UploadOptions = {}): Promise<UploadedImage | string> {
  const max = opts.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES;
  if (file.size > max) return refusal(413, max);
  const bytes = new Uint8Array(await file.arrayBuffer());
  const mime = sniffImageType(bytes);
  if (!mime) return refusal(415);
  const blob = new Blob([bytes], { type: mime });
  let bitmap: ImageBitmap;
  try {
    bitmap = await createImageBitmap(blob);
  } catch {
    return 'The image could not be read.';
  }
  const sha = await sha256Hex(bytes);
  const { width, height } = bitmap;
  // encoded while the original travels; uploaded only once the relay has taken it
  const encoded = encodePreviews(bitmap, previewSizesFor(width, height), mime === 'image/jpeg');
  encoded.catch(() => {});
  const status = await putFile(roomId, sha, bytes, mime, opts.onProgress);
  if (!stored(status)) {
    const close = () => bitmap.close();
    encoded.then(close, close);
    return refusal(status, max);
  }
  const previews = await uploadPreviews(roomId, encoded);
  keepFile(sha, blob, bitmap);
  return { sha, mime, width, height, previews };
}
