/**
 * An image in SVG: the file's bytes as a data: URL (images/cache.ts, loaded by
 * prepareExport first), so the file stands alone; a placeholder frame without it. The
 * URL is built from bytes the relay sniffed and a type from the allowlist: nothing of the
 * document's reaches the markup but checked numbers.
 */
import { fileDataUrl } from '../../images/cache.ts';
import { n } from '../common/svg.ts';
import type { ImageShape } from './index.ts';

export function imageSvg(s: ImageShape): string {
  const url = s.file ? fileDataUrl(s.file) : null;
  if (!url || !/^data:image\/(png|jpeg|gif|webp);base64,[A-Za-z0-9+/=]*$/.test(url)) {
    return `<rect width="${n(s.w)}" height="${n(s.h)}" fill="#868e96" fill-opacity="0.15" stroke="#868e96"/>`;
  }
  if (!s.crop) return `<image width="${n(s.w)}" height="${n(s.h)}" preserveAspectRatio="none" href="${url}"/>`;
  const [x0, y0, x1, y1] = s.crop;
  const W = s.naturalW;
  const H = s.naturalH;
  return (
    `<svg width="${n(s.w)}" height="${n(s.h)}" viewBox="${n(x0 * W)} ${n(y0 * H)} ${n((x1 - x0) * W)} ${n((y1 - y0) * H)}" preserveAspectRatio="none">` +
    `<image width="${n(W)}" height="${n(H)}" preserveAspectRatio="none" href="${url}"/></svg>`
  );
}
