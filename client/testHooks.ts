/**
 * Hooks for the end-to-end tests (Playwright). Kept tiny on purpose; the app never
 * reads them.
 *
 * window.__wb = {
 *   mode                  'edit' | 'view'
 *   doc                   the board's Y.Doc
 *   renderedShapeCount()  number of stroke nodes in the Konva shapes layer
 *   remoteCursors()       cursors currently displayed: [{ name, x, y }], x/y in board
 *                         coordinates (equal to page CSS px at the default camera),
 *                         the smoothed position being drawn, not the last received one
 *   status()              connection state: 'connecting' | 'connected' | 'reconnecting' | 'offline'
 * }
 *
 * Stable DOM hooks:
 *   #toolbar button[data-tool="pen"|"hand"], button[data-action="undo"|"redo"],
 *     button[data-color="#rrggbb"], button[data-width="2|4|8|16"]
 *   #share-button, #share-dialog, #share-edit-url, #share-view-url (inputs, absolute URLs)
 *   #presence-list li[data-name] (li[data-you="true"] is the local user; click to rename)
 *   #status[data-state] (same values as status()), data-reason when the server closed
 *     the socket with a 4xxx code or the browser is offline
 *   #spectator-count[data-count] ("N watching"), #view-only (spectator page),
 *   #not-found (unknown or malformed link), #board (the canvas container)
 */
import type * as Y from 'yjs';
import type { ConnState } from './sync/status.ts';

export interface TestHooks {
  mode: 'edit' | 'view';
  doc: Y.Doc;
  renderedShapeCount(): number;
  remoteCursors(): { name: string; x: number; y: number }[];
  status(): ConnState;
}

declare global {
  interface Window {
    __wb?: TestHooks;
  }
}

export function installTestHooks(hooks: TestHooks): void {
  window.__wb = hooks;
}
