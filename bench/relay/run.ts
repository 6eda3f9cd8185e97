// npm run bench:relay [-- --quick] [--servers=node,bun,y-websocket,hocuspocus,ws-raw]
//   [--scenarios=classroom,many-rooms,fan-out,saturation,idle,cold-load,spectators]
//   [--workers=2] [--duration=10] [--warmup=2] [--repeat=3] [--no-write]
// npm run bench:relay -- --cluster [--relays=1,2,3] [--scenarios=classroom,fan-out] (cluster.ts)
// Starts each server in turn on 127.0.0.1, drives it with worker processes, prints the
// tables and writes them to docs/benchmarks.md (between <!-- relay:start/end --> markers).
import { readFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { Pool, killAllWorkers } from './pool.ts';
import { fdLimit } from './proc.ts';
import { mergeSteps, metricsFor, scenarioMarkdown, type ScenarioResult } from './report.ts';
import { BENCHMARKS_MD, writeDocSection } from '../docSection.ts';
import { targetsMarkdown } from './targets.ts';
import { SCENARIOS, type Config, type Row } from './scenarios.ts';
import { ROOT, SERVERS, bunVersion, killAllServers } from './servers.ts';
import { buildServer } from '../../scripts/buildServer.ts';

const args = new Map<string, string>();
for (const a of process.argv.slice(2)) {
  const m = /^--([^=]+)(?:=(.*))?$/.exec(a);
  if (!m) throw new Error(`unknown argument ${a}`);
  args.set(m[1], m[2] ?? 'true');
}
// --cluster: one relay against 1, 2 and 3 relays in cluster mode (Redis + Postgres), cluster.ts
if (args.has('cluster')) {
  const { runCluster } = await import('./cluster.ts');
  process.exit(await runCluster(args));
}
const quick = args.has('quick');
/** Rounds per scenario (servers interleaved); each server's median round is reported. */
const repeat = Math.max(1, Number(args.get('repeat') ?? 1));
const num = (k: string, d: number) => (args.has(k) ? Number(args.get(k)) : d);
const cfg: Config = {
  quick,
  workers: num('workers', 2),
  durationMs: num('duration', quick ? 2 : 8) * 1000,
  // --warmup=S: seconds of load before the measured window (inside --duration): a fresh relay spends its first tens of seconds compiling hot code
  warmupMs: num('warmup', quick ? 0.5 : 2) * 1000,
  stepMs: num('step', quick ? 1.5 : 3) * 1000,
  classroomClients: 50,
  manyRooms: quick ? 20 : 100,
  fanoutClients: quick ? 100 : 500,
  idleConnections: num('idle', quick ? 1000 : 10_000),
  idleRooms: quick ? 20 : 100,
  spectators: num('spectators', quick ? 200 : 2000),
  coldBytes: quick ? 1e6 : 5e6,
  coldRepeats: quick ? 1 : 3,
};

if (cfg.warmupMs >= cfg.durationMs) throw new Error('--warmup must be shorter than --duration (the warm-up is the start of the run)');

// Ours on Node runs the bundle `npm start` runs.
await buildServer();

const pick = (list: string | undefined) => (list ? new Set(list.split(',').map((s) => s.trim())) : null);
const wantServers = pick(args.get('servers'));
const wantScenarios = pick(args.get('scenarios'));
for (const s of wantServers ?? []) if (!SERVERS.some((d) => d.name === s)) throw new Error(`unknown server ${s}; known: ${SERVERS.map((d) => d.name).join(', ')}`);
for (const s of wantScenarios ?? []) if (!SCENARIOS.some((d) => d.name === s)) throw new Error(`unknown scenario ${s}; known: ${SCENARIOS.map((d) => d.name).join(', ')}`);
const servers = SERVERS.filter((s) => !wantServers || wantServers.has(s.name));
const scenarios = SCENARIOS.filter((s) => !wantScenarios || wantScenarios.has(s.name));

// Every child process dies with us, whatever happens.
const cleanup = () => {
  killAllServers();
  killAllWorkers();
};
process.on('exit', cleanup);
for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const)
  process.on(sig, () => {
    cleanup();
    process.exit(130);
  });

const limit = fdLimit();
const notes: string[] = [];
if (limit < cfg.idleConnections + 2000) {
  const reduced = Math.max(100, limit - 2000);
  notes.push(`open-file limit is ${limit}: idle scale reduced from ${cfg.idleConnections} to ${reduced} connections (raise it with \`ulimit -n\`)`);
  cfg.idleConnections = reduced;
}

function version(pkg: string): string {
  try {
    return JSON.parse(readFileSync(join(ROOT, 'node_modules', pkg, 'package.json'), 'utf8')).version;
  } catch {
    return 'not installed';
  }
}

const log = (s: string) => process.stdout.write(s + '\n');

