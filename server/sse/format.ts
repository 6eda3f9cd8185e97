/** text/event-stream framing. Each event is encoded once and the bytes shared by all spectators. */
const enc = new TextEncoder();

export function sseEvent(event: string, data: string, id?: string): Uint8Array {
  return enc.encode(`${id === undefined ? '' : `id: ${id}\n`}event: ${event}\ndata: ${data}\n\n`);
}

export const toBase64 = (bytes: Uint8Array): string => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');

/** A comment line: keeps proxies from timing the stream out. */
export const HEARTBEAT = enc.encode(':\n\n');

/** Sent first: tells EventSource how long to wait before reconnecting. */
export const RETRY_HINT = enc.encode('retry: 1000\n\n');
