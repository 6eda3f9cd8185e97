import { describe, expect, it } from 'vitest';
import { checkClusterTargets, clusterMarkdown, type ClusterResult, type ClusterRow, type Setup } from './clusterReport.ts';
import { postgresCpuMs } from './clusterServices.ts';

const setups: Setup[] = [
  { name: 'single-node', label: '1 relay, SQLite (baseline)', relays: 1, cluster: false, runtime: 'node', baseline: true },
  { name: 'cluster2-node', label: '2 relays, Redis + Postgres', relays: 2, cluster: true, runtime: 'node', baseline: false },
];

const row = (setup: string, relays: number, o: Partial<ClusterRow>): ClusterRow => ({
  setup,
  label: setup,
  relays,
  status: 'ok',
  deliveredN: 10_000,
  acceptedN: 200,
  windowMs: 6000,
  ...o,
});

describe('cluster report', () => {
  it('judges cross-relay p99 and relays + Redis CPU against the single relay', () => {
    const results: ClusterResult[] = [
      {
        scenario: 'classroom',
        title: 'Classroom',
        description: '',
        rows: [
          row('single-node', 1, { p99: 10, relayCpuMs: 100, redisCpuMs: 5 }),
          // cross-relay p99 19.9 < 20; CPU (relays 150 + Redis 60) / 10k = 21 ms/1k vs 10: 2.1×
          row('cluster2-node', 2, { accepted: 33, delivered: 1667, p99: 30, crossP99: 19.9, relayCpuMs: 150, redisCpuMs: 60, pgOursCpuMs: 10, perRelayCpuMs: [90, 60], peakRssMb: [80, 70] }),
        ],
      },
    ];
    const checks = checkClusterTargets(results, setups);
    expect(checks.map((c) => c.met)).toEqual([true, false]);
    expect(checks[0].measured).toBe('19.9 vs 10.0 ms (1.99×)');
    // the baseline's own Redis figure (background) is not part of what the cluster is compared with
    expect(checks[1].measured).toMatch(/^21\.0 vs 10\.0 ms\/1k \(2\.10×\); with Postgres 22\.0/);
    const md = clusterMarkdown(results, setups, { command: 'npm run bench:relay -- --cluster', quick: false, workers: 2, date: 'd', machine: 'm', cores: 2, versions: 'v', runSeconds: 1, notes: [] });
    expect(md).toContain('shows what cluster mode costs, not how it scales');
    expect(md).toMatch(/\| Classroom \| cluster2-node \| 33 \| 1,667 \| 2 %, 1 % \| 80, 70 \| 66,667 \| 0.38 \|/);
  });

  it('counts postgres backends that exited in the window through the postmaster', () => {
    const from = new Map([
      [1, { own: 100, reaped: 1000 }], // postmaster
      [2, { own: 50, reaped: 0 }], // a backend that exits in the window, after using 30 more
      [3, { own: 10, reaped: 0 }],
    ]);
    const to = new Map([
      [1, { own: 101, reaped: 1080 }], // reaped backend 2 (80 in all) at its end
      [3, { own: 25, reaped: 0 }],
      [4, { own: 7, reaped: 0 }], // born in the window
    ]);
    expect(postgresCpuMs(from, to)).toBe(1 + 15 + 7 + 30);
  });
});
