/**
 * Putting a picture on the board: the file is checked here as the relay will check it
 * (type by its magic bytes, size), named by its SHA-256 (crypto.subtle), measured by
 * decoding it, uploaded (PUT /api/rooms/<id>/files/<sha256>, idempotent) and kept in
 * memory (images/cache.ts), so this page never fetches it back.
 */
import { DEFAULT_MAX_FILE_BYTES, roomFilePath, sniffImageType, type ImageType } from '../../shared/imageFiles.ts';
import { keepFile } from './cache.ts';

export interface UploadedImage {
  sha: string;
  mime: ImageType;
  width: number;
  height: number;
}

const hex = (buf: ArrayBuffer) => Array.from(new Uint8Array(buf), (b) => b.toString(16).padStart(2, '0')).join('');

export async function sha256Hex(bytes: Uint8Array<ArrayBuffer>): Promise<string> {
  return hex(await crypto.subtle.digest('SHA-256', bytes));
}

/** What the relay's refusal means to the person (docs/protocol.md "Files"). */
export function refusal(status: number): string {
  if (status === 413) return `The image is too large (at most ${DEFAULT_MAX_FILE_BYTES / 1024 / 1024} MB).`;
  if (status === 415) return 'Only PNG, JPEG, GIF and WebP images can be added.';
  if (status === 507) return 'This board has no room for more images.';
  if (status === 429) return 'Too many images at once; try again in a minute.';
  if (status === 404) return 'This board is not on the server.';
  return `The image could not be uploaded (${status}).`;
}

/** Uploads an image file to the room; returns what the shape needs, or a message for the person. */
export async function uploadImage(roomId: string, file: Blob): Promise<UploadedImage | string> {
  if (file.size > DEFAULT_MAX_FILE_BYTES) return refusal(413);
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
  let res: Response;
  try {
    res = await fetch(roomFilePath(roomId, sha), { method: 'PUT', body: bytes, headers: { 'content-type': mime } });
  } catch {
    bitmap.close();
    return 'The image could not be uploaded: no connection to the server.';
  }
  if (res.status !== 200 && res.status !== 201) {
    bitmap.close();
    return refusal(res.status);
  }
  keepFile(sha, blob, bitmap);
  return { sha, mime, width: bitmap.width, height: bitmap.height };
}
