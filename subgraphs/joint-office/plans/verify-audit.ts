// Re-checks the office's record (the hash chain of migration 012) from its rows alone, with
// nothing of the database trusted but the rows' text: every link and content hash, the order of
// time, each stored draw document against its chained hash and its chain head, each task's
// dispatch state against its last audit row, and any chain head published outside (a saved draw
// document, a noted head). Used by `npm run verify-audit` and the graph's verifyAudit.
import { createHash } from 'node:crypto';
import { CHAIN_HEAD_FIELD, chainHeadProblem, parseStrictJson, type DocumentChainHead } from '../draw';
import { GENESIS_PREV, chainHash, fieldOf, type ChainRow, type ChainSource } from '../store';

export interface AuditBreak {
  /** Where: the row's chain number, its table and key (null when the break is not at one row). */
  seq: number | null;
  table: string | null;
  key: string | null;
  problem: string;
  expected: string | null;
  actual: string | null;
}

export interface AuditVerification {
  ok: boolean;
  /** Rows read (chained or not). */
  rows: number;
  /** Stored draw documents checked. */
  documents: number;
  /** Chain heads checked: those in stored documents, published copies and given heads. */
  anchors: number;
  /** The last row of the chain. */
  head: { seq: number; sha256: string; at: string } | null;
  /** The chain.started row of migration 012: rows before it were chained by the migration. */
  startedAt: number | null;
  /** The first MAX_LISTED breaks; `ok` counts them all. */
  breaks: AuditBreak[];
  unlisted: number;
}

/** A draw document as published, saved by someone outside the office (exact text). */
export interface PublishedDocument {
  name: string;
  text: string;
}

export interface VerifyAuditOptions {
  /** Chain heads noted from outside (e.g. jointPlanSeal { chainHead } read some day). */
  heads?: readonly DocumentChainHead[];
  published?: readonly PublishedDocument[];
}

const MAX_LISTED = 200;

interface Anchor {
  seq: number;
  sha256: string;
  source: string;
  where: { table: string | null; key: string | null };
  /** Set once the walk reached its row. */
  reached?: boolean;
}

const sha256Hex = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

/** The chain head a document carries: the head, null when it has none, or why it is unreadable. */
function documentHead(text: string): DocumentChainHead | null | { problem: string } {
  let value: unknown;
  try {
    value = parseStrictJson(text).value;
  } catch (error) {
    return { problem: `not JSON: ${(error as Error).message}` };
  }
  if (typeof value !== 'object' || value === null || !(CHAIN_HEAD_FIELD in value)) return null;
  const head = (value as Record<string, unknown>)[CHAIN_HEAD_FIELD];
  const problem = chainHeadProblem(head);
  return problem ? { problem: `${CHAIN_HEAD_FIELD}: ${problem}` } : (head as DocumentChainHead);
}

const isProblem = (head: ReturnType<typeof documentHead>): head is { problem: string } => head !== null && 'problem' in head;

/** The dispatch state of a task as its audit rows say: state/platform id/attempts. */
function taskStateText(state: { dispatchState?: unknown; platformTaskId?: unknown; attempts?: unknown }): string {
  return `${String(state.dispatchState)}/${String(state.platformTaskId ?? '-')}/${String(state.attempts)}`;
}

class Breaks {
  readonly listed: AuditBreak[] = [];
  unlisted = 0;
  add(where: { seq?: number | null; table?: string | null; key?: string | null }, problem: string, expected: string | null, actual: string | null): void {
    if (this.listed.length >= MAX_LISTED) this.unlisted++;
    else this.listed.push({ seq: where.seq ?? null, table: where.table ?? null, key: where.key ?? null, problem, expected, actual });
  }
}

