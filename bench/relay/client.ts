// One load-generator client: a WebSocket editor speaking the sync protocol with lib0 and
// y-protocols framing directly (no WebsocketProvider), or a raw-HTTP SSE spectator.
import http from 'node:http';
import * as Y from 'yjs';
import * as decoding from 'lib0/decoding';
import WebSocket from 'ws';
import {
  MSG_AWARENESS,
  MSG_HP_SYNC_REPLY,
  MSG_SYNC,
  SYNC_STEP1,
  SYNC_STEP2,
  SYNC_UPDATE,
  awarenessMessage,
  encodeAwareness,
  hpAuthMessage,
  makeChunk,
  nowMs,
  readAwareness,
  scanStamps,
  syncMessage,
  type Dialect,
} from './protocol.ts';

export interface Sink {
  delivery(sentAt: number): void;
  /** A delivery counted for throughput only (unsampled spectators). */
  deliveredUnmeasured(): void;
  cursor(sentAt: number): void;
  error(kind: string): void;
}

const LOCAL = Symbol('local');
const POINTS_PER_STROKE = 120;

export interface WsClientSpec {
  kind: 'ws';
  room: string;
  /** Full WebSocket URL. */
  url: string;
  dialect: Dialect;
  /** > 0 for writers: a unique id stamped into everything this client writes. */
  writerId: number;
}

export class WsClient {
  readonly doc = new Y.Doc();
  ws: WebSocket | null = null;
  synced = false;
  closedUnexpectedly = false;
  private queue: Uint8Array[] = [];
  private stroke: Y.Array<Uint8Array> | null = null;
  private strokes = 0;
  private inStroke = 0;
  private seq = 0;
  private awarenessClock = 0;
  private pending: Uint8Array | null = null;
  private closing = false;

  constructor(
    readonly spec: WsClientSpec,
    private readonly sink: Sink,
  ) {
    this.doc.on('update', (update: Uint8Array, origin: unknown) => {
      if (origin === LOCAL) this.pending = update;
    });
  }

  /** Opens the socket and resolves once the initial sync completed (step 2 received). */
  connect(timeoutMs: number): Promise<void> {
    const { url, dialect, room } = this.spec;
    return new Promise((resolve, reject) => {
      // WS_DEFLATE=1: offer permessage-deflate (servers/wsRebroadcast.ts accepts it then), to measure its cost
      const ws = new WebSocket(url, { perMessageDeflate: process.env.WS_DEFLATE === '1' });
      this.ws = ws;
      ws.binaryType = 'nodebuffer';
      let done = false;
      const finish = (err?: Error) => {
        if (done) return;
        done = true;
        clearTimeout(timer);
        if (err) reject(err);
        else resolve();
      };
      const timer = setTimeout(() => finish(new Error('sync timeout')), timeoutMs);
      ws.on('open', () => {
        if (dialect === 'raw') {
          this.synced = true;
          return finish();
        }
        if (dialect === 'hp') ws.send(hpAuthMessage(room));
        ws.send(syncMessage(dialect, room, SYNC_STEP1, Y.encodeStateVector(this.doc)));
      });
      ws.on('message', (data: Buffer) => {
        try {
          this.onMessage(data);
        } catch {
          this.sink.error('bad message');
        }
        if (this.synced) finish();
      });
      ws.on('error', (err) => {
        this.sink.error('socket error');
        finish(err);
      });
      ws.on('close', () => {
        if (!this.closing) {
          this.closedUnexpectedly = true;
          this.sink.error('closed by server');
        }
        finish(new Error('closed before sync'));
      });
    });
  }

