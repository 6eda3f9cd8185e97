/**
 * The main menu (top left): export image, save and open board files, the grid, theme toggle.
 * The export dialog picks PNG or SVG, the whole board, the selection or one frame, and a white or
 * transparent background, or copies a PNG to the clipboard.
 */
import { h } from './dom.ts';
import { icons } from './icons.ts';
import { currentTheme, toggleTheme } from './theme.ts';
import { gridSetting } from '../render/grid.ts';

/** An open padlock (the app's own constant markup). */
const UNLOCK_ICON = '<svg viewBox="0 0 24 24" width="20" height="20" fill="none" stroke="currentColor" stroke-width="1.8" stroke-linecap="round" stroke-linejoin="round" aria-hidden="true"><rect x="5" y="11" width="14" height="10" rx="2"/><path d="M8 11V7a4 4 0 0 1 7.5-2"/></svg>';

export interface MenuHandlers {
  exportImage(format: 'png' | 'svg' | 'clipboard', opts: { selection: boolean; background: 'white' | 'transparent'; frame?: string | null }): Promise<string | void>;
  hasSelection(): boolean;
  /** the board's frames (id and name as shown), in order, and the one selected: the dialog can export one alone */
  frames?(): { id: string; name: string }[];
  selectedFrame?(): string | null;
  /** Menu > Present: step through the frames full screen (client/present/) */
  present?(): void;
  saveBoard(): void;
  openBoard(): Promise<string | void>;
  /** Menu > Insert image…: pick an image file and put it on the board */
  insertImage?(): void;
  /** unlocks every locked shape (board/lock.ts); returns a message */
  unlockAll?(): string;
  /** Unlock all is pointed at or focused (true) or no longer (false): the board shows the padlocks (render/lockMarker.ts) */
  previewUnlock?(on: boolean): void;
}

export function createMenu(on: MenuHandlers) {
  const item = (action: string, icon: string, label: string, fn: () => void) =>
    h('button', { class: 'menu-item', role: 'menuitem', 'data-action': action, onclick: () => {
      hideList();
      fn();
    } }, h('span', { html: icon }), label);
  const themeLabel = () => (currentTheme() === 'dark' ? 'Light theme' : 'Dark theme');
  const themeItem = item('theme', currentTheme() === 'dark' ? icons.sun : icons.moon, themeLabel(), () => {
    toggleTheme();
    themeItem.replaceChildren(h('span', { html: currentTheme() === 'dark' ? icons.sun : icons.moon }), themeLabel());
  });
  const gridLabel = () => (gridSetting.get() ? 'Hide grid' : 'Show grid');
  const gridItem = item('grid', icons.grid, gridLabel(), () => gridSetting.toggle());
  gridSetting.onChange(() => gridItem.replaceChildren(h('span', { html: icons.grid }), gridLabel()));
  const toast = h('div', { id: 'toast', class: 'toast', role: 'status', hidden: true });
  let toastTimer: ReturnType<typeof setTimeout> | undefined;
  const say = (msg: string | void) => {
    if (!msg) return;
    toast.textContent = msg;
    toast.hidden = false;
    clearTimeout(toastTimer);
    toastTimer = setTimeout(() => (toast.hidden = true), 4000);
  };

  // export dialog
  const scopeSel = h('input', { type: 'checkbox', id: 'export-selection' });
  const bgWhite = h('input', { type: 'checkbox', id: 'export-white', checked: true });
  const frameSel = h('select', { id: 'export-frame', 'aria-label': 'Frame' });
  const frameRow = h('label', { class: 'check-row' }, 'Frame', frameSel);
  const status = h('p', { class: 'export-status', id: 'export-status' });
  const run = async (format: 'png' | 'svg' | 'clipboard') => {
    const msg = await on.exportImage(format, { selection: scopeSel.checked, background: bgWhite.checked ? 'white' : 'transparent', frame: frameSel.value || null });
    status.textContent = msg ?? '';
    if (!msg) dialog.close();
  };
  const close = h('button', { class: 'icon-btn dialog-close', 'aria-label': 'Close', html: icons.close, onclick: () => dialog.close() });
  const dialog = h(
    'dialog',
    { id: 'export-dialog', class: 'dialog', 'aria-labelledby': 'export-title' },
    h('div', { class: 'dialog-head' }, h('h2', { id: 'export-title' }, 'Export image'), close),
    h('label', { class: 'check-row' }, scopeSel, 'Only the selected shapes'),
    frameRow,
    h('label', { class: 'check-row' }, bgWhite, 'White background (off: transparent)'),
    status,
    h('div', { class: 'export-actions' },
      h('button', { class: 'btn btn-primary', 'data-export': 'png', onclick: () => run('png') }, h('span', { html: icons.download }), 'PNG'),
      h('button', { class: 'btn btn-primary', 'data-export': 'svg', onclick: () => run('svg') }, h('span', { html: icons.download }), 'SVG'),
      h('button', { class: 'btn btn-secondary', 'data-export': 'clipboard', onclick: () => run('clipboard') }, h('span', { html: icons.copy }), 'Copy PNG'),
    ),
  );

  const unlockItem = on.unlockAll && item('unlock-all', UNLOCK_ICON, 'Unlock all', () => say(on.unlockAll!()));
  if (unlockItem && on.previewUnlock) {
    const preview = on.previewUnlock;
    unlockItem.addEventListener('pointerenter', () => preview(true));
    unlockItem.addEventListener('pointerleave', () => preview(false));
    unlockItem.addEventListener('focus', () => preview(true));
    unlockItem.addEventListener('blur', () => preview(false));
  }
  const hideList = () => {
    list.hidden = true;
    on.previewUnlock?.(false);
  };
  const list = h(
    'div',
    { class: 'card menu-list', role: 'menu', hidden: true },
    item('export-image', icons.image, 'Export image…', () => {
      scopeSel.checked = on.hasSelection();
      scopeSel.disabled = !on.hasSelection();
      // names are anyone's text: option labels as text
      const frames = on.frames?.() ?? [];
      frameSel.replaceChildren(h('option', { value: '' }, 'None (the board or the selection)'), ...frames.map((f) => h('option', { value: f.id }, f.name)));
      frameSel.value = on.selectedFrame?.() ?? '';
      frameRow.hidden = !frames.length;
      status.textContent = '';
      dialog.showModal();
    }),
    ...(on.insertImage ? [item('insert-image', icons.image, 'Insert image…', () => on.insertImage!())] : []),
    ...(on.present ? [item('present', icons.present, 'Present', () => on.present!())] : []),
    item('save-board', icons.download, 'Save to file (.json)', () => on.saveBoard()),
    item('open-board', icons.upload, 'Open file (.json)…', async () => say(await on.openBoard())),
    unlockItem,
    h('div', { class: 'menu-sep' }),
    gridItem,
    themeItem,
  );
  const button = h('button', { id: 'menu-button', class: 'card icon-btn menu-btn', title: 'Menu', 'aria-label': 'Menu', 'aria-haspopup': 'menu', html: icons.menu });
  button.addEventListener('click', () => (list.hidden ? (list.hidden = false) : hideList()));
  document.addEventListener('pointerdown', (e) => {
    if (!list.hidden && !list.contains(e.target as Node) && e.target !== button && !button.contains(e.target as Node)) hideList();
  });
  const el = h('div', { id: 'main-menu', class: 'main-menu' }, button, list);
  return { el, dialog, toast, say };
}
