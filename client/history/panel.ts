/**
 * The History panel (editors only; a spectator's page never builds it): the board's
 * versions with time and who edited, a read-only look at one (beside the board, or laid
 * over it), Restore as one undoable change of this person's, named versions, and a
 * replay of the board's growth. Everything from the relay is validated in api.ts and
 * reaches the DOM as text nodes; previews are SVG exports shown as images.
 */
import type * as Y from 'yjs';
import type { VersionInfo } from '../../shared/api.ts';
import { MAX_VERSION_NAME } from '../../shared/api.ts';
import { restoreVersion, versionDoc } from '../../shared/restore.ts';
import { LOCAL_ORIGIN } from '../board/origin.ts';
import { readAllShapes } from '../board/read.ts';
import type { BoardUndo } from '../board/undo.ts';
import type { Camera } from '../render/camera.ts';
import { exportBounds, exportSVG } from '../render/exportImage.ts';
import type { Shape } from '../shapes/types.ts';
import { h } from '../ui/dom.ts';
import { icons } from '../ui/icons.ts';
import { fetchVersion, listVersions, saveVersion } from './api.ts';
import { buildReplay, type Replay } from './replay.ts';

export interface HistoryDeps {
  roomId: string;
  doc: Y.Doc;
  undo: BoardUndo;
  camera: Camera;
  /** where the overlay goes: the element the board's canvas fills */
  board: HTMLElement;
  say(message: string): void;
}

/** Replay keyframes fetched at most (evenly spread over the versions kept). */
const MAX_KEYFRAMES = 30;
/** A replay played through takes about this long. */
const REPLAY_MS = 8000;

const label = (v: VersionInfo) => v.name ?? (v.kind === 'compaction' ? 'Checkpoint' : 'Auto-saved');
const when = (v: VersionInfo) => new Date(v.createdAt).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
const kb = (n: number) => (n < 1024 ? `${n} B` : n < 1048576 ? `${(n / 1024).toFixed(1)} KB` : `${(n / 1048576).toFixed(1)} MB`);

/** Versions to fetch for a replay: all of them, or MAX_KEYFRAMES spread evenly with the oldest and newest. */
export function keyframeVersions(oldestFirst: readonly VersionInfo[]): VersionInfo[] {
  if (oldestFirst.length <= MAX_KEYFRAMES) return [...oldestFirst];
  const out: VersionInfo[] = [];
  for (let i = 0; i < MAX_KEYFRAMES; i++) out.push(oldestFirst[Math.round((i * (oldestFirst.length - 1)) / (MAX_KEYFRAMES - 1))]);
  return out;
}

