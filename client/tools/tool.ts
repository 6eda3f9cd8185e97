/** What every tool implements. The input controller (input.ts) feeds it pointer events. */
import type * as Y from 'yjs';
import type { BoardUndo } from '../board/undo.ts';
import type { Camera } from '../render/camera.ts';

export type ToolId = 'pen' | 'hand';

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
}

export interface Tool {
  readonly id: ToolId;
  /** CSS cursor while the tool is active */
  readonly cursor: string;
  /** CSS cursor while a gesture is in progress (defaults to `cursor`) */
  readonly activeCursor?: string;
  down(p: ToolPointer): void;
  /** `samples` are the coalesced events since the last move, oldest first */
  move(samples: ToolPointer[]): void;
  up(p: ToolPointer): void;
  /** Abort the gesture (a second finger turned it into a pinch, pointer lost). */
  cancel(): void;
}

/** Everything a tool may touch. */
export interface ToolContext {
  doc: Y.Doc;
  undo: BoardUndo;
  camera: Camera;
  /** current style choices from the toolbar */
  style(): { color: string; width: number };
  /** presence user id, stored as the stroke author */
  author(): string;
}
