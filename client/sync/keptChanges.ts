/**
 * Changes the relay refused, kept in this browser (localStorage) so they outlive the tab:
 * one board file per room, holding every change refused there until the person saves or
 * dismisses it. A file too large for localStorage (its quota is a few MB for the whole
 * origin) stays in memory only, offered for download from the badge.
 */
const PREFIX = 'whiteboard.refused.';
/** Largest board file kept in localStorage, in characters. */
export const MAX_KEPT_CHARS = 1_000_000;

export function keepChange(roomId: string, file: string): boolean {
  if (file.length > MAX_KEPT_CHARS) return false;
  try {
    localStorage.setItem(PREFIX + roomId, file);
    return true;
  } catch {
    return false; // private mode or over the quota: the in-memory copy is all there is
  }
}

export function keptChange(roomId: string): string | null {
  try {
    return localStorage.getItem(PREFIX + roomId);
  } catch {
    return null;
  }
}

export function forgetChange(roomId: string): void {
  try {
    localStorage.removeItem(PREFIX + roomId);
  } catch {
    /* storage blocked: nothing was kept */
  }
}
