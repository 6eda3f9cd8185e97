/**
 * Routes pointer, wheel and keyboard input on the board to the active tool or to
 * navigation. Navigation works with any tool: space-drag or middle-drag pans, the
 * wheel zooms around the pointer (trackpad pinch arrives as ctrl+wheel), and two
 * fingers pan and pinch-zoom (cancelling a stroke the first finger began).
 */
import type { Camera } from '../render/camera.ts';
import type { Tool, ToolPointer } from './tool.ts';

type Mode = 'idle' | 'tool' | 'pan' | 'pinch';

export interface InputOptions {
  /** pointer position in board coordinates, null when it leaves the board */
  onCursor?(p: { x: number; y: number } | null): void;
  /** the user panned or zoomed the camera themselves (stops following someone) */
  onNavigate?(): void;
  /** any input at all (for idle presence) */
  onActivity?(): void;
}

const isTyping = (t: EventTarget | null) =>
  t instanceof HTMLElement && (t.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName));

export class InputController {
  private tool: Tool | null = null;
  private mode: Mode = 'idle';
  private owner = -1;
  private touches = new Map<number, { sx: number; sy: number }>();
  private pinch: { dist: number; cx: number; cy: number } | null = null;
  private panLast = { sx: 0, sy: 0 };
  private space = false;
  /** what the tool asked to show under the pointer (e.g. 'move' over a shape) */
  private hoverCursor: string | null = null;
  private hover: { sx: number; sy: number } | null = null;
  private cleanup: (() => void)[] = [];

  constructor(
    private el: HTMLElement,
    private camera: Camera,
    private opts: InputOptions = {},
  ) {
    const on = <K extends keyof HTMLElementEventMap>(
      target: HTMLElement | Window,
      type: K,
      fn: (e: HTMLElementEventMap[K]) => void,
      o?: AddEventListenerOptions,
    ) => {
      target.addEventListener(type, fn as EventListener, o);
      this.cleanup.push(() => target.removeEventListener(type, fn as EventListener, o));
    };
    on(el, 'pointerdown', (e) => this.down(e));
    on(el, 'pointermove', (e) => this.move(e));
    on(el, 'pointerup', (e) => this.up(e, false));
    on(el, 'pointercancel', (e) => this.up(e, true));
    on(el, 'pointerleave', (e) => {
      if (e.pointerType !== 'touch' && this.mode === 'idle') this.setHover(null);
    });
    on(el, 'wheel', (e) => this.wheel(e), { passive: false });
    on(el, 'dblclick', (e) => {
      if (this.mode === 'idle' && this.tool?.dblclick) this.tool.dblclick(this.sample(e as unknown as PointerEvent));
    });
    on(el, 'contextmenu', (e) => e.preventDefault());
    on(window, 'keydown', (e) => this.key(e, true));
    on(window, 'keyup', (e) => this.key(e, false));
    on(window, 'blur', () => {
      this.space = false;
      this.updateCursor();
    });
    // The pointer is still over the same screen spot, but the board moved under it.
    this.cleanup.push(camera.onChange(() => this.hover && this.setHover(this.hover)));
  }

  setTool(tool: Tool): void {
    if (this.mode === 'tool') this.tool?.cancel();
    if (this.mode === 'tool') this.mode = 'idle';
    if (this.tool !== tool) this.tool?.deactivate?.();
    this.tool = tool;
    this.hoverCursor = null;
    this.updateCursor();
  }

  private sample(e: PointerEvent): ToolPointer {
    const r = this.el.getBoundingClientRect();
    const sx = e.clientX - r.left;
    const sy = e.clientY - r.top;
    const b = this.camera.toBoard(sx, sy);
    // Only pens measure pressure; mice report 0.5 while pressed, touch screens vary.
    const pressure = e.pointerType === 'pen' ? (e.pressure > 0 ? e.pressure : 0.5) : 0.5;
    return { x: b.x, y: b.y, sx, sy, pressure, pen: e.pointerType === 'pen', shift: e.shiftKey, mod: e.ctrlKey || e.metaKey, alt: e.altKey };
  }