  private onMessage(data: Buffer): void {
    const { dialect, room } = this.spec;
    const d = decoding.createDecoder(data);
    if (dialect === 'hp') decoding.readVarString(d);
    const type = decoding.readVarUint(d);
    if (type === MSG_SYNC || type === MSG_HP_SYNC_REPLY) {
      const sub = decoding.readVarUint(d);
      const payload = decoding.readVarUint8Array(d);
      if (sub === SYNC_STEP1) {
        if (dialect !== 'raw') {
          this.flush();
          this.ws!.send(syncMessage(dialect, room, SYNC_STEP2, Y.encodeStateAsUpdate(this.doc, payload)));
        }
      } else if (sub === SYNC_STEP2) {
        this.flush();
        Y.applyUpdate(this.doc, payload);
        this.synced = true;
      } else if (sub === SYNC_UPDATE) {
        const own = this.spec.writerId;
        scanStamps(payload, (writer, _seq, sentAt) => {
          if (writer !== own) this.sink.delivery(sentAt);
        });
        this.queue.push(payload);
      }
    } else if (type === MSG_AWARENESS) {
      const self = this.doc.clientID;
      readAwareness(decoding.readVarUint8Array(d), (clientId, state) => {
        if (clientId !== self && typeof state.t === 'number') this.sink.cursor(state.t);
      });
    }
    // anything else (Hocuspocus auth replies and sync status, our relay's extras) is ignored
  }

  /** Applies the received updates to the document, in one transaction. */
  flush(): void {
    if (this.queue.length === 0) return;
    const q = this.queue;
    this.queue = [];
    Y.transact(this.doc, () => {
      for (const u of q) Y.applyUpdate(this.doc, u);
    });
  }

  get queued(): number {
    return this.queue.length;
  }

  /** Appends one chunk of 4 points to the current stroke and sends the resulting update. */
  draw(): boolean {
    const ws = this.ws;
    if (!ws || ws.readyState !== WebSocket.OPEN) return false;
    const id = this.spec.writerId;
    const chunk = makeChunk(id, this.seq++, (this.seq * 7) % 4000, (this.seq * 3) % 3000);
    this.doc.transact(() => {
      if (!this.stroke || this.inStroke >= POINTS_PER_STROKE) {
        const shape = new Y.Map<unknown>();
        this.doc.getMap('shapes').set(`w${id}-${this.strokes}`, shape);
        shape.set('type', 'pen');
        shape.set('color', '#1e1e1e');
        shape.set('width', 2);
        shape.set('z', `a${id.toString(36)}${this.strokes}`);
        shape.set('author', `w${id}`);
        this.stroke = new Y.Array<Uint8Array>();
        shape.set('points', this.stroke);
        this.strokes++;
        this.inStroke = 0;
      }
      this.stroke.push([chunk]);
      this.inStroke++;
    }, LOCAL);
    const update = this.pending;
    this.pending = null;
    if (!update) return false;
    ws.send(syncMessage(this.spec.dialect, this.spec.room, SYNC_UPDATE, update));
    return true;
  }

  /** Sends a cursor position as an awareness update, stamped with its send time. */
  cursor(): boolean {
    const ws = this.ws;
    if (!ws || ws.readyState !== WebSocket.OPEN) return false;
    const state = {
      user: { name: `writer ${this.spec.writerId}`, color: '#e03131' },
      cursor: { x: this.seq % 4000, y: this.seq % 3000 },
      tool: 'pen',
      t: nowMs(),
    };
    ws.send(awarenessMessage(this.spec.dialect, this.spec.room, encodeAwareness(this.doc.clientID, ++this.awarenessClock, state)));
    return true;
  }

  stateVector(): Array<[number, number]> {
    this.flush();
    return [...Y.decodeStateVector(Y.encodeStateVector(this.doc)).entries()];
  }

  close(): void {
    this.closing = true;
    this.ws?.terminate();
    this.doc.destroy();
  }
}

export interface SseClientSpec {
  kind: 'sse';
  room: string;
  /** Full http URL of the events stream. */
  url: string;
  /** Also apply everything to a Y.Doc (a sample of spectators), for the convergence check. */
  applyDoc: boolean;
  /** Decode the updates and measure latency (a sample: parsing 300k events/s would make the generator the bottleneck). */
  measure: boolean;
}

const UPDATE_MARK = Buffer.from('event: update\n');
const SNAPSHOT_MARK = Buffer.from('event: snapshot');

/** A spectator: a raw HTTP request parsing text/event-stream. */
export class SseClient {
  doc: Y.Doc | null;
  synced = false;
  updates = 0;
  gaps = 0;
  private lastSeq = -1;
  private buf = '';
  private req: http.ClientRequest | null = null;
  private closing = false;
  private queue: Uint8Array[] = [];

  constructor(
    readonly spec: SseClientSpec,
    private readonly sink: Sink,
  ) {
    this.doc = spec.applyDoc ? new Y.Doc() : null;
  }

