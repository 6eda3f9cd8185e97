/**
 * What other people are doing, painted on the overlay: their selections outlined in
 * their colour (from awareness `selection`, geometry from the spatial index) and every
 * laser trail (awareness `laser`, ours included). A laser point is stamped with the
 * local time it first arrived, so trails fade the same on every screen whatever the
 * senders' clocks say.
 */
import type { Awareness } from 'y-protocols/awareness';
import { peerLaser, peerSelection, peerUser } from '../sync/peerState.ts';
import { corners, halfInk } from '../board/geometry.ts';
import type { ShapeIndex } from '../board/spatial.ts';
import { FONT_FAMILY } from './text.ts';
import { paintOutline, paintTrail, type Overlay, type Trail } from './overlay.ts';

const LASER_LIFE = 900;
const LASER_COLOR = '#ff2d55';

export function installPresenceOverlay(awareness: Awareness, index: ShapeIndex, overlay: Overlay) {
  const trails = new Map<number, { trail: Trail; seen: Map<string, number> }>();

  const onChange = () => {
    const now = performance.now();
    for (const [client, raw] of awareness.getStates()) {
      const laser = peerLaser(raw);
      if (laser.length < 2) continue;
      let t = trails.get(client);
      if (!t) trails.set(client, (t = { trail: { points: [], color: LASER_COLOR, life: LASER_LIFE, width: 5 }, seen: new Map() }));
      const seen = new Map<string, number>();
      const points: Trail['points'] = [];
      for (let i = 0; i + 1 < laser.length; i += 2) {
        const x = laser[i];
        const y = laser[i + 1];
        const key = `${x},${y}`;
        const at = t.seen.get(key) ?? now;
        seen.set(key, at);
        points.push({ x, y, t: at });
      }
      t.seen = seen;
      t.trail.points = points;
    }
    overlay.invalidate();
  };
  awareness.on('change', onChange);
  const offIndex = index.onChange(() => overlay.invalidate());

  const offPainter = overlay.addPainter((c, scale, now) => {
    // others' selections
    for (const [client, raw] of awareness.getStates()) {
      if (client === awareness.clientID) continue;
      const selection = peerSelection(raw);
      const user = selection?.length ? peerUser(raw) : null;
      if (!selection || !user) continue;
      const color = user.color;
      let tag: { x: number; y: number } | null = null;
      for (const id of selection) {
        const shape = index.get(id);
        if (!shape) continue;
        const pts = corners(shape, halfInk(shape) + 6 / scale);
        paintOutline(c, pts, color, scale);
        for (const p of pts) if (!tag || p.y < tag.y || (p.y === tag.y && p.x < tag.x)) tag = p;
      }
      if (tag) paintNameTag(c, user.name, color, tag, scale);
    }
    // laser trails
    let animating = false;
    for (const [client, t] of trails) {
      c.save();
      if (paintTrail(c, t.trail, scale, now, true)) animating = true;
      else if (!awareness.getStates().has(client)) trails.delete(client);
      c.restore();
    }
    return animating;
  });

  return {
    /** laser points currently on screen (test hook) */
    laserPoints: () => [...trails.values()].reduce((n, t) => n + t.trail.points.length, 0),
    destroy() {
      awareness.off('change', onChange);
      offIndex();
      offPainter();
    },
  };
}

/** A small pill with the person's name above their selection, constant size on screen. */
function paintNameTag(c: CanvasRenderingContext2D, name: string, color: string, at: { x: number; y: number }, scale: number) {
  const k = 1 / scale;
  c.font = `600 ${11 * k}px ${FONT_FAMILY}`;
  const w = c.measureText(name).width + 10 * k;
  const h = 16 * k;
  c.fillStyle = color;
  c.beginPath();
  c.roundRect(at.x, at.y - h - 3 * k, w, h, 4 * k);
  c.fill();
  c.fillStyle = '#fff';
  c.textBaseline = 'middle';
  c.fillText(name, at.x + 5 * k, at.y - h / 2 - 3 * k);
}
