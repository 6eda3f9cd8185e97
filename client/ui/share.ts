/**
 * Share button and dialog: the edit link (anyone with it can draw) and the spectator
 * link (watch only; it does not reveal the edit link), as absolute URLs with copy buttons.
 */
import type { RoomInfo } from '../../shared/api.ts';
import { h } from './dom.ts';
import { icons } from './icons.ts';

async function copy(text: string, input: HTMLInputElement): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    // Clipboard API needs a secure context; fall back to selecting for execCommand.
    input.select();
    return document.execCommand?.('copy') ?? false;
  }
}

function linkRow(id: string, label: string, hint: string, url: string) {
  const input = h('input', { id, class: 'share-input', type: 'text', readonly: true, value: url, 'aria-label': label });
  input.addEventListener('focus', () => input.select());
  const btn = h('button', { class: 'btn btn-primary share-copy', 'data-copy': id }, h('span', { html: icons.copy }), 'Copy');
  btn.addEventListener('click', async () => {
    const ok = await copy(url, input);
    btn.replaceChildren(h('span', { html: ok ? icons.check : icons.copy }), ok ? 'Copied' : 'Select & copy');
    btn.classList.toggle('copied', ok);
    setTimeout(() => {
      btn.replaceChildren(h('span', { html: icons.copy }), 'Copy');
      btn.classList.remove('copied');
    }, 1600);
  });
  return h('div', { class: 'share-row' }, h('label', { for: id, class: 'share-label' }, label, h('small', {}, hint)), h('div', { class: 'share-field' }, input, btn));
}

export function createShare(room: RoomInfo): { button: HTMLButtonElement; dialog: HTMLDialogElement } {
  const editUrl = new URL(room.editUrl, location.origin).href;
  const viewUrl = new URL(room.viewUrl, location.origin).href;
  const close = h('button', { class: 'icon-btn dialog-close', 'aria-label': 'Close', html: icons.close });
  const dialog = h(
    'dialog',
    { id: 'share-dialog', class: 'dialog', 'aria-labelledby': 'share-title' },
    h('div', { class: 'dialog-head' }, h('h2', { id: 'share-title' }, 'Share this board'), close),
    linkRow('share-edit-url', 'Edit link', 'Anyone with this link can draw.', editUrl),
    linkRow('share-view-url', 'Spectator link', 'Watch live, read only. Does not reveal the edit link.', viewUrl),
  );
  close.addEventListener('click', () => dialog.close());
  // a click on the backdrop (the dialog element itself, outside its box) closes it
  dialog.addEventListener('click', (e) => {
    if (e.target !== dialog) return;
    const r = dialog.getBoundingClientRect();
    const inside = e.clientX >= r.left && e.clientX <= r.right && e.clientY >= r.top && e.clientY <= r.bottom;
    if (!inside) dialog.close();
  });
  const button = h('button', { id: 'share-button', class: 'btn btn-primary', title: 'Share' }, h('span', { html: icons.share }), 'Share');
  button.addEventListener('click', () => dialog.showModal());
  return { button, dialog };
}
