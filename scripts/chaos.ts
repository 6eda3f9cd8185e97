/**
 * The long chaos run (see server/test/chaos/scenario.ts): rounds of chaos against a
 * real relay for --seconds per runtime, each round a fresh relay and room with its own
 * seed (the first is --seed, then +1, +2...), each ending with the full checks.
 *
 *   node --import tsx scripts/chaos.ts [--seconds=300] [--runtime=node|bun|both] [--seed=N] [--round=60] [--clients=4]
 *                                      [--skip=crashAfterAck,...] [--verbose]
 *
 * Exits non-zero if any round failed. runChaos() is the same run for other scripts (fuzz).
 */
import { buildServer } from './buildServer.ts';
import { randomSeed } from '../server/test/chaos/prng.ts';
import { EVENTS, runScenario, type EventKind, type ScenarioReport } from '../server/test/chaos/scenario.ts';
import { RUNTIMES, type Runtime } from '../server/test/relayProcess.ts';

export interface ChaosOptions {
  /** chaos time per runtime, summed over rounds */
  seconds: number;
  runtime?: Runtime | 'both';
  seed?: number;
  /** chaos time of one round (a round ends with the convergence and durability checks) */
  roundSeconds?: number;
  clients?: number;
  /** chaos events to leave out (diagnosis only: a passing run with some left out proves less) */
  skip?: EventKind[];
  /** print every event as it happens, not only the summary */
  verbose?: boolean;
  log?: (line: string) => void;
}

export async function runChaos(opts: ChaosOptions): Promise<{ ok: boolean; reports: ScenarioReport[] }> {
  const log = opts.log ?? ((line: string) => console.log(line));
  const runtimes = !opts.runtime || opts.runtime === 'both' ? [...RUNTIMES] : [opts.runtime];
  const seed = opts.seed ?? randomSeed();
  const roundMs = Math.max(1, opts.roundSeconds ?? 60) * 1000;
  const skipped = opts.skip?.length ? `, WITHOUT ${opts.skip.join(', ')}` : '';
  log(`chaos: ${opts.seconds} s per runtime on ${runtimes.join(', ')}, first seed ${seed}${skipped}`);
  // the Node relay runs the bundle; build it from the current sources
  if (runtimes.includes('node')) await buildServer();
  const reports: ScenarioReport[] = [];
  for (const runtime of runtimes) {
    for (let round = 0, spent = 0; spent < opts.seconds * 1000; round++) {
      const chaosMs = Math.min(roundMs, opts.seconds * 1000 - spent);
      spent += chaosMs;
      const report = await runScenario({
        runtime,
        seed: seed + round,
        chaosMs,
        clients: opts.clients,
        skip: opts.skip,
        log: opts.verbose ? (line) => log(`  [${runtime} ${seed + round}] ${line}`) : undefined,
      });
      reports.push(report);
      log(summarise(report));
      if (!report.ok) log(details(report));
    }
  }
  const failed = reports.filter((r) => !r.ok);
  log(failed.length === 0 ? `chaos: all ${reports.length} rounds passed` : `chaos: ${failed.length} of ${reports.length} rounds FAILED: ${failed.map((r) => `${r.runtime} seed ${r.seed}`).join(', ')}`);
  return { ok: failed.length === 0, reports };
}

function summarise(r: ScenarioReport): string {
  const s = r.summary;
  return (
    `${r.ok ? 'ok    ' : 'FAILED'} ${r.runtime} seed ${r.seed}: ${(r.durationMs / 1000).toFixed(1)} s, ${s.edits} edits, ` +
    `${s.acknowledged} acknowledged, ${s.lostUnacknowledged ?? '?'} unacknowledged lost with their authors, ` +
    `${s.relayStarts} relay starts, final doc ${s.finalDocBytes} B, events ${JSON.stringify(r.events)}`
  );
}

function details(r: ScenarioReport): string {
  return [
    `  failures (data kept in ${r.dataDir}):`,
    ...r.failures.map((f) => `    ${f}`),
    '  timeline:',
    ...r.timeline.map((l) => `    ${l}`),
    '  relay warnings and errors:',
    ...r.relayLogs.map((l) => `    ${l}`),
  ].join('\n');
}

function parseArgs(argv: string[]): ChaosOptions {
  const args = new Map(argv.map((a) => a.replace(/^--/, '').split('=') as [string, string | undefined]));
  const num = (key: string) => (args.get(key) === undefined ? undefined : Number(args.get(key)));
  const runtime = args.get('runtime') ?? 'both';
  if (runtime !== 'both' && !(RUNTIMES as readonly string[]).includes(runtime)) throw new Error(`--runtime must be node, bun or both, not ${runtime}`);
  for (const key of ['seconds', 'seed', 'round', 'clients']) {
    if (args.has(key) && !Number.isFinite(num(key))) throw new Error(`--${key} needs a number`);
  }
  const skip = (args.get('skip') ?? '').split(',').filter(Boolean);
  const unknown = skip.filter((k) => !(k in EVENTS));
  if (unknown.length) throw new Error(`--skip takes events of ${Object.keys(EVENTS).join(', ')}, not ${unknown.join(', ')}`);
  return {
    seconds: num('seconds') ?? 300,
    skip: skip as EventKind[],
    runtime: runtime as Runtime | 'both',
    seed: num('seed'),
    roundSeconds: num('round'),
    clients: num('clients'),
    verbose: args.has('verbose'),
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { ok } = await runChaos(parseArgs(process.argv.slice(2)));
  // a relay's start timer or a provider's interval must not keep a finished run alive
  process.exit(ok ? 0 : 1);
}
