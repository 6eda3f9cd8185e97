/**
 * Decodes board images off the main thread (images/cache.ts starts it): fetches a file
 * once (or takes the Blob the page holds), decodes it with createImageBitmap, draws the
 * level asked for (LEVELS, long side) on an OffscreenCanvas with high-quality smoothing,
 * and hands the bitmap back (transferred: no copy). The page's main thread only blits
 * bitmaps: decoding a 4-megapixel JPEG and resizing it (15-40 ms each here) never
 * delays a frame.
 *
 * Files are fetched as soon as they are asked for (the fetches overlap); decodings run two
 * at a time, in the order asked (the renderer paints the view before the tiles around it).
 */
export interface DecodeRequest {
  id: number;
  sha: string;
  url: string;
  /** long side wanted; 0 = the whole file */
  level: number;
  /** the page's copy of the file, when it has one (it just uploaded it) */
  blob?: Blob;
}

export type DecodeReply = { id: number; bitmap: ImageBitmap; blob?: undefined } | { id: number; bitmap: null; error: string };

const ctx = self as unknown as {
  onmessage: ((e: MessageEvent<DecodeRequest>) => void) | null;
  postMessage(msg: DecodeReply, transfer?: Transferable[]): void;
};

/** Files by hash (fetched once; kept while the page lives, as the page kept them before). */
const blobs = new Map<string, Promise<Blob>>();
const queue: DecodeRequest[] = [];
const CONCURRENCY = 2;
let running = 0;

function file(req: DecodeRequest): Promise<Blob> {
  let p = blobs.get(req.sha);
  if (!p) {
    p = req.blob
      ? Promise.resolve(req.blob)
      : fetch(req.url, { credentials: 'same-origin' }).then(async (res) => {
          const type = (res.headers.get('content-type') ?? '').split(';')[0].trim();
          if (!res.ok || !type.startsWith('image/')) throw new Error(`${res.status} ${type}`);
          return new Blob([await res.arrayBuffer()], { type });
        });
    blobs.set(req.sha, p);
    p.catch(() => blobs.delete(req.sha));
  }
  return p;
}

async function decode(req: DecodeRequest): Promise<ImageBitmap> {
  const full = await createImageBitmap(await file(req));
  const long = Math.max(full.width, full.height);
  if (!req.level || req.level >= long) return full;
  const k = req.level / long;
  const w = Math.max(1, Math.round(full.width * k));
  const h = Math.max(1, Math.round(full.height * k));
  const canvas = new OffscreenCanvas(w, h);
  const c = canvas.getContext('2d')!;
  c.imageSmoothingEnabled = true;
  c.imageSmoothingQuality = 'high';
  c.drawImage(full, 0, 0, w, h);
  full.close();
  return canvas.transferToImageBitmap();
}

function pump(): void {
  while (running < CONCURRENCY && queue.length) {
    const req = queue.shift()!;
    running++;
    decode(req)
      .then(
        (bitmap) => ctx.postMessage({ id: req.id, bitmap }, [bitmap]),
        (err: unknown) => ctx.postMessage({ id: req.id, bitmap: null, error: String(err) }),
      )
      .finally(() => {
        running--;
        pump();
      });
  }
}

ctx.onmessage = (e) => {
  // start the download now; the decoding waits its turn
  file(e.data).catch(() => {});
  queue.push(e.data);
  pump();
};
