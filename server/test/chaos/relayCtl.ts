/**
 * One relay that chaos stops (SIGTERM or SIGKILL) and starts again on the same port
 * and DATA_DIR, so the providers, which keep their URL, find it by themselves.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startRelay, type RelayProcess, type Runtime } from '../relayProcess.ts';
import { freePort } from '../freePort.ts';


const START_ATTEMPTS = 10;

export class RelayCtl {
  /** every process this run started, oldest first (their logs tell what each one saw) */
  readonly generations: RelayProcess[] = [];
  private current: RelayProcess | null = null;

  private constructor(
    readonly runtime: Runtime,
    readonly port: number,
    readonly dataDir: string,
  ) {}

  static async create(runtime: Runtime): Promise<RelayCtl> {
    const ctl = new RelayCtl(runtime, await freePort(), mkdtempSync(join(tmpdir(), 'wb-chaos-')));
    await ctl.start();
    return ctl;
  }

  get http(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  get ws(): string {
    return `ws://127.0.0.1:${this.port}/ws`;
  }

  get up(): boolean {
    return this.current !== null;
  }

  /** Starts a relay on the run's port; retries while the port is still held by the one that just died. */
  async start(): Promise<void> {
    if (this.current) throw new Error('relay already running');
    let lastError: unknown;
    for (let attempt = 0; attempt < START_ATTEMPTS; attempt++) {
      try {
        const relay = await startRelay({ runtime: this.runtime, dataDir: this.dataDir, env: { PORT: String(this.port) } });
        this.generations.push(relay);
        this.current = relay;
        return;
      } catch (err) {
        lastError = err;
        await new Promise((r) => setTimeout(r, 200));
      }
    }
    throw new Error(`relay did not start again on port ${this.port}: ${String(lastError)}`);
  }

  async stop(signal: 'SIGTERM' | 'SIGKILL'): Promise<void> {
    const relay = this.current;
    this.current = null;
    await relay?.stop(signal);
  }

  /** Whether the relay answers /healthz (a relay that died on its own is a failure). */
  async healthy(): Promise<boolean> {
    try {
      const res = await fetch(`${this.http}/healthz`, { signal: AbortSignal.timeout(3000) });
      await res.body?.cancel();
      return res.ok;
    } catch {
      return false;
    }
  }

  /** The warnings and errors every generation logged, for failure reports. */
  notableLogs(): string[] {
    return this.generations.flatMap((g, i) =>
      g.logs.filter((l) => l.level === 'warn' || l.level === 'error').map((l) => `relay #${i + 1}: ${JSON.stringify(l)}`),
    );
  }
}
