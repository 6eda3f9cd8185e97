/**
 * The relay's word that it refused an update, sent just before it closes the socket
 * (an extension of the y-websocket protocol: a message type y-websocket does not use,
 * which an unmodified provider logs and ignores). It names the clock ranges the refused
 * update wrote, so our client can take exactly that change back out of its document,
 * keep it on the device, tell the person why, and go on syncing everything else.
 *
 * Layout: [REFUSED_MESSAGE][code][reason: varString][n][client, from, to]×n
 */
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';

export const REFUSED_MESSAGE = 100;

export interface RefusedUpdate {
  code: number;
  reason: string;
  /** Per client, the clocks [from, to) the refused update wrote. */
  ranges: Array<{ client: number; from: number; to: number }>;
}

export function encodeRefused(r: RefusedUpdate): Uint8Array {
  const enc = encoding.createEncoder();
  encoding.writeVarUint(enc, REFUSED_MESSAGE);
  encoding.writeVarUint(enc, r.code);
  encoding.writeVarString(enc, r.reason);
  encoding.writeVarUint(enc, r.ranges.length);
  for (const x of r.ranges) {
    encoding.writeVarUint(enc, x.client);
    encoding.writeVarUint(enc, x.from);
    encoding.writeVarUint(enc, x.to);
  }
  return encoding.toUint8Array(enc);
}

/** Decodes the body after the message type (y-websocket handlers get a decoder positioned there). */
export function readRefused(d: decoding.Decoder): RefusedUpdate {
  const code = decoding.readVarUint(d);
  const reason = decoding.readVarString(d).slice(0, 200);
  const n = Math.min(decoding.readVarUint(d), 10_000);
  const ranges: RefusedUpdate['ranges'] = [];
  for (let i = 0; i < n; i++) ranges.push({ client: decoding.readVarUint(d), from: decoding.readVarUint(d), to: decoding.readVarUint(d) });
  return { code, reason, ranges };
}
