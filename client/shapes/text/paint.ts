/** A text shape on a canvas: just its lines, from the top left. */
import type { BoxData } from '../../../shared/schema.ts';
import { paintText } from '../common/canvas.ts';
import type { PaintOptions } from '../types.ts';

export const paintTextShape = (c: CanvasRenderingContext2D, s: BoxData, _cache: unknown, opts: PaintOptions) => paintText(c, s, 'fit', opts.withText);
