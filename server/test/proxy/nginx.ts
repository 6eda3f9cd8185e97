import { spawn } from 'node:child_process';
import { accessSync, constants, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { freePort } from '../freePort.ts';

/** The site config docs/deploy.md tells operators to install; the test runs exactly this. */
export const SITE_CONF = new URL('../../../docs/nginx.conf', import.meta.url).pathname;

/** nginx on PATH, or where Debian's package puts it (/usr/sbin is not on every user's PATH). */
export function findNginx(): string | null {
  const dirs = [...(process.env.PATH ?? '').split(delimiter), '/usr/sbin', '/usr/local/sbin'];
  for (const dir of dirs.filter(Boolean)) {
    try {
      accessSync(join(dir, 'nginx'), constants.X_OK);
      return join(dir, 'nginx');
    } catch {
      // not here
    }
  }
  return null;
}


/** Replaces `from` exactly `count` times, so an edit to the doc's config breaks the test loudly instead of being tested around. */
function swap(text: string, from: string | RegExp, to: string, count: number): string {
  const found = typeof from === 'string' ? text.split(from).length - 1 : (text.match(from) ?? []).length;
  if (found !== count) throw new Error(`docs/nginx.conf: expected ${count} × ${String(from)}, found ${found}`);
  return typeof from === 'string' ? text.split(from).join(to) : text.replace(from, to);
}

/**
 * The doc's site config with only what a test cannot have swapped: the relay's port,
 * loopback ports for the listeners, and plain HTTP where the doc terminates TLS (no certificate here).
 */
export function renderSite(template: string, ports: { relays: number[]; https: number; http: number }): string {
  // several relays (cluster mode, docs/deploy.md): one upstream line each, round-robin
  const upstream = ports.relays.map((p) => `server 127.0.0.1:${p};`).join('\n    ');
  let conf = swap(template, 'server 127.0.0.1:3000;', upstream, 1);
  conf = swap(conf, '    listen 80;\n', `    listen 127.0.0.1:${ports.http};\n`, 1);
  conf = swap(conf, '    listen 443 ssl;\n', `    listen 127.0.0.1:${ports.https};\n`, 1);
  conf = swap(conf, /^ {4}listen \[::\]:(80|443 ssl);\n/gm, '', 2);
  return swap(conf, /^ {4}ssl_certificate(_key)? .*\n/gm, '', 2);
}

export interface NginxProcess {
  /** Where the doc's TLS server block listens (as plain HTTP). */
  http: string;
  ws: string;
  /** The doc's port-80 server block (redirects to https). */
  redirect: string;
  stop(): Promise<void>;
}

/** A real nginx in the foreground, one process, every path inside a temp dir, so it dies with the test and leaves nothing behind. */
export async function startNginx(bin: string, relayPorts: number | number[]): Promise<NginxProcess> {
  const relays = typeof relayPorts === 'number' ? [relayPorts] : relayPorts;
  const dir = mkdtempSync(join(tmpdir(), 'wb-nginx-'));
  const [https, http] = [await freePort(), await freePort()];
  writeFileSync(join(dir, 'whiteboard.conf'), renderSite(readFileSync(SITE_CONF, 'utf8'), { relays, https, http }));
  const temp = ['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map((k) => `    ${k}_temp_path ${join(dir, k)};`).join('\n');
  writeFileSync(
    join(dir, 'nginx.conf'),
    `daemon off;
master_process off;
pid ${join(dir, 'nginx.pid')};
error_log ${join(dir, 'error.log')} info;
events { worker_connections 256; }
http {
    access_log ${join(dir, 'access.log')};
${temp}
    include ${join(dir, 'whiteboard.conf')};
}
`,
  );
  const child = spawn(bin, ['-p', dir, '-c', join(dir, 'nginx.conf'), '-e', join(dir, 'error.log')], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (d: Buffer) => (output += d));
  child.stderr.on('data', (d: Buffer) => (output += d));
  const closed = new Promise<void>((resolve) => child.once('close', () => resolve()));
  const errorLog = () => {
    try {
      return readFileSync(join(dir, 'error.log'), 'utf8');
    } catch {
      return '';
    }
  };
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    const killer = setTimeout(() => child.kill('SIGKILL'), 5_000);
    await closed;
    clearTimeout(killer);
    rmSync(dir, { recursive: true, force: true });
  };
  // Ready when it answers; a config error makes it exit at once, and we say why.
  const until = Date.now() + 10_000;
  for (;;) {
    if (child.exitCode !== null) {
      const why = `nginx exited with ${child.exitCode}: ${output}${errorLog()}`;
      await stop();
      throw new Error(why);
    }
    const ok = await fetch(`http://127.0.0.1:${https}/healthz`, { signal: AbortSignal.timeout(1_000) }).then(
      (r) => r.status === 200,
      () => false,
    );
    if (ok) break;
    if (Date.now() > until) {
      const why = `nginx did not answer within 10 s: ${output}${errorLog()}`;
      await stop();
      throw new Error(why);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  return { http: `http://127.0.0.1:${https}`, ws: `ws://127.0.0.1:${https}/ws`, redirect: `http://127.0.0.1:${http}`, stop };
}
