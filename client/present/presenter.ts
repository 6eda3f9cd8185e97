/**
 * Presenting (the editor's Present button): the frames are slides, in their stacking
 * order (board/frames.ts framesInOrder). The page goes full screen, the chrome hides, the
 * camera fits the current frame and everything outside it is veiled (mask.ts); arrow
 * keys (also Page Up / Page Down, Space, Home, End) step, Escape ends. The frame shown
 * is in our awareness state (`present: { frame }`, docs/protocol.md), so whoever follows
 * us, and every spectator (watch.ts), is shown the same frame fitted to their own screen.
 */
import type { Awareness } from 'y-protocols/awareness';
import { framesInOrder } from '../board/frames.ts';
import type { ShapeIndex } from '../board/spatial.ts';
import type { Camera } from '../render/camera.ts';
import type { FrameShape } from '../shapes/frame/index.ts';
import { asFrame } from '../shapes/frame/index.ts';
import { frameLabel } from '../shapes/frame/label.ts';
import { h, isTyping, keepBoardFocus } from '../ui/dom.ts';
import { icons } from '../ui/icons.ts';
import { frameCamera, stepFrame } from './frameCamera.ts';

export interface PresenterDeps {
  root: HTMLElement;
  awareness: Awareness;
  camera: Camera;
  index: ShapeIndex;
  size(): { width: number; height: number };
  /** a selected frame to start from, if any */
  selectedFrame(): string | null;
  say(msg: string): void;
}

const NEXT = new Set(['ArrowRight', 'ArrowDown', 'PageDown', ' ']);
const PREV = new Set(['ArrowLeft', 'ArrowUp', 'PageUp']);

export class Presenter {
  private current: string | null = null;
  private active = false;
  private count = h('span', { id: 'present-count', class: 'present-count' });
  private title = h('span', { id: 'present-title', class: 'present-title' });
  readonly hud: HTMLElement;
  readonly button: HTMLButtonElement;

  constructor(private d: PresenterDeps) {
    const btn = (action: string, label: string, html: string, fn: () => void) =>
      h('button', { class: 'icon-btn', 'data-present': action, title: label, 'aria-label': label, html, onclick: fn });
    this.hud = h(
      'div',
      { id: 'present-hud', class: 'card present-hud', hidden: true },
      btn('prev', 'Previous frame (←)', '&#x2039;', () => this.step(-1)),
      this.count,
      this.title,
      btn('next', 'Next frame (→)', '&#x203a;', () => this.step(1)),
      btn('stop', 'End the presentation (Esc)', icons.close, () => this.stop()),
    );
    keepBoardFocus(this.hud);
    this.button = h('button', { id: 'present-button', class: 'card icon-btn', title: 'Present the frames', 'aria-label': 'Present', html: icons.present, onclick: () => this.start() });
    keepBoardFocus(this.button);
    d.index.onChange(() => this.active && this.refresh());
  }

  get presenting(): boolean {
    return this.active;
  }

  /** The frame on screen while presenting. */
  frame(): FrameShape | null {
    return this.active && this.current ? asFrame(this.d.index.get(this.current)) : null;
  }

  start(): void {
    if (this.active) return;
    const frames = framesInOrder(this.d.index);
    if (!frames.length) return this.d.say('Nothing to present: draw a frame (F) first; each frame is a slide.');
    const from = this.d.selectedFrame();
    this.active = true;
    this.d.root.classList.add('presenting');
    this.hud.hidden = false;
    window.addEventListener('keydown', this.onKey, true);
    window.addEventListener('resize', this.refit);
    document.addEventListener('fullscreenchange', this.onFullscreen);
    // headless browsers and iframes may refuse: the presentation goes on in the window
    document.documentElement.requestFullscreen?.().catch(() => {});
    this.show(frames.find((f) => f.id === from) ?? frames[0]);
  }

  stop(): void {
    if (!this.active) return;
    this.active = false;
    this.current = null;
    this.d.root.classList.remove('presenting');
    this.hud.hidden = true;
    window.removeEventListener('keydown', this.onKey, true);
    window.removeEventListener('resize', this.refit);
    document.removeEventListener('fullscreenchange', this.onFullscreen);
    if (document.fullscreenElement) document.exitFullscreen().catch(() => {});
    this.d.awareness.setLocalStateField('present', null);
  }

  step(dir: 1 | -1): void {
    const next = stepFrame(framesInOrder(this.d.index), this.current, dir);
    if (next) this.show(next);
    else this.stop();
  }

  private show(f: FrameShape) {
    this.current = f.id;
    this.d.camera.set(frameCamera(f, this.d.size()));
    this.d.awareness.setLocalStateField('present', { frame: f.id });
    this.label();
  }

  private label() {
    const frames = framesInOrder(this.d.index);
    const i = frames.findIndex((f) => f.id === this.current);
    this.count.textContent = `${i + 1} / ${frames.length}`;
    // a name is anyone's text: only ever as text
    this.title.textContent = i >= 0 ? frameLabel(frames[i]) : '';
  }

  /** The board changed: the current frame may have moved, been renamed or gone. */
  private refresh() {
    if (!this.frame()) return this.step(1);
    this.label();
  }

  private refit = () => {
    const f = this.frame();
    if (f) this.d.camera.set(frameCamera(f, this.d.size()));
  };

  private onFullscreen = () => {
    // leaving full screen (Esc in the browser) ends the presentation
    if (!document.fullscreenElement) this.stop();
  };

  private onKey = (e: KeyboardEvent) => {
    if (isTyping(e.target) || e.ctrlKey || e.metaKey || e.altKey) return;
    const dir = NEXT.has(e.key) ? 1 : PREV.has(e.key) ? -1 : 0;
    const edge = e.key === 'Home' ? 'first' : e.key === 'End' ? 'last' : null;
    if (!dir && !edge && e.key !== 'Escape') return;
    // the board's own shortcuts (arrows nudge) do not see these keys meanwhile
    e.preventDefault();
    e.stopImmediatePropagation();
    if (e.key === 'Escape') return this.stop();
    if (dir) return this.step(dir);
    const frames = framesInOrder(this.d.index);
    this.show(edge === 'first' ? frames[0] : frames[frames.length - 1]);
  };
}
