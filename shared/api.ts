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
