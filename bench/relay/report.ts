// Turns rows into markdown tables (stdout and docs/benchmarks.md) with ratios of ours
// against each peer.
import type { Row, Scenario, StepResult } from './scenarios.ts';

export interface ScenarioResult {
  scenario: Scenario;
  description: string;
  rows: Row[];
}

const f = (n: number | undefined, digits = 1): string => (n === undefined || Number.isNaN(n) ? '-' : n.toFixed(digits));
const int = (n: number | undefined): string => (n === undefined || Number.isNaN(n) ? '-' : Math.round(n).toLocaleString('en-US'));
const cell = (s: string | undefined): string => (s ?? '-').replace(/\|/g, '\\|');

function table(head: string[], body: string[][]): string {
  return [`| ${head.join(' | ')} |`, `| ${head.map(() => '---').join(' | ')} |`, ...body.map((r) => `| ${r.map(cell).join(' | ')} |`)].join('\n');
}

function statusCell(r: Row): string {
  if (r.status === 'n/a') return `n/a: ${r.note}`;
  if (r.status === 'failed') return `FAILED${r.note ? `: ${r.note}` : ''}`;
  return 'ok';
}

export interface Metric {
  name: string;
  get(r: Row): number | undefined;
  higherIsBetter: boolean;
}

const LOAD_METRICS: Metric[] = [
  { name: 'efficiency (peer CPU ms per 1k ÷ ours)', get: (r) => r.cpuPer1k, higherIsBetter: false },
  { name: 'p99 latency (peer ÷ ours)', get: (r) => r.p99, higherIsBetter: false },
];

/**
 * Saturation: the highest step that every server with steps passed (p99 ≤ 100 ms), and
 * each server's result there. Best steps differ between servers, so CPU per update and
 * p99 are compared here, at the same offered load, not at each server's best step.
 */
export function commonStep(rows: Row[]): { step: string; at: Map<string, StepResult> } | null {
  const climbed = rows.filter((r) => r.steps?.length);
  if (climbed.length === 0) return null;
  let found: { step: string; at: Map<string, StepResult> } | null = null;
  for (const s of climbed[0].steps!) {
    const at = new Map<string, StepResult>();
    for (const r of climbed) {
      const mine = r.steps!.find((x) => x.step === s.step);
      if (mine?.passed) at.set(r.server, mine);
    }
    if (at.size === climbed.length) found = { step: s.step, at };
  }
  return found;
}

const mid = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const midOf = (values: (number | undefined)[]): number | undefined => {
  const v = values.filter((x): x is number => x !== undefined);
  return v.length ? mid(v) : undefined;
};

/**
 * Saturation over several rounds: each step's median across the rounds (a round that
 * stopped below a step counts as failing it), so the same-load comparison rests on every
 * round, not on the one round whose best step was the median.
 */
export function mergeSteps(rounds: StepResult[][]): StepResult[] {
  const longest = rounds.reduce((a, b) => (b.length > a.length ? b : a), []);
  return longest.map(({ step }) => {
    const at = rounds.map((r) => r.find((s) => s.step === step));
    const reached = at.filter((s): s is StepResult => s !== undefined);
    const majority = (pred: (s: StepResult) => boolean) => reached.filter(pred).length * 2 > rounds.length;
    return {
      step,
      delivered: mid(reached.map((s) => s.delivered)),
      p99: mid(reached.map((s) => s.p99)),
      cpuPer1k: midOf(reached.map((s) => s.cpuPer1k)),
      kernelPer1k: midOf(reached.map((s) => s.kernelPer1k)),
      passed: majority((s) => s.passed),
      generatorBound: majority((s) => s.generatorBound === true),
    };
  });
}

/** What each scenario compares servers by; the first is its headline figure. */
export function metricsFor(name: string, rows: Row[] = []): Metric[] {
  switch (name) {
    case 'saturation': {
      const common = commonStep(rows);
      const at = (r: Row) => common?.at.get(r.server);
      return [
        { name: 'saturation throughput (ours ÷ peer)', get: (r) => r.delivered, higherIsBetter: true },
        ...(common
          ? [
              { name: `efficiency at ${common.step}, the highest step all passed (peer CPU ms per 1k ÷ ours)`, get: (r: Row) => at(r)?.cpuPer1k, higherIsBetter: false },
              { name: `p99 latency at ${common.step} (peer ÷ ours)`, get: (r: Row) => at(r)?.p99, higherIsBetter: false },
            ]
          : []),
      ];
    }
    case 'idle':
      return [{ name: 'memory per connection (peer ÷ ours)', get: (r) => Number(r.extra['KB per connection']), higherIsBetter: false }];
    case 'cold-load':
      return [{ name: 'cold load time (peer ÷ ours)', get: (r) => Number(r.extra['cold load (ms)']), higherIsBetter: false }];
    default:
      return LOAD_METRICS;
  }
}

