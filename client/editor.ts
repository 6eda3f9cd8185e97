/**
 * The editor page (/r/<roomId>): wires the document, connection, presence, renderer,
 * tools and UI together. Each piece lives in its own module; this file only composes.
 */
import * as Y from 'yjs';
import type { RoomInfo } from '../shared/api.ts';
import { applyDocBody } from '../shared/docBody.ts';
import { exportBoard } from './board/serialize.ts';
import { isLocked } from './board/lock.ts';
import { ShapeIndex } from './board/spatial.ts';
import { createUndo } from './board/undo.ts';
import { keepFrames } from './board/frameKeeper.ts';
import { installPresentMask } from './present/mask.ts';
import { Presenter } from './present/presenter.ts';
import { watchPresentations } from './present/watch.ts';
import { asFrame } from './shapes/frame/index.ts';
import { frameLabel } from './shapes/frame/label.ts';
import { framesInOrder } from './board/frames.ts';
import { createFrameTool } from './tools/frame.ts';
import { installFrameRename } from './ui/frameRename.ts';
import { createActions } from './editorActions.ts';
import { createFindBar } from './find/findBar.ts';
import { matchCamera, searchableText, type Searchable } from './find/search.ts';
import { CursorsOverlay } from './render/cursors.ts';
import { Overlay } from './render/overlay.ts';
import { installPresenceOverlay } from './render/presenceOverlay.ts';
import { installLockMarker } from './render/lockMarker.ts';
import { bindTransformer } from './render/selectionTransformer.ts';
import { renderOptionsFromUrl, ShapesRenderer } from './render/shapesRenderer.ts';
import { createBoardStage } from './render/stage.ts';
import { connect } from './sync/connection.ts';
import { keepOnDevice } from './sync/localCopy.ts';
import { Follow } from './sync/follow.ts';
import { trackIdle } from './sync/idle.ts';
import { MAX_SELECTION, peerUser } from './sync/peerState.ts';
import { Presence, spectatorsFrom } from './sync/presence.ts';
import { installTestHooks, remoteSelections, renderedShapes } from './testHooks.ts';
import { createArrowTool } from './tools/arrow.ts';
import { createEllipseTool } from './tools/ellipse.ts';
import { EraserTool } from './tools/eraser.ts';
import { HandTool } from './tools/hand.ts';
import { InputController } from './tools/input.ts';
import { LaserTool } from './tools/laser.ts';
import { createLineTool } from './tools/line.ts';
import { PenTool } from './tools/pen.ts';
import { createRectTool } from './tools/rect.ts';
import { SelectTool } from './tools/select.ts';
import { Selection } from './tools/selection.ts';
import { StickyTool } from './tools/sticky.ts';
import { TextTool } from './tools/text.ts';
import type { Tool, ToolContext, ToolId } from './tools/tool.ts';
import { installClipboard } from './ui/clipboard.ts';
import { h } from './ui/dom.ts';
import { createMenu } from './ui/menu.ts';
import { createHistoryPanel } from './history/panel.ts';
import { onImageReady } from './images/cache.ts';
import { installEditorImages } from './images/editorImages.ts';
import { relayFileLimit } from './images/fileLimit.ts';
import { asImage, createCropMode } from './images/cropMode.ts';
import { copyFilesInto, copyNote, filesOf } from './images/pasteFiles.ts';
import { isValidId } from '../shared/ids.ts';
import { imageFileOf } from './shapes/image/index.ts';
import { createPresenceList } from './ui/presenceList.ts';
import { createShare } from './ui/share.ts';
import { installShortcuts } from './ui/shortcuts.ts';
import { createStatusBadge } from './ui/statusBadge.ts';
import { createStylePanel, DEFAULT_STYLE } from './ui/stylePanel.ts';
import { TextEditor } from './ui/textEditor.ts';
import { installTheme } from './ui/theme.ts';
import { bindGrid, gridSetting } from './render/grid.ts';
import { createToolbar } from './ui/toolbar.ts';
import { createZoomControl } from './ui/zoomControl.ts';

/**
 * `initial` is the room's document fetched over HTTP (or null): applied before
 * anything observes the doc, it costs one decode, where the same state arriving as the
 * socket's sync step 2 would also be re-encoded for the provider's update listener,
 * and the sync exchange that follows only carries what changed since.
 */
