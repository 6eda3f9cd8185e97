/**
 * Watching a presentation. A spectator follows whoever presents (the one with the lowest
 * client id, should two), and is shown their frame fitted to its own screen (sync/
 * follow.ts); panning or zooming pauses that until the presenter moves to another frame.
 * An editor is offered a "Follow" button instead (a paused spectator too). While following a presenter the
 * page's chrome hides (`watching-presentation` on the root) and the frame is shown alone.
 */
import type { Awareness } from 'y-protocols/awareness';
import type { Follow } from '../sync/follow.ts';
import { peerUser } from '../sync/peerState.ts';
import { h } from '../ui/dom.ts';
import { presenterOf } from './frameCamera.ts';

export interface WatchDeps {
  root: HTMLElement;
  awareness: Awareness;
  follow: Follow;
  /** whether this board has a frame with this id */
  hasFrame(id: string): boolean;
  /** follow presenters by themselves (spectators), else offer a button (editors) */
  auto: boolean;
}

export function watchPresentations(d: WatchDeps): { el: HTMLElement; update(): void } {
  const name = h('span', { class: 'present-who' });
  const followBtn = h('button', { class: 'btn btn-primary present-follow', 'data-action': 'follow-presenter' }, 'Follow');
  const el = h('div', { id: 'present-banner', class: 'card present-banner', hidden: true }, name, followBtn);
  let presenter: { client: number; frame: string } | null = null;
  /** the presentation's frame when we stopped following it ourselves */
  let paused: { client: number; frame: string } | null = null;
  let started: number | null = null;

  followBtn.addEventListener('click', () => presenter && d.follow.start(presenter.client));
  d.follow.onChange((leader) => {
    if (leader === null && presenter && started === presenter.client) paused = presenter;
    if (leader !== started) started = null;
    update();
  });
  d.awareness.on('change', () => update());

  function update() {
    presenter = presenterOf(d.awareness.getStates(), d.awareness.clientID, d.hasFrame);
    if (d.auto && presenter && d.follow.following !== presenter.client) {
      const resume = !paused || paused.client !== presenter.client || paused.frame !== presenter.frame;
      if (resume) {
        paused = null;
        started = presenter.client;
        d.follow.start(presenter.client);
      }
    }
    // the presentation ended: a spectator stops following
    if (!presenter && d.auto && started !== null && d.follow.following === started) d.follow.stop();
    const watching = presenter !== null && d.follow.following === presenter.client;
    d.root.classList.toggle('watching-presentation', watching);
    const u = presenter && peerUser(d.awareness.getStates().get(presenter.client));
    el.hidden = !presenter || (watching && !d.auto);
    followBtn.hidden = watching;
    if (u) {
      name.textContent = `${u.name} is presenting`;
      el.style.setProperty('--c', u.color);
    }
  }
  update();
  // also when the board changes: the presented frame may arrive after the presenter's state
  return { el, update };
}
