/**
 * Local presence (awareness state per PresenceState): who I am (a friendly name and
 * colour chosen on the first visit, editable, remembered in localStorage) and where my
 * cursor is, in board coordinates. Cursor moves are published at most once per frame.
 */
import type { Awareness } from 'y-protocols/awareness';
import type { PresenceState, RelayPresenceState } from '../../shared/schema.ts';
import { newShapeId } from '../board/ids.ts';
import { requestFrame } from '../render/frame.ts';
import { PRESENCE_COLORS, randomColor, randomName } from './names.ts';

const STORAGE_KEY = 'whiteboard.user';

export type User = PresenceState['user'];

export function loadUser(): User {
  try {
    const raw = JSON.parse(localStorage.getItem(STORAGE_KEY) ?? 'null') as Partial<User> | null;
    if (raw && typeof raw.id === 'string' && typeof raw.name === 'string' && typeof raw.color === 'string') {
      return { id: raw.id, name: raw.name.slice(0, 40), color: raw.color };
    }
  } catch {
    /* storage blocked or corrupt: use a fresh identity */
  }
  const user = { id: newShapeId(), name: randomName(), color: randomColor() };
  saveUser(user);
  return user;
}

function saveUser(user: User) {
  try {
    localStorage.setItem(STORAGE_KEY, JSON.stringify(user));
  } catch {
    /* private mode: the name lasts for this tab only */
  }
}

export class Presence {
  private pendingCursor: PresenceState['cursor'] | undefined;
  user: User;

  constructor(
    readonly awareness: Awareness,
    user: User = loadUser(),
  ) {
    this.user = user;
    this.announce();
  }

  /** (Re)publishes the whole local state, e.g. when a page comes back from the bfcache. */
  announce(tool = 'pen'): void {
    const state: PresenceState = { user: this.user, cursor: null, tool };
    this.awareness.setLocalState(state);
  }

  /** Leaves at once (page hidden/closed) instead of after the awareness timeout. */
  leave(): void {
    this.awareness.setLocalState(null);
  }

  setName(name: string): void {
    const clean = name.trim().slice(0, 40);
    if (!clean || clean === this.user.name) return;
    this.user = { ...this.user, name: clean };
    saveUser(this.user);
    this.awareness.setLocalStateField('user', this.user);
  }

  setTool(tool: string): void {
    this.awareness.setLocalStateField('tool', tool);
  }

  /** Board coordinates, or null when the pointer left the board. Coalesced per frame. */
  setCursor(cursor: { x: number; y: number } | null): void {
    this.pendingCursor = cursor && { x: Math.round(cursor.x * 10) / 10, y: Math.round(cursor.y * 10) / 10 };
    requestFrame(this.flush, 'input');
  }

  private flush = () => {
    if (this.pendingCursor === undefined) return;
    this.awareness.setLocalStateField('cursor', this.pendingCursor);
    this.pendingCursor = undefined;
  };
}

/** People in the room (editors with a user), keyed by awareness client id. */
export function peopleIn(awareness: Awareness): Map<number, User> {
  const out = new Map<number, User>();
  for (const [id, s] of awareness.getStates()) {
    const u = (s as Partial<PresenceState>).user;
    if (u && typeof u.name === 'string') {
      out.set(id, { id: String(u.id), name: u.name, color: typeof u.color === 'string' ? u.color : PRESENCE_COLORS[0] });
    }
  }
  return out;
}

/** Spectator count the relay publishes in its own awareness state (0 if none). */
export function spectatorsFrom(awareness: Awareness): number {
  let n = 0;
  for (const s of awareness.getStates().values()) {
    const r = (s as Partial<RelayPresenceState>).relay;
    if (r && typeof r.spectators === 'number') n = Math.max(n, r.spectators);
  }
  return n;
}
