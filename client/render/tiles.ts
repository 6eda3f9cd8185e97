/**
 * Bitmap cache of the static board content, in tiles.
 *
 * The board is cut into TILE×TILE screen-pixel tiles of one "generation": a zoom and
 * the sub-pixel part of the camera offset. A tile is painted once (only the shapes the
 * spatial index finds in it) and then blitted at whole-pixel positions, so panning with
 * the mouse (whole-pixel moves) only copies bitmaps and paints the tiles coming into
 * view, and the result is pixel-identical to painting the board directly: crisp.
 *
 * While the camera moves in a way the generation does not match (zooming, fractional
 * pans), the current generation is drawn scaled (a blurry but immediate frame) and,
 * once the camera rests REST_MS, a new generation is painted, progressively within a
 * time budget per frame, with the old one standing in for tiles not painted yet.
 * Shapes that change invalidate only the tiles their old and new bounds touch. A shape
 * whose looks got better without changing (an image's decoded copy arrived) only
 * refreshes its tiles: they keep showing their bitmap and are repainted within the
 * frame's budget, view first, so twenty images decoded at once cost no long frame.
 */
import type { Box } from '../board/geometry.ts';

export const TILE = 256;
/** Camera still for this long = at rest (switch to a generation matching it). */
export const REST_MS = 140;
/** Most tile bitmaps kept (256×256×4 B each: ~40 MB at device pixel ratio 1). */
const MAX_TILES = 160;

interface Tile {
  i: number;
  j: number;
  /** null: nothing in this tile */
  canvas: HTMLCanvasElement | null;
  dirty: boolean;
  /**
   * Painted only where it overlaps the view of the generation's first frame (see
   * paintBlock): shown while the camera stays there, repainted whole before it moves.
   */
  partial?: boolean;
  /** to repaint within the budget (refresh): its bitmap is still right, just not the best */
  stale?: boolean;
  /** painted while an image in it had no decoded copy of the size drawn (waitingBoxes) */
  waiting?: boolean;
}

interface Generation {
  scale: number;
  /** sub-pixel offset of the camera, device px, in [0, 1) */
  fx: number;
  fy: number;
  tiles: Map<string, Tile>;
  /** generation px of the screen's top-left corner when partial tiles were painted */
  partialAt?: { x: number; y: number };
}

export interface CameraLike {
  x: number;
  y: number;
  scale: number;
}

/** Paints the shapes touching `box` (board coordinates); the context is set up for board coordinates. Returns false if there were none. */
export type RegionPainter = (c: CanvasRenderingContext2D, box: Box, scale: number) => boolean;

const frac = (v: number) => v - Math.floor(v);
const key = (i: number, j: number) => `${i},${j}`;

export class TileCache {
  private cur: Generation | null = null;
  private prev: Generation | null = null;
  private pool: HTMLCanvasElement[] = [];
  private count = 0;
  /**
   * Recent cost of painting a tile (ms, moving average). A tile cannot be cut short, so
   * one is started only if it should end within the frame's budget: at 100 % zoom a
   * tile of the benchmark board takes 3-8 ms, and starting one with 1 ms of a 6 ms
   * budget left made frames of 2-3 tiles (8-15 ms), which missed the vsync.
   */
  private tileMs = 4;
  /** a visible tile of the last frame drawn was waiting for an image (see Tile.waiting) */
  private waitingInView = false;

  constructor(
    private paint: RegionPainter,
    /** Whether any shape touches the board box (cheap: the spatial index). */
    private occupied: (b: Box) => boolean,
    private dpr = () => window.devicePixelRatio || 1,
    /** Board boxes of the images painted since the last call without the copy they wanted (and clears them). */
    private waitingBoxes: () => Box[] = () => [],
  ) {}

  /** Marks the tiles touching the board box to be repainted within the budget; they show their bitmap until then. */
  refresh(b: Box): void {
    for (const t of this.tilesIn(b)) if (t.canvas !== null || t.waiting) t.stale = true;
  }

  /** Whether a visible tile of the last frame drawn was painted without an image's decoded copy. */
  waiting(): boolean {
    return this.waitingInView;
  }

  private tilesIn(b: Box): Tile[] {
    const out: Tile[] = [];
    for (const g of [this.cur, this.prev]) {
      if (!g) continue;
      const k = g.scale * this.dpr();
      const td = Math.round(TILE * this.dpr());
      const i0 = Math.floor((b.minX * k + g.fx - 1) / td);
      const i1 = Math.floor((b.maxX * k + g.fx + 1) / td);
      const j0 = Math.floor((b.minY * k + g.fy - 1) / td);
      const j1 = Math.floor((b.maxY * k + g.fy + 1) / td);
      if ((i1 - i0 + 1) * (j1 - j0 + 1) > g.tiles.size) {
        for (const t of g.tiles.values()) if (t.i >= i0 && t.i <= i1 && t.j >= j0 && t.j <= j1) out.push(t);
      } else {
        for (let i = i0; i <= i1; i++) for (let j = j0; j <= j1; j++) {
          const t = g.tiles.get(key(i, j));
          if (t) out.push(t);
        }
      }
    }
    return out;
  }

