// The office's hash chain (migration 012) from TypeScript: the link hash, rebuilt here from the
// rows' own columns (verify-audit trusts no function stored in the database: the table owner can
// replace those), the head, and the rows in chain order for a verifier.
import type { Database, SqlParam } from './database';
import { sha256Hex } from './sql-util';

export type ChainTable = 'audit_log' | 'draws' | 'plan_tasks';
export const CHAIN_TABLES: readonly ChainTable[] = ['audit_log', 'draws', 'plan_tasks'];

/** The last row of the chain: its number and hash. An empty chain is seq 0 with GENESIS_PREV. */
export interface ChainHead {
  seq: number;
  sha256: string;
}

/** `chain_prev` of the first row. */
export const GENESIS_PREV = '0'.repeat(64);

/** One chained row as a verifier sees it; times are `YYYY-MM-DDTHH:MI:SS.ffffffZ`. */
export interface ChainRow {
  /** null: the row is outside the chain (inserted with the chain trigger disabled). */
  seq: number | null;
  table: ChainTable;
  /** audit_log: id; draws: plan_id; plan_tasks: task_key. */
  key: string;
  at: string | null;
  prev: string | null;
  hash: string | null;
  /** The canonical content, in the order of CHAIN_CONTENT[table].fields. */
  fields: (string | null)[];
}

/** The link hash of a row (same text as audit_chain_hash in migration 012). */
export function chainHash(row: { seq: number; prev: string; at: string; table: ChainTable; fields: readonly (string | null)[] }): string {
  let text = `audit-chain/1|${row.seq}|${row.prev}|${row.at}|${row.table}`;
  for (const field of row.fields) text += field === null ? '|~' : `|${Buffer.byteLength(field, 'utf8')}:${field}`;
  return sha256Hex(text);
}

