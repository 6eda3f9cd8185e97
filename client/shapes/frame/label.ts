/** A frame's name label: what it says, its font and the strip it takes above the frame. */
import { measureWidth } from '../../render/text.ts';
import type { FrameShape } from './index.ts';

/** What an unnamed frame is called on screen. */
export const DEFAULT_FRAME_NAME = 'Frame';
/** font size and the strip above the frame, board px */
export const LABEL_FONT = 14;
export const LABEL_H = 22;

export const frameLabel = (s: FrameShape) => s.name || DEFAULT_FRAME_NAME;

/** The label's width on the board: the name's, at most the frame's. */
export const labelWidth = (s: FrameShape) => Math.min(s.w, measureWidth(frameLabel(s), LABEL_FONT) + 4);
