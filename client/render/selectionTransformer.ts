/**
 * Binds the overlay's Konva.Transformer to the local selection: its nodes are the
 * selected shapes' views. While a resize/rotate gesture runs, Konva scales the nodes and
 * the result is written to the doc once per frame (board/transform.ts, scaled from the
 * shapes as they were when the gesture began), so everyone sees the shape change live;
 * the whole gesture is one undo step. The views stay frozen meanwhile and take the doc
 * state when it ends, which resets each node to scale 1 with the new geometry.
 * A shape edited by its ends (line, arrow) selected alone gets end handles instead (lineHandles.ts).
 * A dragged handle snaps the edges it moves to other shapes' edges and centres and to the
 * grid (tools/snapping.ts), unless Alt is held (which Konva also takes as "from the centre").
 */
import type * as Y from 'yjs';
import { isLocked } from '../board/lock.ts';
import { transformShapes, type ShapeTransform } from '../board/transform.ts';
import type { BoardUndo } from '../board/undo.ts';
import type { Selection } from '../tools/selection.ts';
import { pointSnapper, type SnapDeps } from '../tools/snapping.ts';
import { requestFrame } from './frame.ts';
import { moduleFor } from '../shapes/registry.ts';
import type { Shape } from '../shapes/types.ts';
import { lineHandlesPainter, soleEnds } from './lineHandles.ts';
import type { Overlay } from './overlay.ts';
import type { ShapesRenderer } from './shapesRenderer.ts';
import type { ShapeView } from './shapeView.ts';

export function bindTransformer(opts: { doc: Y.Doc; undo: BoardUndo; overlay: Overlay; renderer: ShapesRenderer; selection: Selection; enabled(): boolean; snap?: SnapDeps }) {
  const { overlay, renderer, selection, doc } = opts;
  const tr = overlay.transformer;
  let snap: ReturnType<typeof pointSnapper> | null = null;
  if (opts.snap) tr.anchorDragBoundFunc((_old, pos, e: MouseEvent | undefined) => snapAnchor(opts.snap!, snap, pos, !!e?.altKey));
  /** the views being transformed and their data when the gesture began */
  let gesture: { view: ShapeView; base: Shape }[] | null = null;

  /** The views whose nodes the Transformer holds. */
  let held: ShapeView[] = [];
  const selectedViews = () => (opts.enabled() ? selection.ids().flatMap((id) => renderer.view(id) ?? []) : []);
  const attach = () => {
    if (gesture) return;
    let views = selectedViews();
    if (soleEnds(views.map((v) => v.data))) views = [];
    // alone, a shape's module says how it resizes (strokes keep their proportions, text scales its font); together they stretch freely
    const handles = views.length === 1 ? moduleFor(views[0].data).handles : 'free';
    tr.keepRatio(handles !== 'free');
    tr.enabledAnchors(
      handles === 'corners'
        ? ['top-left', 'top-right', 'bottom-left', 'bottom-right']
        : ['top-left', 'top-center', 'top-right', 'middle-right', 'middle-left', 'bottom-left', 'bottom-center', 'bottom-right'],
    );
    for (const v of held) if (!views.includes(v)) v.setAttached(false);
    for (const v of views) v.setAttached(true);
    held = views;
    const nodes = views.map((v) => v.node);
    const same = nodes.length === tr.nodes().length && nodes.every((n, i) => n === tr.nodes()[i]);
    if (!same) tr.nodes(nodes);
    else tr.forceUpdate();
    overlay.invalidate();
  };

  const write = () => {
    if (!gesture) return;
    // a shape someone locked during the gesture is left as it is (board/lock.ts)
    const transforms: ShapeTransform[] = gesture.filter(({ view }) => !isLocked(doc, view.id)).map(({ view, base }) => {
      const n = view.node;
      return { id: view.id, x: n.x(), y: n.y(), rotation: n.rotation(), scaleX: n.scaleX(), scaleY: n.scaleY(), base };
    });
    transformShapes(doc, transforms);
  };

  tr.on('transformstart', () => {
    opts.undo.beginAction();
    const views = selection.ids().flatMap((id) => renderer.freeze(id) ?? []);
    gesture = views.map((view) => ({ view, base: view.data }));
    if (opts.snap) snap = pointSnapper(opts.snap, selection.ids());
  });
  tr.on('transform', () => requestFrame(write, 'input'));
  tr.on('transformend', () => {
    write();
    opts.undo.endAction();
    for (const { view } of gesture ?? []) renderer.thaw(view.id);
    gesture = null;
    snap?.end();
    snap = null;
    attach();
  });

  const offHandles = overlay.addPainter(lineHandlesPainter(() => soleEnds(selectedViews().map((v) => v.data))));
  const offSel = selection.onChange(attach);
  const offRender = renderer.onChange((ids) => {
    if (selection.ids().some((id) => ids.has(id))) attach();
  });
  return {
    refresh: attach,
    destroy() {
      offSel();
      offRender();
      offHandles();
    },
  };
}

/**
 * Where a dragged resize handle goes: the box edges it moves (an anchor's position is on
 * the box; its padding is drawn as an offset) pulled onto what they snap to. Rotated
 * boxes have no straight edges to line up, and the rotation handle has its own snaps.
 */
function snapAnchor(d: SnapDeps, snap: ReturnType<typeof pointSnapper> | null, pos: { x: number; y: number }, free: boolean): { x: number; y: number } {
  const tr = d.overlay.transformer;
  const name = tr.getActiveAnchor();
  if (!snap || !name || name.startsWith('rotater') || Math.abs(tr.rotation() % 360) > 0.01) return pos;
  const axes = { x: name.includes('left') || name.includes('right'), y: name.startsWith('top') || name.startsWith('bottom') };
  const to = snap.point(d.camera.toBoard(pos.x, pos.y), axes, free);
  return d.camera.toScreen(to.x, to.y);
}