export async function verifyAuditChain(source: ChainSource, options: VerifyAuditOptions = {}): Promise<AuditVerification> {
  const breaks = new Breaks();
  const anchors = new Map<number, Anchor[]>();
  const anchor = (a: Anchor) => anchors.set(a.seq, [...(anchors.get(a.seq) ?? []), a]);
  for (const head of options.heads ?? []) anchor({ ...head, source: 'a published chain head', where: { table: null, key: null } });

  // 1. The documents: their hashes and heads (the heads become anchors of the walk below).
  const stored = new Map<string, { sha256: string; head: ReturnType<typeof documentHead> }>();
  for await (const { planId, text } of source.documents()) {
    const head = documentHead(text);
    stored.set(planId, { sha256: sha256Hex(text), head });
    if (head && !isProblem(head)) anchor({ ...head, source: `the chain head in the stored draw document of ${planId}`, where: { table: 'draws', key: planId } });
  }
  const published = (options.published ?? []).map(({ name, text }) => ({ name, sha256: sha256Hex(text), head: documentHead(text) }));
  for (const copy of published) {
    if (copy.head && !isProblem(copy.head)) anchor({ ...copy.head, source: `the chain head in the published document ${copy.name}`, where: { table: null, key: null } });
    else breaks.add({}, `the published document ${copy.name} carries no readable chain head`, CHAIN_HEAD_FIELD, isProblem(copy.head) ? copy.head.problem : 'none');
  }

  // 2. The walk, in chain order.
  let expected = 1;
  let prevHash = GENESIS_PREV;
  let prevAt: string | null = null;
  let startedAt: number | null = null;
  let rows = 0;
  let last: ChainRow | null = null;
  const draws = new Map<string, { seq: number; documentSha256: string | null }>();
  const drawAtSeq = new Map<number, string>();
  const taskSeq = new Map<string, number>();
  const taskAudit = new Map<string, string>();
  for (const a of anchors.get(0) ?? []) if (a.sha256 !== GENESIS_PREV) breaks.add({ seq: 0, ...a.where }, `${a.source} does not match the chain`, GENESIS_PREV, a.sha256);

  for await (const row of source.rows()) {
    rows++;
    const where = { seq: row.seq, table: row.table, key: row.key };
    if (row.seq === null) {
      breaks.add(where, 'row outside the chain (inserted with the chain trigger disabled)', 'a chain_seq', 'none');
      continue;
    }
    let gap = false;
    if (row.seq < expected) breaks.add(where, 'chain number used twice or out of order', `seq ${expected}`, `seq ${row.seq}`);
    else if (row.seq > expected) {
      gap = true;
      breaks.add(where, `rows missing from the chain before this one (${row.seq - expected})`, `seq ${expected}`, `seq ${row.seq}`);
    }
    // After a gap the link is broken too; one break says it.
    if (!gap && row.prev !== prevHash) breaks.add(where, 'link to the previous row broken', prevHash, row.prev);
    const recomputed = row.prev !== null && row.at !== null ? chainHash({ seq: row.seq, prev: row.prev, at: row.at, table: row.table, fields: row.fields }) : null;
    if (recomputed !== row.hash) breaks.add(where, 'row changed since it was chained (its hash, as chained / as the row is now)', row.hash, recomputed);
    if (prevAt !== null && row.at !== null && row.at < prevAt) breaks.add(where, 'chained earlier than the row before it (back-dated)', `${prevAt} or later`, row.at);
    if (startedAt !== null && row.table !== 'plan_tasks') {
      const own = fieldOf(row, row.table === 'audit_log' ? 'at' : 'drawn_at');
      if (own !== row.at) breaks.add(where, "row's time differs from the time it was chained", row.at, own ?? null);
    }
    for (const a of anchors.get(row.seq) ?? []) {
      a.reached = true;
      if (a.sha256 !== row.hash) breaks.add({ seq: row.seq, ...a.where }, `${a.source} does not match the chain`, a.sha256, row.hash);
    }

    if (row.table === 'audit_log') {
      if (startedAt === null && fieldOf(row, 'action') === 'chain.started' && fieldOf(row, 'entity') === 'audit_chain') startedAt = row.seq;
      if (fieldOf(row, 'entity') === 'task') {
        try {
          taskAudit.set(fieldOf(row, 'entity_id')!, taskStateText(JSON.parse(fieldOf(row, 'after') ?? 'null') ?? {}));
        } catch {
          // Unreadable JSON in a row: its hash check above has said what there is to say.
        }
      }
    } else if (row.table === 'draws') {
      draws.set(row.key, { seq: row.seq, documentSha256: fieldOf(row, 'document_sha256') ?? null });
      drawAtSeq.set(row.seq, row.key);
    } else taskSeq.set(row.key, row.seq);

    expected = Math.max(expected, row.seq + 1);
    prevHash = row.hash ?? '';
    if (row.at !== null && (prevAt === null || row.at > prevAt)) prevAt = row.at;
    last = row;
  }
  const headSeq = last?.seq ?? 0;
  for (const [seq, list] of anchors) {
    for (const a of list) {
      if (a.reached || seq === 0) continue;
      if (seq > headSeq) breaks.add({ seq, ...a.where }, `${a.source} is beyond the end of the chain (rows removed from the end)`, `seq ${seq} in the chain`, `the chain ends at seq ${headSeq}`);
      else breaks.add({ seq, ...a.where }, `${a.source} names a row missing from the chain`, `seq ${seq}`, 'none');
    }
  }
  if (rows > 0 && startedAt === null) breaks.add({}, 'no chain.started row (written by migration 012 where the chain begins)', 'one', 'none');

  // 3. Each stored document against its chained draw row.
  for (const [planId, document] of stored) {
    const draw = draws.get(planId);
    if (!draw) continue; // a draw row outside the chain: reported above
    const where = { seq: draw.seq, table: 'draws', key: planId };
    if (document.sha256 !== draw.documentSha256) breaks.add(where, 'stored document differs from the document_sha256 that was chained', draw.documentSha256, document.sha256);
    const { head } = document;
    if (isProblem(head)) breaks.add(where, 'stored document has an unreadable chain head', CHAIN_HEAD_FIELD, head.problem);
    else if (head === null) {
      if (startedAt !== null && draw.seq > startedAt) breaks.add(where, 'stored document carries no chain head', CHAIN_HEAD_FIELD, 'none');
    } else if (head.seq + 1 !== draw.seq) breaks.add(where, "stored document's chain head is not the row just before its draw", `seq ${draw.seq - 1}`, `seq ${head.seq}`);
  }
  for (const copy of published) {
    if (!copy.head || isProblem(copy.head)) continue;
    const planId = drawAtSeq.get(copy.head.seq + 1);
    if (planId === undefined) {
      breaks.add({ seq: copy.head.seq + 1 }, `no draw in the chain just after the head of the published document ${copy.name}`, 'a draw row', 'none');
      continue;
    }
    const draw = draws.get(planId)!;
    if (draw.documentSha256 !== copy.sha256) breaks.add({ seq: draw.seq, table: 'draws', key: planId }, `published document ${copy.name} differs from the stored draw (its SHA-256, published / stored)`, copy.sha256, draw.documentSha256);
  }

  // 4. Each task's dispatch bookkeeping against its last audit row.
  for await (const task of source.tasks()) {
    const want = taskAudit.get(task.taskKey) ?? taskStateText({ dispatchState: 'waiting', platformTaskId: null, attempts: 0 });
    const have = taskStateText(task);
    if (want !== have) breaks.add({ seq: taskSeq.get(task.taskKey) ?? null, table: 'plan_tasks', key: task.taskKey }, "dispatch state differs from the task's last audit row (state/platform id/attempts)", want, have);
  }

  const anchorCount = [...anchors.values()].reduce((n, list) => n + list.length, 0);
  return {
    ok: breaks.listed.length === 0,
    rows,
    documents: stored.size,
    anchors: anchorCount,
    head: last && last.seq !== null ? { seq: last.seq, sha256: last.hash ?? '', at: last.at ?? '' } : null,
    startedAt,
    breaks: breaks.listed,
    unlisted: breaks.unlisted,
  };
}
