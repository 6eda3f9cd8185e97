// The upper bound for Node: a plain `ws` server that rebroadcasts every binary frame to
// the other sockets of the same URL path. No Yjs, no parsing, nothing stored.
import { createServer } from 'node:http';
import { WebSocketServer, type WebSocket } from 'ws';

const rooms = new Map<string, Set<WebSocket>>();
const http = createServer((_req, res) => res.writeHead(404).end());
// WS_DEFLATE=1 turns permessage-deflate on (clients offer it by default), to measure what it costs
const wss = new WebSocketServer({ server: http, perMessageDeflate: process.env.WS_DEFLATE === '1' });
wss.on('connection', (ws, req) => {
  const path = req.url ?? '/';
  let peers = rooms.get(path);
  if (!peers) rooms.set(path, (peers = new Set()));
  peers.add(ws);
  ws.on('message', (data, isBinary) => {
    for (const other of peers) if (other !== ws && other.readyState === 1) other.send(data, { binary: isBinary });
  });
  ws.on('close', () => {
    peers.delete(ws);
    if (peers.size === 0) rooms.delete(path);
  });
  ws.on('error', () => ws.terminate());
});
http.listen(Number(process.env.PORT ?? 0), process.env.HOST ?? '127.0.0.1', () => {
  const addr = http.address();
  const port = typeof addr === 'object' && addr ? addr.port : 0;
  console.log(JSON.stringify({ msg: 'relay listening', url: `http://127.0.0.1:${port}` }));
});
process.on('SIGTERM', () => process.exit(0));
