/**
 * Hooks for the end-to-end tests (Playwright). Kept small on purpose; the app never
 * reads them. They exist only in test builds (`vite build --mode test`, into
 * dist/client-test, what `npm test` and `npm run bench:render` serve): the callers
 * install them under `import.meta.env.MODE === 'test'`, a build-time constant, so the
 * production bundle (`npm run build`, dist/client) has no window.__wb at all, and a
 * page on the public relay exposes no document handle to scripts or extensions.
 *
 * window.__wb = {
 *   mode                  'edit' | 'view'
 *   doc                   the board's Y.Doc
 *   renderedShapeCount()  number of shape nodes in the Konva shapes layer as last drawn
 *                         (so pixels can be checked as soon as it changes)
 *   drawnFrame()          requestAnimationFrame timestamp of the frame that drew that count
 *   renderIdle()          true when the last frame showed every shape exactly (no tile of the
 *                         static layer stale or standing in scaled) and no tiles around the
 *                         view wait to be painted: the board has settled (bench:render)
 *   renderedShapes()      the rendered Konva nodes, bottom first: [{ id, type, x, y,
 *                         rotation, width, height, color, fill, opacity, text, rect }]
 *                         x/y/rotation are the node's attributes (board coordinates),
 *                         width/height its self rect (local box), rect its client rect
 *                         in screen (page CSS) px: where to click to hit it
 *   remoteCursors()       cursors currently displayed: [{ name, x, y, away }], x/y in board
 *                         coordinates (equal to page CSS px at the default camera),
 *                         the smoothed position being drawn, not the last received one
 *   status()              connection state: 'connecting' | 'connected' | 'reconnecting' | 'offline'
 *   selection()           (editor) ids of the locally selected shapes
 *   camera()              { x, y, scale }: screen = board * scale + (x, y)
 *   remoteSelections()    (editor and view) { [userName]: shapeIds[] } from awareness
 *   laserPoints()         number of laser trail points currently on screen (all people)
 *   importBoard(json, { check })  (editor) same as Menu > Open file; returns the message shown.
 *                         check: false skips the size check made before sending
 *                         (board/changeSize.ts), so the relay's own refusal can be tested
 *   exportBoard()         (editor) the board file JSON (Menu > Save to file)
 *   lockMarkers()         (editor) ids of the locked shapes a padlock is drawn on now
 *   relay()               (editor) what the relay's awareness state says about the board:
 *                         { saving, maxDocBytes, maxFrameBytes }, each null until it said so
 *   imagesShown()         true when the last frame showed every shape exactly and every image in
 *                         view from a decoded copy of the size it is drawn at (not a placeholder
 *                         or a smaller copy standing in): bench:render's first render with images
 *   images()              the image cache's activity (images/cache.ts imageActivity):
 *                         { requested, busy, ready, pixels }: decodings asked for, in flight,
 *                         a sequence number of copies that became ready, decoded pixels held
 * }
 *
 * URL parameter: ?idleMs=<n> shortens the one-minute idle timeout (sync/idle.ts).
 * Benchmark switches (bench:render measures what each rendering step buys):
 * ?render=direct paints the visible static shapes every frame instead of using the tile
 * cache (render/tiles.ts); ?lod=off disables the level of detail at low zoom;
 * ?outline=smooth paints stroke outlines smoothed at every zoom (render/outline.ts).
 *
 * Stable DOM hooks:
 *   #toolbar button[data-tool="select"|"hand"|"pen"|"highlighter"|"eraser"|"rect"|
 *     "ellipse"|"arrow"|"line"|"text"|"sticky"|"frame"|"laser"], button[data-action="undo"|"redo"]
 *   #style-panel (inside #toolbar): button[data-color="#rrggbb"], [data-width="2|4|8|16"],
 *     [data-fill="none|semi|solid"], [data-dash="true|false"], [data-font-size],
 *     [data-bg] (sticky colour), input[data-opacity], button[data-action="to-back"|
 *     "backward"|"forward"|"to-front"|"duplicate"|"delete"|"lock"|"group"|"ungroup"]
 *     (group and ungroup are hidden when they do not apply)
 *   #menu-button, .menu-item[data-action="export-image"|"save-board"|"open-board"|"unlock-all"|"theme"],
 *     #export-dialog with #export-selection, #export-white, #export-frame (a select: '' or a frame id),
 *     button[data-export="png"|"svg"|"clipboard"]; .menu-item[data-action="present"]
 *   .menu-item[data-action="insert-image"] (Menu > Insert image…: a file chooser, images/editorImages.ts)
 *   #zoom-level (text "100%"), #zoom button[data-zoom="in"|"out"|"fit"]
 *   textarea.text-editor[data-shape=<id>] while a text is being edited
 *   #find-bar (Ctrl+F) with #find-input, #find-count ("n of m"), button[data-find="prev"|"next"|"close"]
 *   #toast (messages), #follow-banner (visible while following someone)
 *   input.frame-rename[data-frame=<id>] while a frame's name is being edited (double-click on it)
 *   #present-button; while presenting #present-hud with #present-count ("2 / 5"), #present-title,
 *     button[data-present="prev"|"next"|"stop"]; #present-banner (someone else presents) with
 *     button[data-action="follow-presenter"]
 *   #share-button, #share-dialog, #share-edit-url, #share-view-url (inputs, absolute URLs)
 *   #presence-list li[data-name] (li[data-you="true"] is the local user; click to rename;
 *     click someone else to follow: li[data-following="true"]); li[data-away="true"]
 *   #status[data-state] (same values as status()), data-reason when the server closed
 *     the socket with a 4xxx code or the browser is offline, data-saving="false" while
 *     the relay cannot store the board (the badge then reads "Not saving — …")
 *   #status-notice (a change the relay refused, in words), its
 *     button[data-action="save-refused"] (downloads the change as a board file) and
 *     button[data-action="dismiss-notice"]
 *   #spectator-count[data-count] ("N watching"), #view-only (spectator page),
 *   #not-found (unknown or malformed link), #board (the canvas container)
 *   html[data-theme="light"|"dark"]
 */
