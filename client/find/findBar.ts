/**
 * The find bar (Ctrl+F / Cmd+F): a small card at the top centre with a search field,
 * "n of m", ▲ ▼ and a close button. Typing goes to the first match; Enter / Shift+Enter
 * and the arrows go to the next / previous one (the editor zooms the camera to it and
 * selects it); Escape or × closes. What matches is search.ts's business; the bar follows
 * the board while it is open (someone typing in a note changes the count).
 * Built with `h` only: document text never goes in as markup.
 */
import { h } from '../ui/dom.ts';
import { countLabel, findMatches, keepIndex, stepIndex, type Searchable } from './search.ts';

export interface FindBarDeps {
  /** every shape find can look at, read when needed */
  items(): Iterable<Searchable>;
  /** show (and select) a match */
  goTo(match: Searchable): void;
  /** the bar closed: give the keyboard back to the board */
  closed?(): void;
}

export function createFindBar(d: FindBarDeps) {
  let matches: Searchable[] = [];
  let index = -1;
  /** a refresh is waiting for the next frame (someone drawing changes the board every frame) */
  let pending = false;

  const input = h('input', { id: 'find-input', class: 'find-input', type: 'search', placeholder: 'Find on board', 'aria-label': 'Find on board', autocomplete: 'off', spellcheck: 'false' });
  const count = h('span', { id: 'find-count', class: 'find-count', 'aria-live': 'polite' });
  const button = (name: string, label: string, glyph: string, fn: () => void) =>
    h('button', { class: 'icon-btn find-btn', 'data-find': name, title: label, 'aria-label': label, onclick: fn }, glyph);
  const prev = button('prev', 'Previous match — Shift+Enter', '▲', () => go(-1));
  const next = button('next', 'Next match — Enter', '▼', () => go(1));
  const close = button('close', 'Close — Escape', '×', () => api.close());
  const el = h('div', { id: 'find-bar', class: 'card find-bar', role: 'search', hidden: true }, input, count, prev, next, close);
  // keep the focus in the field when the buttons are clicked
  el.addEventListener('mousedown', (e) => {
    if ((e.target as HTMLElement).closest('button')) e.preventDefault();
  });

  const paint = () => {
    count.textContent = countLabel(index, matches.length, input.value);
    prev.disabled = next.disabled = matches.length === 0;
  };

  /** Reads the board again; keeps the current match if it still matches. */
  const recompute = (): boolean => {
    const current = index >= 0 ? (matches[index]?.id ?? null) : null;
    matches = findMatches(d.items(), input.value);
    index = keepIndex(matches, current);
    paint();
    return index >= 0 && matches[index].id !== current;
  };

  function go(dir: 1 | -1) {
    recompute();
    index = stepIndex(index, matches.length, dir);
    paint();
    if (index >= 0) d.goTo(matches[index]);
  }

  input.addEventListener('input', () => {
    index = -1;
    if (recompute()) d.goTo(matches[index]);
  });
  input.addEventListener('keydown', (e) => {
    if (e.key === 'Enter') {
      e.preventDefault();
      go(e.shiftKey ? -1 : 1);
    } else if (e.key === 'Escape') {
      e.preventDefault();
      api.close();
    } else if ((e.ctrlKey || e.metaKey) && e.key.toLowerCase() === 'f') {
      // Ctrl+F again: select the query, not the browser's own find
      e.preventDefault();
      input.select();
    }
    e.stopPropagation();
  });

  const api = {
    el,
    isOpen: () => !el.hidden,
    open() {
      el.hidden = false;
      input.focus();
      input.select();
      recompute();
    },
    close() {
      if (el.hidden) return;
      el.hidden = true;
      input.blur();
      d.closed?.();
    },
    /** The board changed: update the count (the camera stays where it is), at most once a frame. */
    refresh() {
      if (el.hidden || !input.value.trim() || pending) return;
      pending = true;
      requestAnimationFrame(() => {
        pending = false;
        if (!el.hidden) recompute();
      });
    },
  };
  return api;
}

export type FindBar = ReturnType<typeof createFindBar>;
