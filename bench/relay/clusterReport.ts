// Markdown for the cluster benchmark (cluster.ts): the targets, latency and CPU
// per setup with ratios against the single-relay baseline, and per-relay costs to plan with.

export interface Setup {
  name: string;
  label: string;
  relays: number;
  cluster: boolean;
  runtime: 'node' | 'bun';
  /** The single relay on SQLite that the cluster setups of its runtime are compared with. */
  baseline: boolean;
}

export interface ClusterRow {
  setup: string;
  label: string;
  relays: number;
  status: 'ok' | 'failed';
  note?: string;
  offered?: number;
  delivered?: number;
  /** Share of deliveries whose writer sat on another relay. */
  crossShare?: number;
  /** Stroke updates the writers sent per second in the window (each appended once to the room's log). */
  accepted?: number;
  p50?: number;
  p99?: number;
  max?: number;
  sameP50?: number;
  sameP99?: number;
  crossP50?: number;
  crossP99?: number;
  cursorP99?: number;
  windowMs?: number;
  relayCpuMs?: number;
  relayKernelMs?: number;
  /** Of the relays' CPU, their main threads' (the event loop; the rest is V8's compiler and GC helpers, libuv's pool). */
  relayMainMs?: number;
  /** The relays' write- and read-like system calls (/proc/<pid>/io syscw, syscr): socket writes and reads, mostly. */
  relayWrites?: number;
  relayReads?: number;
  perRelayCpuMs?: number[];
  redisCpuMs?: number;
  pgCpuMs?: number;
  pgOursCpuMs?: number;
  deliveredN?: number;
  acceptedN?: number;
  peakRssMb?: number[];
  redisCommandsPerS?: number;
  redisClients?: number;
  errors?: number;
  errorText?: string;
  converged?: string;
  genBound?: string;
  /** CPU used by other processes on the machine during the window, as a share of one core. */
  foreignPct?: number;
  connectMs?: number;
  rounds?: string[];
}

export interface ClusterResult {
  scenario: string;
  title: string;
  description: string;
  rows: ClusterRow[];
}

export interface RunInfo {
  command: string;
  quick: boolean;
  workers: number;
  date: string;
  machine: string;
  cores: number;
  versions: string;
  runSeconds: number;
  notes: string[];
}

const f = (n: number | undefined, d = 1) => (n === undefined || !Number.isFinite(n) ? '-' : n.toFixed(d));
const int = (n: number | undefined) => (n === undefined || !Number.isFinite(n) ? '-' : Math.round(n).toLocaleString('en-US'));
const pct = (n: number | undefined) => (n === undefined || !Number.isFinite(n) ? '-' : `${Math.round(n * 100)} %`);
// rounded up, so a ratio just over a "< 2×" limit never prints as 2.00× and "met"
const x = (n: number | undefined) => (n === undefined || !Number.isFinite(n) ? '-' : `${(Math.ceil(n * 100 - 1e-9) / 100).toFixed(2)}×`);
const cell = (s: string | undefined) => (s ?? '-').replace(/\|/g, '\\|');

function table(head: string[], body: string[][]): string {
  return [`| ${head.join(' | ')} |`, `| ${head.map(() => '---').join(' | ')} |`, ...body.map((r) => `| ${r.map(cell).join(' | ')} |`)].join('\n');
}

/** CPU ms per 1,000 delivered updates. */
export function per1k(r: ClusterRow, ms: number | undefined): number | undefined {
  return ms === undefined || !r.deliveredN ? undefined : ms / (r.deliveredN / 1000);
}
export const relaysPer1k = (r: ClusterRow) => per1k(r, r.relayCpuMs);
export const relaysRedisPer1k = (r: ClusterRow) => per1k(r, r.relayCpuMs === undefined ? undefined : r.relayCpuMs + (r.redisCpuMs ?? 0));
/** Relays + Redis + the relays' own Postgres backends (the machine's other Postgres users are left out). */
export const allPer1k = (r: ClusterRow) => per1k(r, r.relayCpuMs === undefined ? undefined : r.relayCpuMs + (r.redisCpuMs ?? 0) + (r.pgOursCpuMs ?? 0));
/** The p99 a cluster's delivery is judged by: cross-relay where there is any, else all. */
const judgedP99 = (r: ClusterRow) => (r.relays > 1 ? r.crossP99 : r.p99);

/** The baseline a setup is compared with: the single relay of the same runtime. */
function baselineOf(setups: Setup[], rows: ClusterRow[], setup: Setup): ClusterRow | undefined {
  const base = setups.find((s) => s.baseline && s.runtime === setup.runtime);
  const row = rows.find((r) => r.setup === base?.name);
  return row?.status === 'ok' ? row : undefined;
}

