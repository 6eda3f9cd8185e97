/**
 * The browser as a second safe copy of every board it opened: the document in IndexedDB
 * (y-indexeddb: every update as it happens, folded now and then), so edits made offline
 * survive closing the tab or the browser and go to the relay when the board is next
 * opened online (the socket's sync exchange sends what the relay lacks). The room's
 * links are kept beside it, so the board opens with no network at all (the service
 * worker serves the app: vite.config.ts).
 */
import type * as Y from 'yjs';
import { IndexeddbPersistence } from 'y-indexeddb';
import type { RoomInfo } from '../../shared/api.ts';
import { editPath, isValidId, viewPath } from '../../shared/ids.ts';

export interface LocalCopy {
  /** Resolves once what the device held is in the document (false when IndexedDB is unavailable). */
  readonly loaded: Promise<boolean>;
  /** Whether edits are being kept on this device. */
  readonly active: () => boolean;
  destroy(): void;
}

const dbName = (roomId: string) => `wb-board-${roomId}`;
const infoKey = (roomId: string) => `wb:room:${roomId}`;

export function keepOnDevice(doc: Y.Doc, roomId: string): LocalCopy {
  let persistence: IndexeddbPersistence | null = null;
  let active = false;
  const loaded = new Promise<boolean>((resolve) => {
    try {
      persistence = new IndexeddbPersistence(dbName(roomId), doc);
      persistence.whenSynced.then(
        () => resolve((active = true)),
        () => resolve(false),
      );
    } catch {
      resolve(false); // no IndexedDB (some private modes): the board still works online
    }
  });
  return {
    loaded,
    active: () => active,
    destroy: () => void persistence?.destroy(),
  };
}

/** Remembers a board's links, so it can open with no network. */
export function rememberRoom(room: RoomInfo): void {
  try {
    localStorage.setItem(infoKey(room.id), JSON.stringify({ id: room.id, editUrl: room.editUrl, viewUrl: room.viewUrl }));
  } catch {
    /* storage full or disabled: the board only opens online then */
  }
}

/** The remembered links of a board, checked as strictly as anything else read back from storage. */
export function rememberedRoom(roomId: string): RoomInfo | null {
  if (!isValidId(roomId)) return null;
  let raw: unknown;
  try {
    raw = JSON.parse(localStorage.getItem(infoKey(roomId)) ?? 'null');
  } catch {
    return null;
  }
  if (!raw || typeof raw !== 'object') return null;
  const { id, editUrl, viewUrl } = raw as Record<string, unknown>;
  const viewId = typeof viewUrl === 'string' ? viewUrl.slice(3) : '';
  if (id !== roomId || editUrl !== editPath(roomId) || !isValidId(viewId) || viewUrl !== viewPath(viewId)) return null;
  return { id: roomId, editUrl, viewUrl };
}
