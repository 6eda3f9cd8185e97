/** An ellipse in SVG, with its label. */
import type { BoxData } from '../../../shared/schema.ts';
import { lineAttrs, n, svgFill, svgText } from '../common/svg.ts';

export const ellipseSvg = (s: BoxData) =>
  `<ellipse cx="${n(s.w / 2)}" cy="${n(s.h / 2)}" rx="${n(s.w / 2)}" ry="${n(s.h / 2)}" fill="${svgFill(s)}" ${lineAttrs(s)}/>` + svgText(s, 'wrap');
