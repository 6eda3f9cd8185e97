/**
 * What the editor does when the relay refuses a change (shared/refused.ts: a message it
 * sends just before closing with 4401, 4409 or 4414). Without this, y-websocket would stop
 * for good at the 44xx close, or, on Retry, resend the same change and be refused again,
 * and everything drawn after it would never leave this device either.
 *
 * So, when the message arrives: keep a copy of the change (a board file, offered from the
 * badge and kept in localStorage when small), take exactly its Items out of the document
 * (sync/refused.ts), say what happened in the badge, and once the socket closes connect
 * again: the sync exchange then sends the rest (and the removal, a few bytes of
 * tombstones). A board so full that even that is refused names the same change again and
 * finds nothing left to remove: then it waits longer before each try instead of
 * spinning, and the message stays.
 */
import type * as Y from 'yjs';
import type { WebsocketProvider } from 'y-websocket';
import { readRefused, REFUSED_MESSAGE, type RefusedUpdate } from '../../shared/refused.ts';
import { BOARD_KIND, parseShapesDocument, type ShapeJSON } from '../board/format.ts';
import { makeDocument } from '../board/serialize.ts';
import { forgetChange, keepChange, keptChange } from './keptChanges.ts';
import { captureRefused, removeRefused, type CapturedChange } from './refused.ts';
import { refusedText } from './refusedText.ts';
import type { StatusStore } from './status.ts';

/** Wait before reconnecting after the same change was refused again: doubling from 1 s, at most a minute. */
export const repeatDelay = (repeats: number) => Math.min(1000 * 2 ** (repeats - 1), 60_000);

export interface RefusalDeps {
  provider: WebsocketProvider;
  doc: Y.Doc;
  roomId: string;
  status: StatusStore;
  /** the relay's MAX_DOC_BYTES if it said (for the message) */
  maxDocBytes(): number | null;
}

export interface Refusals {
  /** The socket closed with `code`: true when a refusal announced it (the close is not final then). */
  announced(code: number): boolean;
  /** After a `closed` (final) event: reconnects when a refusal announced it; returns whether it did. */
  reconnectAfter(code: number): boolean;
  /** true while waiting to reconnect after a refusal */
  waiting(): boolean;
  /** The person dismissed the notice: the kept change is forgotten. */
  dismiss(): void;
  destroy(): void;
}

export function handleRefusals(d: RefusalDeps): Refusals {
  let pending: RefusedUpdate | null = null;
  let lastKey = '';
  let repeats = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const kept: ShapeJSON[] = loadKept(d.roomId);
  const keptFile = () => (kept.length ? JSON.stringify(makeDocument(BOARD_KIND, kept), null, 1) : null);
  if (kept.length) d.status.setNotice({ message: 'A change this board could not take is kept on this device.', file: keptFile() });

  const onRefused = (r: RefusedUpdate) => {
    pending = r;
    const key = JSON.stringify(r.ranges);
    // capture before removing: afterwards the Items hold only tombstones
    const captured = safeCapture(d.doc, r.ranges);
    const removed = removeRefused(d.doc, r.ranges);
    repeats = key === lastKey || removed === 0 ? repeats + 1 : 0;
    lastKey = key;
    if (repeats > 0 && d.status.get().notice) return; // the same change again: keep the message as it is
    if (captured.shapes.length) {
      kept.push(...captured.shapes);
      keepChange(d.roomId, keptFile()!);
    }
    const file = keptFile();
    d.status.setNotice({ message: refusedText(r.code, r.reason, d.maxDocBytes(), file !== null), file });
  };

  d.provider.messageHandlers[REFUSED_MESSAGE] = (_encoder, decoder) => {
    let r: RefusedUpdate;
    try {
      r = readRefused(decoder);
    } catch {
      return; // truncated: the close that follows is then handled as any other
    }
    onRefused(r);
  };
  const onStatus = ({ status }: { status: string }) => {
    if (status === 'connected') pending = null;
  };
  d.provider.on('status', onStatus);

  return {
    announced: (code) => pending?.code === code,
    reconnectAfter(code) {
      if (pending?.code !== code) return false;
      pending = null;
      clearTimeout(timer);
      if (repeats === 0) d.provider.connect();
      else timer = setTimeout(() => ((timer = undefined), d.provider.connect()), repeatDelay(repeats));
      return true;
    },
    waiting: () => timer !== undefined,
    dismiss() {
      kept.length = 0;
      forgetChange(d.roomId);
      d.status.setNotice(null);
    },
    destroy() {
      clearTimeout(timer);
      d.provider.off('status', onStatus);
    },
  };
}

/**
 * The copy never stands in the way of the removal: were reading a shape to fail, the
 * change would stay and be refused again with every reconnect, and nothing after it sync.
 */
function safeCapture(doc: Y.Doc, ranges: RefusedUpdate['ranges']): CapturedChange {
  try {
    return captureRefused(doc, ranges);
  } catch (err) {
    console.warn('could not copy the refused change', err);
    return { shapes: [], file: '' };
  }
}

/** Shapes kept from an earlier visit (keptChanges.ts); a damaged entry is dropped. */
function loadKept(roomId: string): ShapeJSON[] {
  const file = keptChange(roomId);
  if (!file) return [];
  try {
    return parseShapesDocument(file).shapes;
  } catch {
    forgetChange(roomId);
    return [];
  }
}