export interface Check {
  target: string;
  measured: string;
  met: boolean | null;
}

export function checkClusterTargets(results: ClusterResult[], setups: Setup[]): Check[] {
  const checks: Check[] = [];
  for (const res of results) {
    for (const setup of setups.filter((s) => s.cluster)) {
      const row = res.rows.find((r) => r.setup === setup.name);
      const base = baselineOf(setups, res.rows, setup);
      const ok = row?.status === 'ok' && base;
      const p = ok ? judgedP99(row) : undefined;
      const what = setup.relays > 1 ? 'cross-relay p99' : 'p99 (one relay: no cross-relay deliveries)';
      checks.push({
        target: `${res.scenario}, ${setup.label}: ${what} < 2× single-relay p99`,
        measured: ok && p !== undefined && base.p99 ? `${f(p)} vs ${f(base.p99)} ms (${x(p / base.p99)})` : row?.status === 'failed' ? `failed: ${row.note}` : 'not measured',
        met: ok && p !== undefined && base.p99 ? p < 2 * base.p99 : null,
      });
      const a = ok ? relaysRedisPer1k(row) : undefined;
      const b = base ? relaysPer1k(base) : undefined;
      checks.push({
        target: `${res.scenario}, ${setup.label}: CPU per update (relays + Redis) < 2× single relay`,
        measured: a !== undefined && b ? `${f(a)} vs ${f(b)} ms/1k (${x(a / b)}); with Postgres ${f(allPer1k(row!))} (${x(allPer1k(row!)! / b)})` : row?.status === 'failed' ? `failed: ${row.note}` : 'not measured',
        met: a !== undefined && b ? a < 2 * b : null,
      });
    }
  }
  return checks;
}

function latencyTable(res: ClusterResult, setups: Setup[]): string {
  return table(
    ['setup', 'status', 'delivered/s', 'cross-relay share', 'all: p50 / p99 / max (ms)', 'same relay: p50 / p99', 'cross-relay: p50 / p99', 'cursor p99', 'p99 vs baseline', 'converged', 'load generator bottleneck', 'other processes (of a core)', 'rounds (relays + Redis per 1k, p99)'],
    res.rows.map((r) => {
      const setup = setups.find((s) => s.name === r.setup)!;
      const base = baselineOf(setups, res.rows, setup);
      const p = judgedP99(r);
      return [
        r.label,
        r.status === 'ok' ? 'ok' : `FAILED: ${r.note ?? ''}`,
        int(r.delivered),
        r.relays > 1 ? pct(r.crossShare) : '-',
        r.p99 === undefined ? '-' : `${f(r.p50, 2)} / ${f(r.p99, 2)} / ${f(r.max, 1)}`,
        r.sameP99 === undefined ? '-' : `${f(r.sameP50, 2)} / ${f(r.sameP99, 2)}`,
        r.crossP99 === undefined ? '-' : `${f(r.crossP50, 2)} / ${f(r.crossP99, 2)}`,
        f(r.cursorP99, 2),
        setup.baseline ? '(baseline)' : base?.p99 && p !== undefined ? `${x(p / base.p99)}${r.relays > 1 ? ' (cross-relay)' : ''}` : '-',
        r.converged ?? '-',
        r.genBound ?? '-',
        pct(r.foreignPct),
        (r.rounds ?? []).join('; ') || '-',
      ];
    }),
  );
}

function cpuTable(res: ClusterResult, setups: Setup[]): string {
  return table(
    ['setup', 'relays (of which kernel)', 'of the relays: event-loop thread / V8 and libuv helper threads', 'relays\' system calls per 1k: writes / reads', 'Redis', 'Postgres: the relays\' backends (all postgres processes)', 'relays + Redis', 'relays + Redis + their Postgres backends', 'vs baseline: relays / relays + Redis / all', 'Redis commands/s (everyone\'s)'],
    res.rows.map((r) => {
      const setup = setups.find((s) => s.name === r.setup)!;
      const base = baselineOf(setups, res.rows, setup);
      const b = base ? relaysPer1k(base) : undefined;
      const ratio = (v: number | undefined) => (v !== undefined && b ? x(v / b) : '-');
      return [
        r.label,
        `${f(relaysPer1k(r))} (${f(per1k(r, r.relayKernelMs))})`,
        r.relayMainMs === undefined || r.relayCpuMs === undefined ? '-' : `${f(per1k(r, r.relayMainMs))} / ${f(per1k(r, r.relayCpuMs - r.relayMainMs))}`,
        r.relayWrites === undefined || r.relayReads === undefined ? '-' : `${int(per1k(r, r.relayWrites))} / ${int(per1k(r, r.relayReads))}`,
        f(per1k(r, r.redisCpuMs)),
        `${f(per1k(r, r.pgOursCpuMs))} (${f(per1k(r, r.pgCpuMs))})`,
        f(relaysRedisPer1k(r)),
        f(allPer1k(r)),
        setup.baseline ? '(baseline)' : `${ratio(relaysPer1k(r))} / ${ratio(relaysRedisPer1k(r))} / ${ratio(allPer1k(r))}`,
        int(r.redisCommandsPerS),
      ];
    }),
  );
}

