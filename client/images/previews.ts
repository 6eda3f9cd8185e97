/**
 * The downscaled copies of an image (shared/imageFiles.ts PREVIEW_SIZES), made once by
 * the page that adds it, which has it decoded already: each is drawn with high-quality
 * resampling and encoded as WebP (it keeps alpha, and is 5-20x smaller than a PNG of the
 * same pixels); where the browser cannot encode WebP (convertToBlob then answers with a
 * PNG), a JPEG for an opaque original and a PNG otherwise. Smallest last: each copy is
 * made from the one above it, so only the first resampling reads the whole file.
 *
 * `encodePreviews` uses nothing from outside its body: bench/render/images.ts runs this
 * very function in its Chromium page to make the benchmark's previews the way a paste does.
 */

export interface EncodedPreview {
  size: number;
  blob: Blob;
}

/** Previews of `bitmap` (the decoded original, not closed) at the long sides `sizes`; `opaque`: the original has no alpha (a JPEG). */
export async function encodePreviews(bitmap: ImageBitmap, sizes: readonly number[], opaque: boolean): Promise<EncodedPreview[]> {
  if (typeof OffscreenCanvas !== 'function') return [];
  const out: EncodedPreview[] = [];
  let from: ImageBitmap | OffscreenCanvas = bitmap;
  const long = Math.max(bitmap.width, bitmap.height);
  for (const size of [...sizes].sort((a, b) => b - a)) {
    if (size >= long) continue;
    const k = size / long;
    const w = Math.max(1, Math.round(bitmap.width * k));
    const h = Math.max(1, Math.round(bitmap.height * k));
    // createImageBitmap's 'high' resize filters the whole source (drawImage alone would
    // alias a 4000 px photo down to 256 px)
    const scaled = await createImageBitmap(from, { resizeWidth: w, resizeHeight: h, resizeQuality: 'high' });
    const canvas = new OffscreenCanvas(w, h);
    canvas.getContext('2d')!.drawImage(scaled, 0, 0);
    scaled.close();
    let blob = await canvas.convertToBlob({ type: 'image/webp', quality: 0.8 });
    if (blob.type !== 'image/webp') blob = opaque ? await canvas.convertToBlob({ type: 'image/jpeg', quality: 0.85 }) : blob;
    out.push({ size, blob });
    from = canvas;
  }
  return out.reverse();
}