  /** Marks the tiles touching the board box for repainting. */
  invalidate(b: Box): void {
    for (const t of this.tilesIn(b)) t.dirty = true;
  }

  /** Forgets every tile (a change too big to track): the next frame paints the view in one pass. */
  invalidateAll(): void {
    this.retire(this.prev);
    this.prev = null;
    if (this.cur) this.retire(this.cur);
  }

  /**
   * Draws the static content for `cam` on `c` (identity transform, device pixels),
   * painting missing tiles for at most `budgetMs`. Returns true when every visible tile
   * was up to date and of a generation matching the camera (the frame is exact).
   */
  draw(c: CanvasRenderingContext2D, cam: CameraLike, width: number, height: number, resting: boolean, budgetMs: number): boolean {
    const dpr = this.dpr();
    const camX = cam.x * dpr;
    const camY = cam.y * dpr;
    const matches = (g: Generation | null) =>
      !!g && g.scale === cam.scale && Math.abs(g.fx - frac(camX)) < 1e-3 && Math.abs(g.fy - frac(camY)) < 1e-3;
    if (!matches(this.cur)) {
      const ratio = this.cur ? cam.scale / this.cur.scale : 0;
      // keep drawing the current generation scaled while the camera moves, unless the
      // zoom changed so much that it would be useless (or costly: many tiles)
      if (!this.cur || resting || ratio < 0.5 || ratio > 2) {
        this.retire(this.prev);
        this.prev = this.cur;
        this.cur = { scale: cam.scale, fx: frac(camX), fy: frac(camY), tiles: new Map() };
      }
    }
    const g = this.cur!;
    const exact = matches(g);
    const until = performance.now() + budgetMs;
    const W = Math.round(width * dpr);
    const H = Math.round(height * dpr);
    const range = this.range(g, cam, W, H);
    // the screen's top-left corner in generation px (exact frames are whole-pixel offsets)
    const at = { x: -Math.floor(camX), y: -Math.floor(camY) };
    if (exact && !this.prev && this.noneIn(g, range)) this.paintBlock(g, range, at, W, H);
    const partialOk = exact && g.partialAt?.x === at.x && g.partialAt.y === at.y;
    let complete = exact;
    let painted = 0;
    let waiting = false;
    const fits = () => performance.now() + this.tileMs <= until;
    for (let j = range.j0; j <= range.j1; j++) {
      for (let i = range.i0; i <= range.i1; i++) {
        let t = g.tiles.get(key(i, j));
        // a changed tile is repainted at once (its old bitmap would show the old board),
        // as is a partial one once the view moved; tiles never painted, and stale ones,
        // wait for time left in this frame's budget (at least one a frame, so the view fills in)
        if (t?.dirty || (t?.partial && !partialOk) || ((!t || t.stale) && (painted === 0 || fits()))) {
          t = this.render(g, i, j);
          painted++;
        }
        if (t && !t.dirty) {
          this.blit(c, g, t, cam, dpr, exact);
          if (t.stale) complete = false;
          if (t.waiting) waiting = true;
          continue;
        }
        // until this tile is painted, the previous generation stands in
        complete = false;
        if (this.prev) this.fallback(c, g, i, j, cam, dpr);
      }
    }
    // paint ahead: the ring of tiles around the view, while time is left
    if (exact && fits()) {
      outer: for (let j = range.j0 - 1; j <= range.j1 + 1; j++) {
        for (let i = range.i0 - 1; i <= range.i1 + 1; i++) {
          if (!fits()) break outer;
          const t = g.tiles.get(key(i, j));
          if (!t || t.dirty || t.partial || t.stale) this.render(g, i, j);
        }
      }
    }
    this.waitingInView = waiting;
    this.evict(g, range);
    if (complete && this.prev) {
      this.retire(this.prev);
      this.prev = null;
    }
    return complete;
  }

  /** Whether tiles around the view are still unpainted (worth another frame). */
  pending(cam: CameraLike, width: number, height: number): boolean {
    const g = this.cur;
    if (!g) return true;
    const dpr = this.dpr();
    const r = this.range(g, cam, width * dpr, height * dpr);
    for (let j = r.j0 - 1; j <= r.j1 + 1; j++)
      for (let i = r.i0 - 1; i <= r.i1 + 1; i++) {
        const t = g.tiles.get(key(i, j));
        if (!t || t.dirty || t.partial || t.stale) return true;
      }
    return false;
  }

