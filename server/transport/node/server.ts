import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import type { Config } from '../../config.ts';
import type { EventSink } from '../../core/connection.ts';
import { NOT_FOUND_HTML } from '../../core/notFoundPage.ts';
import type { Relay } from '../../core/relay.ts';
import { preloadLink, route, streamRefusal, type BodyReader, type Route } from '../../core/router.ts';
import { log } from '../../log.ts';
import { readStatic } from './static.ts';
import { corkedWrite } from './outbox.ts';
import { attachSocket } from './wsConnection.ts';
import { socketRoomId } from '../socketPath.ts';
import { clientIp } from '../clientIp.ts';
import { hardPayloadLimit } from '../../../shared/limits.ts';
import { SECURITY_HEADER_LINES, SECURITY_HEADERS } from '../securityHeaders.ts';


/** The Node transport: node:http for HTTP and SSE, `ws` for editors' sockets. */
export function createNodeServer(relay: Relay, config: Pick<Config, 'clientDir' | 'maxFrameBytes' | 'trustProxy'>): Server {
  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: hardPayloadLimit(config.maxFrameBytes),
    perMessageDeflate: false,
    clientTracking: false,
  });
  const onRequest = (req: IncomingMessage, res: ServerResponse) => {
    // set first, so every response below (errors included) carries them: writeHead merges
    for (const [name, value] of Object.entries(SECURITY_HEADERS)) res.setHeader(name, value);
    handleHttp(relay, config.clientDir, req, res, requestIp(req, config.trustProxy)).catch((err) => {
      log.error('http handler failed', { url: req.url, error: String(err) });
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: 'internal error' }));
    });
  };
  const server = createServer(onRequest);
  // `Expect: 100-continue` (curl -T): the client waits for the go-ahead, given only when a
  // route reads the body (bodyReader), so a refused upload is refused before it is sent
  server.on('checkContinue', onRequest);
  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const roomId = socketRoomId(req.url ?? '');
    if (roomId === null) {
      socket.end(`HTTP/1.1 404 Not Found\r\nConnection: close\r\nContent-Length: 0\r\n${SECURITY_HEADER_LINES}\r\n`);
      return;
    }
    // Accept first so that a bad room id gets a WebSocket close code the client can show.
    const ip = requestIp(req, config.trustProxy);
    wss.handleUpgrade(req, socket, head, (ws) => attachSocket(relay, ws, roomId, ip));
  });
  return server;
}

const requestIp = (req: IncomingMessage, trustProxy: boolean) => clientIp(req.socket.remoteAddress, req.headers['x-forwarded-for'] as string | undefined, trustProxy);

async function handleHttp(relay: Relay, clientDir: string, req: IncomingMessage, res: ServerResponse, ip: string): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://localhost');
  const body = bodyReader(req, res);
  const r: Route = await route(relay, req.method ?? 'GET', url.pathname, ip, url.searchParams, body);
  switch (r.kind) {
    case 'json': {
      // a body left unread (too large): the connection cannot carry another request
      res.writeHead(r.status, { 'content-type': 'application/json', 'cache-control': 'no-store', ...(body.refused() ? { connection: 'close' } : {}) });
      res.end(JSON.stringify(r.body));
      return;
    }
    case 'body': {
      const parts = Array.isArray(r.body) ? r.body : [r.body];
      const length = parts.reduce((n, p) => n + Buffer.byteLength(p), 0);
      res.writeHead(r.status, { 'content-type': r.contentType, 'content-length': length, 'cache-control': 'no-store', ...r.headers });
      // one writev for the parts (GET /doc: an encoding and up to 1,000 updates with their heads)
      res.cork();
      for (const p of parts) res.write(p);
      res.end();
      res.uncork();
      return;
    }
    case 'notFoundPage':
      return sendNotFound(res);
    case 'app': {
      const file = await readStatic(clientDir, '/index.html');
      if (!file) {
        res.writeHead(503, { 'content-type': 'text/plain; charset=utf-8' });
        res.end('The client is not built: run `npm run build` (npm start does it for you).\n');
        return;
      }
      res.writeHead(200, {
        'content-type': file.contentType,
        'cache-control': 'no-cache',
        ...(r.preload ? { link: preloadLink(r.preload) } : {}),
      });
      res.end(req.method === 'HEAD' ? undefined : file.body);
      return;
    }
    case 'asset': {
      const file = await readStatic(clientDir, r.path);
      if (!file) return sendNotFound(res);
      res.writeHead(200, {
        'content-type': file.contentType,
        'cache-control': file.immutable ? 'public, max-age=31536000, immutable' : 'no-cache',
      });
      res.end(req.method === 'HEAD' ? undefined : file.body);
      return;
    }
    case 'events':
      if (req.method === 'HEAD') {
        res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache, no-transform' });
        return void res.end();
      }
      return streamEvents(relay, r.viewId, req, res, url, ip);
  }
}

