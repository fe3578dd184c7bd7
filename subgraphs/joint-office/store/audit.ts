// The append-only audit log: who changed what, when, with the record before and after.
// writeAudit must be called with the transaction that makes the change, so the change and its
// audit row commit (or roll back) together. Each row is hash-chained as it is inserted (migration
// 012): the first chained row of a transaction takes the chain lock until COMMIT, so write audit
// rows after the transaction's row locks, never before one (that could deadlock).
import type { Database } from './database';
import { jsonParam, toIso } from './sql-util';
import type { AuditEntry } from './types';

export interface AuditInput {
  actor: string;
  action: string;
  entity: string;
  entityId: string;
  before: unknown;
  after: unknown;
}

export async function writeAudit(tx: Database, entry: AuditInput): Promise<void> {
  await tx.query(
    `INSERT INTO audit_log (actor, action, entity, entity_id, before, after)
     VALUES ($1, $2, $3, $4, $5::text::jsonb, $6::text::jsonb)`,
    [entry.actor, entry.action, entry.entity, entry.entityId, jsonParam(entry.before), jsonParam(entry.after)],
  );
}

interface AuditRow {
  id: number | string;
  at: Date | string;
  actor: string;
  action: string;
  entity: string;
  entity_id: string;
  before: unknown;
  after: unknown;
}

function toEntry(row: AuditRow): AuditEntry {
  return {
    id: Number(row.id),
    at: toIso(row.at),
    actor: row.actor,
    action: row.action,
    entity: row.entity,
    entityId: row.entity_id,
    before: row.before,
    after: row.after,
  };
}

/** Every audit row of one record, oldest first. */
export async function auditTrail(db: Database, entity: string, entityId: string): Promise<AuditEntry[]> {
  const rows = await db.query<AuditRow>(
    'SELECT * FROM audit_log WHERE entity = $1 AND entity_id = $2 ORDER BY id',
    [entity, entityId],
  );
  return rows.map(toEntry);
}

/** The latest audit rows, newest first (for the office's activity view). */
export async function recentAudit(db: Database, limit = 50, entity?: string): Promise<AuditEntry[]> {
  const rows = await db.query<AuditRow>(
    `SELECT * FROM audit_log WHERE ($1::text IS NULL OR entity = $1) ORDER BY id DESC LIMIT $2`,
    [entity ?? null, Math.max(1, Math.min(limit, 1000))],
  );
  return rows.map(toEntry);
}

const likePrefix = (text: string) => `${text.replace(/[\\%_]/g, (c) => `\\${c}`)}/%`;

/** The audit trail of one joint plan: the plan's rows, its draw's, its seal's and attempts', and its tasks' (keys `<planId>/…`), oldest first. */
export async function planAuditTrail(db: Database, planId: string): Promise<AuditEntry[]> {
  const rows = await db.query<AuditRow>(
    `SELECT * FROM audit_log
      WHERE (entity IN ('plan', 'draw', 'seal', 'attempt') AND entity_id = $1) OR (entity = 'task' AND entity_id LIKE $2)
      ORDER BY id`,
    [planId, likePrefix(planId)],
  );
  return rows.map(toEntry);
}
