/** A frame in SVG: its border and its name above it (escaped: the name is anyone's text). */
import { esc, n } from '../common/svg.ts';
import { FONT_FAMILY } from '../../render/text.ts';
import { frameLabel, LABEL_FONT } from './label.ts';
import type { FrameShape } from './index.ts';
import { FRAME_BORDER, FRAME_LABEL } from './paint.ts';

export const frameSvg = (s: FrameShape) =>
  `<rect width="${n(s.w)}" height="${n(s.h)}" fill="none" stroke="${FRAME_BORDER}" stroke-width="1"/>` +
  `<text x="0" y="-6" font-family="${esc(FONT_FAMILY)}" font-size="${LABEL_FONT}" fill="${FRAME_LABEL}" xml:space="preserve">${esc(frameLabel(s))}</text>`;
