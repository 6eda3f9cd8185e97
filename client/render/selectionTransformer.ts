/**
 * Binds the overlay's Konva.Transformer to the local selection: its nodes are the
 * selected shapes' views, and a finished resize/rotate gesture is written to the doc
 * (board/transform.ts) as one undo step. While a gesture runs, Konva scales the nodes
 * visually; the doc update afterwards resets each node to scale 1 with new geometry.
 */
import type * as Y from 'yjs';
import { transformShapes, type ShapeTransform } from '../board/transform.ts';
import type { BoardUndo } from '../board/undo.ts';
import type { Selection } from '../tools/selection.ts';
import type { Overlay } from './overlay.ts';
import type { ShapesRenderer } from './shapesRenderer.ts';

export function bindTransformer(opts: { doc: Y.Doc; undo: BoardUndo; overlay: Overlay; renderer: ShapesRenderer; selection: Selection; enabled(): boolean }) {
  const { overlay, renderer, selection } = opts;
  const tr = overlay.transformer;
  let active = false;

  const attach = () => {
    if (active) return;
    const views = opts.enabled() ? selection.ids().flatMap((id) => renderer.view(id) ?? []) : [];
    const single = views.length === 1 ? views[0].data : null;
    // text and strokes keep their proportions (text scales its font), boxes stretch freely
    tr.keepRatio(!!single && (single.type === 'text' || single.type === 'stroke'));
    tr.enabledAnchors(
      single?.type === 'text'
        ? ['top-left', 'top-right', 'bottom-left', 'bottom-right']
        : ['top-left', 'top-center', 'top-right', 'middle-right', 'middle-left', 'bottom-left', 'bottom-center', 'bottom-right'],
    );
    const nodes = views.map((v) => v.node);
    const same = nodes.length === tr.nodes().length && nodes.every((n, i) => n === tr.nodes()[i]);
    if (!same) tr.nodes(nodes);
    else tr.forceUpdate();
    overlay.invalidate();
  };

  tr.on('transformstart', () => {
    active = true;
    opts.undo.beginAction();
  });
  tr.on('transformend', () => {
    active = false;
    const transforms: ShapeTransform[] = tr.nodes().flatMap((node) => {
      const view = selection.ids().map((id) => renderer.view(id)).find((v) => v?.node === node);
      if (!view) return [];
      return [{ id: view.id, x: node.x(), y: node.y(), rotation: node.rotation(), scaleX: node.scaleX(), scaleY: node.scaleY() }];
    });
    transformShapes(opts.doc, transforms);
    opts.undo.endAction();
    attach();
  });

  const offSel = selection.onChange(attach);
  const offRender = renderer.onChange((ids) => {
    if (selection.ids().some((id) => ids.has(id))) attach();
  });
  return {
    refresh: attach,
    destroy() {
      offSel();
      offRender();
    },
  };
}
