/**
 * Who is here: one entry per editor (colour dot, name, "(you)", "away"), from awareness.
 * Clicking your own entry edits your name in place; clicking someone else follows
 * their viewport (click again to stop).
 */
import type { Awareness } from 'y-protocols/awareness';
import { peopleIn, type User } from '../sync/presence.ts';
import { h } from './dom.ts';
import { NAME_MAX } from '../board/sanitize.ts';
import { peerAway } from '../sync/peerState.ts';

export interface PresenceListOptions {
  /** present for editors: enables "(you)" and renaming */
  self?: { rename(name: string): void };
  /** present for editors: click a person to follow them */
  follow?: { toggle(clientId: number): void; following(): number | null; onChange(fn: () => void): void };
}

export function createPresenceList(awareness: Awareness, opts: PresenceListOptions = {}) {
  const list = h('ul', { id: 'presence-list', class: 'presence-list', 'aria-label': 'People on this board' });
  let editing = false;

  const entry = (clientId: number, u: User) => {
    const you = !!opts.self && clientId === awareness.clientID;
    const away = peerAway(awareness.getStates().get(clientId));
    const followed = opts.follow?.following() === clientId;
    const initials = u.name.split(/\s+/).map((w) => w[0] ?? '').join('').slice(0, 2).toUpperCase();
    const li = h(
      'li',
      {
        class: `person${you ? ' you' : ''}${away ? ' away' : ''}${followed ? ' followed' : ''}${opts.follow && !you ? ' followable' : ''}`,
        'data-name': u.name,
        'data-you': you ? 'true' : null,
        'data-away': away ? 'true' : null,
        'data-following': followed ? 'true' : null,
        title: you ? 'Click to rename yourself' : opts.follow ? (followed ? `Stop following ${u.name}` : `Follow ${u.name}`) : u.name,
        '--c': u.color,
      },
      h('span', { class: 'avatar', 'aria-hidden': 'true' }, initials),
      h('span', { class: 'person-name' }, u.name),
      you ? h('span', { class: 'person-you' }, '(you)') : null,
      away ? h('span', { class: 'person-away' }, 'away') : null,
      followed ? h('span', { class: 'person-following' }, 'following') : null,
    );
    if (you) li.addEventListener('click', () => startRename(li, u.name));
    else if (opts.follow) li.addEventListener('click', () => opts.follow!.toggle(clientId));
    return li;
  };

  const startRename = (li: HTMLLIElement, name: string) => {
    if (editing) return;
    editing = true;
    const input = h('input', { class: 'rename-input', value: name, maxlength: NAME_MAX, 'aria-label': 'Your name' });
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
  opts.follow?.onChange(render);
  render();
  return { el: list, destroy: () => awareness.off('change', render) };
}
