-- The cross-unit item catalogue and the merges of duplicate visits (issue 4).

-- item_catalogue: one entry says that items of different units are the same check.
--   entries: [{unitCode, itemCode}, …]; entries_key: the same, canonical (sorted
--     `unit:item|…`), unique so proposing a set twice gives one entry.
--   status: proposed (from legal basis and content) → confirmed or rejected by the office.
--   basis: why the items are the same check (shared legal basis, content).
CREATE TABLE item_catalogue (
  id          text PRIMARY KEY,
  entries     jsonb NOT NULL,
  entries_key text NOT NULL UNIQUE,
  status      text NOT NULL DEFAULT 'proposed' CHECK (status IN ('proposed', 'confirmed', 'rejected')),
  basis       text NOT NULL,
  version     integer NOT NULL DEFAULT 1,
  created_at  timestamptz NOT NULL DEFAULT now(),
  created_by  text NOT NULL,
  decided_at  timestamptz,
  decided_by  text
);

-- merges: a group of duplicate visits turned into one joint visit.
--   group_key: the finding's stable key; unique so a merge is done once.
--   state: pending (platform steps under way) → applied (every unit's step done).
--   units / items: units involved and the union of their items, duplicates removed.
--   inspectors: inspector ids per unit for the joint visit.
--   original_task_ids: the tasks replaced, per unit ({unit: [taskId…]}).
--   steps: per unit {cancelled: bool, createdTaskId?: string}, so a merge interrupted by a
--     platform outage resumes where it stopped.
CREATE TABLE merges (
  id                text PRIMARY KEY,
  group_key         text NOT NULL UNIQUE,
  state             text NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'applied')),
  uscc              text NOT NULL,
  joint_date        date NOT NULL,
  units             jsonb NOT NULL,
  items             jsonb NOT NULL,
  inspectors        jsonb NOT NULL DEFAULT '{}'::jsonb,
  original_task_ids jsonb NOT NULL,
  steps             jsonb NOT NULL DEFAULT '{}'::jsonb,
  version           integer NOT NULL DEFAULT 1,
  created_at        timestamptz NOT NULL DEFAULT now(),
  created_by        text NOT NULL,
  applied_at        timestamptz
);
CREATE INDEX merges_state ON merges (state);
