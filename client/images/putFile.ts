/**
 * One file PUT to a board (PUT /api/rooms/<id>/files/<sha256>, docs/protocol.md "Files"):
 * the original of an image, its previews, or a file copied from another board.
 * XMLHttpRequest where there is one, because fetch reports no upload progress and a
 * 10 MB photo over a slow link takes long enough that the person must see it moving;
 * fetch elsewhere (Node tests).
 */
import { roomFilePath, type ImageType } from '../../shared/imageFiles.ts';

/** The relay's status (200 or 201: stored), or 0 when it could not be reached. */
export function putFile(roomId: string, sha: string, bytes: Uint8Array<ArrayBuffer>, mime: ImageType, onProgress?: (sent: number, total: number) => void): Promise<number> {
  const url = roomFilePath(roomId, sha);
  if (typeof XMLHttpRequest !== 'function') {
    return fetch(url, { method: 'PUT', body: bytes, headers: { 'content-type': mime } }).then(
      (res) => res.status,
      () => 0,
    );
  }
  return new Promise((resolve) => {
    const xhr = new XMLHttpRequest();
    xhr.open('PUT', url);
    xhr.setRequestHeader('content-type', mime);
    if (onProgress) xhr.upload.onprogress = (e) => onProgress(e.loaded, e.lengthComputable ? e.total : bytes.length);
    xhr.onload = () => resolve(xhr.status);
    xhr.onerror = xhr.onabort = xhr.ontimeout = () => resolve(0);
    xhr.send(bytes);
  });
}

/** Stored: new (201) or already there (200). */
export const stored = (status: number) => status === 200 || status === 201;
