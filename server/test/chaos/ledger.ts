/**
 * Which edits were acknowledged, and whether the final document kept them.
 *
 * An edit is acknowledged once someone other than its author held it: another client's
 * doc, or a fresh reader (a new provider, GET /api/rooms/<id>/doc). From then on it must
 * survive anything (its author closing the tab, the relay crashing); an edit only its
 * author ever held may be lost with that author, and is only counted.
 */
import * as Y from 'yjs';
import { heldTags, holdsInsert, isInsert, type InsertKind, type Op } from './ops.ts';

export interface Observer {
  label: string;
  doc: Y.Doc;
}

/** One thing wrong with the final document; `op` is the acknowledged edit it concerns, if any. */
export interface Problem {
  msg: string;
  op?: Op;
}

export interface LedgerSummary {
  edits: number;
  acknowledged: number;
  /** edits nobody but their author held, and that are not in the final document */
  lostUnacknowledged: number;
}

export class Ledger {
  readonly ops: Op[] = [];
  private readonly byTag = new Map<string, Op>();
  private readonly deletesOf = new Map<string, Op[]>();
  private readonly unacked = new Set<Op>();
  private count = 0;

  /** A tag no other edit of the run has; it names its author (see tagAuthor). */
  nextTag(author: Y.Doc): string {
    return `${author.clientID.toString(36)}.${++this.count}`;
  }

  record(op: Op): void {
    this.ops.push(op);
    this.byTag.set(op.tag, op);
    this.unacked.add(op);
    if (op.target !== undefined && !isInsert(op.kind)) {
      const list = this.deletesOf.get(op.target) ?? [];
      list.push(op);
      this.deletesOf.set(op.target, list);
    }
  }

  /** Marks what each observer holds of others' edits; call before an observer's state goes away. */
  observe(observers: readonly Observer[], atMs: number): void {
    if (this.unacked.size === 0) return;
    for (const { label, doc } of observers) {
      const sv = Y.decodeStateVector(Y.encodeStateVector(doc));
      for (const op of this.unacked) {
        if (op.author === doc.clientID || !this.holds(doc, sv, op)) continue;
        op.ackedBy = label;
        op.ackedAtMs = atMs;
        this.unacked.delete(op);
      }
    }
  }

  private holds(doc: Y.Doc, sv: Map<number, number>, op: Op): boolean {
    if (isInsert(op.kind)) return (sv.get(op.author) ?? 0) >= op.clock;
    const target = this.byTag.get(op.target ?? '');
    if (!target || (sv.get(target.author) ?? 0) < target.clock) return false;
    // an observer that deleted the target itself proves nothing about anyone else's delete
    if (this.deletesOf.get(target.tag)?.some((d) => d.author === doc.clientID)) return false;
    // absent although it arrived: some delete other than the observer's own reached it
    return !holdsInsert(doc, target);
  }

  /** Checks the converged document against every acknowledged edit; returns what is wrong. */
  check(final: Y.Doc): { problems: Problem[]; summary: LedgerSummary } {
    const problems: Problem[] = [];
    const deleted = (tag: string | undefined) => tag !== undefined && this.deletesOf.has(tag);
    let acknowledged = 0;
    let lostUnacknowledged = 0;
    for (const op of this.ops) {
      const acked = op.ackedBy !== undefined;
      if (acked) acknowledged++;
      if (!isInsert(op.kind)) {
        const target = this.byTag.get(op.target ?? '');
        if (acked && target && holdsInsert(final, target)) {
          problems.push({ op, msg: `acknowledged delete of ${target.kind} ${target.tag} (${describe(op)}) came undone: it is in the final document` });
        }
        continue;
      }
      // a point dies with its stroke
      if (deleted(op.tag) || (op.kind === 'point' && deleted(op.target)) || holdsInsert(final, op)) continue;
      if (acked) problems.push({ op, msg: `acknowledged ${op.kind} ${op.tag} (${describe(op)}) is missing from the final document` });
      else lostUnacknowledged++;
    }
    problems.push(...this.strays(final).map((msg) => ({ msg })));
    return { problems, summary: { edits: this.ops.length, acknowledged, lostUnacknowledged } };
  }

  /** Values nobody wrote, or written once and held twice: a corrupted merge. */
  private strays(final: Y.Doc): string[] {
    const out: string[] = [];
    for (const [kind, tags] of Object.entries(heldTags(final)) as Array<[InsertKind, string[]]>) {
      const seen = new Set<string>();
      for (const tag of tags) {
        if (this.byTag.get(tag)?.kind !== kind) out.push(`the final document holds ${kind} ${tag}, which no client wrote`);
        if (seen.has(tag)) out.push(`the final document holds ${kind} ${tag} twice`);
        seen.add(tag);
      }
    }
    const text = final.getText('t').toString();
    if (text.replace(/\[[^[\]]*\]/g, '') !== '') out.push(`the final text is not made of whole tokens: ${JSON.stringify(text.slice(0, 200))}`);
    return out;
  }
}

function describe(op: Op): string {
  const by = `made by client ${op.author.toString(36)} at ${op.atMs} ms`;
  // observed every 100 ms and right before anything drops state, so "seen" may lag the arrival
  return op.ackedBy ? `${by}, seen held by ${op.ackedBy} at ${op.ackedAtMs} ms` : by;
}

/** What `actual` lacks or adds compared with `expected`, by kind, for failure messages. */
export function diffDocs(expected: Y.Doc, actual: Y.Doc, limit = 8): string {
  const want = heldTags(expected);
  const got = heldTags(actual);
  const parts: string[] = [];
  for (const kind of Object.keys(want) as InsertKind[]) {
    const have = new Set(got[kind]);
    const need = new Set(want[kind]);
    const missing = want[kind].filter((t) => !have.has(t));
    const extra = got[kind].filter((t) => !need.has(t));
    if (missing.length) parts.push(`${kind}: ${missing.length} missing (${missing.slice(0, limit).join(', ')})`);
    if (extra.length) parts.push(`${kind}: ${extra.length} extra (${extra.slice(0, limit).join(', ')})`);
  }
  return parts.length ? parts.join('; ') : 'same tags (differences in order or deletions only)';
}
