-- The office's cross-unit visit index (issue 8): who visited which business when, with which
-- items, in which plan or joint group. Kept from the units' change feeds (Department.changes),
-- so a restart resumes from the stored cursors instead of reading every unit's year again.

-- visit_index: one row per task of a member unit, in its latest known state.
CREATE TABLE visit_index (
  unit_code      text NOT NULL,
  task_id        text NOT NULL,
  plan_id        text NOT NULL,
  uscc           text NOT NULL,
  planned_on     text NOT NULL,
  status         text NOT NULL,
  item_codes     jsonb NOT NULL,
  inspector_ids  jsonb NOT NULL,
  joint_group_id text,
  PRIMARY KEY (unit_code, task_id)
);

-- visit_index_cursors: where the office's reading of each unit's feed stands (the cursor is the
-- platform's own, opaque); written in the same transaction as the rows it covers.
CREATE TABLE visit_index_cursors (
  unit_code  text PRIMARY KEY,
  cursor     text NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now()
);
