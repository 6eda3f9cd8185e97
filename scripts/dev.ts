/**
 * `npm run dev`: the relay (node --import tsx, restarted by nothing: edit, then rerun)
 * and Vite's dev server with HMR, which proxies /api, /rooms, /healthz and /ws to the
 * relay (vite.config.ts). Output of both is forwarded; Ctrl+C or either exiting stops both.
 *
 *   PORT        Vite port (default 5173)
 *   RELAY_PORT  relay port (default 3001)
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer, type ViteDevServer } from 'vite';

const relayPort = process.env.RELAY_PORT ?? '3001';
process.env.RELAY_PORT = relayPort; // vite.config.ts reads it for the proxy target

let relay: ChildProcess | null = null;
let vite: ViteDevServer | null = null;
let stopping = false;

function prefix(stream: NodeJS.ReadableStream, tag: string, out: NodeJS.WriteStream) {
  let rest = '';
  stream.setEncoding('utf8');
  stream.on('data', (chunk: string) => {
    const lines = (rest + chunk).split('\n');
    rest = lines.pop() ?? '';
    for (const line of lines) out.write(`${tag} ${line}\n`);
  });
  stream.on('end', () => rest && out.write(`${tag} ${rest}\n`));
}

async function stop(code = 0) {
  if (stopping) return;
  stopping = true;
  if (relay && relay.exitCode === null) {
    relay.kill('SIGTERM');
    // give the relay a moment to flush to storage, then insist
    const t = setTimeout(() => relay?.kill('SIGKILL'), 5000);
    await new Promise((r) => relay?.once('exit', r));
    clearTimeout(t);
  }
  await vite?.close();
  process.exit(code);
}

process.on('SIGINT', () => void stop(0));
process.on('SIGTERM', () => void stop(0));

relay = spawn(process.execPath, ['--import', 'tsx', 'server/transport/node/main.ts'], {
  env: { ...process.env, PORT: relayPort },
  stdio: ['ignore', 'pipe', 'pipe'],
});
prefix(relay.stdout!, '[relay]', process.stdout);
prefix(relay.stderr!, '[relay]', process.stderr);
relay.on('exit', (code, signal) => {
  if (stopping) return;
  console.error(`[dev] relay exited (${signal ?? code}); stopping`);
  void stop(code ?? 1);
});

try {
  vite = await createServer({ configFile: 'vite.config.ts' });
  await vite.listen();
  vite.printUrls();
  console.log(`[dev] relay on :${relayPort}, proxied through Vite`);
} catch (err) {
  console.error('[dev] vite failed to start', err);
  void stop(1);
}
