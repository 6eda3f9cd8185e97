/** JSON bodies of the HTTP API. */

/** `POST /api/rooms` (201) and `GET /api/rooms/<roomId>` (200). */
export interface RoomInfo {
  id: string;
  editUrl: string;
  viewUrl: string;
}

/** `GET /api/views/<viewId>` (200): what a spectator may know; never the room id. */
export interface ViewInfo {
  viewId: string;
  viewUrl: string;
  eventsUrl: string;
}

/** Every non-2xx JSON answer. */
export interface ApiError {
  error: string;
}

/** One checkpoint in `GET /api/rooms/<roomId>/versions` (newest first). */
export interface VersionInfo {
  id: number;
  /** Milliseconds since the epoch. */
  createdAt: number;
  /** auto: taken after a few minutes of activity or as the board left memory; named: saved by someone. */
  kind: 'auto' | 'compaction' | 'named';
  name: string | null;
  /** Size of the stored document (Yjs v2), bytes. */
  bytes: number;
  /** Names of the people who edited since the checkpoint before. */
  editors: string[];
}

/** `GET /api/rooms/<roomId>/versions` (200). */
export interface VersionList {
  versions: VersionInfo[];
}

/** `POST /api/rooms/<roomId>/versions/<id>/restore` (200). */
export interface RestoreResult {
  /** Shapes and other entries the restore changed. */
  touched: number;
  /** The version saved of the board as it was just before the restore. */
  savedBefore: VersionInfo;
}

/** Longest name of a saved version (characters); longer is a 400. */
export const MAX_VERSION_NAME = 100;
