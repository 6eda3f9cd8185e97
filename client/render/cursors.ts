/**
 * Remote cursors: an HTML overlay above the canvas (crisp labels at any zoom). Awareness
 * updates arrive at network pace (up to 60/s from editors, 10/s over SSE), so each
 * cursor glides toward its latest position with exponential smoothing in rAF instead
 * of jumping. Cursors disappear when the pointer leaves the board or the peer leaves.
 */
import type { Awareness } from 'y-protocols/awareness';
import { peerAway, peerCursor, peerUser } from '../sync/peerState.ts';
import type { Camera } from './camera.ts';
import { requestFrame } from './frame.ts';

/** Smoothing time constant: ~90% of the way in 2.3 * TAU ms. */
const TAU_MS = 45;

interface RemoteCursor {
  el: HTMLDivElement;
  label: HTMLSpanElement;
  name: string;
  /** displayed position (board coords) and the latest received one */
  x: number;
  y: number;
  tx: number;
  ty: number;
  visible: boolean;
}

const ARROW =
  '<svg width="18" height="20" viewBox="0 0 18 20"><path d="M1.5 1.5 L1.5 16 L5.6 12.2 L8.4 18.4 L11 17.2 L8.3 11.1 L14 11 Z" stroke="white" stroke-width="1.5" stroke-linejoin="round"/></svg>';

export class CursorsOverlay {
  readonly el: HTMLDivElement;
  private cursors = new Map<number, RemoteCursor>();
  private lastTick = 0;
  private offAwareness: () => void;
  private offCamera: () => void;

  constructor(
    parent: HTMLElement,
    private awareness: Awareness,
    private camera: Camera,
  ) {
    this.el = document.createElement('div');
    this.el.className = 'cursors';
    parent.appendChild(this.el);
    const onChange = () => this.sync();
    awareness.on('change', onChange);
    this.offAwareness = () => awareness.off('change', onChange);
    this.offCamera = camera.onChange(() => this.place());
    this.sync();
  }

  /** Cursors currently displayed, board coordinates of where they are drawn. */
  visible(): { name: string; x: number; y: number; away: boolean }[] {
    return [...this.cursors.values()].filter((c) => c.visible).map((c) => ({ name: c.name, x: c.x, y: c.y, away: c.el.classList.contains('away') }));
  }

  private sync() {
    const states = this.awareness.getStates();
    for (const [id, c] of this.cursors) {
      if (!states.has(id)) {
        c.el.remove();
        this.cursors.delete(id);
      }
    }
    for (const [id, raw] of states) {
      if (id === this.awareness.clientID) continue;
      // validated (peerState.ts): the name goes in as text, the colour into a CSS variable
      const user = peerUser(raw);
      if (!user) continue;
      const away = peerAway(raw);
      let c = this.cursors.get(id);
      if (!c) c = this.create(id);
      c.name = user.name;
      c.label.textContent = away ? `${user.name} (away)` : user.name;
      c.el.classList.toggle('away', away);
      c.el.style.setProperty('--c', user.color);
      const cur = peerCursor(raw);
      if (cur) {
        if (!c.visible) {
          // appear where the pointer is, do not fly in from the old spot
          c.x = cur.x;
          c.y = cur.y;
        }
        c.tx = cur.x;
        c.ty = cur.y;
        c.visible = true;
      } else c.visible = false;
      c.el.classList.toggle('hidden', !c.visible);
    }
    this.place();
    this.animate();
  }

  private create(id: number): RemoteCursor {
    const el = document.createElement('div');
    el.className = 'cursor hidden';
    el.innerHTML = ARROW; // a constant: no peer data in it
    const label = document.createElement('span');
    label.className = 'cursor-label';
    el.appendChild(label);
    this.el.appendChild(el);
    const c: RemoteCursor = { el, label, name: '', x: 0, y: 0, tx: 0, ty: 0, visible: false };
    this.cursors.set(id, c);
    return c;
  }

  private tick = () => {
    const now = performance.now();
    const dt = Math.min(100, now - (this.lastTick || now - 16));
    this.lastTick = now;
    const k = 1 - Math.exp(-dt / TAU_MS);
    let moving = false;
    for (const c of this.cursors.values()) {
      const dx = c.tx - c.x;
      const dy = c.ty - c.y;
      if (Math.abs(dx) < 0.05 && Math.abs(dy) < 0.05) {
        c.x = c.tx;
        c.y = c.ty;
      } else {
        c.x += dx * k;
        c.y += dy * k;
        moving = true;
      }
    }
    this.place();
    if (moving) requestFrame(this.tick);
    else this.lastTick = 0;
  };

  private animate() {
    requestFrame(this.tick);
  }

  private place() {
    for (const c of this.cursors.values()) {
      if (!c.visible) continue;
      const p = this.camera.toScreen(c.x, c.y);
      c.el.style.transform = `translate(${p.x}px, ${p.y}px)`;
    }
  }

  destroy() {
    this.offAwareness();
    this.offCamera();
    this.el.remove();
  }
}
