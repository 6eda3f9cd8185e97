/** Arrow tool (A) (see shapeTool.ts for the drag-out behaviour shared by every shape tool). */
import { ShapeTool } from './shapeTool.ts';
import type { ToolContext } from './tool.ts';

export const createArrowTool = (ctx: ToolContext) => new ShapeTool(ctx, 'arrow');
