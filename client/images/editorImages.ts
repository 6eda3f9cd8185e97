/**
 * Images in the editor: pasted (a clipboard image), dropped on the board, or picked
 * (Menu > Insert image…). Each file is uploaded to the room (upload.ts; a large one
 * shows its progress in the toast, uploadProgress.ts) and then
 * inserted where it was dropped (else at the pointer, else the middle of the view) as
 * one undo step, and selected. Files are read from the room's files API; when one
 * arrives, the shapes showing it are painted again.
 */
import type * as Y from 'yjs';
import { IMAGE_TYPES, roomFilePath } from '../../shared/imageFiles.ts';
import type { BoardUndo } from '../board/undo.ts';
import type { Camera } from '../render/camera.ts';
import { isTyping } from '../ui/dom.ts';
import { pickFile } from '../ui/download.ts';
import { setFileSource } from './cache.ts';
import { insertImage } from './insert.ts';
import { uploadImage } from './upload.ts';
import { uploadProgress } from './uploadProgress.ts';

export interface EditorImagesDeps {
  roomId: string;
  doc: Y.Doc;
  undo: BoardUndo;
  camera: Camera;
  /** the board element (its box maps a drop's client coordinates to the board) */
  board: HTMLElement;
  size(): { width: number; height: number };
  author(): string;
  /** last pointer position on the board */
  pointer(): { x: number; y: number } | null;
  /** the new shapes are selected (with the select tool) */
  select(ids: string[]): void;
  say(msg: string): void;
  /** the relay's file limit (images/fileLimit.ts) */
  maxFileBytes?(): number;
}

/** Images the person gives at once, at most (each is one upload). */
const MAX_AT_ONCE = 20;

export function installEditorImages(d: EditorImagesDeps) {
  setFileSource((sha) => roomFilePath(d.roomId, sha));

  const viewCentre = () => {
    const s = d.size();
    return d.camera.toBoard(s.width / 2, s.height / 2);
  };

  /** Uploads and inserts the image files; `at`: where they land (board px). */
  async function add(files: File[], at: { x: number; y: number } | null): Promise<void> {
    const images = files.filter((f) => f.type === '' || f.type.startsWith('image/')).slice(0, MAX_AT_ONCE);
    if (!images.length) return d.say('Only PNG, JPEG, GIF and WebP images can be added.');
    const s = d.size();
    const fit = { w: (s.width * 0.6) / d.camera.scale, h: (s.height * 0.6) / d.camera.scale };
    const where = at ?? d.pointer() ?? viewCentre();
    const ids: string[] = [];
    for (const [i, file] of images.entries()) {
      const progress = uploadProgress(d.say, file.size, i, images.length);
      const up = await uploadImage(d.roomId, file, { maxFileBytes: d.maxFileBytes?.(), onProgress: progress.onProgress });
      if (typeof up === 'string') {
        d.say(up);
        continue;
      }
      if (progress.shown()) d.say(images.length > 1 ? `Image ${i + 1} of ${images.length} uploaded.` : 'Image uploaded.');
      const step = 24 / d.camera.scale;
      d.undo.beginAction();
      try {
        ids.push(insertImage(d.doc, up, { x: where.x + i * step, y: where.y + i * step }, fit, d.author()));
      } finally {
        d.undo.endAction();
      }
    }
    if (ids.length) d.select(ids);
  }

  const imageFiles = (dt: DataTransfer | null): File[] => (dt ? [...dt.files].filter((f) => f.type.startsWith('image/')) : []);

  // before the shapes' paste handler (ui/clipboard.ts): an image on the clipboard wins
  const onPaste = (e: ClipboardEvent) => {
    if (isTyping(e.target)) return;
    const files = imageFiles(e.clipboardData);
    if (!files.length) return;
    e.preventDefault();
    e.stopImmediatePropagation();
    void add(files, null);
  };
  const onDragOver = (e: DragEvent) => {
    if (![...(e.dataTransfer?.types ?? [])].includes('Files')) return;
    e.preventDefault();
    if (e.dataTransfer) e.dataTransfer.dropEffect = 'copy';
  };
  const onDrop = (e: DragEvent) => {
    const files = e.dataTransfer ? [...e.dataTransfer.files] : [];
    if (!files.length) return;
    e.preventDefault();
    const r = d.board.getBoundingClientRect();
    void add(files, d.camera.toBoard(e.clientX - r.left, e.clientY - r.top));
  };
  // on the window: a file dropped on the toolbar lands on the board too (and never opens in the tab)
  window.addEventListener('paste', onPaste, true);
  window.addEventListener('dragover', onDragOver);
  window.addEventListener('drop', onDrop);

  return {
    add,
    /** Menu > Insert image…: picks a file and adds it in the middle of the view. */
    async pick(): Promise<void> {
      const file = await pickFile(IMAGE_TYPES.join(','));
      if (file) await add([file], viewCentre());
    },
    destroy() {
      window.removeEventListener('paste', onPaste, true);
      window.removeEventListener('dragover', onDragOver);
      window.removeEventListener('drop', onDrop);
    },
  };
}
