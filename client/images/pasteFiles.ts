/**
 * Pasting images into another board. A board's files are stored with it and read only
 * through it (docs/protocol.md "Files"), so shapes copied from board A and pasted into
 * board B name files B does not have. Before the shapes are inserted, each file B lacks
 * (HEAD /api/rooms/<B>/files/<sha>) is read from A through A's spectator files
 * (GET /api/views/<view of A>/files/<sha>: the clipboard names A's view id, never its
 * edit id; format.ts `source`), or taken from memory when this page holds it, checked
 * (an image type by its magic bytes, its SHA-256, at most MAX_FILE_BYTES) and uploaded
 * to B (PUT, as an upload: the relay checks type, hash, size and quota again). A file
 * that cannot be copied (the source is on another server, gone, or B refuses it) leaves
 * its shapes showing the placeholder, and the toast says so. The images' previews
 * (shared/imageFiles.ts PREVIEW_SIZES) are copied the same way, after the originals; one
 * that cannot be copied is not worth a word: the image then reads its original.
 */
import { DEFAULT_MAX_FILE_BYTES, isSha256, roomFilePath, safePreviews, sniffImageType, viewFilePath } from '../../shared/imageFiles.ts';
import type { ShapeJSON, ShapesDocument } from '../board/format.ts';
import { heldBlob, keepFile } from './cache.ts';
import { putFile, stored } from './putFile.ts';
import { refusal, sha256Hex } from './upload.ts';

/** Files copied at once. */
const PARALLEL = 4;

/** The distinct files the shapes show. */
export const filesOf = (shapes: readonly ShapeJSON[]): string[] => [...new Set(shapes.flatMap((s) => (isSha256(s.file) ? [s.file] : [])))];

/** The distinct preview files of the shapes' images (checked as a board's are), less the originals. */
export function previewFilesOf(shapes: readonly ShapeJSON[]): string[] {
  const originals = new Set(filesOf(shapes));
  const all = shapes.flatMap((s) => (isSha256(s.file) ? safePreviews(s.previews, Math.max(Number(s.naturalWidth) || 0, Number(s.naturalHeight) || 0)).map((p) => p.file) : []));
  return [...new Set(all)].filter((f) => !originals.has(f));
}

export interface CopyResult {
  /** files this board lacked and now has */
  copied: number;
  /** files it still lacks, and why (the first reason) */
  failed: number;
  reason: string | null;
}

async function has(roomId: string, sha: string): Promise<boolean> {
  try {
    return (await fetch(roomFilePath(roomId, sha), { method: 'HEAD', cache: 'no-store' })).ok;
  } catch {
    return false;
  }
}

/** The file's bytes from this page's memory or the source board; a reason when there are none. */
async function bytesOf(sha: string, source: ShapesDocument['source'] | null): Promise<Uint8Array<ArrayBuffer> | string> {
  const held = heldBlob(sha);
  if (held) return new Uint8Array(await held.arrayBuffer());
  if (!source) return 'they were copied from a board that does not say where it is';
  let res: Response;
  try {
    res = await fetch(viewFilePath(source.view, sha), { credentials: 'same-origin' });
  } catch {
    return 'no connection to the server';
  }
  if (!res.ok) return res.status === 404 ? 'the board they were copied from is not on this server or no longer has them' : `the board they were copied from answered ${res.status}`;
  const len = Number(res.headers.get('content-length') ?? 0);
  if (len > DEFAULT_MAX_FILE_BYTES) return refusal(413);
  return new Uint8Array(await res.arrayBuffer());
}

async function copyOne(roomId: string, sha: string, source: ShapesDocument['source'] | null): Promise<string | null> {
  if (await has(roomId, sha)) return null;
  const bytes = await bytesOf(sha, source);
  if (typeof bytes === 'string') return bytes;
  const mime = sniffImageType(bytes);
  if (!mime) return refusal(415);
  if (bytes.length > DEFAULT_MAX_FILE_BYTES) return refusal(413);
  // what came back must be the file the shapes name (the relay checks this too)
  if ((await sha256Hex(bytes)) !== sha) return 'what the other board sent is not the file';
  const status = await putFile(roomId, sha, bytes, mime);
  if (status === 0) return 'no connection to the server';
  if (!stored(status)) return refusal(status);
  keepFile(sha, new Blob([bytes], { type: mime }));
  return null;
}

/** Copies into the room every file of the shapes it lacks (see above). */
export async function copyFilesInto(roomId: string, shapes: readonly ShapeJSON[], source: ShapesDocument['source'] | null): Promise<CopyResult> {
  const queue = filesOf(shapes);
  const out: CopyResult = { copied: 0, failed: 0, reason: null };
  const worker = async () => {
    for (let sha = queue.shift(); sha; sha = queue.shift()) {
      let why: string | null;
      try {
        why = await copyOne(roomId, sha, source);
      } catch {
        why = 'it could not be read';
      }
      if (why === null) out.copied++;
      else {
        out.failed++;
        out.reason ??= why;
      }
    }
  };
  await Promise.all(Array.from({ length: PARALLEL }, worker));
  // then the previews, quietly: without one an image reads its original
  const previews = previewFilesOf(shapes);
  await Promise.all(
    Array.from({ length: PARALLEL }, async () => {
      for (let sha = previews.shift(); sha; sha = previews.shift()) await copyOne(roomId, sha, source).catch(() => null);
    }),
  );
  return out;
}

/** What the toast says when some files could not be copied (null: all are there). */
export function copyNote(r: CopyResult): string | null {
  if (!r.failed) return null;
  const what = r.failed === 1 ? 'An image' : `${r.failed} images`;
  const reason = r.reason ? `: ${r.reason.replace(/\.$/, '')}` : '';
  return `${what} could not be copied to this board${reason}. ${r.failed === 1 ? 'It shows' : 'They show'} as a placeholder.`;
}
