/**
 * Image files of a board (docs/protocol.md "Files"), shared by the relay, which sniffs
 * every upload, and the client, which checks a file before uploading it and builds the
 * URLs it reads files from (never taken from the document).
 *
 * The type is told by the magic bytes only, never by a name or a Content-Type the
 * uploader sent. Anything else is refused: SVG and HTML above all, which a browser would
 * run as a document if it were ever served as one.
 */
export const IMAGE_TYPES = ['image/png', 'image/jpeg', 'image/gif', 'image/webp'] as const;
export type ImageType = (typeof IMAGE_TYPES)[number];

const starts = (b: Uint8Array, sig: readonly number[], at = 0) => b.length >= at + sig.length && sig.every((v, i) => b[at + i] === v);

const PNG = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const JPEG = [0xff, 0xd8, 0xff];
const GIF87 = [0x47, 0x49, 0x46, 0x38, 0x37, 0x61];
const GIF89 = [0x47, 0x49, 0x46, 0x38, 0x39, 0x61];
const RIFF = [0x52, 0x49, 0x46, 0x46];
const WEBP = [0x57, 0x45, 0x42, 0x50];

/** The type of an image file from its first bytes, or null when it is none of IMAGE_TYPES. */
export function sniffImageType(b: Uint8Array): ImageType | null {
  if (starts(b, PNG)) return 'image/png';
  if (starts(b, JPEG)) return 'image/jpeg';
  if (starts(b, GIF87) || starts(b, GIF89)) return 'image/gif';
  if (starts(b, RIFF) && starts(b, WEBP, 8)) return 'image/webp';
  return null;
}

export const isImageType = (v: unknown): v is ImageType => (IMAGE_TYPES as readonly unknown[]).includes(v);

/** A file's name: the SHA-256 of its bytes as 64 lowercase hex digits. */
export const SHA256_HEX = /^[0-9a-f]{64}$/;
export const isSha256 = (v: unknown): v is string => typeof v === 'string' && SHA256_HEX.test(v);

/** Largest file the relay takes by default (MAX_FILE_BYTES). */
export const DEFAULT_MAX_FILE_BYTES = 10 * 1024 * 1024;

/** Where an editor (by room id) or a spectator (by view id) reads a board's file. */
export const roomFilePath = (roomId: string, sha: string) => `/api/rooms/${encodeURIComponent(roomId)}/files/${sha}`;
export const viewFilePath = (viewId: string, sha: string) => `/api/views/${encodeURIComponent(viewId)}/files/${sha}`;

/**
 * Downscaled copies ("previews") of an image, made once by the page that adds it
 * (client/images/previews.ts) and uploaded as ordinary files of the board, so a board
 * showing the image small reads and decodes a few KB instead of the whole file. Long
 * side in px: client/images/cache.ts's levels below the whole file, so each level is
 * decoded from a copy of exactly its size (no resampling on opening a board: with only
 * 256 and 1024, the 512 level cost a 1024 decode and a resize, and the first render of
 * bench:render's 200 images waited ~0.7 s on them). A copy is made only when the file is
 * longer than it.
 */
export const PREVIEW_SIZES = [256, 512, 1024] as const;
/** Previews a shape may name at most (a hostile peer's longer list is cut). */
export const MAX_PREVIEWS = 4;

/** A preview: its long side in px and its file's SHA-256. */
export interface PreviewRef {
  size: number;
  file: string;
}

/** The preview sizes worth making for a file of this size (only those smaller than it). */
export const previewSizesFor = (width: number, height: number): number[] => PREVIEW_SIZES.filter((s) => s < Math.max(width, height));

/**
 * A shape's previews as read from the document or a file: at most MAX_PREVIEWS entries
 * of [size, sha256] (or { size, file } in JSON), each a whole size smaller than the
 * file's long side `naturalLong` and a valid hash, one per size, smallest first. Anything
 * else is dropped, so a forged value can name nothing but a file path of the room
 * (the URL is built from the hash).
 */
export function safePreviews(v: unknown, naturalLong: number): PreviewRef[] {
  if (!Array.isArray(v)) return [];
  const out: PreviewRef[] = [];
  for (const item of v.slice(0, MAX_PREVIEWS)) {
    const [size, file] = Array.isArray(item) ? item : item && typeof item === 'object' ? [(item as PreviewRef).size, (item as PreviewRef).file] : [];
    if (!Number.isInteger(size) || size < 1 || size >= naturalLong || !isSha256(file)) continue;
    if (out.some((p) => p.size === size)) continue;
    out.push({ size, file });
  }
  return out.sort((a, b) => a.size - b.size);
}

/** The smallest preview at least `needPx` on its long side, else null (the original is needed). */
export function previewFor(previews: readonly PreviewRef[], needPx: number): PreviewRef | null {
  for (const p of previews) if (p.size >= needPx) return p;
  return null;
}
