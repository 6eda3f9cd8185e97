/**
 * The editor's commands (shortcuts, style panel, menu and clipboard call these): each
 * is one undo step on the board model, applied to the current selection.
 */
import type * as Y from 'yjs';
import type { Shape } from './shapes/types.ts';
import { planInsert, type SizeLimits } from './board/changeSize.ts';
import { FormatError, parseShapesDocument, type ShapeJSON } from './board/format.ts';
import { unionBox } from './board/geometry.ts';
import { withFrameMembers } from './board/frames.ts';
import { expandToGroups, groupOf, groupShapes, ungroupShapes } from './board/group.ts';
import { isLocked, setLocked, unlockAll, unlockedIds } from './board/lock.ts';
import { reorder, type ReorderOp } from './board/order.ts';
import { copyShapes, exportBoard, insertIds, insertShapes, originsBox, shapesToJSON } from './board/serialize.ts';
import type { ShapeIndex } from './board/spatial.ts';
import { deleteShapes } from './board/strokes.ts';
import { restyleShapes, type StylePatch } from './board/style.ts';
import { moveShapes } from './board/transform.ts';
import type { BoardUndo } from './board/undo.ts';
import type { Camera } from './render/camera.ts';
import { exportPNG, exportSVG, frameContent, prepareExport } from './render/exportImage.ts';
import { asFrame } from './shapes/frame/index.ts';
import { fitCamera } from './render/fit.ts';
import type { Selection } from './tools/selection.ts';
import { compareShapes } from './board/order.ts';
import { tooLargeText } from './sync/refusedText.ts';
import { download, pickFile, stamp } from './ui/download.ts';

export interface ActionDeps {
  doc: Y.Doc;
  undo: BoardUndo;
  index: ShapeIndex;
  selection: Selection;
  camera: Camera;
  size(): { width: number; height: number };
  author(): string;
  /** last pointer position on the board (pastes land there) */
  pointer(): { x: number; y: number } | null;
  /** the relay's limits as it last said them (null: unknown, nothing is checked) */
  limits(): SizeLimits;
  /** this board's spectator id: copied shapes with images name it, so a paste elsewhere can copy their files */
  viewId?: string;
}

