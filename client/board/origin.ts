/**
 * The transaction origin of this client's own edits. The undo manager tracks only this
 * origin, so remote updates (applied with the provider as origin) are never undone here.
 */
export const LOCAL_ORIGIN = Object.freeze({ name: 'local-edit' });
