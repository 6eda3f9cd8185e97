/**
 * Who is here: one entry per editor (colour dot, name, "(you)"), from awareness.
 * Clicking your own entry edits your name in place.
 */
import type { Awareness } from 'y-protocols/awareness';
import { peopleIn, type User } from '../sync/presence.ts';
import { h } from './dom.ts';

export interface PresenceListOptions {
  /** present for editors: enables "(you)" and renaming */
  self?: { rename(name: string): void };
}

export function createPresenceList(awareness: Awareness, opts: PresenceListOptions = {}) {
  const list = h('ul', { id: 'presence-list', class: 'presence-list', 'aria-label': 'People on this board' });
  let editing = false;

  const entry = (clientId: number, u: User) => {
    const you = !!opts.self && clientId === awareness.clientID;
    const initials = u.name.split(/\s+/).map((w) => w[0] ?? '').join('').slice(0, 2).toUpperCase();
    const li = h(
      'li',
      { class: you ? 'person you' : 'person', 'data-name': u.name, 'data-you': you ? 'true' : null, title: you ? 'Click to rename yourself' : u.name, style: `--c:${u.color}` },
      h('span', { class: 'avatar', 'aria-hidden': 'true' }, initials),
      h('span', { class: 'person-name' }, u.name),
      you ? h('span', { class: 'person-you' }, '(you)') : null,
    );
    if (you) li.addEventListener('click', () => startRename(li, u.name));
    return li;
  };

  const startRename = (li: HTMLLIElement, name: string) => {
    if (editing) return;
    editing = true;
    const input = h('input', { class: 'rename-input', value: name, maxlength: 40, 'aria-label': 'Your name' });
    const finish = (save: boolean) => {
      if (!editing) return;
      editing = false;
      if (save) opts.self?.rename(input.value);
      render();
    };
    input.addEventListener('keydown', (e) => {
      e.stopPropagation();
      if (e.key === 'Enter') finish(true);
      if (e.key === 'Escape') finish(false);
    });
    input.addEventListener('blur', () => finish(true));
    li.querySelector('.person-name')?.replaceWith(input);
    input.focus();
    input.select();
  };

  const render = () => {
    if (editing) return;
    const people = [...peopleIn(awareness)];
    // you first, then by name, so the list does not jump around
    people.sort(([a, ua], [b, ub]) => {
      if (a === awareness.clientID) return -1;
      if (b === awareness.clientID) return 1;
      return ua.name.localeCompare(ub.name) || a - b;
    });
    list.replaceChildren(...people.map(([id, u]) => entry(id, u)));
    list.classList.toggle('empty', people.length === 0);
  };

  awareness.on('change', render);
  render();
  return { el: list, destroy: () => awareness.off('change', render) };
}
