/**
 * The image types a board may hold, told by their magic bytes only (never by a name or
 * a Content-Type the uploader sent). Anything else is refused: SVG and HTML above all,
 * which a browser would run as a document if it were ever served as one.
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

/** A file's name in the API: its SHA-256 as 64 lowercase hex digits. */
export const SHA256_HEX = /^[0-9a-f]{64}$/;
