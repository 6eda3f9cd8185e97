/** People named in a version: at most this many, each cut to this length, control characters removed. */
export const MAX_EDITORS = 20;
export const MAX_NAME = 64;

/** The display name in an awareness state (`user.name`, as the client sets it), cleaned; null if none. */
export function editorName(state: unknown): string | null {
  if (!state || typeof state !== 'object') return null;
  const user = (state as { user?: unknown }).user;
  if (!user || typeof user !== 'object') return null;
  const name = (user as { name?: unknown }).name;
  if (typeof name !== 'string') return null;
  // eslint-disable-next-line no-control-regex
  const clean = name.replace(/[\u0000-\u001f\u007f]/g, '').trim().slice(0, MAX_NAME);
  return clean || null;
}