function ratios(res: ScenarioResult): string {
  const ours = res.rows.filter((r) => (r.server === 'node' || r.server === 'bun') && r.status !== 'n/a');
  const peers = res.rows.filter((r) => r.server !== 'node' && r.server !== 'bun' && r.status !== 'n/a');
  const body: string[][] = [];
  for (const m of metricsFor(res.scenario.name, res.rows)) {
    for (const o of ours) {
      const cmp = [...peers, ...(o.server === 'bun' ? res.rows.filter((r) => r.server === 'node') : [])];
      for (const p of cmp) {
        const a = m.get(o);
        const b = m.get(p);
        if (a === undefined || b === undefined || !Number.isFinite(a) || !Number.isFinite(b) || a <= 0 || b <= 0) continue;
        const x = m.higherIsBetter ? a / b : b / a;
        body.push([m.name, o.label, p.label, `${x.toFixed(2)}×`, x >= 1 ? 'ours better' : 'peer better']);
      }
    }
  }
  if (!body.length) return '';
  return `Ratios (> 1 means ours is better):\n\n${table(['metric', 'ours', 'vs', 'ratio', ''], body)}`;
}

export function scenarioMarkdown(res: ScenarioResult): string {
  const { scenario, rows } = res;
  let t: string;
  if (scenario.name === 'idle') {
    t = table(
      ['server', 'status', 'connections', 'connect+sync all (s)', 'RSS before→after (MB)', 'KB / connection', 'CPU ms / connection', 'peak RSS (MB)', 'errors'],
      rows.map((r) => [
        r.label,
        statusCell(r),
        r.extra.connections,
        r.extra['connect+sync all (s)'],
        r.extra['RSS before (MB)'] ? `${r.extra['RSS before (MB)']}→${r.extra['RSS after (MB)']}` : '-',
        r.extra['KB per connection'],
        r.extra['server CPU ms per connection'],
        f(r.peakRssMb, 0),
        r.errors ? `${r.errors} (${r.errorText})` : '0',
      ]),
    );
  } else if (scenario.name === 'cold-load') {
    t = table(
      ['server', 'status', 'document (MB)', 'cold load (ms, median)', 'all runs (ms)', 'peak RSS (MB)', 'errors'],
      rows.map((r) => [r.label, statusCell(r), r.extra['document (MB)'], r.extra['cold load (ms)'], r.extra['all runs (ms)'], f(r.peakRssMb, 0), r.errors ? `${r.errors} (${r.errorText})` : '0']),
    );
  } else if (scenario.name === 'saturation') {
    t = table(
      ['server', 'status', 'best delivered/s', 'best step', 'p50 / p95 / p99 / max (ms)', 'CPU ms per 1k', 'of which kernel', 'peak RSS (MB)', 'errors', 'stopped', 'load generator bottleneck'],
      rows.map((r) => [
        r.label,
        statusCell(r),
        int(r.delivered),
        r.extra['best step'],
        r.p99 === undefined ? '-' : `${f(r.p50, 2)} / ${f(r.p95, 2)} / ${f(r.p99, 2)} / ${f(r.max, 1)}`,
        f(r.cpuPer1k, 1),
        f(r.kernelPer1k, 1),
        f(r.peakRssMb, 0),
        r.errors ? `${r.errors} (${r.errorText})` : '0',
        r.extra.stopped,
        r.genBound ?? '-',
      ]),
    );
    t += '\n\nSteps:\n\n' + rows.map((r) => `- ${r.label}: ${r.extra.steps ?? r.note ?? '-'}`).join('\n');
    const common = commonStep(rows);
    if (common) {
      const at = rows.filter((r) => common.at.has(r.server));
      t +=
        `\n\nAt ${common.step}, the highest step every server passed (same offered load):\n\n` +
        table(
          ['server', 'delivered/s', 'p99 (ms)', 'CPU ms per 1k', 'of which kernel'],
          at.map((r) => {
            const s = common.at.get(r.server)!;
            return [r.label, int(s.delivered), f(s.p99, 2), f(s.cpuPer1k, 1), f(s.kernelPer1k, 1)];
          }),
        );
    }
  } else {
    const extraKeys = [...new Set(rows.flatMap((r) => Object.keys(r.extra)))];
    t = table(
      ['server', 'status', 'offered/s', 'delivered/s', 'p50 / p95 / p99 / max (ms)', 'cursor p99 (ms)', 'server CPU (ms)', 'CPU ms per 1k', 'of which kernel', 'peak RSS (MB)', 'errors', 'converged', 'load generator bottleneck', ...extraKeys],
      rows.map((r) => [
        r.label,
        statusCell(r),
        int(r.offered),
        int(r.delivered),
        r.p99 === undefined ? '-' : `${f(r.p50, 2)} / ${f(r.p95, 2)} / ${f(r.p99, 2)} / ${f(r.max, 1)}`,
        f(r.cursorP99, 2),
        r.cpuMs === undefined ? '-' : `${int(r.cpuMs)}${r.cpuPct !== undefined ? ` (${Math.round(r.cpuPct * 100)} % of a core)` : ''}`,
        f(r.cpuPer1k, 1),
        f(r.kernelPer1k, 1),
        f(r.peakRssMb, 0),
        r.errors ? `${r.errors} (${r.errorText})` : '0',
        r.converged ?? '-',
        r.genBound ?? '-',
        ...extraKeys.map((k) => r.extra[k] ?? '-'),
      ]),
    );
  }
  const rat = ratios(res);
  return `### ${scenario.title}\n\n${res.description}\n\n${t}${rat ? `\n\n${rat}` : ''}\n`;
}

