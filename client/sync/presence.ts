/**
 * Local presence (awareness state per PresenceState): who I am (a friendly name and
 * colour chosen on the first visit, editable, remembered in localStorage) and where my
 * cursor is, in board coordinates. Cursor moves are published at most once per frame.
 */
import type { Awareness } from 'y-protocols/awareness';
import type { PresenceState } from '../../shared/schema.ts';
import { newShapeId } from '../board/ids.ts';
import { requestFrame } from '../render/frame.ts';
import { safeColor, safeId, safeName } from '../board/sanitize.ts';
import { randomColor, randomName } from './names.ts';
import { peerUser, relaySpectators, type User } from './peerState.ts';

const STORAGE_KEY = 'whiteboard.user';

export type { User };

export function loadUser(): User {
  try {
    const raw = JSON.parse(localStorage.getItem(STORAGE_KEY) ?? 'null') as Partial<Record<keyof User, unknown>> | null;
    // what we publish is held to the same rules as what we read from others (peerState.ts)
    const id = safeId(raw?.id);
    if (raw && id !== null && typeof raw.name === 'string') {
      return { id, name: safeName(raw.name, randomName()), color: safeColor(raw.color, randomColor()) };
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
    const clean = safeName(name, '');
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

/** People in the room (editors with a user), keyed by awareness client id, validated (peerState.ts). */
export function peopleIn(awareness: Awareness): Map<number, User> {
  const out = new Map<number, User>();
  for (const [id, s] of awareness.getStates()) {
    const u = peerUser(s);
    if (u) out.set(id, u);
  }
  return out;
}

/** Spectator count the relay publishes in its own awareness state (0 if none). */
export function spectatorsFrom(awareness: Awareness): number {
  let n = 0;
  for (const s of awareness.getStates().values()) n = Math.max(n, relaySpectators(s));
  return n;
}
