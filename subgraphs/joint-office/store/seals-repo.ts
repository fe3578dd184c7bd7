// Seals, seed commitments and the public attempt record of plans (migration 005). Each change
// writes its audit row in the same transaction.
import { writeAudit } from './audit';
import type { Database } from './database';
import { isUniqueViolation, StoreError, StoreErrorCode } from './errors';
import { jsonParam, toIso, toIsoOrNull } from './sql-util';

export type SeedRule =
  | { kind: 'commit_reveal'; revealBy: string }
  | { kind: 'public_source'; source: string; format: string; availableAfter: string };

export interface SealInput {
  sealSha256: string;
  candidates: string;
  candidatesSha256: string;
  matchingInputs: string;
  matchingInputsSha256: string;
  population: unknown;
  seedRule: SeedRule;
  sealedAt: string;
}

export interface SealRecord extends Omit<SealInput, 'candidates' | 'matchingInputs'> {
  planId: string;
  sealedBy: string;
  publicValue: string | null;
  publicValueAt: string | null;
}

export interface CommitmentRecord {
  unitCode: string;
  commitment: string;
  committedAt: string;
  secret: string | null;
  revealedAt: string | null;
}

export interface AttemptRecord {
  seq: number;
  kind: 'seal' | 'draw';
  at: string;
  actor: string;
  /** `ok`, or the error code of the failure. */
  outcome: string;
  detail: Record<string, unknown>;
}

const SEAL_COLUMNS = `plan_id, seal_sha256, candidates_sha256, matching_inputs_sha256, population, seed_rule,
  public_value, public_value_at, sealed_at, sealed_by`;

interface SealRow {
  plan_id: string;
  seal_sha256: string;
  candidates_sha256: string;
  matching_inputs_sha256: string;
  population: unknown;
  seed_rule: SeedRule;
  public_value: string | null;
  public_value_at: Date | string | null;
  sealed_at: Date | string;
  sealed_by: string;
}

function toSeal(row: SealRow): SealRecord {
  return {
    planId: row.plan_id,
    sealSha256: row.seal_sha256,
    candidatesSha256: row.candidates_sha256,
    matchingInputsSha256: row.matching_inputs_sha256,
    population: row.population,
    seedRule: row.seed_rule,
    publicValue: row.public_value,
    publicValueAt: toIsoOrNull(row.public_value_at),
    sealedAt: toIso(row.sealed_at),
    sealedBy: row.sealed_by,
  };
}

export class SealsRepo {
  constructor(private readonly db: Database) {}

  /** Stores the seal of a draft plan; INVALID_STATE when it is sealed already or not a draft. */
  async saveSeal(planId: string, seal: SealInput, actor: string): Promise<SealRecord> {
    return this.db.transaction(async (tx) => {
      const [plan] = await tx.query<{ state: string }>('SELECT state FROM joint_plans WHERE id = $1 FOR UPDATE', [planId]);
      if (!plan) throw new StoreError(StoreErrorCode.NOT_FOUND, `no joint plan ${planId}`, { planId });
      if (plan.state !== 'draft') throw new StoreError(StoreErrorCode.INVALID_STATE, `plan ${planId} is ${plan.state}; only a draft can be sealed`, { planId, state: plan.state });
      let rows: SealRow[];
      try {
        rows = await tx.query<SealRow>(
          `INSERT INTO plan_seals (plan_id, seal_sha256, candidates, candidates_sha256, matching_inputs, matching_inputs_sha256, population, seed_rule, sealed_at, sealed_by)
           VALUES ($1, $2, $3, $4, $5, $6, $7::text::jsonb, $8::text::jsonb, $9, $10) RETURNING ${SEAL_COLUMNS}`,
          [planId, seal.sealSha256, seal.candidates, seal.candidatesSha256, seal.matchingInputs, seal.matchingInputsSha256,
            jsonParam(seal.population), jsonParam(seal.seedRule), seal.sealedAt, actor],
        );
      } catch (error) {
        if (isUniqueViolation(error)) throw new StoreError(StoreErrorCode.INVALID_STATE, `plan ${planId} is sealed already`, { planId, state: 'sealed' });
        throw error;
      }
      const saved = toSeal(rows[0]);
      await writeAudit(tx, { actor, action: 'seal.saved', entity: 'seal', entityId: planId, before: null, after: saved });
      return saved;
    });
  }

  async getSeal(planId: string): Promise<SealRecord | null> {
    const rows = await this.db.query<SealRow>(`SELECT ${SEAL_COLUMNS} FROM plan_seals WHERE plan_id = $1`, [planId]);
    return rows[0] ? toSeal(rows[0]) : null;
  }

  /** The frozen inputs themselves (large). */
  async getSealedInputs(planId: string): Promise<{ candidates: string; matchingInputs: string } | null> {
    const rows = await this.db.query<{ candidates: string; matching_inputs: string }>('SELECT candidates, matching_inputs FROM plan_seals WHERE plan_id = $1', [planId]);
    return rows[0] ? { candidates: rows[0].candidates, matchingInputs: rows[0].matching_inputs } : null;
  }

