/** The fuzz report as text (npm run fuzz prints it, the test puts it in its failure message), and as a file. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FailureFrame, FuzzReport } from './harness.ts';

const mb = (n: number) => `${(n / 2 ** 20).toFixed(1)} MB`;
const held = (n: number | null) => (n === null ? 'unknown' : mb(n));
const frame = (f: FailureFrame) => `${f.label} (${f.bytes} bytes${f.text ? ', text frame' : ''}): ${f.hex}`;

/** At most `n` frames printed; the saved report has them all. */
function frames(list: FailureFrame[], indent: string, n = 12): string[] {
  const out = list.slice(0, n).map((f) => `${indent}${frame(f)}`);
  if (list.length > n) out.push(`${indent}… ${list.length - n} more (in the saved report)`);
  return out;
}

export function formatReport(r: FuzzReport): string {
  const lines = [
    `fuzz ${r.runtime} seed=${r.seed}: ${r.frames} frames handled (${r.accepted} accepted; ${r.sent} sent) on ${r.sockets} sockets in ${r.batches} batches, ${(r.elapsedMs / 1000).toFixed(1)} s (${(r.frames / (r.elapsedMs / 1000)).toFixed(0)} frames/s)${r.timedOut ? ', stopped at the time limit' : ''}`,
    `  close codes: ${Object.entries(r.codes).map(([c, n]) => `${c}×${n}`).join(' ') || 'none'}`,
    `  crashes: ${r.crashes}, relay restarts: ${r.restarts.length}${r.restarts.length ? ` (${[...new Set(r.restarts)].join('; ')})` : ''}, failures: ${r.failures.length}`,
    r.rss ? `  relay RSS: ${mb(r.rss.before)} before, ${mb(r.rss.after)} after (peak ${mb(r.rss.peak)}, limit ${mb(r.rss.limit)}) ${r.rss.ok ? 'ok' : 'TOO HIGH'}; held by JavaScript (heap + buffers): ${held(r.rss.heldBefore)} before, ${held(r.rss.heldAfter)} after` : '  relay RSS: not measured (no baseline)',
  ];
  for (const f of r.failures) {
    lines.push(`  FAILURE [${f.kind}] batch ${f.batch} (reproduce: --runtime=${r.runtime} --seed=${r.seed}; batch seed ${f.batchSeed})`);
    for (const p of f.problems) lines.push(`    - ${p}`);
    for (const x of f.refused) lines.push(`    closed ${x.code} "${x.reason}" at: ${x.frame ? frame(x.frame) : '(no frame: all accepted)'}`);
    if (f.shrunk) {
      lines.push(`    shrunk batch (fails alone in a fresh room):`);
      lines.push(...frames(f.shrunk, '      '));
    } else if (f.history) {
      lines.push(`    needs earlier batches: fails in a fresh room after replaying batches ${f.history.batches.join(',')} (--replay=${f.history.batches.join(',')}); the earlier ones:`);
      lines.push(...frames(f.history.frames, '      '));
      lines.push(`    and batch ${f.batch}:`);
      lines.push(...frames(f.frames, '      '));
    } else if (f.frames.length) {
      lines.push(`    batch (did not shrink / reproduce alone):`);
      lines.push(...frames(f.frames, '      '));
    }
    if (f.minimal) {
      lines.push(`    MINIMAL: these groups, in order, each on its own socket in a fresh room, fail the same way:`);
      lines.push(...frames(f.minimal, '      ', 24));
    }
    if (f.logs.length) lines.push(`    relay log:`, ...f.logs.map((l) => `      ${l}`));
  }
  return lines.join('\n');
}

/** Writes the report as JSON (every frame of a failure in full, as fullHex) and returns the path. */
export function saveReport(r: FuzzReport): string {
  const dir = join(tmpdir(), 'wb-fuzz');
  mkdirSync(dir, { recursive: true });
  const path = join(dir, `${r.runtime}-${r.seed}-${Date.now()}.json`);
  writeFileSync(path, JSON.stringify(r, null, 1));
  return path;
}