/** The round that ranks in the middle by the scenario's key figure (a failed round wins: it must show). */
/** The round whose headline figure (report.ts metricsFor) is the median; a failed or unavailable round speaks for itself. */
function medianRow(rows: Row[], scenario: string): Row {
  const failedRow = rows.find((r) => r.status === 'failed');
  if (failedRow || rows.length === 1) return failedRow ?? rows[0];
  const ok = rows.filter((r) => r.status === 'ok');
  if (ok.length === 0) return rows[0];
  const key = metricsFor(scenario)[0].get;
  const value = (r: Row) => key(r) ?? Number.NaN;
  const sorted = [...ok].sort((a, b) => value(a) - value(b));
  const mid = sorted[Math.floor(sorted.length / 2)];
  const steps = ok.every((r) => r.steps) ? mergeSteps(ok.map((r) => r.steps!)) : mid.steps;
  return { ...mid, steps, extra: { ...mid.extra, rounds: ok.map((r) => value(r).toFixed(1)).join(', ') } };
}
const started = Date.now();
const results: ScenarioResult[] = [];
let pool: Pool | null = null;
let failed = false;
try {
  pool = await Pool.start(cfg.workers);
  for (const scenario of scenarios) {
    const res: ScenarioResult = { scenario, description: scenario.describe(cfg) + (repeat > 1 ? `; median of ${repeat} interleaved rounds` : ''), rows: [] };
    results.push(res);
    const rounds = new Map<string, Row[]>();
    for (let round = 0; round < repeat; round++)
    for (const server of servers) {
      if (scenario.oursOnly && !server.ours) continue;
      const why = server.unavailable();
      let row: Row;
      if (why) {
        row = { server: server.name, label: server.label, status: 'n/a', note: `not available: ${why}`, extra: {} };
      } else {
        log(`… ${scenario.name} on ${server.label}`);
        const t0 = Date.now();
        try {
          row = await scenario.run(server, pool, cfg);
        } catch (err) {
          row = { server: server.name, label: server.label, status: 'failed', note: String((err as Error).message ?? err).slice(0, 300), extra: {} };
          // A failed run may leave workers in a bad state: start a fresh pool.
          await pool.close().catch(() => undefined);
          killAllServers();
          pool = await Pool.start(cfg.workers);
        }
        log(`  ${row.status}${row.note ? ` (${row.note})` : ''} in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
      }
      if (row.status === 'failed') failed = true;
      rounds.set(server.name, [...(rounds.get(server.name) ?? []), row]);
    }
    for (const rows of rounds.values()) res.rows.push(medianRow(rows, scenario.name));
  }
} finally {
  await pool?.close().catch(() => undefined);
  cleanup();
}

const cpu = cpus();
const header = [
  `## Relay${quick ? ' (quick smoke run: smaller scenarios, short durations — not representative)' : ''}`,
  '',
  'Produced by `npm run bench:relay' + (process.argv.length > 2 ? ' -- ' + process.argv.slice(2).join(' ') : '') + '` (see bench/relay/). Every server runs alone on 127.0.0.1 as its own process, started fresh for each scenario; the load generator runs in ' +
    `${cfg.workers} worker processes on the same machine, so on ${cpu.length} cores it competes with the server for CPU: compare servers by CPU ms per 1,000 delivered updates (server CPU time from /proc, utime+stime over the measurement window) as much as by throughput. ` +
    'Ours persists every accepted update to SQLite during every scenario (durably, batched); y-websocket-server and Hocuspocus run without persistence except in the cold-load scenario, so their CPU figures leave out storage work ours includes. ' +
    'Delivered = stroke updates received by clients (each carries its send time; latency is receive − send across processes). "Load generator bottleneck" flags a worker above 85 % of a core, an event-loop p99 above 50 ms, or more than 1 % of sends late; where it says yes, the generator, not the server, limited the numbers. Every client document is compared with the writers\' (state vectors) after each run.',
  '',
  `- date: ${new Date().toISOString()}`,
  `- machine: ${cpu.length} × ${cpu[0]?.model ?? 'unknown CPU'}, ${(totalmem() / 2 ** 30).toFixed(1)} GiB RAM, ${process.platform} ${process.arch}`,
  `- Node ${process.version}; Bun ${bunVersion()}`,
  `- packages: yjs ${version('yjs')}, y-protocols ${version('y-protocols')}, lib0 ${version('lib0')}, ws ${version('ws')}, @y/websocket-server ${version('@y/websocket-server')} (with ws ${version('@y/websocket-server/node_modules/ws')}, y-leveldb ${version('y-leveldb')}), @hocuspocus/server ${version('@hocuspocus/server')}, @hocuspocus/extension-sqlite ${version('@hocuspocus/extension-sqlite')}`,
  `- servers: ours on Node (server/transport/node/main.ts), ours on Bun (server/transport/bun/main.ts), y-websocket-server (its own bin), Hocuspocus (bench/relay/servers/hocuspocus.ts, no extensions; SQLite extension only for cold load), plain ws rebroadcast (bench/relay/servers/wsRebroadcast.ts)`,
  `- total run time: ${((Date.now() - started) / 1000).toFixed(0)} s`,
  ...notes.map((n) => `- note: ${n}`),
  '',
].join('\n');
const body = targetsMarkdown(results) + '\n' + results.map(scenarioMarkdown).join('\n');
log('\n' + header + '\n' + body);
if (!args.has('no-write')) {
  writeDocSection(BENCHMARKS_MD, 'relay', header + '\n' + body);
  log('written to docs/benchmarks.md');
}
process.exitCode = failed ? 1 : 0;
