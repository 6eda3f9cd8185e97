import { log } from './log.ts';

/**
 * A bug that throws outside every handler must cost one request, not every room on the
 * relay: log it and keep serving. (Everything from sockets is validated and caught
 * where it is handled; this is the net under that.)
 */
export function keepServingOnErrors(): void {
  process.on('uncaughtException', (err) => log.error('uncaught exception, still serving', { error: String(err), stack: err?.stack }));
  process.on('unhandledRejection', (reason) => log.error('unhandled rejection, still serving', { error: String(reason) }));
}
