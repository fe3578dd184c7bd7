-- Commit, then draw: the seal of a plan's draw inputs, the units' seed commitments and reveals,
-- and the public record of every seal and draw attempt (failed ones included).

-- plan_seals: what a draw will use, fixed before any seed exists (at most one per plan).
--   candidates: the canonical candidate text (`uscc,class\n` lines, see draw/candidates.ts).
--   matching_inputs: canonical JSON of what matching needs (per unit: required specialties, the
--     inspectors' ids, status, certificate validity, specialties, normalised conflicts, and the
--     previous inspectors of each candidate); no names or phone numbers.
--   seed_rule: {kind: 'commit_reveal', revealBy} or {kind: 'public_source', source, format, availableAfter}.
--   seal_sha256: SHA-256 of the seal text (plans/seal-plan.ts), published with sealed_at.
CREATE TABLE plan_seals (
  plan_id                text PRIMARY KEY REFERENCES joint_plans (id),
  seal_sha256            text NOT NULL CHECK (seal_sha256 ~ '^[0-9a-f]{64}$'),
  candidates             text NOT NULL,
  candidates_sha256      text NOT NULL CHECK (candidates_sha256 ~ '^[0-9a-f]{64}$'),
  matching_inputs        text NOT NULL,
  matching_inputs_sha256 text NOT NULL CHECK (matching_inputs_sha256 ~ '^[0-9a-f]{64}$'),
  population             jsonb NOT NULL,
  seed_rule              jsonb NOT NULL,
  public_value           text,
  public_value_at        timestamptz,
  sealed_at              timestamptz NOT NULL,
  sealed_by              text NOT NULL
);

-- seed_commitments: one per participating unit of a commit–reveal seal.
--   commitment: SHA-256 (hex) of the unit's secret; secret / revealed_at once revealed.
CREATE TABLE seed_commitments (
  plan_id      text NOT NULL REFERENCES plan_seals (plan_id),
  unit_code    text NOT NULL,
  commitment   text NOT NULL CHECK (commitment ~ '^[0-9a-f]{64}$'),
  committed_at timestamptz NOT NULL DEFAULT now(),
  secret       text,
  revealed_at  timestamptz,
  PRIMARY KEY (plan_id, unit_code),
  CHECK ((secret IS NULL) = (revealed_at IS NULL))
);

-- plan_attempts: every seal and draw attempt of a plan, numbered 1, 2, … per plan, with its
-- outcome (ok, or the error code) — public with the plan, so a failed or repeated attempt
-- cannot go unseen.
CREATE TABLE plan_attempts (
  plan_id  text NOT NULL REFERENCES joint_plans (id),
  seq      integer NOT NULL CHECK (seq >= 1),
  kind     text NOT NULL CHECK (kind IN ('seal', 'draw')),
  at       timestamptz NOT NULL DEFAULT now(),
  actor    text NOT NULL,
  outcome  text NOT NULL,
  detail   jsonb NOT NULL DEFAULT '{}'::jsonb,
  PRIMARY KEY (plan_id, seq)
);