  private down(e: PointerEvent) {
    this.opts.onActivity?.();
    if (e.pointerType === 'touch') {
      this.touches.set(e.pointerId, this.sample(e));
      if (this.touches.size === 2) {
        if (this.mode === 'tool') this.tool?.cancel();
        this.mode = 'pinch';
        this.pinch = this.pinchState();
        this.opts.onNavigate?.();
        this.el.setPointerCapture(e.pointerId);
        return;
      }
      if (this.touches.size > 2) return;
    }
    if (this.mode !== 'idle') return;
    const p = this.sample(e);
    const panning = e.button === 1 || (e.button === 0 && this.space);
    if (!panning && e.button !== 0) return;
    // A Transformer handle: Konva runs that drag on mouse events, which a prevented
    // pointerdown would suppress.
    if (!panning && this.tool?.passThrough?.(p)) return;
    e.preventDefault();
    this.el.setPointerCapture(e.pointerId);
    this.owner = e.pointerId;
    if (panning || !this.tool) {
      this.opts.onNavigate?.();
      this.mode = 'pan';
      this.panLast = { sx: p.sx, sy: p.sy };
    } else {
      this.mode = 'tool';
      this.tool.down(p);
    }
    this.updateCursor();
  }

  private move(e: PointerEvent) {
    this.opts.onActivity?.();
    if (e.pointerType !== 'touch') {
      const p = this.sample(e);
      this.setHover(p);
      if (this.mode === 'idle' && this.tool?.hover && !this.space) {
        this.hoverCursor = this.tool.hover(p);
        this.updateCursor();
      }
    }
    if (e.pointerType === 'touch' && this.touches.has(e.pointerId)) this.touches.set(e.pointerId, this.sample(e));
    if (this.mode === 'pinch') return this.pinchMove();
    if (e.pointerId !== this.owner) return;
    if (this.mode === 'pan') {
      const p = this.sample(e);
      this.camera.panBy(p.sx - this.panLast.sx, p.sy - this.panLast.sy);
      this.panLast = { sx: p.sx, sy: p.sy };
    } else if (this.mode === 'tool') {
      const events = e.getCoalescedEvents?.() ?? [];
      this.tool?.move((events.length ? events : [e]).map((ce) => this.sample(ce)));
    }
  }

  private up(e: PointerEvent, cancelled: boolean) {
    this.touches.delete(e.pointerId);
    if (this.mode === 'pinch') {
      // The pinch ends when fingers lift; a remaining finger does not start drawing.
      if (this.touches.size < 2) this.pinch = null;
      if (this.touches.size === 0) this.mode = 'idle';
      return;
    }
    if (e.pointerId !== this.owner) return;
    if (this.mode === 'tool') {
      if (cancelled) this.tool?.cancel();
      else this.tool?.up(this.sample(e));
    }
    this.mode = 'idle';
    this.owner = -1;
    this.updateCursor();
  }

  private pinchState() {
    const [a, b] = [...this.touches.values()];
    return { dist: Math.hypot(a.sx - b.sx, a.sy - b.sy) || 1, cx: (a.sx + b.sx) / 2, cy: (a.sy + b.sy) / 2 };
  }

  private pinchMove() {
    if (!this.pinch || this.touches.size < 2) return;
    const next = this.pinchState();
    this.camera.panBy(next.cx - this.pinch.cx, next.cy - this.pinch.cy);
    this.camera.zoomBy(next.dist / this.pinch.dist, next.cx, next.cy);
    this.pinch = next;
  }

  private wheel(e: WheelEvent) {
    e.preventDefault();
    this.opts.onActivity?.();
    this.opts.onNavigate?.();
    const r = this.el.getBoundingClientRect();
    const unit = e.deltaMode === 1 ? 16 : e.deltaMode === 2 ? 400 : 1;
    // ctrl+wheel is a trackpad pinch: small deltas, so a stronger factor.
    const k = e.ctrlKey || e.metaKey ? 0.01 : 0.002;
    const dy = Math.max(-200, Math.min(200, e.deltaY * unit));
    this.camera.zoomBy(Math.exp(-dy * k), e.clientX - r.left, e.clientY - r.top);
  }

  private key(e: KeyboardEvent, down: boolean) {
    this.opts.onActivity?.();
    if (e.code !== 'Space' || isTyping(e.target)) return;
    if (down) e.preventDefault();
    if (this.space === down) return;
    this.space = down;
    this.updateCursor();
  }

  private setHover(p: { sx: number; sy: number } | null) {
    this.hover = p && { sx: p.sx, sy: p.sy };
    this.opts.onCursor?.(p && this.camera.toBoard(p.sx, p.sy));
  }

  private updateCursor() {
    let c = this.hoverCursor ?? this.tool?.cursor ?? 'default';
    if (this.mode === 'pan') c = 'grabbing';
    else if (this.space) c = 'grab';
    else if (this.mode === 'tool' && this.tool?.activeCursor) c = this.tool.activeCursor;
    this.el.style.cursor = c;
  }

  destroy() {
    for (const fn of this.cleanup) fn();
  }
}
