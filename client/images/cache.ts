/**
 * The images of the board, by the SHA-256 of their file (docs/protocol.md "Files").
 *
 * The page says where files are read from (setFileSource: the room's files for an
 * editor, the view's for a spectator); the URL is built here from a checked hash, never
 * taken from the document. A file is fetched once, kept as its Blob, and decoded at the
 * size it is drawn: a level of LEVELS on its long side, or whole when drawn larger
 * (createImageBitmap with a resize), so a 6000 px photo seen as a thumbnail costs a
 * thumbnail's memory and drawing time. Painters (shapes/image/paint.ts) ask for a source
 * synchronously and get the best decoded one, or null; when a new level is ready the
 * listeners (onImageReady) repaint the shapes showing it.
 *
 * A level is decoded from the smallest preview of the image (a downscaled copy made when
 * it was added, shared/imageFiles.ts PREVIEW_SIZES) at least as long as the level, else
 * from the whole file; a preview that cannot be read falls back to the whole file. So
 * a board seen zoomed out fetches and decodes a few KB per image, not its megapixels.
 * Images added before previews existed name none and always read the whole file.
 *
 * In Node (unit tests) nothing is fetched or decoded: painters get null.
 */
import { isImageType, isSha256, previewFor, type ImageType, type PreviewRef } from '../../shared/imageFiles.ts';
import type { DecodeReply, DecodeRequest } from './decodeWorker.ts';

/**
 * Long side, in pixels, of the downscaled copies; drawn larger, the whole file is decoded.
 * Two apart at most up to 1,024, so the copy drawn is at most twice the pixels it covers.
 */
export const LEVELS = [256, 512, 1024, 4096] as const;
/** Key of the whole file's decoding. */
const FULL = 0;
/** After a failed fetch (the file is not on this board yet), ask again no sooner than this. */
const RETRY_MS = 5000;
/**
 * Decoded pixels kept at most (4 bytes each: 256 MiB); past it the copies drawn least
 * recently are closed (they decode again from the Blob when drawn again). Copies drawn
 * within the last KEEP_MS stay whatever the total.
 */
export const DECODED_PIXELS_BUDGET = 64 * 1024 * 1024;
const KEEP_MS = 2000;

interface Entry {
  blob: Blob | null;
  loading: Promise<Blob | null> | null;
  failedAt: number;
  /** decoded copies by level (FULL: the whole file) */
  bitmaps: Map<number, ImageBitmap>;
  /** when each copy was last drawn (performance.now()) */
  usedAt: Map<number, number>;
  decoding: Set<number>;
  dataUrl: string | null;
}

let source: ((sha: string) => string) | null = null;
const entries = new Map<string, Entry>();
const listeners = new Set<(sha: string) => void>();
const canDecode = () => typeof createImageBitmap === 'function' && typeof fetch === 'function';

/** Where this page reads files from: a path built from the checked hash (roomFilePath or viewFilePath of shared/imageFiles.ts). */
export function setFileSource(urlFor: (sha: string) => string): void {
  source = urlFor;
  // the decoding thread is started now, while the document loads, not by the first
  // painter asking for an image: its script and start-up then no longer delay the
  // first files' requests (bench:render, 200 images: ~0.1 s under load)
  if (canDecode()) decoder();
}

/** Called with a file's hash whenever a decoded copy of it becomes available. */
export function onImageReady(fn: (sha: string) => void): () => void {
  listeners.add(fn);
  return () => listeners.delete(fn);
}

function entry(sha: string): Entry {
  let e = entries.get(sha);
  if (!e) {
    e = { blob: null, loading: null, failedAt: -Infinity, bitmaps: new Map(), usedAt: new Map(), decoding: new Set(), dataUrl: null };
    entries.set(sha, e);
  }
  return e;
}

let decodedPixels = 0;

/** Keeps a decoded copy, closing the least recently drawn ones past the budget. */
function keep(e: Entry, level: number, bitmap: ImageBitmap): void {
  const old = e.bitmaps.get(level);
  if (old) {
    decodedPixels -= old.width * old.height;
    old.close();
  }
  e.bitmaps.set(level, bitmap);
  e.usedAt.set(level, performance.now());
  decodedPixels += bitmap.width * bitmap.height;
  if (decodedPixels > DECODED_PIXELS_BUDGET) evict();
}

function evict(): void {
  const now = performance.now();
  const all: Array<{ e: Entry; level: number; at: number }> = [];
  for (const e of entries.values()) for (const [level, at] of e.usedAt) if (now - at > KEEP_MS) all.push({ e, level, at });
  all.sort((a, b) => a.at - b.at);
  for (const { e, level } of all) {
    if (decodedPixels <= DECODED_PIXELS_BUDGET) break;
    const b = e.bitmaps.get(level)!;
    decodedPixels -= b.width * b.height;
    b.close();
    e.bitmaps.delete(level);
    e.usedAt.delete(level);
  }
}

