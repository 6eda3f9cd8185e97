/**
 * The spectator page (/v/<viewId>): the same renderer and cursor overlay as the
 * editor, fed by the SSE stream. Pan and zoom only; nothing here writes the doc.
 */
import * as Y from 'yjs';
import { Awareness } from 'y-protocols/awareness';
import type { ViewInfo } from '../../shared/api.ts';
import { CursorsOverlay } from '../render/cursors.ts';
import { renderOptionsFromUrl, ShapesRenderer } from '../render/shapesRenderer.ts';
import { createBoardStage } from '../render/stage.ts';
import { StatusStore } from '../sync/status.ts';
import { installTestHooks, remoteSelections, renderedShapes } from '../testHooks.ts';
import { unionBox } from '../board/geometry.ts';
import { ShapeIndex } from '../board/spatial.ts';
import { fitCamera } from '../render/fit.ts';
import { Overlay } from '../render/overlay.ts';
import { installPresenceOverlay } from '../render/presenceOverlay.ts';
import { installTheme } from '../ui/theme.ts';
import { HandTool } from '../tools/hand.ts';
import { InputController } from '../tools/input.ts';
import { h } from '../ui/dom.ts';
import { icons } from '../ui/icons.ts';
import { createPresenceList } from '../ui/presenceList.ts';
import { createStatusBadge } from '../ui/statusBadge.ts';
import { createZoomControl } from '../ui/zoomControl.ts';
import { followStream } from './stream.ts';
import { viewFilePath } from '../../shared/imageFiles.ts';
import { onImageReady, setFileSource } from '../images/cache.ts';
import { imageFileOf } from '../shapes/image/index.ts';
import { asFrame } from '../shapes/frame/index.ts';
import { Follow } from '../sync/follow.ts';
import { installPresentMask } from '../present/mask.ts';
import { watchPresentations } from '../present/watch.ts';

export function startSpectator(root: HTMLElement, view: ViewInfo): void {
  document.title = 'Watching · Whiteboard';
  installTheme();
  const boardEl = h('div', { id: 'board', class: 'board', 'aria-label': 'Board (view only)' });
  root.replaceChildren(boardEl);

  const doc = new Y.Doc();
  const awareness = new Awareness(doc);
  awareness.setLocalState(null); // spectators are invisible to everyone
  const status = new StatusStore();
  const board = createBoardStage(boardEl);
  const { camera } = board;
  const cursors = new CursorsOverlay(root, awareness, camera);
  // others' selections and laser trails show here too
  const index = new ShapeIndex(doc);
  const renderer = new ShapesRenderer(index, board, renderOptionsFromUrl());
  // images come from the view's files (only this board's), painted again once decoded
  setFileSource((sha) => viewFilePath(view.viewId, sha));
  onImageReady((sha) => renderer.repaint((s) => imageFileOf(s) === sha));
  const overlay = new Overlay(board.stage, camera);
  const presenceOverlay = installPresenceOverlay(awareness, index, overlay);
  // whoever presents is followed: their frame, fitted to this screen (client/present/watch.ts); a pan or zoom pauses it
  const frameById = (id: string) => asFrame(index.get(id));
  const follow = new Follow(awareness, camera, board.size, frameById);
  installPresentMask(overlay, () => follow.presented());
  const watching = watchPresentations({ root, awareness, follow, hasFrame: (id) => !!frameById(id), auto: true });
  index.onChange(() => watching.update());
  new InputController(boardEl, camera, { onNavigate: () => follow.stop() }).setTool(new HandTool({ camera }));

  const badge = createStatusBadge(status);
  const people = createPresenceList(awareness);
  const zoom = createZoomControl(camera, board.size, () =>
    camera.set(fitCamera(unionBox(index.ids().flatMap((id) => index.bounds(id) ?? [])), board.size())),
  );
  root.append(
    h('div', { class: 'top-center' },
      h('div', { id: 'view-only', class: 'card view-only', title: 'You are watching. Drawing needs the edit link.' }, h('span', { html: icons.eye }), 'View only'),
    ),
    h('div', { class: 'top-right' }, people.el),
    h('div', { class: 'bottom-left' }, badge.el),
    h('div', { class: 'bottom-right' }, zoom.el),
    watching.el,
  );

  followStream(view.eventsUrl, { doc, awareness, status, onSpectators: badge.setWatching });

  // Only in test builds (vite build --mode test): the condition is a constant, so a
  // production bundle contains neither the hooks nor window.__wb (client/testHooks.test.ts).
  if (import.meta.env.MODE === 'test') {
    installTestHooks({
      mode: 'view',
      doc,
      renderedShapeCount: () => board.drawnCount(),
      drawnFrame: () => board.drawnFrame(),
      renderIdle: () => renderer.idle(),
      imagesShown: () => renderer.imagesShown(),
      renderedShapes: () => renderedShapes(renderer),
      camera: () => ({ x: camera.x, y: camera.y, scale: camera.scale }),
      remoteSelections: () => remoteSelections(awareness),
      laserPoints: () => presenceOverlay.laserPoints(),
      remoteCursors: () => cursors.visible(),
      status: () => status.get().state,
    });
  }
}