import type * as Y from 'yjs';
import type { Awareness } from 'y-protocols/awareness';
import { peerSelection, peerUser, type RelayFields } from './sync/peerState.ts';
import type { ConnState } from './sync/status.ts';
import type { ShapesRenderer } from './render/shapesRenderer.ts';
import { moduleFor } from './shapes/registry.ts';
import type { Shape } from './shapes/types.ts';
import { imageActivity } from './images/cache.ts';

export interface RenderedShape {
  id: string;
  type: string;
  x: number;
  y: number;
  rotation: number;
  width: number;
  height: number;
  color: string;
  fill: string;
  opacity: number;
  text: string;
  rect: { x: number; y: number; width: number; height: number };
  /** a line's or arrow's points as drawn (board coordinates, flat [x0, y0, …]: its two ends, or its elbow route); absent for other shapes */
  points?: number[];
}

export interface TestHooks {
  mode: 'edit' | 'view';
  doc: Y.Doc;
  renderedShapeCount(): number;
  drawnFrame(): number;
  renderIdle(): boolean;
  /** (editor) the ids of the locked shapes a padlock is drawn on (render/lockMarker.ts) */
  lockMarkers?(): string[];
  imagesShown?(): boolean;
  renderedShapes(): RenderedShape[];
  remoteCursors(): { name: string; x: number; y: number; away: boolean }[];
  status(): ConnState;
  selection?(): string[];
  camera(): { x: number; y: number; scale: number };
  remoteSelections(): Record<string, string[]>;
  laserPoints(): number;
  importBoard?(json: string, opts?: { check?: boolean }): string;
  exportBoard?(): string;
  relay?(): RelayFields;
  /** filled in by installTestHooks */
  images?(): ReturnType<typeof imageActivity>;
}

declare global {
  interface Window {
    __wb?: TestHooks;
  }
}

export function installTestHooks(hooks: TestHooks): void {
  // callers already check; this keeps a stray call from exposing them in production
  if (import.meta.env.MODE === 'test') window.__wb = { ...hooks, images: imageActivity };
}

/** The shape nodes as drawn (geometry read back from Konva, not from the doc). */
export function renderedShapes(renderer: ShapesRenderer): RenderedShape[] {
  return renderer.ordered().map((v) =>
    v.inspect((n) => {
      const self = n.getSelfRect();
      const d = v.data;
      return {
        id: v.id,
        // a highlighter stroke is a shape of its own to the tests, as to the toolbar
        type: 'highlighter' in d && d.highlighter === true ? 'highlighter' : d.type,
        x: n.x(),
        y: n.y(),
        rotation: n.rotation(),
        width: self.width,
        height: self.height,
        color: d.color,
        fill: d.fill,
        opacity: d.opacity,
        text: 'text' in d && typeof d.text === 'string' ? d.text : '',
        rect: n.getClientRect(),
        points: drawnPoints(d),
      };
    }),
  );
}

/** A segment's drawn points in board coordinates (its module has ends; an elbow has a route). */
function drawnPoints(d: Shape): number[] | undefined {
  const ends = moduleFor(d).ends?.get(d);
  if (!ends) return undefined;
  const route = 'route' in d && Array.isArray(d.route) ? (d.route as number[]) : null;
  if (!route) return [ends[0].x, ends[0].y, ends[1].x, ends[1].y];
  return route.map((v, i) => v + (i % 2 ? d.y : d.x));
}

/** Other people's selections from awareness, by name. */
export function remoteSelections(awareness: Awareness): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const [id, raw] of awareness.getStates()) {
    const user = peerUser(raw);
    const selection = peerSelection(raw);
    if (id !== awareness.clientID && user && selection) out[user.name] = selection;
  }
  return out;
}
