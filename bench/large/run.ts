// npm run bench:large [-- --mb=5] [--runs=3] [--runtimes=node,bun] [--no-write]
// One editor (a real y-websocket provider) makes one change of --mb megabytes; the time
// until a second editor has it, and the relay's peak memory (VmHWM) over its memory
// before, per runtime: sent as one frame (the default 32 MiB limit), and cut into frames
// of 1 MiB by the app's socket (shared/chunkedSocket.ts) on a relay with that limit.
// Prints a table and writes it to docs/benchmarks.md (large-change).
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import WebSocket from 'ws';
import * as Y from 'yjs';
import { WebsocketProvider } from 'y-websocket';
import { chunkingSocket } from '../../shared/chunkedSocket.ts';
import { buildServer, SERVER_BUNDLE } from '../../scripts/buildServer.ts';
import { connectProvider, createRoom, eventually, synced } from '../../server/test/clients.ts';
import { BENCHMARKS_MD, writeDocSection } from '../docSection.ts';

const ROOT = new URL('../../', import.meta.url).pathname;
const args = new Map(process.argv.slice(2).map((a) => /^--([^=]+)(?:=(.*))?$/.exec(a)!).map((m) => [m[1], m[2] ?? 'true']));
const mb = Number(args.get('mb') ?? 5);
const runs = Number(args.get('runs') ?? 3);
const runtimes = (args.get('runtimes') ?? 'node,bun').split(',');

const kb = (pid: number, field: 'VmRSS' | 'VmHWM') => Number(new RegExp(`${field}:\\s+(\\d+)`).exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0);

const CUT_FRAME = 1024 * 1024;
const cases: { label: string; env: Record<string, string>; cut: boolean }[] = [
  { label: 'one frame', env: {}, cut: false },
  { label: `cut into ${CUT_FRAME / 1024 / 1024} MiB frames`, env: { MAX_FRAME_BYTES: String(CUT_FRAME) }, cut: true },
];

/** The sender as the app is: the stock provider on the socket that cuts changes over the frame limit. */
const cutting = (ws: string, id: string) =>
  new WebsocketProvider(ws, id, new Y.Doc(), {
    WebSocketPolyfill: chunkingSocket(WebSocket, () => CUT_FRAME) as unknown as typeof globalThis.WebSocket,
    disableBc: true,
  });

async function start(runtime: string, extra: Record<string, string>): Promise<{ pid: number; http: string; ws: string; stop(): void }> {
  const [bin, a] = runtime === 'node' ? [process.execPath, [SERVER_BUNDLE]] : [join(ROOT, 'node_modules/.bin/bun'), ['server/transport/bun/main.ts']];
  const child = spawn(bin, a, { cwd: ROOT, env: { ...process.env, PORT: '0', HOST: '127.0.0.1', DATA_DIR: mkdtempSync(join(tmpdir(), 'wb-large-')), LOG_LEVEL: 'info', ...extra } as NodeJS.ProcessEnv, stdio: ['ignore', 'pipe', 'pipe'] });
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('relay did not start')), 20_000);
    const on = (line: string) => {
      const m = /"url":"http:\/\/localhost:(\d+)"/.exec(line);
      if (m) {
        clearTimeout(timer);
        resolve(Number(m[1]));
      }
    };
    createInterface({ input: child.stdout! }).on('line', on);
    createInterface({ input: child.stderr! }).on('line', on);
  });
  return { pid: child.pid!, http: `http://127.0.0.1:${port}`, ws: `ws://127.0.0.1:${port}/ws`, stop: () => child.kill('SIGTERM') };
}

/** One transaction of `bytes`, as a pasted board (shapes with long labels). */
function change(doc: Y.Doc, bytes: number): void {
  doc.transact(() => {
    for (let i = 0; i * 10_000 < bytes; i++) doc.getMap('shapes').set(`s${i}`, `${i}:${'x'.repeat(10_000)}`);
  });
}

await buildServer();
const lines = [`### One ${mb} MB change to another editor`, '', `\`npm run bench:large\` (${new Date().toISOString().slice(0, 16)} UTC): one y-websocket editor makes one change of ${mb} MB (one transaction), a second editor in the room receives it; median of ${runs} runs, each on a fresh relay.`, '', '| runtime | sent as | time to the other editor (ms) | relay RSS before (MB) | relay peak RSS (MB) | peak − before (MB) | runs (ms) |', '| --- | --- | --- | --- | --- | --- | --- |'];
for (const runtime of runtimes) for (const c of cases) {
  const times: number[] = [];
  let before = 0;
  let peak = 0;
  for (let r = 0; r < runs; r++) {
    const relay = await start(runtime, c.env);
    try {
      const { id } = await createRoom(relay.http);
      const a = c.cut ? cutting(relay.ws, id) : connectProvider(relay.ws, id);
      const b = connectProvider(relay.ws, id);
      await Promise.all([synced(a), synced(b)]);
      await new Promise((res) => setTimeout(res, 300));
      before += kb(relay.pid, 'VmRSS') / 1024;
      const t = performance.now();
      change(a.doc, mb * 1e6);
      const want = a.doc.getMap('shapes').size;
      await eventually(() => b.doc.getMap('shapes').size === want, 'the change at the other editor', 60_000);
      times.push(performance.now() - t);
      peak += kb(relay.pid, 'VmHWM') / 1024;
      a.destroy();
      b.destroy();
    } finally {
      relay.stop();
    }
  }
  const med = [...times].sort((x, y) => x - y)[Math.floor(times.length / 2)];
  const row = `| ${runtime} | ${c.label} | ${med.toFixed(0)} | ${(before / runs).toFixed(0)} | ${(peak / runs).toFixed(0)} | ${((peak - before) / runs).toFixed(0)} | ${times.map((x) => x.toFixed(0)).join(', ')} |`;
  console.log(row);
  lines.push(row);
}
lines.push('', 'The time includes cutting the change into parts where it is cut (Y.decodeUpdate and one re-encoding in the sender), encoding the change in the sender, validating it in full on the relay (Y.decodeUpdate and the structural checks), applying it, writing it to the journal, and the receiver applying it.');
const text = lines.join('\n');
console.log(text);
if (!args.has('no-write')) writeDocSection(BENCHMARKS_MD, 'large-change', text);
process.exit(0);
