/** Frame tool (F): drag out a frame (shapeTool.ts); it takes in the shapes lying wholly inside it (board/frames.ts). */
import { ShapeTool } from './shapeTool.ts';
import type { ToolContext } from './tool.ts';

export const createFrameTool = (ctx: ToolContext) => new ShapeTool(ctx, 'frame');
