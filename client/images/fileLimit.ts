/**
 * The relay's largest file (MAX_FILE_BYTES), as it publishes it in its awareness entry
 * (`relay.maxFileBytes`, next to maxFrameBytes), so an upload over it is refused here
 * with the right number instead of after sending megabytes. Read by sync/relayInfo.ts
 * like the other limits (no state with a person in it, the largest claim: a forged one
 * can only let an upload be tried, and the relay checks again). Unknown (older relay,
 * not connected yet): DEFAULT_MAX_FILE_BYTES.
 */
import type { Awareness } from 'y-protocols/awareness';
import { DEFAULT_MAX_FILE_BYTES } from '../../shared/imageFiles.ts';
import { relayInfo } from '../sync/relayInfo.ts';

export const relayFileLimit = (awareness: Awareness): number => relayInfo(awareness).maxFileBytes ?? DEFAULT_MAX_FILE_BYTES;
