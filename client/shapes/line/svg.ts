/** A line in SVG. */
import type { LineData } from '../../../shared/schema.ts';
import { lineAttrs, n } from '../common/svg.ts';

export const lineSvg = (s: LineData) => `<line x1="0" y1="0" x2="${n(s.w)}" y2="${n(s.h)}" ${lineAttrs(s)}/>`;