export function startEditor(root: HTMLElement, room: RoomInfo, initial: Uint8Array | null = null, opts: { unreachable?: boolean } = {}): void {
  document.title = 'Whiteboard';
  installTheme();
  const boardEl = h('div', { id: 'board', class: 'board', 'aria-label': 'Drawing board' });
  root.replaceChildren(boardEl);

  const doc = new Y.Doc();
  if (initial) applyInitial(doc, initial);
  performance.mark('wb:doc-applied');
  const conn = connect(doc, room.id, opts);
  // a second safe copy in this browser (and the board when it opens with no network)
  const local = keepOnDevice(doc, room.id);
  void local.loaded.then((kept) => conn.status.setOnDevice(kept));
  const awareness = conn.provider.awareness;
  const presence = new Presence(awareness);
  const board = createBoardStage(boardEl);
  const { camera } = board;
  const index = new ShapeIndex(doc);
  performance.mark('wb:indexed');
  // frame membership settled after each of our actions, inside its undo step (board/frameKeeper.ts)
  const undo = keepFrames(doc, createUndo(doc), index);
  const renderer = new ShapesRenderer(index, board, renderOptionsFromUrl());
  // an image's file decoded (at the size it is drawn): paint the shapes showing it again
  onImageReady((sha) => renderer.repaint((s) => imageFileOf(s) === sha));
  performance.mark('wb:renderer');
  const overlay = new Overlay(board.stage, camera);
  const selection = new Selection();
  const cursors = new CursorsOverlay(root, awareness, camera);
  const frameById = (id: string) => asFrame(index.get(id));
  const follow = new Follow(awareness, camera, board.size, frameById);
  window.addEventListener('resize', () => follow.publish());
  const idle = trackIdle(awareness);
  // typing in a text box counts as activity too (the editor keeps its keys to itself)
  window.addEventListener('keydown', () => idle.activity(), true);
  const presenceOverlay = installPresenceOverlay(awareness, index, overlay);
  // a padlock on a locked shape under the pointer, and on all of them while Menu > Unlock all is pointed at
  const lockMarker = installLockMarker(doc, index, camera, overlay);
  const textEditor = new TextEditor({ root, doc, undo, camera, index, renderer });
  let pointer: { x: number; y: number } | null = null;

  // tools
  let panel: ReturnType<typeof createStylePanel> | null = null;
  let currentTool: ToolId = 'pen';
  const ctx: ToolContext = {
    doc,
    undo,
    camera,
    index,
    selection,
    overlay,
    style: () => panel?.style() ?? DEFAULT_STYLE,
    author: () => presence.user.id,
    setTool: (id) => setTool(id),
    editText: (id, fresh) => textEditor.open(id, fresh),
    editShape: (id) => crop.start(id),
    laser: (points) => awareness.setLocalStateField('laser', points),
  };
  const select = new SelectTool(ctx);
  const tools: Record<ToolId, Tool> = {
    select,
    hand: new HandTool(ctx),
    pen: new PenTool(ctx),
    highlighter: new PenTool(ctx, true),
    eraser: new EraserTool(ctx),
    rect: createRectTool(ctx),
    ellipse: createEllipseTool(ctx),
    arrow: createArrowTool(ctx),
    line: createLineTool(ctx),
    text: new TextTool(ctx),
    sticky: new StickyTool(ctx),
    frame: createFrameTool(ctx),
    laser: new LaserTool(ctx),
  };
  const input = new InputController(boardEl, camera, {
    onCursor: (p) => {
      pointer = p;
      presence.setCursor(p);
      lockMarker.pointer(p);
    },
    onNavigate: () => follow.stop(),
    onActivity: () => idle.activity(),
  });
  // cropping an image (images/cropMode.ts): the pointer goes to the crop, the Transformer hides
  let cropping = false;
  const crop = createCropMode({
    doc,
    undo,
    camera,
    overlay,
    index,
    take: (tool) => input.setTool(tool ?? tools[currentTool]),
    changed: (id) => {
      cropping = id !== null;
      transformer.refresh();
    },
  });
  selection.onChange(() => {
    const id = crop.active();
    if (id && !selection.has(id)) crop.stop();
  });
  const transformer = bindTransformer({ doc, undo, overlay, renderer, selection, enabled: () => currentTool === 'select' && !cropping, snap: { index, camera, overlay } });
  bindGrid(boardEl, camera);
  function setTool(id: ToolId) {
    crop.stop();
    textEditor.close();
    input.setTool(tools[id]);
    toolbar.setTool(id);
    presence.setTool(id);
    panel?.setTool(id);
    if (id !== 'select') selection.clear();
    currentTool = id;
    transformer.refresh();
  }

  const viewId = room.viewUrl.replace(/^\/v\//, '');
  const actions = createActions({
    doc,
    undo,
    index,
    selection,
    camera,
    size: board.size,
    author: () => presence.user.id,
    pointer: () => pointer,
    limits: () => conn.relay(),
    viewId: isValidId(viewId) ? viewId : undefined,
  });

  // selection: published for others, shown in the style panel, pruned when shapes go
  const publishSelection = () => {
    // others show at most MAX_SELECTION outlines; sending more would pass the relay's 64 KiB awareness cap
    awareness.setLocalStateField('selection', selection.ids().slice(0, MAX_SELECTION));
    panel?.setSelection(actions.selectedShapes());
  };
  selection.onChange(publishSelection);
  index.onChange((ids) => {
    // a shape someone locked leaves the selection (board/lock.ts)
    selection.prune((id) => index.has(id) && !isLocked(doc, id));
    if (selection.ids().some((id) => ids.has(id))) panel?.setSelection(actions.selectedShapes());
  });

  // UI
  const toolbar = createToolbar({ tool: setTool, undo: () => undo.undo(), redo: () => undo.redo() });
  const soleImage = () => {
    const s = actions.selectedShapes();
    return s.length === 1 ? asImage(s[0]) : null;
  };
  panel = createStylePanel({
    restyle: actions.restyle,
    reorder: actions.reorder,
    duplicate: actions.duplicate,
    remove: actions.remove,
    lock: actions.lock,
    group: actions.group,
    ungroup: actions.ungroup,
    grouping: actions.grouping,
    crop: () => {
      const img = soleImage();
      if (img) crop.start(img.id);
    },
    resetCrop: () => crop.reset(actions.selectedShapes().flatMap((s) => (asImage(s)?.crop ? [s.id] : []))),
    cropping: () => ({ crop: !!soleImage(), reset: actions.selectedShapes().some((s) => !!asImage(s)?.crop) }),
  });
  const share = createShare(room);
  const people = createPresenceList(awareness, {
    self: { rename: (n) => presence.setName(n) },
    follow: {
      toggle: (id) => (follow.following === id ? follow.stop() : follow.start(id)),
      following: () => follow.following,
      onChange: (fn) => follow.onChange(fn),
    },
  });
  const status = createStatusBadge(conn.status, { onRetry: () => conn.retry(), onDismissNotice: () => conn.dismissNotice() });
  const zoom = createZoomControl(camera, board.size, actions.zoomFit);
  // presenting the frames, and watching someone else present (client/present/)
  const selectedFrame = () => {
    const ids = selection.ids();
    return ids.length === 1 && frameById(ids[0]) ? ids[0] : null;
  };
  const presenter = new Presenter({ root, awareness, camera, index, size: board.size, selectedFrame, say: (m) => menu.say(m) });
  installPresentMask(overlay, () => presenter.frame() ?? follow.presented());
  const watching = watchPresentations({ root, awareness, follow, hasFrame: (id) => !!frameById(id), auto: false });
  index.onChange(() => watching.update());
  installFrameRename({ root, board: boardEl, doc, undo, camera, index, enabled: () => currentTool === 'select' });
  const menu = createMenu({
    exportImage: actions.exportImage,
    hasSelection: () => selection.size > 0,
    frames: () => framesInOrder(index).map((f) => ({ id: f.id, name: frameLabel(f) })),
    selectedFrame,
    present: () => presenter.start(),
    saveBoard: actions.saveBoard,
    openBoard: () => actions.openBoard(),
    unlockAll: actions.unlockAll,
    previewUnlock: (on) => lockMarker.preview(on),
    insertImage: () => void images.pick(),
  });
  // images: pasted, dropped or picked, uploaded to the room, inserted as one undo step
  const images = installEditorImages({
    roomId: room.id,
    doc,
    undo,
    camera,
    board: boardEl,
    size: board.size,
    author: () => presence.user.id,
    pointer: () => pointer,
    select: (ids) => {
      if (currentTool !== 'select') setTool('select');
      selection.replace(ids);
    },
    say: menu.say,
    maxFileBytes: () => relayFileLimit(awareness),
  });
  const history = createHistoryPanel({ roomId: room.id, doc, undo, camera, board: boardEl, say: menu.say });
  const find = createFindBar({
    *items(): Iterable<Searchable> {
      for (const id of index.ids()) {
        const shape = index.get(id);
        const text = shape ? searchableText(shape) : '';
        const box = text ? index.bounds(id) : undefined;
        if (box) yield { id, text, box };
      }
    },
    goTo(m) {
      follow.stop();
      camera.set(matchCamera(m.box, board.size(), camera.scale));
      if (currentTool !== 'select') setTool('select');
      // a locked match is shown, not selected; one in a group selects its group
      selection.replace(actions.withGroup(m.id));
    },
  });
  index.onChange(() => find.refresh());
  const followBanner = h('div', { id: 'follow-banner', class: 'follow-banner', hidden: true });
  follow.onChange((leader) => {
    const u = leader === null ? null : peerUser(awareness.getStates().get(leader));
    followBanner.hidden = !u;
    if (u) {
      followBanner.textContent = `Following ${u.name} — pan or zoom to stop`;
      followBanner.style.setProperty('--c', u.color);
    }
    boardEl.classList.toggle('following', !!u);
  });
  root.append(
    h('div', { id: 'toolbar', class: 'chrome' },
      h('div', { class: 'top-center' }, toolbar.el),
      h('div', { class: 'left-panel' }, panel.el),
    ),
    h('div', { class: 'top-left' }, menu.el),
    h('div', { class: 'top-right' }, h('div', { class: 'top-right-row' }, presenter.button, history.button, share.button), people.el, history.el),
    h('div', { class: 'bottom-left' }, status.el),
    h('div', { class: 'bottom-right' }, zoom.el),
    h('div', { class: 'bottom-center' }, menu.toast),
    followBanner,
    watching.el,
    presenter.hud,
    h('div', { class: 'top-center find-anchor' }, find.el),
    share.dialog,
    menu.dialog,
  );
  setTool('pen');
  installShortcuts({
    tool: setTool,
    undo: () => undo.undo(),
    redo: () => undo.redo(),
    remove: actions.remove,
    duplicate: actions.duplicate,
    selectAll: () => {
      if (currentTool !== 'select') setTool('select');
      actions.selectAll();
    },
    // Escape also closes the find bar when the board has the keyboard
    deselect: () => (find.close(), actions.deselect()),
    nudge: actions.nudge,
    reorder: actions.reorder,
    zoomIn: () => (follow.stop(), actions.zoomIn()),
    zoomOut: () => (follow.stop(), actions.zoomOut()),
    zoomReset: () => (follow.stop(), actions.zoomReset()),
    zoomFit: () => (follow.stop(), actions.zoomFit()),
    find: () => find.open(),
    toggleGrid: () => gridSetting.toggle(),
    // Ctrl+Shift+L: lock the selection, or with nothing selected unlock what is under the pointer
    lock: () => {
      if (selection.size) return void actions.lock();
      if (pointer && actions.unlockAt(pointer, 5 / camera.scale) && currentTool !== 'select') setTool('select');
    },
    group: actions.group,
    ungroup: actions.ungroup,
    enter: () => {
      const img = currentTool === 'select' ? soleImage() : null;
      return !!img && crop.start(img.id);
    },
  });
  installClipboard({
    copy: actions.copy,
    cut: actions.remove,
    paste: (shapes, source) => {
      if (currentTool !== 'select') setTool('select');
      // copied from this board (or showing no files): its files are here already
      if (!filesOf(shapes).length || (source && source.view === viewId)) return menu.say(actions.paste(shapes));
      // images: their files first, from the board they were copied from (images/pasteFiles.ts), then the shapes where the pointer was
      const at = pointer;
      void copyFilesInto(room.id, shapes, source).then((r) => {
        const msg = actions.paste(shapes, at);
        menu.say(msg ?? copyNote(r) ?? undefined);
      });
    },
    pasteText: (_text, err) => err && menu.say(`Could not paste: ${err.message}`),
  });
  const paintHistory = () => toolbar.setHistory(undo.canUndo(), undo.canRedo());
  undo.onChange(paintHistory);
  paintHistory();
  const paintWatching = () => status.setWatching(spectatorsFrom(awareness));
  awareness.on('change', paintWatching);
  paintWatching();

  // Only in test builds (vite build --mode test): the condition is a constant, so a
  // production bundle contains neither the hooks nor window.__wb (client/testHooks.test.ts).
  if (import.meta.env.MODE === 'test') {
    installTestHooks({
      mode: 'edit',
      doc,
      renderedShapeCount: () => board.drawnCount(),
      drawnFrame: () => board.drawnFrame(),
      renderIdle: () => renderer.idle(),
      lockMarkers: () => lockMarker.shown(),
      imagesShown: () => renderer.imagesShown(),
      renderedShapes: () => renderedShapes(renderer),
      remoteCursors: () => cursors.visible(),
      status: () => conn.status.get().state,
      selection: () => selection.ids(),
      camera: () => ({ x: camera.x, y: camera.y, scale: camera.scale }),
      remoteSelections: () => remoteSelections(awareness),
      laserPoints: () => presenceOverlay.laserPoints(),
      importBoard: (text, opts) => actions.importBoard(text, opts),
      exportBoard: () => exportBoard(doc),
      relay: () => conn.relay(),
    });
  }

  // Tell peers we left right away instead of after the awareness timeout, and come
  // back if the page is restored from the back/forward cache.
  performance.mark('wb:editor-ready');
  window.addEventListener('pagehide', () => presence.leave());
  window.addEventListener('pageshow', (e) => e.persisted && presence.announce(currentTool));
}

/** The fetched document (shared/docBody.ts): its updates in one transaction. */
function applyInitial(doc: Y.Doc, body: Uint8Array): void {
  try {
    applyDocBody(doc, body, 'http');
  } catch (err) {
    // The socket's sync brings the document anyway.
    console.warn('could not apply the fetched document', err);
  }
}