/** Decoded pixels held now (tests). */
export const heldPixels = () => decodedPixels;

/** Activity counters (the test hooks' images(): bench:render waits on them). */
let requested = 0;
let busy = 0;
let readySeq = 0;

const ready = (sha: string) => {
  readySeq++;
  for (const fn of listeners) fn(sha);
};

/**
 * What the cache has done: decodings asked for, those in flight (fetch and decode),
 * copies that became ready (a sequence number), decoded pixels held.
 */
export const imageActivity = () => ({ requested, busy, ready: readySeq, pixels: decodedPixels });

/** The file's bytes: from memory, else fetched once (null when it cannot be had now). */
export function loadBlob(sha: string): Promise<Blob | null> {
  if (!isSha256(sha) || !source || !canDecode()) return Promise.resolve(null);
  const e = entry(sha);
  if (e.blob) return Promise.resolve(e.blob);
  if (e.loading) return e.loading;
  if (performance.now() - e.failedAt < RETRY_MS) return Promise.resolve(null);
  const url = source(sha);
  e.loading = (async () => {
    try {
      const res = await fetch(url, { credentials: 'same-origin' });
      const type = (res.headers.get('content-type') ?? '').split(';')[0].trim();
      if (!res.ok || !isImageType(type)) throw new Error(`file ${sha}: ${res.status} ${type}`);
      e.blob = new Blob([await res.arrayBuffer()], { type });
      return e.blob;
    } catch {
      e.failedAt = performance.now();
      return null;
    } finally {
      e.loading = null;
    }
  })();
  return e.loading;
}

/** Puts a file this page has the bytes of (it just uploaded it) in memory, with its whole decoding if at hand. */
export function keepFile(sha: string, blob: Blob, whole?: ImageBitmap): void {
  const e = entry(sha);
  e.blob = blob;
  e.failedAt = -Infinity;
  if (whole) keep(e, FULL, whole);
  ready(sha);
}

/** The file's bytes if this page holds them (a paste into another board uploads them there). */
export const heldBlob = (sha: string): Blob | null => entries.get(sha)?.blob ?? null;

/** The level to decode for drawing `needPx` pixels on the long side of a file `naturalPx` long. */
export function levelFor(needPx: number, naturalPx: number): number {
  for (const l of LEVELS) if (l >= needPx && l < naturalPx) return l;
  return FULL;
}

/** The decoded copy closest to the level wanted: the smallest at least as large, else the largest there is. */
function best(e: Entry, want: number): ImageBitmap | null {
  const size = (l: number) => (l === FULL ? Infinity : l);
  let above: number | null = null;
  let below: number | null = null;
  for (const l of e.bitmaps.keys()) {
    if (size(l) >= size(want)) {
      if (above === null || size(l) < size(above)) above = l;
    } else if (below === null || size(l) > size(below)) below = l;
  }
  const pick = above ?? below;
  if (pick === null) return null;
  e.usedAt.set(pick, performance.now());
  return e.bitmaps.get(pick)!;
}

/**
 * The decoding thread (images/decodeWorker.ts), started on first use; null where the
 * browser has no workers with OffscreenCanvas (decoding then runs on the page).
 */
let worker: Worker | null | undefined;
let nextRequest = 1;
interface Pending {
  resolve: (bitmap: ImageBitmap | null) => void;
  sha: string;
  level: number;
  natural: { w: number; h: number };
}
const waiting = new Map<number, Pending>();

function decoder(): Worker | null {
  if (worker !== undefined) return worker;
  worker = null;
  if (typeof Worker !== 'function' || typeof OffscreenCanvas !== 'function') return null;
  try {
    worker = new Worker(new URL('./decodeWorker.ts', import.meta.url), { type: 'module' });
    worker.onmessage = (ev: MessageEvent<DecodeReply>) => {
      const done = waiting.get(ev.data.id);
      waiting.delete(ev.data.id);
      done?.resolve(ev.data.bitmap);
    };
    // the worker could not start (or died): decode here from now on, the pending ones too
    worker.onerror = () => {
      worker?.terminate();
      worker = null;
      const pending = [...waiting.values()];
      waiting.clear();
      for (const p of pending) decodeHere(p.sha, p.level, p.natural).then(p.resolve, () => p.resolve(null));
    };
  } catch {
    worker = null;
  }
  return worker;
}

/** Decodes in the worker: fetched there too, unless this page holds the file. */
function decodeInWorker(w: Worker, sha: string, level: number, natural: { w: number; h: number }): Promise<ImageBitmap | null> {
  const id = nextRequest++;
  return new Promise((resolve) => {
    waiting.set(id, { resolve, sha, level, natural });
    const blob = entries.get(sha)?.blob ?? undefined;
    w.postMessage({ id, sha, url: source!(sha), level, blob } satisfies DecodeRequest);
  });
}

