import { loadConfig } from '../../config.ts';
import { ThreadCompactor } from '../../compaction/threadCompactor.ts';
import { Relay } from '../../core/relay.ts';
import { claimDataDir, openJournal } from '../startup.ts';
import { openStorage } from '../openStorage.ts';
import { openCluster } from '../openCluster.ts';
import { log, setLogLevel } from '../../log.ts';
import { loadSecret } from '../../secret.ts';
import { SqliteStorage } from '../../storage/sqlite.ts';
import { createNodeServer } from './server.ts';

const config = loadConfig();
setLogLevel(config.logLevel);
const unlock = claimDataDir(config);
// The bundle (npm start) has the compaction thread's entry beside it; from sources (npm run dev) tsx loads the .ts.
const fromSources = import.meta.url.endsWith('.ts');
const compactor = fromSources
  ? new ThreadCompactor(new URL('../../compaction/worker.ts', import.meta.url))
  : new ThreadCompactor(new URL('./compactWorker.js', import.meta.url));
const storage = await openStorage(config, (dir) => new SqliteStorage(dir), unlock);
const cluster = await openCluster(config, storage, compactor, unlock);
// cluster mode: Redis is the log (nothing goes out before it has it), the journal is not needed
const journal = cluster ? undefined : await openJournal(config, storage);
const relay = new Relay(storage, loadSecret(config.dataDir), {
  ...config,
  durable: config.durable || cluster !== undefined,
  logs: cluster,
  compactor,
  journal,
});
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
  const saved = await relay.shutdown();
  log.info('stopped', { saved });
  unlock();
  process.exit(saved ? 0 : 1);
}
process.on('SIGTERM', () => void stop('SIGTERM'));
process.on('SIGINT', () => void stop('SIGINT'));