  /** A unit's commitment; INVALID_STATE when it committed already (a commitment never changes). */
  async commit(planId: string, unitCode: string, commitment: string, actor: string): Promise<CommitmentRecord> {
    return this.db.transaction(async (tx) => {
      let rows: CommitmentRow[];
      try {
        rows = await tx.query<CommitmentRow>(
          `INSERT INTO seed_commitments (plan_id, unit_code, commitment) VALUES ($1, $2, $3) RETURNING *`,
          [planId, unitCode, commitment],
        );
      } catch (error) {
        if (isUniqueViolation(error)) throw new StoreError(StoreErrorCode.INVALID_STATE, `unit ${unitCode} committed already for plan ${planId}`, { planId, unitCode });
        throw error;
      }
      const saved = toCommitment(rows[0]);
      await writeAudit(tx, { actor, action: 'seed.committed', entity: 'seal', entityId: planId, before: null, after: saved });
      return saved;
    });
  }

  /** Records a unit's revealed secret (checked by the caller against its commitment). */
  async reveal(planId: string, unitCode: string, secret: string, actor: string): Promise<CommitmentRecord> {
    return this.db.transaction(async (tx) => {
      const rows = await tx.query<CommitmentRow>(
        `UPDATE seed_commitments SET secret = $3, revealed_at = now()
          WHERE plan_id = $1 AND unit_code = $2 AND secret IS NULL RETURNING *`,
        [planId, unitCode, secret],
      );
      if (!rows[0]) throw new StoreError(StoreErrorCode.INVALID_STATE, `unit ${unitCode} revealed already or never committed for plan ${planId}`, { planId, unitCode });
      const saved = toCommitment(rows[0]);
      await writeAudit(tx, { actor, action: 'seed.revealed', entity: 'seal', entityId: planId, before: null, after: saved });
      return saved;
    });
  }

  async commitments(planId: string): Promise<CommitmentRecord[]> {
    const rows = await this.db.query<CommitmentRow>('SELECT * FROM seed_commitments WHERE plan_id = $1 ORDER BY unit_code', [planId]);
    return rows.map(toCommitment);
  }

  /** Records the value of the public source once (INVALID_STATE when one is recorded already). */
  async setPublicValue(planId: string, value: string, actor: string): Promise<SealRecord> {
    return this.db.transaction(async (tx) => {
      const rows = await tx.query<SealRow>(
        `UPDATE plan_seals SET public_value = $2, public_value_at = now() WHERE plan_id = $1 AND public_value IS NULL RETURNING ${SEAL_COLUMNS}`,
        [planId, value],
      );
      if (!rows[0]) throw new StoreError(StoreErrorCode.INVALID_STATE, `the public value of plan ${planId} is recorded already`, { planId });
      const saved = toSeal(rows[0]);
      await writeAudit(tx, { actor, action: 'seed.public_value', entity: 'seal', entityId: planId, before: null, after: { value, at: saved.publicValueAt } });
      return saved;
    });
  }

  /** Appends an attempt with the next sequence number of the plan (its own transaction). */
  async recordAttempt(planId: string, kind: AttemptRecord['kind'], actor: string, outcome: string, detail: Record<string, unknown> = {}): Promise<AttemptRecord> {
    return this.db.transaction(async (tx) => {
      // The plan row's lock serialises numbering between concurrent attempts.
      await tx.query('SELECT 1 FROM joint_plans WHERE id = $1 FOR UPDATE', [planId]);
      const rows = await tx.query<AttemptRow>(
        `INSERT INTO plan_attempts (plan_id, seq, kind, actor, outcome, detail)
         SELECT $1, COALESCE(MAX(seq), 0) + 1, $2, $3, $4, $5::text::jsonb FROM plan_attempts WHERE plan_id = $1
         RETURNING *`,
        [planId, kind, actor, outcome, jsonParam(detail)],
      );
      const saved = toAttempt(rows[0]);
      await writeAudit(tx, { actor, action: `attempt.${kind}`, entity: 'attempt', entityId: planId, before: null, after: saved });
      return saved;
    });
  }

  async attempts(planId: string): Promise<AttemptRecord[]> {
    const rows = await this.db.query<AttemptRow>('SELECT * FROM plan_attempts WHERE plan_id = $1 ORDER BY seq', [planId]);
    return rows.map(toAttempt);
  }
}

interface CommitmentRow {
  unit_code: string;
  commitment: string;
  committed_at: Date | string;
  secret: string | null;
  revealed_at: Date | string | null;
}

function toCommitment(row: CommitmentRow): CommitmentRecord {
  return { unitCode: row.unit_code, commitment: row.commitment, committedAt: toIso(row.committed_at), secret: row.secret, revealedAt: toIsoOrNull(row.revealed_at) };
}

interface AttemptRow {
  seq: number;
  kind: AttemptRecord['kind'];
  at: Date | string;
  actor: string;
  outcome: string;
  detail: Record<string, unknown>;
}

function toAttempt(row: AttemptRow): AttemptRecord {
  return { seq: Number(row.seq), kind: row.kind, at: toIso(row.at), actor: row.actor, outcome: row.outcome, detail: row.detail };
}
