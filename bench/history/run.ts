/**
 * npm run bench:history — what a version costs to store. Grows the render benchmark's
 * board (10,000 strokes of ~100 points and 1,000 other shapes, bench/render/scene.ts)
 * with a checkpoint after every 500 strokes, then edits the full board (moves, restyles,
 * deletes) with a checkpoint after each round, and compares for every checkpoint the
 * whole document (Yjs v2, what the relay stores: server/history/checkpoints.ts) with
 * the delta since the checkpoint before (v2 from its state vector). Also times
 * saving and reading a version through the real SQLite store. Writes its table to
 * docs/benchmarks.md (<!-- history:start/end -->). Option: --no-write.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as Y from 'yjs';
import { moveShapes } from '../../client/board/transform.ts';
import { deleteShapes } from '../../client/board/strokes.ts';
import { restyleShapes } from '../../client/board/style.ts';
import { SHAPES } from '../../shared/schema.ts';
import { SqliteStorage } from '../../server/storage/sqlite.ts';
import { storeAsDelta } from '../../server/history/deltaRule.ts';
import { BENCHMARKS_MD, writeDocSection } from '../docSection.ts';
import { drawShapes, drawStrokes, rng, SCENE } from '../render/scene.ts';

const write = !process.argv.includes('--no-write');
const GROW_EVERY = 500;
const EDIT_ROUNDS = 20;

interface Row {
  phase: string;
  checkpoints: number;
  snapshot: number[];
  delta: number[];
  /** what the relay stores (server/history/deltaRule.ts): the delta against the last whole version, or the whole */
  stored: number[];
}

const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);

const doc = new Y.Doc();
const r = rng(20261203);
let sv = Y.encodeStateVector(doc);
let key: { sv: Uint8Array; since: number } | null = null;
const checkpoint = (row: Row) => {
  const whole = Y.encodeStateAsUpdateV2(doc).byteLength;
  row.snapshot.push(whole);
  row.delta.push(Y.encodeStateAsUpdateV2(doc, sv).byteLength);
  const onKey = key ? Y.encodeStateAsUpdateV2(doc, key.sv).byteLength : Infinity;
  if (key && storeAsDelta(onKey, whole, key.since)) {
    row.stored.push(onKey);
    key.since++;
  } else {
    row.stored.push(whole);
    key = { sv: Y.encodeStateVector(doc), since: 0 };
  }
  row.checkpoints++;
  sv = Y.encodeStateVector(doc);
};

const grow: Row = { phase: `drawing the board, a checkpoint every ${GROW_EVERY} strokes`, checkpoints: 0, snapshot: [], delta: [], stored: [] };
drawShapes(doc, r, SCENE.shapes);
for (let drawn = 0; drawn < SCENE.strokes; drawn += GROW_EVERY) {
  drawStrokes(doc, r, GROW_EVERY);
  checkpoint(grow);
}
const edit: Row = { phase: 'editing the full board: per round 200 moved, 100 restyled, 50 deleted', checkpoints: 0, snapshot: [], delta: [], stored: [] };
for (let round = 0; round < EDIT_ROUNDS; round++) {
  const ids = [...doc.getMap(SHAPES).keys()];
  const pick = (n: number) => Array.from({ length: n }, () => ids[Math.floor(r() * ids.length)]);
  moveShapes(doc, pick(200), 12, -7);
  restyleShapes(doc, pick(100), { color: '#1971c2' });
  deleteShapes(doc, [...new Set(pick(50))]);
  checkpoint(edit);
}

// the real store: one version of the full board saved and read back
const dir = mkdtempSync(join(tmpdir(), 'wb-bench-history-'));
const store = new SqliteStorage(dir);
await store.createRoom({ id: 'bench-room-000000000000', viewId: 'bench-view-000000000000', createdAt: Date.now() });
const full = Y.encodeStateAsUpdateV2(doc);
let t = performance.now();
const saved = await store.addVersion({ roomId: 'bench-room-000000000000', createdAt: Date.now(), kind: 'named', name: 'bench', seq: 0, editors: [], baseId: null }, full, { maxCount: 200, maxAgeMs: 90 * 86_400_000 });
const saveMs = performance.now() - t;
t = performance.now();
const back = await store.getVersion('bench-room-000000000000', saved.id);
const readMs = performance.now() - t;
if (!back || back.data.byteLength !== full.byteLength) throw new Error('the version read back differs');
await store.close();
rmSync(dir, { recursive: true, force: true });

const lines = [
  '## Version history',
  '',
  `\`npm run bench:history\` (${new Date().toISOString().slice(0, 10)}): the render benchmark's board (${SCENE.strokes.toLocaleString('en')} strokes, ${SCENE.shapes.toLocaleString('en')} shapes), drawn and then edited with checkpoints, each stored as the whole document (Yjs v2) and compared with the delta since the checkpoint before.`,
  '',
  '| phase | checkpoints | whole document, median | delta since the checkpoint before, median | stored by the relay, median | all checkpoints if whole | all, as the relay stores them |',
  '| --- | --- | --- | --- | --- | --- | --- |',
  ...[grow, edit].map((row) => `| ${row.phase} | ${row.checkpoints} | ${kb(median(row.snapshot))} | ${kb(median(row.delta))} | ${kb(median(row.stored))} | ${kb(sum(row.snapshot))} | ${kb(sum(row.stored))} |`),
  '',
  `Saving one version of the full board (${kb(full.byteLength)}) in SQLite took ${saveMs.toFixed(1)} ms, reading it back ${readMs.toFixed(1)} ms.`,
  '',
  'Each checkpoint is stored as whatever is smaller (server/history/deltaRule.ts): its delta against the last whole version when that is under half the whole document (at most 50 in a row), else the whole document, which becomes the next base. A version thus always reads as one whole version plus at most one delta (merged with Y.mergeUpdatesV2 when it is fetched); the retention keeps a whole version past its count or age while newer versions lean on it. While a board grows fast the delta soon passes half the board and whole versions follow each other; once a board is mostly drawn, versions cost what changed.',
];
const text = lines.join('\n');
console.log(text);
if (write) {
  writeDocSection(BENCHMARKS_MD, 'history', text);
  console.log('written to docs/benchmarks.md');
}
