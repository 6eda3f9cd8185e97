/** What every tool implements. The input controller (input.ts) feeds it pointer events. */
import type * as Y from 'yjs';
import type { ShapeStyle } from '../../shared/schema.ts';
import type { ShapeIndex } from '../board/spatial.ts';
import type { BoardUndo } from '../board/undo.ts';
import type { Camera } from '../render/camera.ts';
import type { Overlay } from '../render/overlay.ts';
import type { Selection } from './selection.ts';

export const TOOL_IDS = ['select', 'hand', 'pen', 'highlighter', 'eraser', 'rect', 'ellipse', 'arrow', 'line', 'text', 'sticky', 'frame', 'laser'] as const;
export type ToolId = (typeof TOOL_IDS)[number];

/** The shape type each tool creates (the style panel shows that type's styles while the tool is on). */
export const TOOL_SHAPES: Partial<Record<ToolId, string>> = {
  pen: 'stroke',
  highlighter: 'stroke',
  rect: 'rect',
  ellipse: 'ellipse',
  line: 'line',
  arrow: 'arrow',
  text: 'text',
  sticky: 'sticky',
  frame: 'frame',
};

/** A pointer sample in both coordinate systems. */
export interface ToolPointer {
  /** board coordinates */
  x: number;
  y: number;
  /** screen (container) coordinates */
  sx: number;
  sy: number;
  /** 0..1; mice and most touch screens have no real pressure and report 0.5 */
  pressure: number;
  /** the pressure is real (a pen); false for mice and touch (0.5 simulated) */
  pen?: boolean;
  shift?: boolean;
  /** ctrl or cmd */
  mod?: boolean;
  /** Alt (Option): move and resize without snapping */
  alt?: boolean;
}

export interface Tool {
  readonly id: ToolId;
  /** CSS cursor while the tool is active */
  readonly cursor: string;
  /** CSS cursor while a gesture is in progress (defaults to `cursor`) */
  readonly activeCursor?: string;
  /** true: leave this press to Konva (a Transformer handle), do not start a gesture */
  passThrough?(p: ToolPointer): boolean;
  down(p: ToolPointer): void;
  /** `samples` are the coalesced events since the last move, oldest first */
  move(samples: ToolPointer[]): void;
  up(p: ToolPointer): void;
  /** Abort the gesture (a second finger turned it into a pinch, pointer lost). */
  cancel(): void;
  dblclick?(p: ToolPointer): void;
  /** The pointer moves with no button down: a CSS cursor to show there, or null for `cursor`. */
  hover?(p: ToolPointer): string | null;
  /** The tool is being switched away from. */
  deactivate?(): void;
}

/** The style choices of the style panel (for new shapes and the selection). */
export interface ToolStyle extends ShapeStyle {
  /** sticky note colour */
  bg: string;
  /** new arrows are elbow arrows */
  elbow: boolean;
}

/** Everything a tool may touch. */
export interface ToolContext {
  doc: Y.Doc;
  undo: BoardUndo;
  camera: Camera;
  index: ShapeIndex;
  selection: Selection;
  overlay: Overlay;
  /** current style choices from the style panel */
  style(): ToolStyle;
  /** presence user id, stored as the shape author */
  author(): string;
  setTool(id: ToolId): void;
  /**
   * Opens the in-place text editor on a shape (text, sticky, or a rect/ellipse label).
   * `fresh`: the shape was just created in the current undo step, typing joins that step.
   */
  editText(id: string, fresh?: boolean): void;
  /** A double-click on a shape without text: its own editing mode (an image's crop, images/cropMode.ts); false when it has none. */
  editShape?(id: string): boolean;
  /** Publishes the laser trail (flat [x, y, ...], board coordinates) in awareness. */
  laser(points: number[]): void;
}
