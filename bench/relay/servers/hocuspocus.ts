// Hocuspocus 4.x, no extensions (or only SQLite persistence when SQLITE_PATH is set, for
// the cold-load scenario). Prints the same JSON line as our relay once it listens.
import { Server } from '@hocuspocus/server';
import { SQLite } from '@hocuspocus/extension-sqlite';

const sqlitePath = process.env.SQLITE_PATH;
const server = new Server({
  port: Number(process.env.PORT ?? 0),
  address: process.env.HOST ?? '127.0.0.1',
  quiet: true,
  stopOnSignals: true,
  extensions: sqlitePath ? [new SQLite({ database: sqlitePath })] : [],
});
await server.listen();
console.log(JSON.stringify({ msg: 'relay listening', url: `http://127.0.0.1:${server.address.port}` }));
