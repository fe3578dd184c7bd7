// The office's side of the pseudonymous matching (migration 013): each plan's secret key, and
// who is behind each pseudonym of a draw. Never published; the graph resolves pseudonyms for the
// office and for a unit's own officers only (plans/graph-pseudonyms.ts).
import { randomBytes } from 'node:crypto';
import { writeAudit } from './audit';
import type { Database } from './database';
import { chunks, jsonParam, sha256Hex } from './sql-util';

export interface OfficerPseudonym {
  unitCode: string;
  pseudonym: string;
  officerId: string;
}

// Rows per INSERT, as for tasks: one statement's JSON payload stays small.
const ROWS_PER_STATEMENT = 2000;

/** Stores who is behind each pseudonym of a draw; call with the transaction that saves the draw. */
export async function insertOfficerPseudonyms(tx: Database, planId: string, rows: readonly OfficerPseudonym[]): Promise<void> {
  for (const batch of chunks(rows, ROWS_PER_STATEMENT)) {
    const payload = batch.map((r) => ({ unit_code: r.unitCode, pseudonym: r.pseudonym, officer_id: r.officerId }));
    await tx.query(
      `INSERT INTO officer_pseudonyms (plan_id, unit_code, pseudonym, officer_id)
       SELECT $1, t.unit_code, t.pseudonym, t.officer_id
         FROM jsonb_to_recordset($2::text::jsonb) AS t(unit_code text, pseudonym text, officer_id text)`,
      [planId, jsonParam(payload)],
    );
  }
}

export class PseudonymsRepo {
  constructor(private readonly db: Database) {}

  /**
   * The plan's pseudonym key, created (256 random bits) on first use and never changed after.
   * The audit row names its SHA-256, never the key.
   */
  async keyFor(planId: string, actor: string): Promise<string> {
    return this.db.transaction(async (tx) => {
      const created = await tx.query<{ secret: string }>(
        `INSERT INTO plan_pseudonym_keys (plan_id, secret) VALUES ($1, $2) ON CONFLICT (plan_id) DO NOTHING RETURNING secret`,
        [planId, randomBytes(32).toString('hex')],
      );
      if (created[0]) {
        await writeAudit(tx, { actor, action: 'pseudonym_key.created', entity: 'draw', entityId: planId, before: null, after: { keySha256: sha256Hex(created[0].secret) } });
        return created[0].secret;
      }
      const [row] = await tx.query<{ secret: string }>('SELECT secret FROM plan_pseudonym_keys WHERE plan_id = $1', [planId]);
      return row.secret;
    });
  }

  /** Who is behind the pseudonyms of a draw, for the given units (all their pseudonyms, or the ones listed). */
  async officers(planId: string, unitCodes: readonly string[], pseudonyms?: readonly string[]): Promise<OfficerPseudonym[]> {
    const rows = await this.db.query<{ unit_code: string; pseudonym: string; officer_id: string }>(
      `SELECT unit_code, pseudonym, officer_id FROM officer_pseudonyms
        WHERE plan_id = $1 AND unit_code IN (SELECT jsonb_array_elements_text($2::text::jsonb))
          AND ($3::text IS NULL OR pseudonym IN (SELECT jsonb_array_elements_text($3::text::jsonb)))
        ORDER BY unit_code, pseudonym`,
      [planId, jsonParam(unitCodes), pseudonyms ? jsonParam(pseudonyms) : null],
    );
    return rows.map((r) => ({ unitCode: r.unit_code, pseudonym: r.pseudonym, officerId: r.officer_id }));
  }
}
