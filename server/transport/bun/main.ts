import { loadConfig } from '../../config.ts';
import { ThreadCompactor } from '../../compaction/threadCompactor.ts';
import { Relay } from '../../core/relay.ts';
import { claimDataDir, openJournal } from '../startup.ts';
import { openStorage } from '../openStorage.ts';
import { openCluster } from '../openCluster.ts';
import { log, setLogLevel } from '../../log.ts';
import { loadSecret } from '../../secret.ts';
import { BunSqliteStorage } from '../../storage/bunSqlite.ts';
import { serveBun } from './server.ts';
import { topicChannels } from './channel.ts';

const config = loadConfig();
setLogLevel(config.logLevel);
const unlock = claimDataDir(config);
// Rooms fan out through the server's topics (the server is looked up when a room loads).
const storage = await openStorage(config, (dir) => new BunSqliteStorage(dir), unlock);
const compactor = new ThreadCompactor(new URL('../../compaction/worker.ts', import.meta.url));
const cluster = await openCluster(config, storage, compactor, unlock);
// cluster mode: Redis is the log (nothing goes out before it has it), the journal is not needed
const journal = cluster ? undefined : await openJournal(config, storage);
const relay = new Relay(storage, loadSecret(config.dataDir), {
  ...config,
  journal,
  durable: config.durable || cluster !== undefined,
  logs: cluster,
  channels: topicChannels(() => server),
  compactor,
});
const server = serveBun(relay, config);
// server.port is the one actually bound (PORT=0 picks a free one).
log.info('relay listening', { url: `http://localhost:${server.port}`, dataDir: config.dataDir, runtime: `bun ${Bun.version}` });

let stopping = false;
async function stop(signal: string): Promise<void> {
  if (stopping) return;
  stopping = true;
  log.info('shutting down', { signal });
  // Stop accepting; open sockets and streams stay up so relay.shutdown() can close them with 4503.
  void server.stop();
  const saved = await relay.shutdown();
  log.info('stopped', { saved });
  unlock();
  process.exit(saved ? 0 : 1);
}
process.on('SIGTERM', () => void stop('SIGTERM'));
process.on('SIGINT', () => void stop('SIGINT'));
