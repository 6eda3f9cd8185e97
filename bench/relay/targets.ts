// The targets of issue 4, checked against one run's rows: a table that says which hold.
import { commonStep, type ScenarioResult } from './report.ts';
import type { Row } from './scenarios.ts';

interface Check {
  target: string;
  measured: string;
  met: boolean | null;
}

const PEERS = ['y-websocket', 'hocuspocus'];

function rows(results: ScenarioResult[], scenario: string): Map<string, Row> {
  const res = results.find((r) => r.scenario.name === scenario);
  return new Map((res?.rows ?? []).filter((r) => r.status === 'ok').map((r) => [r.server, r]));
}

const num = (s: string | undefined) => (s === undefined ? undefined : Number.parseFloat(s));
const x = (n: number) => `${n.toFixed(2)}×`;

export function checkTargets(results: ScenarioResult[]): Check[] {
  const checks: Check[] = [];
  const add = (target: string, measured: string | null, met: boolean | null) => checks.push({ target, measured: measured ?? 'not measured in this run', met: measured === null ? null : met });

  // CPU per delivered update (the efficiency targets): Node against the better peer, Bun against Node
  const efficiency = (where: string, cpu: (server: string) => number | undefined) => {
    const node = cpu('node');
    const peers = PEERS.map(cpu).filter((v): v is number => v !== undefined);
    const best = peers.length ? Math.min(...peers) : undefined;
    add(`${where}: Node CPU per update ≤ ½ of the better peer`, node && best ? `${node.toFixed(1)} vs ${best.toFixed(1)} ms/1k (${x(best / node)})` : null, node && best ? best / node >= 2 : null);
    const bun = cpu('bun');
    add(`${where}: Bun CPU per update ≤ Node’s ÷ 1.5`, bun && node ? `${bun.toFixed(1)} vs ${node.toFixed(1)} ms/1k (${x(node / bun)})` : null, bun && node ? node / bun >= 1.5 : null);
  };
  for (const sc of ['classroom', 'many-rooms', 'fan-out']) {
    const r = rows(results, sc);
    efficiency(sc, (server) => r.get(server)?.cpuPer1k);
  }
  const sat = rows(results, 'saturation');
  const satNode = sat.get('node')?.delivered;
  const satPeer = Math.max(0, ...PEERS.map((p) => sat.get(p)?.delivered ?? 0));
  const satRaw = sat.get('ws-raw')?.delivered;
  add('saturation: Node ≥ 2× the better peer', satNode && satPeer ? `${Math.round(satNode)} vs ${Math.round(satPeer)}/s (${x(satNode / satPeer)})` : null, satNode && satPeer ? satNode / satPeer >= 2 : null);
  add('saturation: Node above the plain ws bound', satNode && satRaw ? `${Math.round(satNode)} vs ${Math.round(satRaw)}/s` : null, satNode && satRaw ? satNode > satRaw : null);
  const satBun = sat.get('bun')?.delivered;
  add('saturation: Bun ≥ 1.5× Node', satBun && satNode ? `${Math.round(satBun)} vs ${Math.round(satNode)}/s (${x(satBun / satNode)})` : null, satBun && satNode ? satBun / satNode >= 1.5 : null);
  // Where a climb stops because the load generator does, throughput cannot separate the
  // servers; the issue lets CPU per update at the same offered load decide.
  const common = commonStep([...sat.values()]);
  if (common) {
    efficiency(`saturation at ${common.step} (same load)`, (server) => common.at.get(server)?.cpuPer1k);
    const p99At = (srv: string) => common.at.get(srv)?.p99;
    const nodeP99 = p99At('node');
    const peerP99 = PEERS.map(p99At).filter((v): v is number => v !== undefined);
    add(`saturation at ${common.step} (same load): Node p99 below both peers`, nodeP99 !== undefined && peerP99.length ? `${nodeP99.toFixed(1)} vs ${peerP99.map((p) => p.toFixed(1)).join(' / ')} ms` : null, nodeP99 !== undefined && peerP99.length ? peerP99.every((p) => nodeP99 < p) : null);
  }

  for (const res of results) {
    // saturation's best steps are different loads: its p99 is compared at the common step above
    if (res.scenario.name === 'saturation') continue;
    const r = rows(results, res.scenario.name);
    const ours = r.get('node')?.p99;
    const peers = PEERS.map((p) => r.get(p)?.p99).filter((v): v is number => v !== undefined);
    if (ours === undefined || peers.length === 0) continue;
    add(`${res.scenario.name}: Node p99 below both peers`, `${ours.toFixed(1)} vs ${peers.map((p) => p.toFixed(1)).join(' / ')} ms`, peers.every((p) => ours < p));
  }
  const idle = rows(results, 'idle');
  const kbNode = num(idle.get('node')?.extra['KB per connection']);
  const kbRaw = num(idle.get('ws-raw')?.extra['KB per connection']);
  const kbBun = num(idle.get('bun')?.extra['KB per connection']);
  add('idle: Node memory per connection within 15 % of plain ws', kbNode && kbRaw ? `${kbNode} vs ${kbRaw} KB (+${Math.round((kbNode / kbRaw - 1) * 100)} %)` : null, kbNode && kbRaw ? kbNode <= kbRaw * 1.15 : null);
  add('idle: Bun memory per connection ≤ 5 KB', kbBun ? `${kbBun} KB` : null, kbBun ? kbBun <= 5 : null);
  const cold = rows(results, 'cold-load');
  const coldMs = (s: string) => num(cold.get(s)?.extra['cold load (ms)']);
  const coldNode = coldMs('node');
  const coldPeers = PEERS.map(coldMs).filter((v): v is number => v !== undefined);
  add('cold load (5 MB): Node faster than both peers', coldNode && coldPeers.length ? `${coldNode} vs ${coldPeers.join(' / ')} ms` : null, coldNode && coldPeers.length ? coldPeers.every((p) => coldNode < p) : null);
  return checks;
}

export function targetsMarkdown(results: ScenarioResult[]): string {
  const checks = checkTargets(results);
  const lines = ['### Targets (issue 4), in this run', '', '| target | measured | met |', '| --- | --- | --- |'];
  for (const c of checks) lines.push(`| ${c.target} | ${c.measured} | ${c.met === null ? '-' : c.met ? 'yes' : '**no**'} |`);
  return lines.join('\n') + '\n';
}