  /** Tile index range of generation g covering the screen (W×H device px) under `cam`. */
  private range(g: Generation, cam: CameraLike, W: number, H: number) {
    const dpr = this.dpr();
    const k = cam.scale * dpr;
    const kg = g.scale * dpr;
    const td = Math.round(TILE * dpr);
    // screen -> board -> generation space
    const u = (X: number) => ((X - cam.x * dpr) / k) * kg + g.fx;
    const v = (Y: number) => ((Y - cam.y * dpr) / k) * kg + g.fy;
    return {
      i0: Math.floor(u(0) / td),
      i1: Math.floor((u(W) - 1e-6) / td),
      j0: Math.floor(v(0) / td),
      j1: Math.floor((v(H) - 1e-6) / td),
    };
  }

  private render(g: Generation, i: number, j: number): Tile {
    const started = performance.now();
    try {
      return this.paintTile(g, i, j);
    } finally {
      this.tileMs = this.tileMs * 0.7 + (performance.now() - started) * 0.3;
    }
  }

  private paintTile(g: Generation, i: number, j: number): Tile {
    const dpr = this.dpr();
    const td = Math.round(TILE * dpr);
    const kg = g.scale * dpr;
    const k = key(i, j);
    let t = g.tiles.get(k);
    if (!t) {
      t = { i, j, canvas: null, dirty: true };
      g.tiles.set(k, t);
    }
    const canvas = t.canvas ?? this.take(td);
    const c = canvas.getContext('2d')!;
    c.setTransform(1, 0, 0, 1, 0, 0);
    c.clearRect(0, 0, td, td);
    c.setTransform(kg, 0, 0, kg, g.fx - i * td, g.fy - j * td);
    this.waitingBoxes();
    const any = this.paint(c, this.tileBox(g, i, j), g.scale);
    t.waiting = this.waitingBoxes().length > 0;
    if (any) t.canvas = canvas;
    else {
      this.give(canvas);
      t.canvas = null;
    }
    t.dirty = false;
    t.partial = false;
    t.stale = false;
    return t;
  }

  /** Draws a tile of generation g at its place under `cam` (whole pixels when exact). */
  private blit(c: CanvasRenderingContext2D, g: Generation, t: Tile, cam: CameraLike, dpr: number, exact: boolean) {
    if (!t.canvas) return;
    const td = Math.round(TILE * dpr);
    if (exact) {
      c.drawImage(t.canvas, t.i * td + Math.floor(cam.x * dpr), t.j * td + Math.floor(cam.y * dpr));
      return;
    }
    const r = cam.scale / g.scale;
    const X = (t.i * td - g.fx) * r + cam.x * dpr;
    const Y = (t.j * td - g.fy) * r + cam.y * dpr;
    c.drawImage(t.canvas, X, Y, td * r, td * r);
  }

  /** Covers tile (i, j) of the current generation with the previous generation's bitmaps. */
  private fallback(c: CanvasRenderingContext2D, g: Generation, i: number, j: number, cam: CameraLike, dpr: number) {
    const p = this.prev!;
    const td = Math.round(TILE * dpr);
    const r = cam.scale / g.scale;
    const X = (i * td - g.fx) * r + cam.x * dpr;
    const Y = (j * td - g.fy) * r + cam.y * dpr;
    const S = td * r;
    c.save();
    c.beginPath();
    c.rect(Math.floor(X), Math.floor(Y), Math.ceil(S) + 1, Math.ceil(S) + 1);
    c.clip();
    const k = cam.scale / p.scale;
    for (const t of p.tiles.values()) {
      if (!t.canvas) continue;
      const x = (t.i * td - p.fx) * k + cam.x * dpr;
      const y = (t.j * td - p.fy) * k + cam.y * dpr;
      const s = td * k;
      if (x + s < X || y + s < Y || x > X + S || y > Y + S) continue;
      c.drawImage(t.canvas, x, y, s, s);
    }
    c.restore();
  }

  /**
   * Keeps at most MAX_TILES bitmaps: first drops the stand-in generation, then the
   * current generation's tiles farthest from the view (never those in view or in the
   * ring painted ahead).
   */
  private evict(g: Generation, r: { i0: number; i1: number; j0: number; j1: number }) {
    if (this.count <= MAX_TILES) return;
    if (this.prev) {
      this.retire(this.prev);
      this.prev = null;
      if (this.count <= MAX_TILES) return;
    }
    const ci = (r.i0 + r.i1) / 2;
    const cj = (r.j0 + r.j1) / 2;
    const inRing = (t: Tile) => t.i >= r.i0 - 1 && t.i <= r.i1 + 1 && t.j >= r.j0 - 1 && t.j <= r.j1 + 1;
    const far = [...g.tiles.values()]
      .filter((t) => t.canvas && !inRing(t))
      .sort((a, b) => Math.hypot(b.i - ci, b.j - cj) - Math.hypot(a.i - ci, a.j - cj));
    for (const t of far) {
      if (this.count <= MAX_TILES * 0.8) break;
      this.give(t.canvas!);
      g.tiles.delete(key(t.i, t.j));
    }
  }

