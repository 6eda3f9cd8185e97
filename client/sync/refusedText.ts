/**
 * The words for a change the relay cannot take, shared by the refusal the relay sends
 * (sync/refusals.ts) and the checks made before sending (editorActions.ts), so a person
 * reads the same sentence whichever of the two caught it.
 */
import { CloseCode, closeReason } from '../../shared/closeCodes.ts';

/** Bytes as people read them: 1024-based, as the relay's limits are set (64 MiB reads "64 MB"). */
export function formatBytes(n: number): string {
  const units = ['bytes', 'KB', 'MB', 'GB', 'TB'];
  let v = n;
  let u = 0;
  while (v >= 1024 && u < units.length - 1) {
    v /= 1024;
    u++;
  }
  if (u === 0) return `${Math.round(v)} bytes`;
  const shown = v >= 10 || Number.isInteger(v) ? String(Math.round(v)) : v.toFixed(1).replace(/\.0$/, '');
  return `${shown} ${units[u]}`;
}

/** "This change is too large for the board (limit 64 MB)." — the limit left out when the relay did not say it. */
export function tooLargeText(maxDocBytes: number | null): string {
  return `This change is too large for the board${maxDocBytes ? ` (limit ${formatBytes(maxDocBytes)})` : ''}.`;
}

/** A refusal the relay sent for a change already made here; `kept`: a copy of it is kept on this device. */
export function refusedText(code: number, reason: string, maxDocBytes: number | null, kept = true): string {
  const tail = kept ? ' It was kept on this device.' : '';
  if (code === CloseCode.DocTooLarge) return `${tooLargeText(maxDocBytes)}${tail}`;
  // the relay's own reason says which limit (4409) or what is wrong with the update (4401)
  const why = reason || (closeReason as Record<number, string>)[code] || 'refused by the relay';
  return `The relay could not accept this change: ${why} (${code}).${tail}`;
}

/** What the badge says while the relay cannot store the board. */
export const NOT_SAVING_TEXT = { label: 'Not saving', reason: 'changes kept on this device, retrying' } as const;
