import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { loadConfig } from '../../config.ts';
import { Relay } from '../../core/relay.ts';
import { log, setLogLevel } from '../../log.ts';
import { SqliteStorage } from '../../storage/sqlite.ts';
import { createNodeServer } from './server.ts';

/** The relay's secret for spectator ids: created once, kept in the data directory. */
function loadSecret(dataDir: string): Uint8Array {
  const file = join(dataDir, 'secret.key');
  if (!existsSync(file)) {
    writeFileSync(file, randomBytes(32).toString('hex') + '\n', { mode: 0o600, flag: 'wx' });
    chmodSync(file, 0o600);
  }
  return Buffer.from(readFileSync(file, 'utf8').trim(), 'hex');
}

const config = loadConfig();
setLogLevel(config.logLevel);
mkdirSync(config.dataDir, { recursive: true });
const relay = new Relay(new SqliteStorage(config.dataDir), loadSecret(config.dataDir), config);
const server = createNodeServer(relay, config);

server.listen(config.port, config.host, () => {
  const addr = server.address();
  const port = typeof addr === 'object' && addr ? addr.port : config.port;
  log.info('relay listening', { url: `http://localhost:${port}`, dataDir: config.dataDir, runtime: `node ${process.version}` });
});

let stopping = false;
async function stop(signal: string): Promise<void> {
  if (stopping) return;
  stopping = true;
  log.info('shutting down', { signal });
  server.close();
  await relay.shutdown();
  log.info('stopped');
  process.exit(0);
}
process.on('SIGTERM', () => void stop('SIGTERM'));
process.on('SIGINT', () => void stop('SIGINT'));