  private retire(g: Generation | null) {
    if (!g) return;
    for (const t of g.tiles.values())
      if (t.canvas) this.give(t.canvas);
    g.tiles.clear();
  }

  private noneIn(g: Generation, r: { i0: number; i1: number; j0: number; j1: number }): boolean {
    for (let j = r.j0; j <= r.j1; j++) for (let i = r.i0; i <= r.i1; i++) if (g.tiles.has(key(i, j))) return false;
    return true;
  }

  /**
   * Paints what is on screen in one pass and cuts it into the tiles under the view: the
   * first frame of a board costs one paint of the screen, not a paint per tile (a shape
   * crossing tile edges would be painted in each tile it touches, and the tiles stick
   * out of the screen), and is complete at once. Tiles the screen covers only in part
   * are marked partial and repainted whole in the following frames, before the view
   * moves. Same generation, whole-pixel offsets: the result is identical to tiles
   * painted one by one.
   */
  private paintBlock(g: Generation, r: { i0: number; i1: number; j0: number; j1: number }, at: { x: number; y: number }, W: number, H: number) {
    const td = Math.round(TILE * this.dpr());
    const kg = g.scale * this.dpr();
    const x0 = Math.max(at.x, r.i0 * td);
    const y0 = Math.max(at.y, r.j0 * td);
    const x1 = Math.min(at.x + W, (r.i1 + 1) * td);
    const y1 = Math.min(at.y + H, (r.j1 + 1) * td);
    if (x1 <= x0 || y1 <= y0) return;
    const block = document.createElement('canvas');
    block.width = x1 - x0;
    block.height = y1 - y0;
    const c = block.getContext('2d')!;
    c.setTransform(kg, 0, 0, kg, g.fx - x0, g.fy - y0);
    this.waitingBoxes();
    const any = this.paint(c, this.pixelBox(g, x0, y0, x1, y1), g.scale);
    const waits = this.waitingBoxes();
    g.partialAt = at;
    for (let j = r.j0; j <= r.j1; j++)
      for (let i = r.i0; i <= r.i1; i++) {
        // the part of tile (i, j) the block covers, in generation px
        const sx0 = Math.max(i * td, x0);
        const sy0 = Math.max(j * td, y0);
        const sx1 = Math.min((i + 1) * td, x1);
        const sy1 = Math.min((j + 1) * td, y1);
        const partial = sx0 > i * td || sy0 > j * td || sx1 < (i + 1) * td || sy1 < (j + 1) * td;
        const box = this.pixelBox(g, sx0, sy0, sx1, sy1);
        const waiting = waits.some((b) => b.minX <= box.maxX && b.maxX >= box.minX && b.minY <= box.maxY && b.maxY >= box.minY);
        const t: Tile = { i, j, canvas: null, dirty: false, partial, waiting };
        if (any && this.occupied(box)) {
          t.canvas = this.take(td);
          const tc = t.canvas.getContext('2d')!;
          tc.setTransform(1, 0, 0, 1, 0, 0);
          tc.clearRect(0, 0, td, td);
          const w = sx1 - sx0;
          const h = sy1 - sy0;
          tc.drawImage(block, sx0 - x0, sy0 - y0, w, h, sx0 - i * td, sy0 - j * td, w, h);
        }
        g.tiles.set(key(i, j), t);
      }
  }

  /** The board box under tile (i, j) of g, grown by a pixel so antialiased edges are included. */
  private tileBox(g: Generation, i: number, j: number): Box {
    const td = Math.round(TILE * this.dpr());
    return this.pixelBox(g, i * td, j * td, (i + 1) * td, (j + 1) * td);
  }

  /** The board box under generation px x0..x1 × y0..y1 of g, grown by a pixel (antialiased edges). */
  private pixelBox(g: Generation, x0: number, y0: number, x1: number, y1: number): Box {
    const kg = g.scale * this.dpr();
    return { minX: (x0 - g.fx - 1) / kg, minY: (y0 - g.fy - 1) / kg, maxX: (x1 - g.fx + 1) / kg, maxY: (y1 - g.fy + 1) / kg };
  }

  /** A canvas for a tile (counted until given back). */
  private take(size: number): HTMLCanvasElement {
    this.count++;
    let c = this.pool.pop();
    if (!c) c = document.createElement('canvas');
    if (c.width !== size || c.height !== size) {
      c.width = size;
      c.height = size;
    }
    return c;
  }

  private give(c: HTMLCanvasElement) {
    this.count--;
    if (this.pool.length < 32) this.pool.push(c);
  }
}