export function createHistoryPanel(d: HistoryDeps) {
  let versions: VersionInfo[] = [];
  let selected: { info: VersionInfo; doc: Y.Doc; shapes: Shape[] } | null = null;
  let replay: Replay | null = null;
  let playing: ReturnType<typeof setInterval> | null = null;
  let previewUrl: string | null = null;
  let overlayUrl: string | null = null;

  const status = h('p', { id: 'history-status', class: 'history-status', role: 'status', 'aria-live': 'polite' });
  const setStatus = (msg: string): void => {
    status.textContent = msg;
  };

  // saving a named version
  const nameInput = h('input', { id: 'version-name', class: 'share-input', type: 'text', maxlength: MAX_VERSION_NAME, placeholder: 'Name this version', 'aria-label': 'Version name' });
  const saveBtn = h('button', { id: 'save-version', class: 'btn btn-primary', type: 'submit' }, 'Save');
  const saveForm = h('form', { class: 'history-save' }, nameInput, saveBtn);
  saveForm.addEventListener('submit', async (e) => {
    e.preventDefault();
    const name = nameInput.value.trim();
    if (!name) return setStatus('Give the version a name first.');
    saveBtn.disabled = true;
    const r = await saveVersion(d.roomId, name);
    saveBtn.disabled = false;
    if (!r.ok) return setStatus(`Could not save: ${r.message}`);
    nameInput.value = '';
    setStatus(`Saved “${label(r.value)}”.`);
    await refresh();
  });

  const list = h('ul', { id: 'version-list', class: 'version-list', 'aria-label': 'Versions' });

  // the selected version, or a replay frame
  const preview = h('img', { id: 'version-preview', class: 'version-preview', alt: 'Preview of the selected version' });
  const overlayImg = h('img', { id: 'version-overlay', class: 'version-overlay', alt: '', hidden: true });
  const sideBtn = h('input', { type: 'radio', name: 'version-view', id: 'view-side', checked: true });
  const overBtn = h('input', { type: 'radio', name: 'version-view', id: 'view-overlay' });
  const restoreBtn = h('button', { id: 'restore-version', class: 'btn btn-primary' }, 'Restore this version');
  const versionTitle = h('h3', { id: 'version-title', class: 'version-title' });
  const versionView = h(
    'section',
    { id: 'version-view', class: 'version-view', hidden: true },
    versionTitle,
    h('div', { class: 'version-modes' }, h('label', {}, sideBtn, 'Beside the board'), h('label', {}, overBtn, 'Over the board')),
    preview,
    restoreBtn,
  );

  // replay
  const slider = h('input', { id: 'replay-slider', class: 'replay-slider', type: 'range', min: 0, max: 0, value: 0, step: 1, 'aria-label': 'Replay position' });
  const replayLabel = h('span', { id: 'replay-step', class: 'replay-step' });
  const playBtn = h('button', { id: 'replay-play', class: 'btn btn-secondary' }, 'Play');
  const replayBtn = h('button', { id: 'replay-open', class: 'btn btn-secondary' }, 'Replay the board');
  const replayView = h('section', { id: 'replay-view', class: 'replay-view', hidden: true }, h('div', { class: 'replay-row' }, playBtn, slider), replayLabel);

  const close = h('button', { class: 'icon-btn dialog-close', 'aria-label': 'Close history', html: icons.close });
  const el = h(
    'aside',
    { id: 'history-panel', class: 'card history-panel', 'aria-labelledby': 'history-title', hidden: true },
    h('div', { class: 'dialog-head' }, h('h2', { id: 'history-title' }, 'History'), close),
    saveForm,
    list,
    replayBtn,
    replayView,
    versionView,
    status,
  );
  const button = h('button', { id: 'history-button', class: 'card icon-btn', title: 'History', 'aria-label': 'History', 'aria-expanded': 'false', html: icons.history });

  const showSvg = (img: HTMLImageElement, svg: string | null, which: 'preview' | 'overlay') => {
    const url = svg ? URL.createObjectURL(new Blob([svg], { type: 'image/svg+xml' })) : null;
    const old = which === 'preview' ? previewUrl : overlayUrl;
    if (old) URL.revokeObjectURL(old);
    if (which === 'preview') previewUrl = url;
    else overlayUrl = url;
    if (url) img.src = url;
    else img.removeAttribute('src');
    img.dataset.shapes = svg ? String(which === 'preview' ? previewCount : overlayCount) : '0';
  };
  let previewCount = 0;
  let overlayCount = 0;

  /** Lays the selected version over the board where its shapes are, following the camera. */
  const placeOverlay = () => {
    const shapes = selected?.shapes ?? [];
    const b = overBtn.checked && !el.hidden ? exportBounds(shapes) : null;
    overlayImg.hidden = !b;
    if (!b) return;
    const p = d.camera.toScreen(b.minX, b.minY);
    overlayImg.style.setProperty('--x', `${p.x}px`);
    overlayImg.style.setProperty('--y', `${p.y}px`);
    overlayImg.style.setProperty('--w', `${(b.maxX - b.minX) * d.camera.scale}px`);
  };
  d.camera.onChange(placeOverlay);
  const paintSelected = () => {
    const shapes = selected?.shapes ?? [];
    previewCount = overlayCount = shapes.length;
    showSvg(preview, shapes.length ? exportSVG(shapes, { background: 'white' }) : null, 'preview');
    showSvg(overlayImg, shapes.length ? exportSVG(shapes, { background: 'transparent' }) : null, 'overlay');
    preview.hidden = overBtn.checked;
    placeOverlay();
  };
  sideBtn.addEventListener('change', paintSelected);
  overBtn.addEventListener('change', paintSelected);

  function row(v: VersionInfo): HTMLLIElement {
    const who = v.editors.length ? ` · ${v.editors.join(', ')}` : '';
    const btn = h(
      'button',
      { class: 'version-row', 'data-version-id': v.id, 'aria-pressed': selected?.info.id === v.id ? 'true' : 'false' },
      h('strong', {}, label(v)),
      h('small', {}, `${when(v)}${who} · ${kb(v.bytes)}`),
    );
    btn.addEventListener('click', () => void select(v));
    return h('li', {}, btn);
  }

  async function refresh(): Promise<void> {
    const r = await listVersions(d.roomId);
    if (!r.ok) return setStatus(`Could not load the history: ${r.message}`);
    versions = r.value;
    list.replaceChildren(...(versions.length ? versions.map(row) : [h('li', { class: 'version-empty' }, 'No versions yet: one is saved a few minutes after the board changes, or save one now.')]));
  }

  async function select(v: VersionInfo): Promise<void> {
    stopReplay();
    setStatus(`Loading “${label(v)}”…`);
    const r = await fetchVersion(d.roomId, v.id);
    if (!r.ok) return setStatus(`Could not load the version: ${r.message}`);
    let doc: Y.Doc;
    try {
      doc = versionDoc(r.value);
    } catch {
      return setStatus('This version could not be read.');
    }
    selected?.doc.destroy();
    selected = { info: v, doc, shapes: readAllShapes(doc) };
    versionTitle.textContent = `${label(v)} — ${when(v)}`;
    versionView.hidden = false;
    for (const b of list.querySelectorAll<HTMLButtonElement>('.version-row')) b.setAttribute('aria-pressed', b.dataset.versionId === String(v.id) ? 'true' : 'false');
    paintSelected();
    setStatus(`${selected.shapes.length} shape${selected.shapes.length === 1 ? '' : 's'} in this version (read-only).`);
  }

  restoreBtn.addEventListener('click', async () => {
    if (!selected) return;
    const { info, doc } = selected;
    restoreBtn.disabled = true;
    // the board as it is now stays in the history too (best effort: the restore is undoable anyway)
    const before = await saveVersion(d.roomId, `Before restoring “${label(info)}”`);
    d.undo.beginAction();
    const touched = restoreVersion(d.doc, doc, LOCAL_ORIGIN);
    d.undo.endAction();
    restoreBtn.disabled = false;
    const msg = touched ? `Restored “${label(info)}” (${touched} change${touched === 1 ? '' : 's'}). Ctrl+Z undoes it.` : 'The board already looks like this version.';
    setStatus(before.ok ? msg : `${msg} (The board before it could not be saved as a version: ${before.message})`);
    d.say(msg);
    await refresh();
  });

  // replay: the versions kept, oldest first, then the board now
  replayBtn.addEventListener('click', async () => {
    replayBtn.disabled = true;
    setStatus('Loading the board’s history…');
    const frames: Shape[][] = [];
    for (const v of keyframeVersions([...versions].reverse())) {
      const r = await fetchVersion(d.roomId, v.id);
      if (!r.ok) continue;
      try {
        const doc = versionDoc(r.value);
        frames.push(readAllShapes(doc));
        doc.destroy();
      } catch {
        /* an unreadable version is left out */
      }
    }
    frames.push(readAllShapes(d.doc));
    replayBtn.disabled = false;
    replay = buildReplay(frames);
    slider.max = String(replay.steps);
    slider.value = String(replay.steps);
    replayView.hidden = false;
    versionView.hidden = true;
    overlayImg.hidden = true;
    showFrame();
    setStatus(`Replay from ${frames.length - 1} version${frames.length === 2 ? '' : 's'} and the board now.`);
  });
  const showFrame = () => {
    if (!replay) return;
    const step = Number(slider.value);
    const shapes = replay.at(step);
    previewCount = shapes.length;
    replayLabel.textContent = `Step ${step} of ${replay.steps}`;
    preview.hidden = false;
    replayView.append(preview);
    showSvg(preview, shapes.length ? exportSVG(shapes, { background: 'white' }) : null, 'preview');
  };
  slider.addEventListener('input', showFrame);
  function stopReplay() {
    if (playing) clearInterval(playing);
    playing = null;
    playBtn.textContent = 'Play';
    if (preview.parentElement !== versionView) versionView.insertBefore(preview, restoreBtn);
  }
  playBtn.addEventListener('click', () => {
    if (!replay) return;
    if (playing) {
      clearInterval(playing);
      playing = null;
      playBtn.textContent = 'Play';
      return;
    }
    if (Number(slider.value) >= replay.steps) slider.value = '0';
    const every = Math.max(30, REPLAY_MS / Math.max(1, replay.steps));
    const stride = Math.max(1, Math.ceil((replay.steps * 30) / REPLAY_MS));
    playBtn.textContent = 'Pause';
    playing = setInterval(() => {
      const next = Math.min(replay!.steps, Number(slider.value) + stride);
      slider.value = String(next);
      showFrame();
      if (next >= replay!.steps) {
        clearInterval(playing!);
        playing = null;
        playBtn.textContent = 'Play';
      }
    }, every);
  });

  const setOpen = (open: boolean) => {
    el.hidden = !open;
    button.setAttribute('aria-expanded', String(open));
    if (open) void refresh();
    else {
      stopReplay();
      replayView.hidden = true;
    }
    placeOverlay();
  };
  button.addEventListener('click', () => setOpen(el.hidden));
  close.addEventListener('click', () => setOpen(false));
  d.board.append(overlayImg);

  return { el, button, open: () => setOpen(true) };
}
