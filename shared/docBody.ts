/**
 * The body of `GET /api/rooms/<id>/doc`: the room's document as Yjs updates to apply
 * in order, in one transaction. The first is the whole document as the relay last
 * encoded it (v2); the rest are the updates the room accepted since (v1, as they came
 * over the socket). A room being drawn in thus never re-encodes its whole document
 * (tens to hundreds of ms on the relay's event loop for a large board) for each editor
 * that opens it; the relay re-encodes once the updates outweigh half the encoding.
 *
 * Layout: repeated [format: 1 byte, 1 = v1, 2 = v2][length: varuint][update].
 */
import * as Y from 'yjs';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';

export const DOC_CONTENT_TYPE = 'application/vnd.whiteboard.yjs-updates';

export interface DocState {
  /** the whole document, v2 */
  base: Uint8Array;
  /** updates accepted after `base` was encoded, v1, oldest first */
  tail: readonly Uint8Array[];
}

export interface DocFrame {
  v2: boolean;
  update: Uint8Array;
}

function frameHead(v2: boolean, length: number): Uint8Array {
  const enc = encoding.createEncoder();
  encoding.writeUint8(enc, v2 ? 2 : 1);
  encoding.writeVarUint(enc, length);
  return encoding.toUint8Array(enc);
}

/** The body as parts to write one after the other (the updates are not copied). */
export function docBodyParts(state: DocState): Uint8Array[] {
  const parts = [frameHead(true, state.base.length), state.base];
  for (const u of state.tail) parts.push(frameHead(false, u.length), u);
  return parts;
}

/** The updates of a body; throws on a malformed one (unknown format, cut short). */
export function readDocBody(body: Uint8Array): DocFrame[] {
  const dec = decoding.createDecoder(body);
  const out: DocFrame[] = [];
  while (decoding.hasContent(dec)) {
    const format = decoding.readUint8(dec);
    if (format !== 1 && format !== 2) throw new Error(`unknown update format ${format}`);
    const length = decoding.readVarUint(dec);
    if (length > body.length - dec.pos) throw new Error('document body cut short');
    out.push({ v2: format === 2, update: decoding.readUint8Array(dec, length) });
  }
  return out;
}

/** Applies a body's updates to `doc` in order, in one transaction; throws on a malformed body. */
export function applyDocBody(doc: Y.Doc, body: Uint8Array, origin: unknown = null): void {
  const frames = readDocBody(body);
  doc.transact(() => {
    for (const f of frames) {
      if (f.v2) Y.applyUpdateV2(doc, f.update);
      else Y.applyUpdate(doc, f.update);
    }
  }, origin);
}
