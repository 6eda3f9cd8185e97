/** A sticky note in SVG (without the shadow). */
import type { BoxData } from '../../../shared/schema.ts';
import { color, n, svgText } from '../common/svg.ts';

export const stickySvg = (s: BoxData) => `<rect width="${n(s.w)}" height="${n(s.h)}" rx="6" fill="${color(s.bg)}"/>` + svgText(s, 'wrap');
