/**
 * The editor page (/r/<roomId>): wires the document, connection, presence, renderer,
 * tools and UI together. Each piece lives in its own module; this file only composes.
 */
import * as Y from 'yjs';
import type { RoomInfo } from '../shared/api.ts';
import { createUndo } from './board/undo.ts';
import { CursorsOverlay } from './render/cursors.ts';
import { ShapesRenderer } from './render/shapesRenderer.ts';
import { createBoardStage } from './render/stage.ts';
import { connect } from './sync/connection.ts';
import { Presence, spectatorsFrom } from './sync/presence.ts';
import { installTestHooks } from './testHooks.ts';
import { HandTool } from './tools/hand.ts';
import { InputController } from './tools/input.ts';
import { PenTool } from './tools/pen.ts';
import type { Tool, ToolContext, ToolId } from './tools/tool.ts';
import { h } from './ui/dom.ts';
import { createPresenceList } from './ui/presenceList.ts';
import { createShare } from './ui/share.ts';
import { installShortcuts } from './ui/shortcuts.ts';
import { createStatusBadge } from './ui/statusBadge.ts';
import { createToolbar } from './ui/toolbar.ts';
import { createZoomControl } from './ui/zoomControl.ts';

export function startEditor(root: HTMLElement, room: RoomInfo): void {
  document.title = 'Whiteboard';
  const boardEl = h('div', { id: 'board', class: 'board', 'aria-label': 'Drawing board' });
  root.replaceChildren(boardEl);

  const doc = new Y.Doc();
  const undo = createUndo(doc);
  const conn = connect(doc, room.id);
  const awareness = conn.provider.awareness;
  const presence = new Presence(awareness);
  const board = createBoardStage(boardEl);
  const { camera } = board;
  const renderer = new ShapesRenderer(doc, board.shapesLayer, board.invalidate, () => {
    const s = board.size();
    return camera.visibleRect(s.width, s.height);
  });
  const cursors = new CursorsOverlay(root, awareness, camera);

  // tools
  let toolbar: ReturnType<typeof createToolbar> | null = null;
  const ctx: ToolContext = {
    doc,
    undo,
    camera,
    style: () => toolbar?.style() ?? { color: '#1e1e1e', width: 4 },
    author: () => presence.user.id,
  };
  const tools: Record<ToolId, Tool> = { pen: new PenTool(ctx), hand: new HandTool(ctx) };
  const input = new InputController(boardEl, camera, { onCursor: (p) => presence.setCursor(p) });
  let currentTool: ToolId = 'pen';
  const setTool = (id: ToolId) => {
    input.setTool(tools[id]);
    toolbar?.setTool(id);
    presence.setTool(id);
    currentTool = id;
  };
  const actions = { tool: setTool, undo: () => undo.undo(), redo: () => undo.redo() };

  // UI
  toolbar = createToolbar(actions);
  const share = createShare(room);
  const people = createPresenceList(awareness, { self: { rename: (n) => presence.setName(n) } });
  const status = createStatusBadge(conn.status, { onRetry: () => conn.retry() });
  const zoom = createZoomControl(camera, board.size);
  root.append(
    h('div', { class: 'top-center' }, toolbar.el),
    h('div', { class: 'top-right' }, h('div', { class: 'top-right-row' }, share.button), people.el),
    h('div', { class: 'bottom-left' }, status.el),
    h('div', { class: 'bottom-right' }, zoom.el),
    share.dialog,
  );
  setTool('pen');
  installShortcuts(actions);
  const paintHistory = () => toolbar?.setHistory(undo.canUndo(), undo.canRedo());
  undo.onChange(paintHistory);
  paintHistory();
  const paintWatching = () => status.setWatching(spectatorsFrom(awareness));
  awareness.on('change', paintWatching);
  paintWatching();

  installTestHooks({
    mode: 'edit',
    doc,
    renderedShapeCount: () => renderer.count,
    remoteCursors: () => cursors.visible(),
    status: () => conn.status.get().state,
  });

  // Tell peers we left right away instead of after the awareness timeout, and come
  // back if the page is restored from the back/forward cache.
  window.addEventListener('pagehide', () => presence.leave());
  window.addEventListener('pageshow', (e) => e.persisted && presence.announce(currentTool));
}
