// The business's voice (migrations/006_business_voice.sql): ratings of visits, kept without the
// rater, read back only as aggregates; and the plans that announce their visits in advance.
import type { Database } from './database';
import { StoreError, StoreErrorCode } from './errors';
import { jsonParam, sha256Hex, toIso } from './sql-util';

export interface NewRating {
  code: string;
  unitCode: string;
  taskId: string;
  inspectorIds: string[];
  score: number;
  comment: string;
  complaint: string | null;
}

export interface RatingGroup {
  /** `unit` or `inspector` */
  key: string;
  unitCode: string;
  count: number;
  scoreSum: number;
  complaints: number;
}

export interface ComplaintRecord {
  unitCode: string;
  text: string;
  ratedOn: string;
}

export class VoiceRepo {
  constructor(private readonly db: Database) {}

  /** Stores a rating; a second one with the same code is refused (ALREADY_RATED is the caller's). */
  async rate(rating: NewRating): Promise<boolean> {
    const rows = await this.db.query<{ code_sha256: string }>(
      `INSERT INTO visit_ratings (code_sha256, unit_code, task_id, inspector_ids, score, comment, complaint)
       VALUES ($1, $2, $3, $4::text::jsonb, $5, $6, $7) ON CONFLICT (code_sha256) DO NOTHING RETURNING code_sha256`,
      [sha256Hex(rating.code), rating.unitCode, rating.taskId, jsonParam(rating.inspectorIds), rating.score, rating.comment, rating.complaint],
    );
    return rows.length === 1;
  }

  async isRated(code: string): Promise<boolean> {
    const rows = await this.db.query(`SELECT 1 FROM visit_ratings WHERE code_sha256 = $1`, [sha256Hex(code)]);
    return rows.length > 0;
  }

  /** Counts and score sums per unit and per inspector (an inspector of a rated visit shares its score). */
  async groups(): Promise<{ units: RatingGroup[]; inspectors: RatingGroup[] }> {
    const units = await this.db.query<{ unit_code: string; count: string; score_sum: string; complaints: string }>(
      `SELECT unit_code, count(*) AS count, sum(score) AS score_sum, count(complaint) AS complaints
       FROM visit_ratings GROUP BY unit_code ORDER BY unit_code`,
    );
    const inspectors = await this.db.query<{ unit_code: string; inspector_id: string; count: string; score_sum: string; complaints: string }>(
      `SELECT unit_code, inspector.value AS inspector_id, count(*) AS count, sum(score) AS score_sum, count(complaint) AS complaints
       FROM visit_ratings, jsonb_array_elements_text(inspector_ids) AS inspector(value)
       GROUP BY unit_code, inspector.value ORDER BY unit_code, inspector.value`,
    );
    const group = (key: string, row: { unit_code: string; count: string; score_sum: string; complaints: string }): RatingGroup => ({
      key,
      unitCode: row.unit_code,
      count: Number(row.count),
      scoreSum: Number(row.score_sum),
      complaints: Number(row.complaints),
    });
    return { units: units.map((row) => group(row.unit_code, row)), inspectors: inspectors.map((row) => group(row.inspector_id, row)) };
  }

  /** Complaint texts of a unit, newest first, with the day only (nothing that names the visit). */
  async complaints(unitCode: string): Promise<ComplaintRecord[]> {
    const rows = await this.db.query<{ unit_code: string; complaint: string; rated_at: Date | string }>(
      `SELECT unit_code, complaint, rated_at FROM visit_ratings WHERE unit_code = $1 AND complaint IS NOT NULL ORDER BY rated_at DESC`,
      [unitCode],
    );
    return rows.map((row) => ({ unitCode: row.unit_code, text: row.complaint, ratedOn: toIso(row.rated_at).slice(0, 10) }));
  }

  async setNotice(planId: string, workingDays: number | null, actor: string): Promise<void> {
    if (workingDays === null) {
      await this.db.query(`DELETE FROM plan_notice WHERE plan_id = $1`, [planId]);
      return;
    }
    if (!Number.isInteger(workingDays) || workingDays < 1 || workingDays > 30) throw new StoreError(StoreErrorCode.BAD_INPUT, 'workingDays must be 1..30');
    await this.db.query(
      `INSERT INTO plan_notice (plan_id, working_days, set_by) VALUES ($1, $2, $3)
       ON CONFLICT (plan_id) DO UPDATE SET working_days = EXCLUDED.working_days, set_by = EXCLUDED.set_by, set_at = now()`,
      [planId, workingDays, actor],
    );
  }

  /** Working days of notice per plan that announces its visits. */
  async notices(): Promise<Map<string, number>> {
    const rows = await this.db.query<{ plan_id: string; working_days: number }>(`SELECT plan_id, working_days FROM plan_notice`);
    return new Map(rows.map((row) => [row.plan_id, Number(row.working_days)]));
  }
}
