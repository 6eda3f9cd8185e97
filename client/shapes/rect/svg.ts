/** A rectangle in SVG, with its label. */
import type { BoxData } from '../../../shared/schema.ts';
import { lineAttrs, n, svgFill, svgText } from '../common/svg.ts';
import { rectRadius } from './paint.ts';

export const rectSvg = (s: BoxData) =>
  `<rect width="${n(s.w)}" height="${n(s.h)}" rx="${n(rectRadius(s))}" fill="${svgFill(s)}" ${lineAttrs(s)}/>` + svgText(s, 'wrap');
