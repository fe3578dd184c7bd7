-- The business's voice (issue 12): ratings and complaints of visits, and which joint plans
-- announce their visits in advance.

-- visit_ratings: one per visit (task) rated with its inspection code. The code itself is not
-- kept (its hash makes a second rating with it ALREADY_RATED); who rated is never stored. The
-- office reads only aggregates per unit and per inspector, over groups of a minimum size.
CREATE TABLE visit_ratings (
  code_sha256   text PRIMARY KEY,
  unit_code     text NOT NULL,
  task_id       text NOT NULL,
  inspector_ids jsonb NOT NULL,
  score         integer NOT NULL CHECK (score BETWEEN 1 AND 5),
  comment       text NOT NULL DEFAULT '',
  complaint     text,
  rated_at      timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX visit_ratings_unit ON visit_ratings (unit_code);

-- plan_notice: a joint plan whose businesses are told of their visit N working days before
-- (检查预告). Plans without a row are unannounced, as random inspections are by default.
CREATE TABLE plan_notice (
  plan_id       text PRIMARY KEY,
  working_days  integer NOT NULL CHECK (working_days BETWEEN 1 AND 30),
  set_by        text NOT NULL,
  set_at        timestamptz NOT NULL DEFAULT now()
);
