/**
 * npm run fuzz: 100,000 hostile frames against a real relay per runtime (see
 * server/test/fuzz/harness.ts). Options: --frames=N --runtime=node|bun|both --seed=S
 * --minutes=M (time limit per runtime) --max-failures=N --shrink-seconds=S.
 * --replay=3,17,40 (with --seed and --runtime): reruns those batches of that run, in
 * order, in one fresh room, and prints what went wrong in each and the relay's log.
 * Exits non-zero on any failure: a crash, an undocumented close code, editors that stop
 * syncing, a poisoned room, or relay memory that does not return.
 */
import { buildServer } from './buildServer.ts';
import { RUNTIMES, type Runtime } from '../server/test/relayProcess.ts';
import { replay, runFuzz } from '../server/test/fuzz/harness.ts';
import { formatReport, saveReport } from '../server/test/fuzz/report.ts';

function arg(name: string): string | undefined {
  const prefix = `--${name}=`;
  return process.argv.find((a) => a.startsWith(prefix))?.slice(prefix.length);
}

function intArg(name: string, fallback: number): number {
  const raw = arg(name);
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n)) throw new Error(`--${name} must be an integer, got "${raw}"`);
  return n;
}

const runtimeArg = arg('runtime') ?? 'both';
if (runtimeArg !== 'both' && !RUNTIMES.includes(runtimeArg as Runtime)) throw new Error(`--runtime must be node, bun or both, got "${runtimeArg}"`);
const runtimes: Runtime[] = runtimeArg === 'both' ? [...RUNTIMES] : [runtimeArg as Runtime];
const frames = intArg('frames', 100_000);
const seed = intArg('seed', (Math.random() * 2 ** 31) | 0);

// the Node relay runs the bundle npm start runs (vitest's global setup builds it for the tests)
await buildServer();
const replayArg = arg('replay');
if (replayArg !== undefined) {
  const batches = replayArg.split(',').map(Number);
  let failed = false;
  for (const runtime of runtimes) {
    const { problems, logs } = await replay(runtime, seed, batches);
    console.log(`replay ${runtime} seed ${seed}, batches ${batches.join(',')}:`);
    problems.forEach((ps, k) => console.log(`  batch ${batches[k]}: ${ps.length ? ps.join('\n    ') : 'ok'}`));
    console.log(logs.filter((l) => !l.includes('"level":"info"')).map((l) => `  | ${l.slice(0, 800)}`).join('\n'));
    failed ||= problems.some((ps) => ps.length > 0);
  }
  process.exit(failed ? 1 : 0);
}
console.log(`fuzz: ${frames} frames per runtime on ${runtimes.join(', ')}, seed ${seed}`);
let failed = false;
for (const runtime of runtimes) {
  const report = await runFuzz({
    runtime,
    frames,
    seed,
    timeLimitMs: intArg('minutes', 60) * 60_000,
    maxFailures: intArg('max-failures', 5),
    shrinkMs: intArg('shrink-seconds', 60) * 1000,
    onProgress: (line) => console.log(line),
  });
  console.log(formatReport(report));
  console.log(`  report: ${saveReport(report)}`);
  if (report.failures.length > 0 || report.crashes > 0 || report.timedOut) failed = true;
}
process.exit(failed ? 1 : 0);