/**
 * The request's body for route(), read only when a route asks, at most `maxBytes` of
 * it: a declared Content-Length over the limit is refused unread, and a body that grows
 * past it is dropped at that chunk, so a request never makes the relay hold more.
 */
function bodyReader(req: IncomingMessage, res: ServerResponse): BodyReader & { refused(): boolean } {
  let refused = false;
  const read = (maxBytes: number) =>
    new Promise<Uint8Array | null>((resolve, reject) => {
      const declared = Number(req.headers['content-length']);
      if (declared > maxBytes) {
        refused = true;
        return resolve(null);
      }
      if (/100-continue/i.test(req.headers.expect ?? '')) res.writeContinue();
      const chunks: Buffer[] = [];
      let n = 0;
      const done = () => {
        req.off('data', onData).off('end', onEnd).off('error', onError).off('close', onClose);
      };
      const onData = (chunk: Buffer) => {
        n += chunk.length;
        if (n <= maxBytes) return void chunks.push(chunk);
        done();
        chunks.length = 0;
        refused = true;
        // what else arrives is discarded as it comes (Node's own handling once the answer is sent)
        req.resume();
        resolve(null);
      };
      const onEnd = () => {
        done();
        resolve(new Uint8Array(Buffer.concat(chunks, n)));
      };
      const onError = (err: Error) => {
        done();
        reject(err);
      };
      const onClose = () => {
        done();
        reject(new Error('the request was aborted'));
      };
      req.on('data', onData).on('end', onEnd).on('error', onError).on('close', onClose);
    });
  return Object.assign(read, { refused: () => refused });
}

function sendNotFound(res: ServerResponse): void {
  res.writeHead(404, { 'content-type': 'text/html; charset=utf-8' });
  res.end(NOT_FOUND_HTML);
}

async function streamEvents(relay: Relay, viewId: string, req: IncomingMessage, res: ServerResponse, url: URL, ip: string): Promise<void> {
  const lastEventId = (req.headers['last-event-id'] as string | undefined) ?? url.searchParams.get('lastEventId');
  let closed = false;
  let stop: (() => void) | null = null;
  res.on('close', () => {
    closed = true;
    stop?.();
  });
  const result = await relay.watch(viewId, lastEventId, ip, () => {
    res.writeHead(200, {
      'content-type': 'text/event-stream',
      'cache-control': 'no-cache, no-transform',
      connection: 'keep-alive',
      'x-accel-buffering': 'no',
    });
    req.socket.setNoDelay(true);
    return {
      write: (chunk) => corkedWrite(res, chunk),
      end: () => res.end(),
      get bufferedAmount() {
        return res.writableLength;
      },
    } satisfies EventSink;
  });
  if (typeof result !== 'function') {
    res.writeHead(result.status, { 'content-type': 'application/json', 'cache-control': 'no-store' });
    return void res.end(JSON.stringify({ error: streamRefusal[result.status] }));
  }
  stop = result;
  if (closed) stop();
}
