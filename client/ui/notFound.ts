/** The page for unknown or malformed board links (and API failures). */
import { h } from './dom.ts';

/** A lost-in-space scribble; an SVG because emoji fonts are not everywhere. */
const LOST =
  '<svg viewBox="0 0 64 64" width="56" height="56" fill="none" stroke="#6965db" stroke-width="3" stroke-linecap="round"><circle cx="32" cy="32" r="26" stroke="#e0dfff"/><path d="M24 25a8 8 0 1 1 11 7.4c-2 .9-3 2.4-3 4.6v2"/><circle cx="32" cy="46" r="1.5" fill="#6965db"/></svg>';

export function showNotFound(root: HTMLElement, opts: { title?: string; message?: string } = {}): void {
  document.title = `${opts.title ?? 'Board not found'} · Whiteboard`;
  root.replaceChildren(
    h(
      'main',
      { id: 'not-found', class: 'page-message' },
      h('div', { class: 'card page-card' },
        h('div', { class: 'page-icon', 'aria-hidden': 'true', html: LOST }),
        h('h1', {}, opts.title ?? 'Board not found'),
        h('p', {}, opts.message ?? 'This link does not lead to a board. It may be mistyped, or the board no longer exists.'),
        h('a', { class: 'btn btn-primary', href: '/' }, 'Start a new board'),
      ),
    ),
  );
}

export function showLoading(root: HTMLElement, text = 'Loading board…'): void {
  root.replaceChildren(h('div', { class: 'page-message loading' }, h('div', { class: 'spinner', 'aria-hidden': 'true' }), h('p', {}, text)));
}
