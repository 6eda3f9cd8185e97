/**
 * The read boundary for values other people wrote. Everything in the Yjs document and
 * in awareness arrives from other editors through a relay on the public internet, so
 * each colour, number and name is checked here before it can reach SVG markup, a CSS
 * custom property, a canvas or the DOM. Readers (read.ts, sync/peerState.ts) call these
 * and never pass a raw value on; anything unexpected becomes the default, never an error.
 */

/**
 * A colour is `#rgb`, `#rrggbb` or `#rrggbbaa` (what the app writes and board files
 * document), or one of a few CSS keywords. Nothing else: a colour string ends up inside
 * SVG attributes and CSS values, where `red"/><script>` or `url(javascript:…)` would be
 * markup or a request.
 */
const HEX_COLOR = /^#(?:[0-9a-f]{3}|[0-9a-f]{6}|[0-9a-f]{8})$/i;
export const NAMED_COLORS: ReadonlySet<string> = new Set([
  'black', 'white', 'gray', 'grey', 'red', 'green', 'blue', 'yellow', 'orange', 'purple', 'pink', 'brown', 'transparent',
]);

export function isSafeColor(v: unknown): v is string {
  return typeof v === 'string' && (HEX_COLOR.test(v) || NAMED_COLORS.has(v));
}

export function safeColor(v: unknown, fallback: string): string {
  return isSafeColor(v) ? v : fallback;
}

/** A finite number clamped to [min, max]; `fallback` for anything that is not a finite number. */
export function clampNum(v: unknown, min: number, max: number, fallback: number): number {
  if (typeof v !== 'number' || !Number.isFinite(v)) return fallback;
  return v < min ? min : v > max ? max : v;
}

/**
 * Documented ranges of what a shape or a cursor may hold (docs in README "Security").
 * Wide enough for anything the app writes (the UI offers widths 2-16 and fonts 16-40;
 * resizing text scales its font), narrow enough that no arithmetic on them overflows.
 */
export const RANGES = {
  /** board coordinates and sizes, board px */
  coord: 1e6,
  /** stroke width, board px */
  width: { min: 0.5, max: 200 },
  /** font size, board px */
  fontSize: { min: 4, max: 1000 },
  /** a stroke's scale factors (sx, sy) */
  scale: 1e4,
} as const;

/** A coordinate (or a signed size) within ±RANGES.coord. */
export const safeCoord = (v: unknown, fallback = 0) => clampNum(v, -RANGES.coord, RANGES.coord, fallback);

/** Longest name shown for a person, in characters (code points); longer ones are cut. */
export const NAME_MAX = 64;

/**
 * Control characters (C0, DEL, C1), bidirectional overrides and isolates (which can
 * make a label read as someone else's), line/paragraph separators and lone surrogates.
 */
// (with the u flag a surrogate pair is one code point: the \ud800-\udfff range matches lone halves only)
const UNSAFE_CHARS = /[\p{Cc}\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029\ud800-\udfff]/gu;

/**
 * A display name: a string without unsafe characters, whitespace trimmed, at most
 * NAME_MAX characters; `fallback` when nothing is left. Names only ever reach the DOM as
 * text (textContent, attributes set one by one) and canvas fillText.
 */
export function safeName(v: unknown, fallback: string): string {
  if (typeof v !== 'string') return fallback;
  // cut long inputs before the regex so a megabyte name costs nothing
  const cut = v.length > NAME_MAX * 4 ? v.slice(0, NAME_MAX * 4) : v;
  const clean = cut.replace(UNSAFE_CHARS, '').trim();
  const chars = Array.from(clean);
  const name = chars.length > NAME_MAX ? chars.slice(0, NAME_MAX).join('').trim() : clean;
  return name || fallback;
}

/**
 * A user-written label (a frame's name): unsafe characters removed, at most `max`
 * characters (code points), whitespace trimmed; '' for anything else. Only ever shown
 * as text (textContent, canvas fillText, escaped in SVG).
 */
export function safeLabel(v: unknown, max: number): string {
  if (typeof v !== 'string') return '';
  const cut = v.length > max * 4 ? v.slice(0, max * 4) : v;
  const chars = Array.from(cut.replace(UNSAFE_CHARS, '').trim());
  return (chars.length > max ? chars.slice(0, max).join('') : chars.join('')).trim();
}

/** Longest id accepted from awareness (shape and user ids are 22 characters). */
export const ID_MAX = 64;

/** An opaque id (shape or user): a non-empty string of at most ID_MAX characters, else null. */
export function safeId(v: unknown): string | null {
  return typeof v === 'string' && v.length > 0 && v.length <= ID_MAX ? v : null;
}

/** An image shape's file: a SHA-256 as 64 lowercase hex digits, else null (the URL is built from it, never read). */
export const safeSha256 = (v: unknown): string | null => (typeof v === 'string' && /^[0-9a-f]{64}$/.test(v) ? v : null);

/** An image's crop, [x0, y0, x1, y1] fractions with x0 < x1 and y0 < y1 (at least 1/1000 apart), else null: all of it. */
export function safeCrop(v: unknown): [number, number, number, number] | null {
  if (!Array.isArray(v) || v.length !== 4 || !v.every((x) => typeof x === 'number' && Number.isFinite(x))) return null;
  const [x0, y0, x1, y1] = (v as number[]).map((x) => clampNum(x, 0, 1, 0));
  if (x1 - x0 < 1e-3 || y1 - y0 < 1e-3) return null;
  if (x0 === 0 && y0 === 0 && x1 === 1 && y1 === 1) return null;
  return [x0, y0, x1, y1];
}
