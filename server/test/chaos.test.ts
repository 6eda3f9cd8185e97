/**
 * Converges under chaos (short version; `npm run chaos` runs it for minutes): real
 * y-websocket clients editing online and offline through socket cuts, quits and relay
 * restarts (SIGTERM and SIGKILL) end with one document that holds every acknowledged
 * edit, and the relay keeps it through a crash. See server/test/chaos/scenario.ts.
 */
import { describe, expect, it } from 'vitest';
import { runScenario, type ScenarioReport } from './chaos/scenario.ts';
import { randomSeed } from './chaos/prng.ts';
import { RUNTIMES } from './relayProcess.ts';

// a fixed seed keeps one known script in every run; the random one explores (printed, and in the test name)
const FIXED_SEED = 20240611;
const RANDOM_SEED = Number(process.env.CHAOS_SEED) || randomSeed();
const CHAOS_MS = 9_000;
console.log(`chaos seeds: fixed ${FIXED_SEED}, random ${RANDOM_SEED} (CHAOS_SEED=${RANDOM_SEED} repeats the random one)`);

function explain(r: ScenarioReport): string {
  return [
    `chaos on ${r.runtime} with seed ${r.seed} failed (data kept in ${r.dataDir}):`,
    ...r.failures,
    'timeline (last 60 lines):',
    ...r.timeline.slice(-60),
    'relay warnings and errors:',
    ...r.relayLogs.slice(-30),
  ].join('\n');
}

describe.each(RUNTIMES)('converges under chaos (%s)', (runtime) => {
  it.each([FIXED_SEED, RANDOM_SEED])('seed %i', { timeout: 90_000 }, async (seed) => {
    const report = await runScenario({ runtime, seed, chaosMs: CHAOS_MS });
    const s = report.summary;
    console.log(
      `chaos ${runtime} seed ${seed}: ${report.ok ? 'ok' : 'FAILED'} in ${report.durationMs} ms, ${s.edits} edits ` +
        `(${s.acknowledged} acknowledged), ${s.relayStarts} relay starts, events ${JSON.stringify(report.events)}`,
    );
    expect(report.failures, explain(report)).toEqual([]);
  });
});