  connect(timeoutMs: number): Promise<void> {
    return new Promise((resolve, reject) => {
      let done = false;
      const finish = (err?: Error) => {
        if (done) return;
        done = true;
        clearTimeout(timer);
        if (err) reject(err);
        else resolve();
      };
      const timer = setTimeout(() => finish(new Error('snapshot timeout')), timeoutMs);
      const req = http.get(this.spec.url, { agent: false, headers: { accept: 'text/event-stream' } }, (res) => {
        if (res.statusCode !== 200) {
          this.sink.error(`sse status ${res.statusCode}`);
          res.resume();
          return finish(new Error(`status ${res.statusCode}`));
        }
        if (!this.spec.measure && !this.doc) {
          // Unsampled spectators only count update events, on the raw bytes: parsing
          // 300k events/s as text would make the generator the bottleneck.
          // a mark may straddle two chunks: the tail of the last one is searched again
          let carry = Buffer.alloc(0);
          res.on('data', (chunk: Buffer) => {
            const data = carry.length ? Buffer.concat([carry, chunk]) : chunk;
            if (!this.synced) {
              this.synced = data.indexOf(SNAPSHOT_MARK) !== -1;
              if (this.synced) finish();
            }
            for (let at = data.indexOf(UPDATE_MARK); at !== -1; at = data.indexOf(UPDATE_MARK, at + 1)) {
              if (at + UPDATE_MARK.length <= carry.length) continue; // counted with the last chunk
              this.updates++;
              this.sink.deliveredUnmeasured();
            }
            carry = Buffer.from(data.subarray(Math.max(0, data.length - SNAPSHOT_MARK.length)));
          });
          res.on('close', () => {
            if (!this.closing) this.sink.error('sse closed by server');
            finish(new Error('closed before snapshot'));
          });
          return;
        }
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          const buf = this.buf + chunk;
          let pos = 0;
          let end: number;
          while ((end = buf.indexOf('\n\n', pos)) !== -1) {
            try {
              this.onEvent(buf.slice(pos, end));
            } catch {
              this.sink.error('bad sse event');
            }
            pos = end + 2;
          }
          this.buf = pos === 0 ? buf : buf.slice(pos);
          if (this.synced) finish();
        });
        res.on('close', () => {
          if (!this.closing) this.sink.error('sse closed by server');
          finish(new Error('closed before snapshot'));
        });
      });
      req.on('error', (err) => {
        if (!this.closing) this.sink.error('sse error');
        finish(err);
      });
      this.req = req;
    });
  }

  private onEvent(block: string): void {
    let event = 'message';
    let id = '';
    let data = '';
    for (const line of block.split('\n')) {
      if (line.startsWith('event:')) event = line.slice(6).trim();
      else if (line.startsWith('id:')) id = line.slice(3).trim();
      else if (line.startsWith('data:')) data += line.slice(5).trim();
    }
    if (event === 'snapshot') {
      this.lastSeq = Number(id.split('-')[1] ?? -1);
      if (this.doc) Y.applyUpdate(this.doc, Buffer.from(data, 'base64'));
      this.synced = true;
    } else if (event === 'update') {
      const seq = Number(id.split('-')[1]);
      if (this.lastSeq >= 0 && seq !== this.lastSeq + 1) this.gaps++;
      this.lastSeq = seq;
      this.updates++;
      if (!this.spec.measure) this.sink.deliveredUnmeasured();
      const bytes = Buffer.from(data, 'base64');
      if (this.spec.measure) scanStamps(bytes, (_w, _s, sentAt) => this.sink.delivery(sentAt));
      if (this.doc) this.queue.push(bytes);
    }
  }

  flush(): void {
    if (!this.doc || this.queue.length === 0) return;
    const q = this.queue;
    this.queue = [];
    const doc = this.doc;
    Y.transact(doc, () => {
      for (const u of q) Y.applyUpdate(doc, u);
    });
  }

  stateVector(): Array<[number, number]> | null {
    if (!this.doc) return null;
    this.flush();
    return [...Y.decodeStateVector(Y.encodeStateVector(this.doc)).entries()];
  }

  close(): void {
    this.closing = true;
    this.req?.destroy();
    this.doc?.destroy();
  }
}
