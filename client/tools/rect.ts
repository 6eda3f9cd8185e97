/** Rectangle tool (R) (see shapeTool.ts for the drag-out behaviour shared by every shape tool). */
import { ShapeTool } from './shapeTool.ts';
import type { ToolContext } from './tool.ts';

export const createRectTool = (ctx: ToolContext) => new ShapeTool(ctx, 'rect');