// Builtins only, schema-qualified: a function of the owner's schema cannot stand in for them.
const ts = (column: string) => `pg_catalog.to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

interface TableContent {
  key: string;
  keyType: 'bigint' | 'text';
  /** [name, SQL reading it as text]: mirror of audit_chain_fields(<table>) in migration 012. */
  fields: readonly (readonly [string, string])[];
}

export const CHAIN_CONTENT: Record<ChainTable, TableContent> = {
  audit_log: {
    key: 'id',
    keyType: 'bigint',
    fields: [['id', 'id::text'], ['at', ts('at')], ['actor', 'actor'], ['action', 'action'], ['entity', 'entity'],
      ['entity_id', 'entity_id'], ['before', 'before::text'], ['after', 'after::text']],
  },
  draws: {
    key: 'plan_id',
    keyType: 'text',
    fields: [['plan_id', 'plan_id'], ['seed', 'seed'], ['candidates_sha256', 'candidates_sha256'], ['algorithm', 'algorithm'],
      ['algorithm_version', 'algorithm_version'], ['document_sha256', 'document_sha256'], ['matching', 'matching::text'],
      ['drawn_at', ts('drawn_at')], ['drawn_by', 'drawn_by']],
  },
  plan_tasks: {
    key: 'task_key',
    keyType: 'text',
    fields: [['task_key', 'task_key'], ['plan_id', 'plan_id'], ['unit_code', 'unit_code'], ['uscc', 'uscc'], ['items', 'items::text'],
      ['inspector_ids', 'inspector_ids::text'], ['planned_on', "pg_catalog.to_char(planned_on, 'YYYY-MM-DD')"]],
  },
};

/** A named field of a row's canonical content (undefined when the table has no such field). */
export function fieldOf(row: ChainRow, name: string): string | null | undefined {
  const index = CHAIN_CONTENT[row.table].fields.findIndex(([field]) => field === name);
  return index < 0 ? undefined : row.fields[index];
}

/**
 * Takes the chain lock for the rest of the transaction (other writers wait until it commits)
 * and returns the head: the next row chained in this transaction is head.seq + 1.
 */
export async function lockChainHead(tx: Database): Promise<ChainHead> {
  const [row] = await tx.query<{ head_seq: string; head_sha256: string }>('SELECT head_seq::text AS head_seq, head_sha256 FROM audit_chain_head()');
  return { seq: Number(row.head_seq), sha256: row.head_sha256 };
}

/** The head now, without the lock (for anyone to note down); null on an empty chain. */
export async function readChainHead(db: Queryable): Promise<(ChainHead & { at: string }) | null> {
  const rows = await db.query<{ seq: string; sha256: string; at: string }>(
    `SELECT h.seq, h.sha256, h.at FROM (${CHAIN_TABLES.map(
      (table) => `(SELECT chain_seq::text AS seq, chain_seq AS n, chain_hash AS sha256, ${ts('chain_at')} AS at FROM ${table} ORDER BY chain_seq DESC LIMIT 1)`,
    ).join(' UNION ALL ')}) h ORDER BY h.n DESC LIMIT 1`,
  );
  return rows[0] ? { seq: Number(rows[0].seq), sha256: rows[0].sha256, at: rows[0].at } : null;
}

/** All a reader needs: verify-audit reads through a read-only session of its own. */
export type Queryable = Pick<Database, 'query'>;

type RawRow = Record<string, string | null>;

function selectList(table: ChainTable): string {
  const content = CHAIN_CONTENT[table];
  const fields = content.fields.map(([, sql], i) => `${sql} AS f${i}`).join(', ');
  return `chain_seq::text AS seq, ${content.key}::text AS key, ${ts('chain_at')} AS at, chain_prev AS prev, chain_hash AS hash, ${fields}`;
}

function toChainRow(table: ChainTable, raw: RawRow): ChainRow {
  return {
    seq: raw.seq === null ? null : Number(raw.seq),
    table,
    key: raw.key!,
    at: raw.at,
    prev: raw.prev,
    hash: raw.hash,
    fields: CHAIN_CONTENT[table].fields.map((_, i) => raw[`f${i}`]),
  };
}

/** One table's chained rows in (chain_seq, key) order, a page at a time. */
async function* tableRows(db: Queryable, table: ChainTable, pageSize: number): AsyncGenerator<ChainRow> {
  const { key, keyType } = CHAIN_CONTENT[table];
  let after: [string, string] | null = null;
  for (;;) {
    const where = after ? `AND (chain_seq, ${key}) > ($1::bigint, $2::${keyType})` : '';
    const page: RawRow[] = await db.query<RawRow>(
      `SELECT ${selectList(table)} FROM ${table} WHERE chain_seq IS NOT NULL ${where} ORDER BY chain_seq, ${key} LIMIT ${pageSize}`,
      (after ?? []) as SqlParam[],
    );
    for (const raw of page) yield toChainRow(table, raw);
    if (page.length < pageSize) return;
    const last = page[page.length - 1];
    after = [last.seq!, last.key!];
  }
}

/**
 * Every row of the three tables in chain order (the tables merged by seq), then the rows
 * outside the chain (no chain_seq). Reads a page at a time: memory stays flat.
 */
export async function* readChainRows(db: Queryable, pageSize = 1000): AsyncGenerator<ChainRow> {
  const streams = CHAIN_TABLES.map((table) => tableRows(db, table, pageSize));
  const heads: IteratorResult<ChainRow>[] = [];
  for (const stream of streams) heads.push(await stream.next());
  for (;;) {
    let pick = -1;
    heads.forEach((head, i) => {
      if (!head.done && (pick < 0 || head.value.seq! < (heads[pick].value as ChainRow).seq!)) pick = i;
    });
    if (pick < 0) break;
    yield heads[pick].value as ChainRow;
    heads[pick] = await streams[pick].next();
  }
  for (const table of CHAIN_TABLES) {
    const { key } = CHAIN_CONTENT[table];
    const rows = await db.query<RawRow>(`SELECT ${selectList(table)} FROM ${table} WHERE chain_seq IS NULL ORDER BY ${key}`);
    for (const raw of rows) yield toChainRow(table, raw);
  }
}

/** A stored draw document, byte for byte. */
export interface StoredDocument {
  planId: string;
  text: string;
}

/** The stored draw documents one at a time (each can be tens of megabytes). */
export async function* readDrawDocuments(db: Queryable): AsyncGenerator<StoredDocument> {
  const plans = await db.query<{ plan_id: string }>('SELECT plan_id FROM draws ORDER BY plan_id');
  for (const { plan_id: planId } of plans) {
    const [row] = await db.query<{ document: string }>('SELECT document FROM draws WHERE plan_id = $1', [planId]);
    if (row) yield { planId, text: row.document };
  }
}

/** A task's dispatch bookkeeping: not chained, but each change of it has its audit row. */
export interface TaskState {
  taskKey: string;
  dispatchState: string;
  platformTaskId: string | null;
  attempts: number;
}

export async function* readTaskStates(db: Queryable, pageSize = 5000): AsyncGenerator<TaskState> {
  let after: string | null = null;
  for (;;) {
    const page: { task_key: string; dispatch_state: string; platform_task_id: string | null; attempts: number }[] = await db.query(
      `SELECT task_key, dispatch_state, platform_task_id, attempts FROM plan_tasks
        WHERE $1::text IS NULL OR task_key > $1 ORDER BY task_key LIMIT ${pageSize}`,
      [after],
    );
    for (const row of page) yield { taskKey: row.task_key, dispatchState: row.dispatch_state, platformTaskId: row.platform_task_id, attempts: Number(row.attempts) };
    if (page.length < pageSize) return;
    after = page[page.length - 1].task_key;
  }
}

/** What a verifier reads: from the database, or from an export file (chain-export.ts). */
export interface ChainSource {
  documents(): AsyncIterable<StoredDocument>;
  rows(): AsyncIterable<ChainRow>;
  tasks(): AsyncIterable<TaskState>;
}

/** Reads through `db` as it is; see withChainSnapshot for a consistent read of a live database. */
export function databaseChainSource(db: Queryable): ChainSource {
  return { documents: () => readDrawDocuments(db), rows: () => readChainRows(db), tasks: () => readTaskStates(db) };
}

/** The statement that starts a read of the record (first in its transaction). */
export const SNAPSHOT = 'SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY';

/**
 * Runs `work` over one snapshot of the record, read-only: rows committed while it reads (by this
 * or another replica) are not half seen — a verifier would take them for gaps.
 */
export function withChainSnapshot<T>(db: Database, work: (source: ChainSource) => Promise<T>): Promise<T> {
  return db.transaction(async (tx) => {
    await tx.exec(SNAPSHOT);
    return work(databaseChainSource(tx));
  });
}
