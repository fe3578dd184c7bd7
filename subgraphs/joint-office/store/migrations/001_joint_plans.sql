-- Joint plans (联合抽查计划), their draws and the per-unit tasks a draw produces.

-- joint_plans: one joint inspection plan composed by the office (or by its lead unit).
--   idempotency_key / request_sha256: a compose retried with the same key returns the same plan;
--     the hash of the canonical request tells a retry from a different request under that key.
--   state: the lifecycle draft → drawn → published → dispatched → in_progress → completed.
--   definition: participants, items per unit, scope, ratios, min/max targets, period,
--     inspectors per unit, exclusions (the JointPlanDefinition type in store/types.ts).
--   milestones: when each state was reached, plus facts recorded on the way (e.g. publishedOn).
--   version: optimistic concurrency; every change increments it.
CREATE TABLE joint_plans (
  id              text PRIMARY KEY,
  idempotency_key text NOT NULL UNIQUE,
  request_sha256  text NOT NULL,
  state           text NOT NULL DEFAULT 'draft'
                  CHECK (state IN ('draft', 'drawn', 'published', 'dispatched', 'in_progress', 'completed')),
  year            integer NOT NULL CHECK (year BETWEEN 2000 AND 2100),
  title           text NOT NULL,
  lead_unit       text NOT NULL,
  definition      jsonb NOT NULL,
  milestones      jsonb NOT NULL DEFAULT '{}'::jsonb,
  version         integer NOT NULL DEFAULT 1 CHECK (version >= 1),
  created_at      timestamptz NOT NULL DEFAULT now(),
  updated_at      timestamptz NOT NULL DEFAULT now(),
  created_by      text NOT NULL
);
CREATE INDEX joint_plans_year_state ON joint_plans (year, state);

-- draws: the frozen, re-checkable draw of a plan (at most one per plan).
--   document: the public draw document (ordered candidates with risk classes, hash, seed,
--     ratios, algorithm + version, drawn businesses); nothing personal. Kept as text, byte for
--     byte as published (jsonb would reorder keys, and parsing ~1M candidates into jsonb is slow).
--   document_sha256: hash of that text, so a published file can be matched to the stored one.
--   matching: inspector ids per drawn business and unit (personal side, not published).
CREATE TABLE draws (
  plan_id           text PRIMARY KEY REFERENCES joint_plans (id),
  seed              text NOT NULL,
  candidates_sha256 text NOT NULL CHECK (candidates_sha256 ~ '^[0-9a-f]{64}$'),
  algorithm         text NOT NULL,
  algorithm_version text NOT NULL,
  document          text NOT NULL,
  document_sha256   text NOT NULL CHECK (document_sha256 ~ '^[0-9a-f]{64}$'),
  matching          jsonb NOT NULL,
  drawn_at          timestamptz NOT NULL DEFAULT now(),
  drawn_by          text NOT NULL
);

-- plan_tasks: one drawn business for one unit, to be created on that unit's platform.
--   task_key: deterministic (`${planId}/${unit}/${uscc}`), sent to the platform as the
--     idempotency key so a retried dispatch never creates a task twice.
--   dispatch_state: waiting (never tried), created (platform_task_id known), failed (last try
--     failed; retried later). attempts / last_error: what happened on the way.
CREATE TABLE plan_tasks (
  task_key         text PRIMARY KEY,
  plan_id          text NOT NULL REFERENCES joint_plans (id),
  unit_code        text NOT NULL,
  uscc             text NOT NULL,
  items            jsonb NOT NULL,
  inspector_ids    jsonb NOT NULL,
  planned_on       date NOT NULL,
  platform_task_id text,
  dispatch_state   text NOT NULL DEFAULT 'waiting' CHECK (dispatch_state IN ('waiting', 'created', 'failed')),
  attempts         integer NOT NULL DEFAULT 0 CHECK (attempts >= 0),
  last_error       text,
  updated_at       timestamptz NOT NULL DEFAULT now(),
  UNIQUE (plan_id, unit_code, uscc),
  CHECK ((dispatch_state = 'created') = (platform_task_id IS NOT NULL))
);
CREATE INDEX plan_tasks_dispatch ON plan_tasks (plan_id, dispatch_state, unit_code);
