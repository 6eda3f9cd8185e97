import { createHmac, randomBytes } from 'node:crypto';
import { ID_LENGTH } from '../../shared/ids.ts';

/** A new room id: 128 random bits, base64url. */
export function newRoomId(): string {
  return randomBytes(16).toString('base64url').slice(0, ID_LENGTH);
}

/**
 * The spectator id of a room: an HMAC under the relay's secret, so the view link
 * neither contains nor lets anyone compute the room id (the edit capability).
 */
export function viewIdFor(secret: Uint8Array, roomId: string): string {
  return createHmac('sha256', secret).update(`view:${roomId}`).digest('base64url').slice(0, ID_LENGTH);
}
