/**
 * Entry point: routes by path. The relay serves index.html for /, /r/<id> and /v/<id>
 * (and its 404 page for unknown boards); under `vite dev` every path gets index.html,
 * so the client checks ids itself.
 *
 *   /          the landing page: create a room (POST /api/rooms), then replace the URL
 *              with its edit link. Only this POST creates rooms: a GET never does, so
 *              links and images elsewhere cannot make boards.
 *   /r/<id>    editor (lazy chunk)
 *   /v/<id>    spectator (lazy chunk)
 *   else       "Board not found"
 */
import { parseBoardPath } from '../shared/ids.ts';
import { createRoom, fetchDoc, getRoom, getView } from './sync/api.ts';
import { rememberedRoom, rememberRoom } from './sync/localCopy.ts';
import { showLoading, showNotFound } from './ui/notFound.ts';
import './ui/styles.css';

const root = document.getElementById('app') as HTMLElement;

function showError(message: string) {
  showNotFound(root, { title: 'Something went wrong', message });
  document.getElementById('not-found')?.setAttribute('data-error', 'true');
}

async function route(): Promise<void> {
  const path = location.pathname;
  if (path === '/' || path === '/index.html') {
    showLoading(root, 'Creating a new board…');
    const res = await createRoom();
    if (res.ok) location.replace(res.value.editUrl);
    else showError(`Could not create a board: ${res.message}`);
    return;
  }
  const target = parseBoardPath(path);
  if (!target) return showNotFound(root);
  showLoading(root);
  if (target.mode === 'edit') {
    // The document comes over HTTP while the editor's code loads (see editor.ts).
    const [res, mod, initial] = await Promise.all([getRoom(target.id), import('./editor.ts'), fetchDoc(target.id)]);
    performance.mark('wb:loaded');
    // no answer at all (offline, relay down): a board this browser opened before opens from its copy
    const remembered = !res.ok && !res.notFound ? rememberedRoom(target.id) : null;
    if (res.ok) rememberRoom(res.value);
    if (res.ok) mod.startEditor(root, res.value, initial);
    else if (remembered) mod.startEditor(root, remembered, null, { unreachable: true });
    else if (res.notFound) showNotFound(root);
    else showError(`Could not open the board: ${res.message}`);
  } else {
    const [res, mod] = await Promise.all([getView(target.id), import('./spectate/spectator.ts')]);
    if (res.ok) mod.startSpectator(root, res.value);
    else if (res.notFound) showNotFound(root);
    else showError(`Could not open the board: ${res.message}`);
  }
}

void route();