export function createActions(d: ActionDeps) {
  const step = <T>(fn: () => T): T => {
    d.undo.beginAction();
    try {
      return fn();
    } finally {
      d.undo.endAction();
    }
  };
  // locked shapes are never acted on, even if a selection still names one (board/lock.ts)
  const sel = () => unlockedIds(d.doc, d.selection.ids().filter((id) => d.index.has(id)));
  // a frame is deleted, duplicated and copied with what it holds, as in tldraw and Excalidraw
  const withMembers = () => withFrameMembers(d.doc, sel());
  const unlocked = (id: string) => !isLocked(d.doc, id);
  const selectedShapes = (): Shape[] => sel().flatMap((id) => d.index.get(id) ?? []).sort(compareShapes);
  const allShapes = (): Shape[] => d.index.ids().flatMap((id) => d.index.get(id) ?? []).sort(compareShapes);
  const center = () => {
    const s = d.size();
    return [s.width / 2, s.height / 2] as const;
  };

  /**
   * Inserts shapes as one undo step and returns their ids, or, when the board could not
   * take them, says so instead: a large insert is first sized against the relay's limits
   * (board/changeSize.ts), and sent in several transactions when it would not fit one
   * frame. `check: false` skips the sizing (the relay's own refusal then handles it:
   * sync/refusals.ts).
   */
  const insert = (shapes: ShapeJSON[], at: { dx?: number; dy?: number }, check = true): string[] | string => {
    const plan = check ? planInsert(d.doc, shapes, d.limits()) : { ok: true as const, batches: [shapes] };
    if (!plan.ok) return `${tooLargeText(d.limits().maxDocBytes)} Nothing was added.`;
    const groups = new Map<string, string>();
    // one set of new ids across the batches: arrows name their targets by index in the whole list
    const ids = insertIds(shapes.length);
    return step(() => plan.batches.flatMap((batch) => insertShapes(d.doc, batch, { author: d.author(), ...at, groups, ids })));
  };

  /** Returns a message for the person when the shapes could not be added. */
  const paste = (shapes: ShapeJSON[], where?: { x: number; y: number } | null): string | void => {
    if (!shapes.length) return;
    // land at the pointer if it is on the board, else a little offset from the originals
    const at = where === undefined ? d.pointer() : where;
    const o = originsBox(shapes)!;
    const ids = insert(shapes, { dx: at ? at.x - o.x : 20, dy: at ? at.y - o.y : 20 });
    if (typeof ids === 'string') return ids;
    d.selection.replace(ids);
  };

  return {
    selectedShapes,
    remove() {
      const ids = withMembers();
      if (ids.length) step(() => deleteShapes(d.doc, ids));
      d.selection.clear();
    },
    duplicate() {
      const ids = withMembers();
      if (!ids.length) return;
      const copies = step(() => insertShapes(d.doc, shapesToJSON(d.doc, ids), { author: d.author(), dx: 16, dy: 16 }));
      d.selection.replace(copies);
    },
    selectAll: () => d.selection.replace(unlockedIds(d.doc, d.index.ids())),
    deselect: () => d.selection.clear(),
    nudge(dx: number, dy: number) {
      const ids = sel();
      if (ids.length) step(() => moveShapes(d.doc, ids, dx, dy));
    },
    reorder(op: ReorderOp) {
      const ids = sel();
      if (ids.length) step(() => reorder(d.doc, ids, op));
    },
    restyle(patch: StylePatch) {
      const ids = sel();
      if (ids.length) step(() => restyleShapes(d.doc, ids, patch));
    },
    copy: () => (sel().length ? copyShapes(d.doc, withMembers(), d.viewId ? { view: d.viewId } : undefined) : null),
    /** Locks the selection (one undo step); it leaves the selection, as locked shapes cannot be selected. */
    lock(): number {
      const ids = sel();
      const n = ids.length ? step(() => setLocked(d.doc, ids, true)).length : 0;
      d.selection.clear();
      return n;
    },
    /**
     * Unlocks the topmost locked shape at the board point and the rest of its group (one
     * undo step) and selects them; returns how many were unlocked.
     */
    unlockAt(p: { x: number; y: number }, tol: number): number {
      const hit = d.index.hitAll(p.x, p.y, tol).find((s) => !unlocked(s.id));
      if (!hit) return 0;
      const ids = expandToGroups(d.doc, [hit.id]);
      const n = step(() => setLocked(d.doc, ids, false)).length;
      d.selection.replace(ids);
      return n;
    },
    /** Unlocks every locked shape on the board (one undo step); returns a message. */
    unlockAll(): string {
      const n = step(() => unlockAll(d.doc)).length;
      return n ? `Unlocked ${n} shape${n === 1 ? '' : 's'}.` : 'Nothing is locked.';
    },
    /** Whether the selection can be grouped (two or more shapes not all one group) and ungrouped (some in a group). */
    grouping(): { group: boolean; ungroup: boolean } {
      const groups = sel().map((id) => groupOf(d.doc, id));
      return { group: groups.length > 1 && (groups[0] === null || groups.some((g) => g !== groups[0])), ungroup: groups.some((g) => g !== null) };
    },
    /** Groups the selection (Ctrl+G), one undo step. */
    group() {
      const ids = sel();
      if (ids.length > 1) step(() => groupShapes(d.doc, ids));
    },
    /** Dissolves the groups in the selection (Ctrl+Shift+G), one undo step; the members stay selected. */
    ungroup() {
      const ids = sel();
      if (ids.length) step(() => ungroupShapes(d.doc, ids));
    },
    /** The shape and the rest of its group that can be selected (a click, find). */
    withGroup: (id: string): string[] => (unlocked(id) ? expandToGroups(d.doc, [id], unlocked) : []),
    paste,
    zoomIn: () => d.camera.zoomBy(1.25, ...center()),
    zoomOut: () => d.camera.zoomBy(1 / 1.25, ...center()),
    zoomReset: () => d.camera.zoomTo(1, ...center()),
    zoomFit() {
      const box = unionBox(d.index.ids().flatMap((id) => d.index.bounds(id) ?? []));
      d.camera.set(fitCamera(box, d.size()));
    },
    async exportImage(format: 'png' | 'svg' | 'clipboard', opts: { selection: boolean; background: 'white' | 'transparent'; frame?: string | null }): Promise<string | void> {
      // one frame: its members cut to its box (render/exportImage.ts)
      const frame = opts.frame ? asFrame(d.index.get(opts.frame)) : null;
      const shapes = frame ? frameContent(allShapes(), frame) : opts.selection ? selectedShapes() : allShapes();
      if (!shapes.length) return frame ? 'Nothing to export: the frame is empty.' : 'Nothing to export: the board is empty.';
      const name = `whiteboard-${stamp()}`;
      const o = { ...opts, frame: frame ?? undefined };
      // images' files, loaded whole (and as data: URLs for SVG)
      await prepareExport(shapes);
      if (format === 'svg') {
        download(exportSVG(shapes, o)!, `${name}.svg`, 'image/svg+xml');
        return;
      }
      const blob = await exportPNG(shapes, o);
      if (!blob) return 'Could not render the image.';
      if (format === 'png') return download(blob, `${name}.png`);
      try {
        await navigator.clipboard.write([new ClipboardItem({ 'image/png': blob })]);
      } catch (err) {
        return `Could not copy to the clipboard (${err instanceof Error ? err.message : 'denied'}).`;
      }
    },
    saveBoard: () => download(exportBoard(d.doc), `whiteboard-${stamp()}.json`, 'application/json'),
    /**
     * Adds the shapes of a board file to this board; returns a message for the user.
     * `check: false` (test hooks only) sends even what the relay is sure to refuse.
     */
    importBoard(text: string, opts: { check?: boolean } = {}): string {
      try {
        const { shapes } = parseShapesDocument(text);
        const ids = insert(shapes, {}, opts.check ?? true);
        if (typeof ids === 'string') return ids;
        d.selection.replace(ids);
        this.zoomFit();
        return `Imported ${ids.length} shape${ids.length === 1 ? '' : 's'}.`;
      } catch (err) {
        return `Could not open the file: ${err instanceof FormatError ? err.message : String(err)}`;
      }
    },
    async openBoard(): Promise<string | void> {
      const file = await pickFile('application/json,.json');
      if (file) return this.importBoard(await file.text());
    },
  };
}

export type Actions = ReturnType<typeof createActions>;
