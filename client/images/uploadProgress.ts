/**
 * What the toast says while a large image uploads (docs/client.md "Images"): the share of
 * its bytes the relay has taken, so a 10 MB photo over a slow link is seen moving and not
 * taken for a hang. Small files (done before anyone could read it) say nothing; updates
 * come at most every UPDATE_MS and only when the whole percent changes.
 */
/** Files smaller than this upload without a word. */
export const QUIET_BYTES = 256 * 1024;
const UPDATE_MS = 150;

export interface UploadProgress {
  onProgress(sent: number, total: number): void;
  /** true once anything was said (the caller then says it is done) */
  shown(): boolean;
}

/** `index`, `count`: which of the images given at once this is. */
export function uploadProgress(say: (msg: string) => void, size: number, index: number, count: number, now: () => number = () => performance.now()): UploadProgress {
  let last = -Infinity;
  let lastPct = -1;
  let said = false;
  const what = count > 1 ? `Uploading image ${index + 1} of ${count}` : 'Uploading image';
  return {
    onProgress(sent, total) {
      if (size < QUIET_BYTES || total <= 0) return;
      const pct = Math.min(100, Math.floor((sent / total) * 100));
      const t = now();
      if (pct === lastPct || (t - last < UPDATE_MS && pct < 100)) return;
      last = t;
      lastPct = pct;
      said = true;
      say(`${what}… ${pct} %`);
    },
    shown: () => said,
  };
}
