import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { SERVER_BUNDLE } from '../../scripts/buildServer.ts';

const ROOT = new URL('../../', import.meta.url).pathname;

/**
 * Every test talks from 127.0.0.1, as thousands of people never would: the per-address
 * caps are lifted unless a test sets them (server/test/hostile/ does).
 */
const TEST_CAPS = { ROOMS_PER_IP_PER_MINUTE: '100000', VERSIONS_PER_IP_PER_MINUTE: '100000', FILES_PER_IP_PER_MINUTE: '100000', MAX_CONNECTIONS_PER_IP: '100000', MAX_STREAMS_PER_IP: '100000' };

/** The runtimes every integration suite runs against. */
export const RUNTIMES = ['node', 'bun'] as const;
export type Runtime = (typeof RUNTIMES)[number];

/** How to start the relay on each runtime, from the repository root. */
const COMMANDS: Record<Runtime, { bin: string; args: string[] }> = {
  // The bundle npm start runs (built fresh by vitest's global setup, scripts/testSetup.ts).
  node: { bin: process.execPath, args: ['--enable-source-maps', SERVER_BUNDLE] },
  // The bun npm package's binary (a devDependency), so no global install is needed.
  bun: { bin: join(ROOT, 'node_modules/.bin/bun'), args: ['server/transport/bun/main.ts'] },
};

export interface RelayProcess {
  port: number;
  http: string;
  ws: string;
  dataDir: string;
  /** Log lines the relay printed (JSON objects). */
  logs: Array<Record<string, unknown>>;
  /** Graceful stop (SIGTERM) or crash (SIGKILL); resolves when the process is gone. */
  stop(signal?: NodeJS.Signals): Promise<void>;
  /** The exit code once the process is gone (null while running or when killed by a signal). */
  exitCode(): number | null;
}

/** Starts a real relay process on an ephemeral loopback port. */
export async function startRelay(
  opts: { runtime?: Runtime; dataDir?: string; env?: Record<string, string> } = {},
): Promise<RelayProcess> {
  const dataDir = opts.dataDir ?? mkdtempSync(join(tmpdir(), 'wb-relay-'));
  const runtime = opts.runtime ?? 'node';
  const { bin, args } = COMMANDS[runtime];
  const child: ChildProcess = spawn(bin, args, {
    cwd: ROOT,
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir, LOG_LEVEL: 'info', ...TEST_CAPS, ...opts.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const logs: Array<Record<string, unknown>> = [];
  // 'close', not 'exit': the last log lines (written while shutting down) may still be in the pipes at exit
  const exited = new Promise<void>((resolve) => child.once('close', () => resolve()));
  const starting = new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('relay did not start within 20 s')), 20_000);
    const onLine = (line: string) => {
      let entry: Record<string, unknown>;
      try {
        entry = JSON.parse(line);
      } catch {
        return;
      }
      logs.push(entry);
      if (entry.msg === 'relay listening') {
        clearTimeout(timer);
        // Guards against a suite silently running on the wrong runtime.
        if (!String(entry.runtime).startsWith(`${runtime} `)) reject(new Error(`expected a ${runtime} relay, got ${entry.runtime}`));
        resolve(Number(new URL(String(entry.url)).port));
      }
    };
    createInterface({ input: child.stdout! }).on('line', onLine);
    createInterface({ input: child.stderr! }).on('line', onLine);
    child.once('exit', (code) => reject(new Error(`relay exited early with ${code}: ${JSON.stringify(logs)}`)));
  });
  // A relay that failed to start (or is the wrong runtime) must not outlive the test.
  const port = await starting.catch((err: unknown) => {
    child.kill('SIGKILL');
    throw err;
  });
  return {
    port,
    http: `http://127.0.0.1:${port}`,
    ws: `ws://127.0.0.1:${port}/ws`,
    dataDir,
    logs,
    exitCode: () => child.exitCode,
    async stop(signal = 'SIGTERM') {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      await exited;
    },
  };
}
