import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { parseEventId } from '../../shared/sse.ts';
import { connectProvider, createRoom, eventually, synced } from './clients.ts';
import { SITE_CONF, findNginx, startNginx, type NginxProcess } from './proxy/nginx.ts';
import { spectate } from './proxy/spectator.ts';
import { RUNTIMES, startRelay, type RelayProcess } from './relayProcess.ts';

const NGINX = findNginx();
// CI installs nginx (.ci/run): there a missing nginx must fail the suite, not quietly skip it.
const REQUIRED = Boolean(process.env.CI);
if (!NGINX && !REQUIRED) console.warn('nginx.test.ts: nginx is not installed (apt-get install nginx), skipping the reverse-proxy tests');

/** What "promptly" means for a spectator: far below any proxy buffer's patience, well above a loaded CI machine's jitter. */
const PROMPT_MS = 2_000;

type Cursor = { user?: { name?: string }; cursor?: { x: number } } | undefined;

describe('docs/deploy.md', () => {
  it('quotes docs/nginx.conf, the config tested below, verbatim', () => {
    const doc = readFileSync(new URL('../../docs/deploy.md', import.meta.url), 'utf8');
    const blocks = [...doc.matchAll(/^```nginx\n([\s\S]*?)^```$/gm)].map((m) => m[1]);
    expect(blocks).toEqual([readFileSync(SITE_CONF, 'utf8')]);
  });
});

describe.skipIf(!NGINX && !REQUIRED).each(RUNTIMES)('behind nginx (%s relay)', (runtime) => {
  let relay: RelayProcess | undefined;
  let proxy: NginxProcess | undefined;
  const via = () => proxy!;
  beforeAll(async () => {
    if (!NGINX) throw new Error('CI is set but nginx is not installed: .ci/run installs it with apt-get');
    relay = await startRelay({ runtime });
    proxy = await startNginx(NGINX, relay.port);
  });
  afterAll(async () => {
    await proxy?.stop();
    await relay?.stop();
  });

  it('serves /healthz and the API; plain HTTP redirects to https', async () => {
    const res = await fetch(`${via().http}/healthz`, { signal: AbortSignal.timeout(5_000) });
    expect(res.status).toBe(200);
    expect(res.headers.get('server')).toMatch(/^nginx/);
    expect(((await res.json()) as { ok: boolean }).ok).toBe(true);
    expect((await createRoom(via().http)).id).toMatch(/^[A-Za-z0-9_-]{22}$/);
    const plain = await fetch(`${via().redirect}/r/abc?x=1`, { redirect: 'manual', signal: AbortSignal.timeout(5_000) });
    expect(plain.status).toBe(301);
    expect(plain.headers.get('location')).toBe('https://127.0.0.1/r/abc?x=1');
  });

  it('two y-websocket editors see each other’s updates and awareness', async () => {
    const room = await createRoom(via().http);
    const [a, b] = [connectProvider(via().ws, room.id), connectProvider(via().ws, room.id)];
    try {
      await Promise.all([synced(a), synced(b)]);
      a.doc.getMap('shapes').set('fromA', 1);
      b.doc.getMap('shapes').set('fromB', 2);
      await eventually(() => b.doc.getMap('shapes').get('fromA') === 1 && a.doc.getMap('shapes').get('fromB') === 2, 'updates both ways');
      a.awareness.setLocalState({ user: { name: 'Ada' } });
      b.awareness.setLocalState({ user: { name: 'Bo' } });
      await eventually(
        () =>
          (b.awareness.getStates().get(a.doc.clientID) as Cursor)?.user?.name === 'Ada' &&
          (a.awareness.getStates().get(b.doc.clientID) as Cursor)?.user?.name === 'Bo',
        'awareness both ways',
      );
    } finally {
      a.destroy();
      b.destroy();
    }
  });

  it('streams SSE unbuffered: the snapshot at once, then each update and cursor within 2 s', async () => {
    const room = await createRoom(via().http);
    const events = `/rooms/${room.viewUrl.split('/').pop()}/events`;
    const editor = connectProvider(via().ws, room.id);
    const spectator = spectate(`${via().http}${events}`);
    try {
      // The relay asks proxies not to buffer; nginx honours that and keeps the header to itself.
      const direct = await fetch(`${relay!.http}${events}`);
      expect(direct.headers.get('x-accel-buffering')).toBe('no');
      await direct.body?.cancel();
      // A stream that never ends and is far smaller than a proxy buffer: it only arrives if nothing holds it back.
      const held = new AbortController();
      const timer = setTimeout(() => held.abort(new Error(`no SSE bytes through nginx within ${PROMPT_MS} ms: the proxy holds them back`)), PROMPT_MS);
      const raw = await fetch(`${via().http}${events}`, { signal: held.signal });
      expect(raw.status).toBe(200);
      expect(raw.headers.get('content-type')).toBe('text/event-stream');
      expect(raw.headers.get('content-encoding')).toBeNull();
      expect(raw.headers.get('content-length')).toBeNull();
      expect(raw.headers.get('x-accel-buffering')).toBeNull();
      const reader = raw.body!.getReader();
      const first = await reader.read();
      clearTimeout(timer);
      expect(new TextDecoder().decode(first.value)).toMatch(/^retry: \d+\n/);
      await reader.cancel();

      await synced(editor);
      await eventually(() => spectator.events[0]?.type === 'snapshot', 'snapshot', PROMPT_MS * 2);
      // One at a time: each update must get through on its own, not when later traffic pushes it out.
      for (let i = 0; i < 3; i++) {
        editor.doc.getMap('shapes').set(`k${i}`, i);
        await eventually(() => spectator.doc.getMap('shapes').get(`k${i}`) === i, `update ${i} within ${PROMPT_MS} ms`, PROMPT_MS);
      }
      editor.awareness.setLocalState({ user: { name: 'Ada' }, cursor: { x: 7 } });
      await eventually(() => (spectator.awareness.getStates().get(editor.doc.clientID) as Cursor)?.cursor?.x === 7, 'cursor', PROMPT_MS);
    } finally {
      spectator.es.close();
      editor.destroy();
    }
  });

  it('resumes with Last-Event-ID through nginx: only the missed updates, no new snapshot', async () => {
    const room = await createRoom(via().http);
    const events = `${via().http}/rooms/${room.viewUrl.split('/').pop()}/events`;
    const editor = connectProvider(via().ws, room.id);
    try {
      await synced(editor);
      const first = spectate(events);
      for (let i = 0; i < 5; i++) editor.doc.getMap('shapes').set(`a${i}`, i);
      await eventually(() => first.doc.getMap('shapes').size === 5, 'first batch');
      const lastId = first.events.at(-1)!.id;
      first.es.close();

      for (let i = 0; i < 3; i++) editor.doc.getMap('shapes').set(`b${i}`, i);
      await new Promise((r) => setTimeout(r, 200));
      const resumed = spectate(events, lastId);
      try {
        await eventually(() => resumed.events.length >= 3, 'replayed updates');
        await new Promise((r) => setTimeout(r, 100));
        const { epoch, seq } = parseEventId(lastId)!;
        expect(resumed.events.map((e) => e.type)).toEqual(['update', 'update', 'update']);
        expect(resumed.events.map((e) => e.id)).toEqual([1, 2, 3].map((n) => `${epoch}-${seq + n}`));
      } finally {
        resumed.es.close();
      }
    } finally {
      editor.destroy();
    }
  });
});
