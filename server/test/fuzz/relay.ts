/**
 * The relay under fuzz, spawned like server/test/relayProcess.ts does (same bundle, same
 * bun binary) but keeping what the fuzz harness needs and startRelay does not expose:
 * the pid (for VmRSS), how it exited, and every line it printed that was not an
 * ordinary JSON log line (a stack trace is how a crash shows).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { SERVER_BUNDLE } from '../../../scripts/buildServer.ts';
import type { Runtime } from '../relayProcess.ts';

const ROOT = new URL('../../../', import.meta.url).pathname;

/** Makes SIGUSR2 collect garbage (memory is measured after a full GC) and the relay exit with the harness (preload.mjs). */
const PRELOAD = new URL('./preload.mjs', import.meta.url).pathname;

const COMMANDS: Record<Runtime, { bin: string; args: string[] }> = {
  node: { bin: process.execPath, args: ['--enable-source-maps', '--expose-gc', '--import', PRELOAD, SERVER_BUNDLE] },
  bun: { bin: join(ROOT, 'node_modules/.bin/bun'), args: ['--preload', PRELOAD, 'server/transport/bun/main.ts'] },
};

export interface LogLine {
  /** Position in everything the relay printed, to cut out what one batch caused. */
  seq: number;
  /** The parsed JSON log entry, or null for a line that was not JSON (stack traces, runtime warnings). */
  entry: Record<string, unknown> | null;
  text: string;
}

/** Lines kept for reports; older ones are dropped (a 100,000-frame run logs a warning per refused frame). */
const KEEP_LINES = 2000;

export class FuzzRelay {
  port = 0;
  /** Set when the process is gone: its exit code or signal. */
  exit: { code: number | null; signal: NodeJS.Signals | null } | null = null;
  private lines: LogLine[] = [];
  private seqNo = 0;
  /** Lines that are always a failure: level "error", or not JSON at all. */
  readonly alarms: LogLine[] = [];
  private readonly exited: Promise<void>;

  private constructor(
    readonly runtime: Runtime,
    private readonly child: ChildProcess,
    readonly dataDir: string,
  ) {
    this.exited = new Promise((resolve) =>
      child.once('close', (code, signal) => {
        this.exit = { code, signal };
        resolve();
      }),
    );
  }

  static async start(runtime: Runtime, env: Record<string, string>): Promise<FuzzRelay> {
    const dataDir = mkdtempSync(join(tmpdir(), 'wb-fuzz-'));
    const { bin, args } = COMMANDS[runtime];
    const child = spawn(bin, args, {
      cwd: ROOT,
      env: { ...process.env, PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir, LOG_LEVEL: 'info', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const relay = new FuzzRelay(runtime, child, dataDir);
    // a harness that dies (out of memory, Ctrl-C) must not leave relays behind
    const orphaned = () => child.kill('SIGKILL');
    process.once('exit', orphaned);
    child.once('close', () => process.off('exit', orphaned));
    relay.port = await relay.listening();
    return relay;
  }

  get pid(): number {
    return this.child.pid ?? -1;
  }

  get http(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  get ws(): string {
    return `ws://127.0.0.1:${this.port}/ws`;
  }

  get alive(): boolean {
    return this.exit === null;
  }

  /** Sequence number of the next line, to ask later for what came after. */
  mark(): number {
    return this.seqNo;
  }

  since(mark: number): LogLine[] {
    return this.lines.filter((l) => l.seq >= mark);
  }

  /** Asks the relay for a full garbage collection (see preload.mjs). */
  collectGarbage(): void {
    if (this.alive) this.child.kill('SIGUSR2');
  }

  /** What the relay's JavaScript holds (heap in use plus buffers and other external memory), from /metrics; null if unreadable. */
  async heldBytes(): Promise<number | null> {
    try {
      const text = await (await fetch(`${this.http}/metrics`, { signal: AbortSignal.timeout(5000) })).text();
      const read = (name: string) => Number(new RegExp(`^${name} (\\d+)$`, 'm').exec(text)?.[1] ?? NaN);
      const held = read('wb_heap_used_bytes') + read('wb_external_memory_bytes');
      return Number.isFinite(held) ? held : null;
    } catch {
      return null;
    }
  }

  /** The relay's resident set size in bytes, from /proc (Linux). */
  rssBytes(): number {
    const status = readFileSync(`/proc/${this.pid}/status`, 'utf8');
    const kb = /VmRSS:\s+(\d+) kB/.exec(status);
    if (!kb) throw new Error(`no VmRSS for pid ${this.pid}`);
    return Number(kb[1]) * 1024;
  }

  /** Graceful stop; SIGKILL if it does not go within 10 s. Removes the data directory. */
  async stop(): Promise<void> {
    if (this.alive) {
      this.child.kill('SIGTERM');
      const timer = setTimeout(() => this.child.kill('SIGKILL'), 10_000);
      await this.exited;
      clearTimeout(timer);
    }
    rmSync(this.dataDir, { recursive: true, force: true });
  }

  private onLine(text: string): void {
    let entry: Record<string, unknown> | null = null;
    try {
      const parsed: unknown = JSON.parse(text);
      if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) entry = parsed as Record<string, unknown>;
    } catch {
      // not a log line: kept as text
    }
    const line: LogLine = { seq: this.seqNo++, entry, text };
    this.lines.push(line);
    if (this.lines.length > KEEP_LINES * 2) this.lines = this.lines.slice(-KEEP_LINES);
    if (entry === null ? text.trim() !== '' : entry.level === 'error') this.alarms.push(line);
  }

  private listening(): Promise<number> {
    return new Promise<number>((resolve, reject) => {
      const timer = setTimeout(() => fail(new Error('relay did not start within 20 s')), 20_000);
      const fail = (err: Error) => {
        clearTimeout(timer);
        this.child.kill('SIGKILL');
        reject(err);
      };
      const onLine = (text: string) => {
        this.onLine(text);
        const e = this.lines[this.lines.length - 1]?.entry;
        if (e?.msg !== 'relay listening') return;
        clearTimeout(timer);
        // guards against fuzzing the wrong runtime
        if (!String(e.runtime).startsWith(`${this.runtime} `)) fail(new Error(`expected a ${this.runtime} relay, got ${String(e.runtime)}`));
        else resolve(Number(new URL(String(e.url)).port));
      };
      createInterface({ input: this.child.stdout! }).on('line', onLine);
      createInterface({ input: this.child.stderr! }).on('line', onLine);
      this.child.once('exit', (code) => fail(new Error(`relay exited early with ${code}: ${this.lines.map((l) => l.text).join('\n')}`)));
    });
  }
}
