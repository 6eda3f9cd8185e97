import type { Server } from 'bun';
import type { Config } from '../../config.ts';
import { NOT_FOUND_HTML } from '../../core/notFoundPage.ts';
import type { Relay } from '../../core/relay.ts';
import { preloadLink, route, type BodyReader, type Route } from '../../core/router.ts';
import { log } from '../../log.ts';
import { socketRoomId } from '../socketPath.ts';
import { clientIp } from '../clientIp.ts';
import { socketHandler, type SocketData } from './socket.ts';
import { eventStreamHead, eventStreamResponse } from './sse.ts';
import { staticResponse } from './static.ts';
import { applySecurityHeaders } from '../securityHeaders.ts';

type BunServer = Server<SocketData>;

/** The Bun transport: Bun.serve for HTTP, SSE and editors' WebSockets. */
export function serveBun(relay: Relay, config: Pick<Config, 'port' | 'host' | 'clientDir' | 'maxFrameBytes' | 'trustProxy'>): BunServer {
  return Bun.serve<SocketData>({
    port: config.port,
    hostname: config.host,
    development: false,
    websocket: socketHandler(relay, config.maxFrameBytes),
    async fetch(req, server) {
      const url = new URL(req.url);
      const ip = clientIp(server.requestIP(req)?.address, req.headers.get('x-forwarded-for'), config.trustProxy);
      if (req.headers.get('upgrade')?.toLowerCase() === 'websocket') {
        const roomId = socketRoomId(url.pathname);
        if (roomId === null) return withSecurityHeaders(new Response(null, { status: 404, headers: { connection: 'close' } }));
        // Accept first so that a bad room id gets a WebSocket close code the client can show.
        const data: SocketData = { roomId, ip, session: null };
        if (server.upgrade(req, { data })) return undefined;
      }
      return withSecurityHeaders(await respond(relay, config.clientDir, req, url, server, ip));
    },
  });
}

/** Every HTTP response leaves through here, so each carries the security headers (errors and the upgrade refusal too). */
function withSecurityHeaders(res: Response): Response {
  applySecurityHeaders(res.headers);
  return res;
}

async function respond(relay: Relay, clientDir: string, req: Request, url: URL, server: BunServer, ip: string): Promise<Response> {
  try {
    return await handleHttp(relay, clientDir, req, url, server, ip);
  } catch (err) {
    log.error('http handler failed', { url: url.pathname, error: String(err) });
    return Response.json({ error: 'internal error' }, { status: 500 });
  }
}

async function handleHttp(relay: Relay, clientDir: string, req: Request, url: URL, server: BunServer, ip: string): Promise<Response> {
  const head = req.method === 'HEAD';
  const body = bodyReader(req);
  const r: Route = await route(relay, req.method, url.pathname, ip, url.searchParams, body);
  switch (r.kind) {
    case 'json':
      return new Response(JSON.stringify(r.body), {
        status: r.status,
        // a body left unread (too large): the connection cannot carry another request
        headers: { 'content-type': 'application/json', 'cache-control': 'no-store', ...(body.refused() ? { connection: 'close' } : {}) },
      });
    case 'body':
      // Our encoders never hand out views of shared memory.
      return new Response(Array.isArray(r.body) ? new Blob(r.body as Uint8Array<ArrayBuffer>[]) : (r.body as string | Uint8Array<ArrayBuffer>), {
        status: r.status,
        headers: { 'content-type': r.contentType, 'cache-control': 'no-store', ...r.headers },
      });
    case 'notFoundPage':
      return notFoundPage();
    case 'app': {
      const page = await staticResponse(clientDir, '/index.html', 200, 'no-cache');
      if (page && r.preload) page.headers.set('link', preloadLink(r.preload));
      return (
        page ??
        new Response('The client is not built: run `npm run build` (npm start does it for you).\n', {
          status: 503,
          headers: { 'content-type': 'text/plain; charset=utf-8' },
        })
      );
    }
    case 'asset':
      return (await staticResponse(clientDir, r.path)) ?? notFoundPage();
    case 'events': {
      if (head) return eventStreamHead();
      // A spectator may sit silent between heartbeats: Bun's 10 s idle timeout must not cut it.
      server.timeout(req, 0);
      const lastEventId = req.headers.get('last-event-id') ?? url.searchParams.get('lastEventId');
      return eventStreamResponse(relay, r.viewId, lastEventId, ip, req.signal);
    }
  }
}

/**
 * The request's body for route(), read only when a route asks, at most `maxBytes` of
 * it: a declared Content-Length over the limit is refused unread, and a stream that
 * grows past it is cancelled at that chunk.
 */
function bodyReader(req: Request): BodyReader & { refused(): boolean } {
  let refused = false;
  const read = async (maxBytes: number): Promise<Uint8Array | null> => {
    if (Number(req.headers.get('content-length')) > maxBytes) {
      refused = true;
      return null;
    }
    if (!req.body) return new Uint8Array(0);
    const reader = req.body.getReader();
    const chunks: Uint8Array[] = [];
    let n = 0;
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      n += value.length;
      if (n > maxBytes) {
        refused = true;
        chunks.length = 0;
        void reader.cancel().catch(() => {});
        return null;
      }
      chunks.push(value);
    }
    const out = new Uint8Array(n);
    let at = 0;
    for (const c of chunks) {
      out.set(c, at);
      at += c.length;
    }
    return out;
  };
  return Object.assign(read, { refused: () => refused });
}

function notFoundPage(): Response {
  return new Response(NOT_FOUND_HTML, { status: 404, headers: { 'content-type': 'text/html; charset=utf-8' } });
}
