/** Bottom-left status: connection state (+ close reason) and "N watching". */
import type { ConnStatus, StatusStore } from '../sync/status.ts';
import { h } from './dom.ts';

const LABELS: Record<ConnStatus['state'], string> = {
  connecting: 'Connecting…',
  connected: 'Connected',
  reconnecting: 'Reconnecting…',
  offline: 'Offline',
};

export function createStatusBadge(store: StatusStore, opts: { onRetry?(): void } = {}) {
  const text = h('span', { class: 'status-text' });
  const reason = h('span', { class: 'status-reason' });
  const retry = h('button', { class: 'status-retry', hidden: true }, 'Retry');
  retry.addEventListener('click', () => opts.onRetry?.());
  const status = h('div', { id: 'status', class: 'status', role: 'status', 'aria-live': 'polite' }, h('span', { class: 'status-dot' }), text, reason, retry);
  const watching = h('div', { id: 'spectator-count', class: 'watching', 'data-count': '0', title: 'People watching with the spectator link' });
  const el = h('div', { class: 'card status-bar' }, status, watching);

  store.subscribe((s) => {
    status.dataset.state = s.state;
    text.textContent = LABELS[s.state];
    reason.textContent = s.reason ? `— ${s.reason}` : '';
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