function planTable(results: ClusterResult[]): string {
  const body: string[][] = [];
  for (const res of results)
    for (const r of res.rows) {
      if (r.status !== 'ok' || !r.windowMs) continue;
      const w = r.windowMs;
      const relay = relaysPer1k(r);
      const perAccepted = (ms: number | undefined) => (ms === undefined || !r.acceptedN ? undefined : ms / (r.acceptedN / 1000));
      body.push([
        res.title,
        r.label,
        int(r.accepted),
        int(r.delivered),
        (r.perRelayCpuMs ?? []).map((c) => pct(c / w)).join(', '),
        (r.peakRssMb ?? []).map((m) => f(m, 0)).join(', '),
        relay ? int(1e6 / relay) : '-',
        f(r.relayCpuMs !== undefined && r.acceptedN ? r.relayCpuMs / r.acceptedN / r.relays : undefined, 2),
        `${pct((r.redisCpuMs ?? 0) / w)}, ${f(perAccepted(r.redisCpuMs))}`,
        `${pct((r.pgOursCpuMs ?? 0) / w)}, ${f(perAccepted(r.pgOursCpuMs))}`,
      ]);
    }
  return table(
    ['scenario', 'setup', 'updates accepted/s', 'delivered/s', 'CPU of each relay (of a core)', 'peak RSS of each relay (MB)', 'deliveries/s per relay core (1,000,000 ÷ relay ms per 1k)', 'relay ms per accepted update, per relay', 'Redis: of a core, ms per 1k accepted', 'Postgres (the relays\' backends): of a core, ms per 1k accepted'],
    body,
  );
}

/** A few sentences read off the numbers (so they stay true when the numbers change). */
function reading(results: ClusterResult[], setups: Setup[]): string[] {
  const lines: string[] = [];
  for (const res of results) {
    const parts: string[] = [];
    for (const setup of setups.filter((s) => s.cluster)) {
      const r = res.rows.find((q) => q.setup === setup.name);
      const base = baselineOf(setups, res.rows, setup);
      if (r?.status !== 'ok' || !base) continue;
      const b = relaysPer1k(base)!;
      const p = judgedP99(r);
      parts.push(
        `${setup.relays} relay${setup.relays > 1 ? 's' : ''}: relays ${x(relaysPer1k(r)! / b)}, relays + Redis ${x(relaysRedisPer1k(r)! / b)}, everything ${x(allPer1k(r)! / b)} the baseline's CPU per update; ${setup.relays > 1 ? 'cross-relay ' : ''}p99 ${x((p ?? NaN) / (base.p99 ?? NaN))}`,
      );
    }
    if (parts.length) lines.push(`- ${res.title}: ${parts.join('; ')}.`);
  }
  return lines;
}