async function decodeHere(sha: string, level: number, natural: { w: number; h: number }): Promise<ImageBitmap | null> {
  const blob = await loadBlob(sha);
  if (!blob) return null;
  const opts: ImageBitmapOptions =
    level === FULL ? {} : natural.w >= natural.h ? { resizeWidth: level, resizeQuality: 'high' } : { resizeHeight: level, resizeQuality: 'high' };
  return createImageBitmap(blob, opts);
}

/** The files a level may be decoded from, best first: the preview that covers it, then the whole file. */
function filesFor(sha: string, level: number, previews: readonly PreviewRef[]): string[] {
  const p = level === FULL ? null : previewFor(previews, level);
  return p ? [p.file, sha] : [sha];
}

async function decode(sha: string, e: Entry, level: number, natural: { w: number; h: number }, previews: readonly PreviewRef[]): Promise<void> {
  e.decoding.add(level);
  requested++;
  busy++;
  try {
    let bitmap: ImageBitmap | null = null;
    for (const file of filesFor(sha, level, previews)) {
      // a preview is drawn at its own size when the level is not smaller (never scaled up)
      const size = file === sha ? natural : previewSize(natural, previews.find((p) => p.file === file)!.size);
      const at = level !== FULL && level >= Math.max(size.w, size.h) ? FULL : level;
      const w = source ? decoder() : null;
      try {
        bitmap = w ? await decodeInWorker(w, file, at, size) : await decodeHere(file, at, size);
      } catch {
        bitmap = null;
      }
      if (bitmap) break;
    }
    if (!bitmap) {
      // not on this board (yet), or not an image a browser can decode: the placeholder stays
      e.failedAt = performance.now();
      return;
    }
    keep(e, level, bitmap);
    ready(sha);
  } catch {
    // not an image a browser can decode: the placeholder stays
  } finally {
    e.decoding.delete(level);
    busy--;
  }
}

/** A preview's pixel size: the file's proportions, `long` on its long side. */
function previewSize(natural: { w: number; h: number }, long: number): { w: number; h: number } {
  const k = long / Math.max(natural.w, natural.h);
  return { w: Math.max(1, Math.round(natural.w * k)), h: Math.max(1, Math.round(natural.h * k)) };
}

/**
 * What to draw a file with, `needPx` pixels on its long side, synchronously: the best
 * copy decoded so far (null: none yet); the right size is decoded in the background.
 * `natural`: the file's size as the shape says (only to choose a level); `previews`: its
 * downscaled copies as the shape names them (checked: shared/imageFiles.ts safePreviews).
 */
export function imageSource(sha: string, needPx: number, natural: { w: number; h: number }, previews: readonly PreviewRef[] = []): ImageBitmap | null {
  if (!isSha256(sha) || !canDecode()) return null;
  const e = entry(sha);
  const level = levelFor(needPx, Math.max(natural.w, natural.h));
  if (!e.bitmaps.has(level)) {
    missed = true;
    if (!e.decoding.has(level) && performance.now() - e.failedAt >= RETRY_MS) void decode(sha, e, level, natural, previews);
  }
  return best(e, level);
}

/**
 * Set when a painter was given no copy, or not the one it asked for (it is being
 * decoded): the tile painted waits for it (render/tiles.ts). takeMissed() reads and clears.
 */
let missed = false;
export function takeMissed(): boolean {
  const m = missed;
  missed = false;
  return m;
}

/** Loads and decodes the whole files of these hashes (before an export paints them). */
export async function prepareFiles(shas: Iterable<string>): Promise<void> {
  await Promise.all(
    [...new Set(shas)].map(async (sha) => {
      const e = entry(sha);
      if (e.bitmaps.has(FULL) && e.dataUrl) return;
      const blob = await loadBlob(sha);
      if (!blob) return;
      if (!e.bitmaps.has(FULL)) {
        try {
          keep(e, FULL, await createImageBitmap(blob));
        } catch {
          /* undecodable: the placeholder */
        }
      }
      e.dataUrl ??= await dataUrlOf(blob);
    }),
  );
}

/** The file as a data: URL once prepareFiles loaded it (SVG export embeds it); null before. */
export const fileDataUrl = (sha: string): string | null => entries.get(sha)?.dataUrl ?? null;

async function dataUrlOf(blob: Blob): Promise<string | null> {
  const type: ImageType | null = isImageType(blob.type) ? blob.type : null;
  if (!type) return null;
  const bytes = new Uint8Array(await blob.arrayBuffer());
  let bin = '';
  for (let i = 0; i < bytes.length; i += 0x8000) bin += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return `data:${type};base64,${btoa(bin)}`;
}
