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
