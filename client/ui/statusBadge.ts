/**
 * Bottom-left status: connection state (+ close reason), "not saving" while the relay
 * cannot store the board, "N watching", and above it a notice when the relay refused a
 * change (what happened, in words, with the change offered as a board file).
 */
import { NOT_SAVING_TEXT } from '../sync/refusedText.ts';
import { NO_NETWORK, type ConnStatus, type StatusStore } from '../sync/status.ts';
import { h } from './dom.ts';
import { download, stamp } from './download.ts';
import { icons } from './icons.ts';

/** The badge's reason while offline with the board kept in this browser. */
export const ON_DEVICE_TEXT = 'saved on this device';

const LABELS: Record<ConnStatus['state'], string> = {
  connecting: 'Connecting…',
  connected: 'Connected',
  reconnecting: 'Reconnecting…',
  offline: 'Offline',
};

export interface StatusBadgeOptions {
  onRetry?(): void;
  /** the person closed the notice */
  onDismissNotice?(): void;
}

export function createStatusBadge(store: StatusStore, opts: StatusBadgeOptions = {}) {
  const text = h('span', { class: 'status-text' });
  const reason = h('span', { class: 'status-reason' });
  const retry = h('button', { class: 'status-retry', hidden: true }, 'Retry');
  retry.addEventListener('click', () => opts.onRetry?.());
  const status = h('div', { id: 'status', class: 'status', role: 'status', 'aria-live': 'polite' }, h('span', { class: 'status-dot' }), text, reason, retry);
  const watching = h('div', { id: 'spectator-count', class: 'watching', 'data-count': '0', title: 'People watching with the spectator link' });
  const bar = h('div', { class: 'card status-bar' }, status, watching);
  const notice = createNotice(store, opts);
  const el = h('div', { class: 'status-stack' }, notice, bar);

  store.subscribe((s) => {
    // While the relay cannot store the board the socket comes and goes (each edit is
    // refused with 4507 and resent): what the person needs to know is that nothing is lost.
    const notSaving = !s.saving && s.state !== 'offline';
    status.dataset.state = s.state;
    status.dataset.saving = String(s.saving);
    text.textContent = notSaving ? NOT_SAVING_TEXT.label : LABELS[s.state];
    // with no network, what matters is that the work is safe here
    const safeHere = s.onDevice && s.state === 'offline' && s.reason === NO_NETWORK ? ON_DEVICE_TEXT : null;
    const why = notSaving ? NOT_SAVING_TEXT.reason : (safeHere ?? s.reason);
    reason.textContent = why ? `— ${why}` : '';
    if (s.reason) status.dataset.reason = s.reason;
    else delete status.dataset.reason;
    retry.hidden = !(opts.onRetry && s.state === 'offline' && s.reason && navigator.onLine);
  });

  const setWatching = (n: number) => {
    watching.dataset.count = String(n);
    watching.textContent = `${n} watching`;
    watching.classList.toggle('none', n === 0);
  };
  setWatching(0);
  return { el, setWatching };
}

/** The notice card: the message, "Save the change to a file" when there is one, and a close button. */
function createNotice(store: StatusStore, opts: StatusBadgeOptions): HTMLElement {
  const message = h('p', { class: 'status-notice-text' });
  const save = h('button', { class: 'btn btn-secondary status-notice-save', 'data-action': 'save-refused' }, h('span', { html: icons.download }), 'Save the change to a file');
  const dismiss = h('button', { class: 'icon-btn status-notice-close', 'data-action': 'dismiss-notice', 'aria-label': 'Dismiss', title: 'Dismiss', html: icons.close });
  const el = h('div', { id: 'status-notice', class: 'card status-notice', role: 'alert', hidden: true }, message, h('div', { class: 'status-notice-actions' }, save, dismiss));
  save.addEventListener('click', () => {
    const file = store.get().notice?.file;
    if (file) download(file, `whiteboard-kept-change-${stamp()}.json`, 'application/json');
  });
  dismiss.addEventListener('click', () => (opts.onDismissNotice ? opts.onDismissNotice() : store.setNotice(null)));
  store.subscribe(({ notice }) => {
    el.hidden = !notice;
    message.textContent = notice?.message ?? '';
    save.hidden = !notice?.file;
  });
  return el;
}