export function clusterMarkdown(results: ClusterResult[], setups: Setup[], info: RunInfo): string {
  const counts = [...new Set(setups.filter((s) => s.cluster).map((s) => s.relays))].join(', ');
  const checks = checkClusterTargets(results, setups);
  const out: string[] = [
    `## Cluster mode${info.quick ? ' (quick smoke run: smaller scenarios, short durations — not representative)' : ''}`,
    '',
    `Produced by \`${info.command.trim()}\` (bench/relay/cluster.ts). The classroom and fan-out scenarios of the relay benchmark, the same loads as in the Relay section, on one relay with its embedded SQLite (the baseline: no Redis, no Postgres) and on ${counts} relay(s) in cluster mode (\`REDIS_URL\` + \`DATABASE_URL\`, [cluster.md](cluster.md)), all in one run, the setups interleaved, so they compare as ratios on a noisy machine. Every relay is its own process on 127.0.0.1 with its own \`DATA_DIR\`, started fresh for every run and warmed up before it is measured (each scenario's line says how: V8 compiles a fresh relay's hot code for its first minute under this load, on its helper threads, and runs it unoptimised meanwhile; unwarmed, that cost, paid once per relay process, made most of a relay's CPU in an 8 s window); the room's editors connect directly to the relays' ports, editor j to relay j mod N (the writers are the first editors, so they are spread over the relays too; no load balancer). Each cluster gets a fresh Redis key prefix and a fresh Postgres schema, removed afterwards. The load generator is ${info.workers} worker processes on the same machine.`,
    '',
    `**On this ${info.cores}-core machine this shows what cluster mode costs, not how it scales.** The relays, Redis, Postgres and the load generator all share the same ${info.cores} cores, so every relay added only adds work: each relay with the room loaded reads every update of it from Redis, applies it and sends it to its share of the editors. On separate machines the relays' part would spread over them; the per-relay figures below are what to plan machines with. Why the classroom's CPU target is missed with 2 and 3 relays (every relay that has a room loaded pays the room's per-message cost), and what changed to get here: [relay-performance.md](relay-performance.md#cluster-mode-where-a-relays-time-goes-warm-and-cold-2026-12-04).`,
    '',
    'CPU is utime+stime from /proc over the measurement window, per 1,000 delivered stroke updates: the relays summed over their processes; Redis = the redis-server process (its pid from `INFO server`, checked against `pgrep -x redis-server`); Postgres = every postgres process (`pgrep -x postgres`: backends, WAL writer, checkpointer …, plus backends that exited in the window), and of that the backends of the relays\' own connections (found by the `application_name` the cluster\'s `DATABASE_URL` sets), which is what "+ Postgres" adds (the WAL writer\'s and checkpointer\'s share of our writes is left out with everyone else\'s use). Of the relays\' CPU, "event-loop thread" is their main threads\' (/proc/<pid>/task/<pid>/stat: the JavaScript, the socket reads and writes), the rest V8\'s compiler and garbage-collector helper threads and libuv\'s pool (with the warm-up, mostly the collector\'s). "System calls" are the relays\' read- and write-like calls (/proc/<pid>/io syscr, syscw), nearly all socket reads and writes. Redis\'s figure includes presence (cursors cross relays over pub/sub). Redis and Postgres are the machine\'s, shared with whatever else runs here (other test runs): the baseline uses neither, so their figures in its row are that background, and "Redis commands/s (everyone\'s)" shows how busy Redis was. Cross-relay: the writer was connected to another relay than the receiver (with 2 relays about half the deliveries, with 3 about two thirds); "p99 vs baseline" compares the cross-relay p99 of a cluster (all deliveries for one relay) with the baseline\'s p99. Every client\'s document is compared with the writers\' after each run.',
    '',
    `- date: ${info.date}`,
    `- machine: ${info.machine}`,
    `- ${info.versions}`,
    `- total run time: ${info.runSeconds.toFixed(0)} s`,
    ...info.notes.map((n) => `- note: ${n}`),
    '',
    '### Targets (issue 15), in this run',
    '',
    table(['target', 'measured', 'met'], checks.map((c) => [c.target, c.measured, c.met === null ? '-' : c.met ? 'yes' : '**no**'])),
    '',
  ];
  const read = reading(results, setups);
  if (read.length) out.push('Against the baseline:', '', ...read, '');
  for (const res of results) {
    out.push(`### Cluster: ${res.title}`, '', res.description, '', 'Latency:', '', latencyTable(res, setups), '', 'CPU ms per 1,000 delivered updates:', '', cpuTable(res, setups), '');
  }
  out.push(
    '### Cluster: what a relay costs',
    '',
    'To plan machines: the CPU of each relay (a share of one core) and its peak memory at these loads; how many deliveries (an update reaching one editor) a core of relay buys at this mix; and Redis and Postgres per accepted update (an update a writer sent, appended once to the room\'s log; Redis then hands it to every relay that has the room loaded, and the lease holder copies it into Postgres in batches). Relay CPU has a part per delivery (the socket writes to the relay\'s editors) and a part per accepted update that every relay with the room loaded pays (reading it from Redis, applying it, encoding its messages): the column "relay ms per accepted update, per relay" is the relays\' CPU ÷ accepted updates ÷ relays; where it stays near the one-relay figure as relays are added (few deliveries per update, as in the classroom) that fixed part dominates and a relay added costs about as much as the first. Redis CPU grows with the accepted updates times the relays following the room.',
    '',
    planTable(results),
    '',
  );
  return out.join('\n');
}
