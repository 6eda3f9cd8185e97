/**
 * Validated views of one awareness state (PresenceState). Any editor can publish any
 * JSON as its awareness state, so every reader (cursors, presence list, selections,
 * laser trails, follow, the spectator count) takes its fields through these functions
 * instead of casting the raw state: names are cleaned and capped, colours checked,
 * numbers finite and in range, arrays bounded (board/sanitize.ts).
 */
import type { PresenceState } from '../../shared/schema.ts';
import { clampNum, safeColor, safeCoord, safeId, safeName } from '../board/sanitize.ts';
import { MAX_SCALE, MIN_SCALE } from '../render/camera.ts';

export type User = PresenceState['user'];

/** Colour of someone whose colour is missing or invalid. */
export const FALLBACK_PEER_COLOR = '#868e96';
/** Name of someone whose name is missing or empty after cleaning. */
export const FALLBACK_PEER_NAME = 'Someone';
/** Most selected shape ids read from one person (more are ignored). */
export const MAX_SELECTION = 500;
/** Most laser points read from one person (the laser tool sends up to 60). */
export const MAX_LASER_POINTS = 120;

type Raw = Partial<Record<keyof PresenceState, unknown>>;
const fields = (state: unknown): Raw => (typeof state === 'object' && state !== null ? (state as Raw) : {});
const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;

/** The person behind a state, or null for states without a user (the relay's, spectators'). */
export function peerUser(state: unknown): User | null {
  const u = fields(state).user;
  if (!isObj(u) || typeof u.name !== 'string') return null;
  return {
    id: safeId(u.id) ?? '',
    name: safeName(u.name, FALLBACK_PEER_NAME),
    color: safeColor(u.color, FALLBACK_PEER_COLOR),
  };
}

/** A board point {x, y} within RANGES.coord, or null. */
function point(v: unknown): { x: number; y: number } | null {
  if (!isObj(v) || !Number.isFinite(v.x) || !Number.isFinite(v.y)) return null;
  return { x: safeCoord(v.x), y: safeCoord(v.y) };
}

export const peerCursor = (state: unknown) => point(fields(state).cursor);

/** The viewport for "follow", the zoom clamped to what our camera allows. */
export function peerViewport(state: unknown): { x: number; y: number; scale: number } | null {
  const v = fields(state).viewport;
  const p = point(v);
  if (!p || !isObj(v) || !Number.isFinite(v.scale)) return null;
  return { ...p, scale: clampNum(v.scale, MIN_SCALE, MAX_SCALE, 1) };
}

/** Selected shape ids (strings of sane length), at most MAX_SELECTION. */
export function peerSelection(state: unknown): string[] | null {
  const sel = fields(state).selection;
  if (!Array.isArray(sel)) return null;
  const out: string[] = [];
  for (let i = 0; i < sel.length && out.length < MAX_SELECTION; i++) {
    const id = safeId(sel[i]);
    if (id !== null) out.push(id);
  }
  return out;
}

/** The laser trail as flat [x, y, ...] of finite board coordinates, at most MAX_LASER_POINTS points. */
export function peerLaser(state: unknown): number[] {
  const laser = fields(state).laser;
  if (!Array.isArray(laser)) return [];
  const out: number[] = [];
  // the newest points are last: keep those when there are too many
  const from = Math.max(0, laser.length - (laser.length % 2) - MAX_LASER_POINTS * 2);
  for (let i = from; i + 1 < laser.length; i += 2) {
    const x = laser[i];
    const y = laser[i + 1];
    if (Number.isFinite(x) && Number.isFinite(y)) out.push(safeCoord(x), safeCoord(y));
  }
  return out;
}

export const peerAway = (state: unknown) => fields(state).away === true;

/** The frame someone presents (client/present/): a shape id of sane length, or null when they are not presenting. */
export function peerPresent(state: unknown): string | null {
  const p = fields(state).present;
  return isObj(p) ? safeId(p.frame) : null;
}

/** The spectator count the relay publishes (RelayPresenceState), a whole number, 0 when absent. */
export function relaySpectators(state: unknown): number {
  const r = (isObj(state) ? state : {}).relay;
  return isObj(r) ? Math.floor(clampNum(r.spectators, 0, 1e6, 0)) : 0;
}

/**
 * Byte limits the relay may name: below 1 KiB no board could hold a shape, above 1 TiB
 * no relay keeps a board in memory. Outside that range the value is treated as unknown.
 */
export const RELAY_BYTES = { min: 1024, max: 2 ** 40 } as const;

/** What the relay says about this board besides spectators (RelayPresenceState); null fields are unknown. */
export interface RelayFields {
  /** false: the relay cannot store this board right now (its updates are refused with 4507) */
  saving: boolean | null;
  maxDocBytes: number | null;
  maxFrameBytes: number | null;
  maxFileBytes: number | null;
}

const bytesLimit = (v: unknown): number | null =>
  Number.isSafeInteger(v) && (v as number) >= RELAY_BYTES.min && (v as number) <= RELAY_BYTES.max ? (v as number) : null;

/** The relay's `saving` and limits from one awareness state, or null when the state has no `relay` object. */
export function peerRelay(state: unknown): RelayFields | null {
  const r = (isObj(state) ? state : {}).relay;
  if (!isObj(r)) return null;
  return {
    saving: typeof r.saving === 'boolean' ? r.saving : null,
    maxDocBytes: bytesLimit(r.maxDocBytes),
    maxFrameBytes: bytesLimit(r.maxFrameBytes),
    maxFileBytes: bytesLimit(r.maxFileBytes),
  };
}
