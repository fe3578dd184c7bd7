// The audit trail of one joint plan in one query: the plan's rows, its draw's, and those of its
// tasks (task keys start with `<planId>/`), oldest first.
import type { AuditEntry, OfficeStore } from '../store';
import { toIso } from '../store/sql-util';

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

const likePrefix = (text: string) => `${text.replace(/[\\%_]/g, (c) => `\\${c}`)}/%`;

export async function planAuditTrail(store: OfficeStore, planId: string): Promise<AuditEntry[]> {
  const rows = await store.db.query<AuditRow>(
    `SELECT * FROM audit_log
      WHERE (entity IN ('plan', 'draw') AND entity_id = $1) OR (entity = 'task' AND entity_id LIKE $2)
      ORDER BY id`,
    [planId, likePrefix(planId)],
  );
  return rows.map((row) => ({
    id: Number(row.id),
    at: toIso(row.at),
    actor: row.actor,
    action: row.action,
    entity: row.entity,
    entityId: row.entity_id,
    before: row.before,
    after: row.after,
  }));
}
