/** A text shape in SVG: its lines, from the top left. */
import type { BoxData } from '../../../shared/schema.ts';
import { svgText } from '../common/svg.ts';

export const textSvg = (s: BoxData) => svgText(s, 'fit');
