-- A plan can be withdrawn when a new plan replaces it (same lead, units, items and scope with an
-- overlapping period: a duplicate is refused unless it names the plan it replaces). The reason and
-- the replacing plan are kept in milestones (withdrawnReason, replacedBy); a withdrawn plan that
-- was drawn stays public, so a re-draw cannot hide the first draw.
ALTER TABLE joint_plans DROP CONSTRAINT joint_plans_state_check;
ALTER TABLE joint_plans ADD CONSTRAINT joint_plans_state_check
  CHECK (state IN ('draft', 'drawn', 'published', 'dispatched', 'in_progress', 'completed', 'withdrawn'));
CREATE INDEX joint_plans_lead_state ON joint_plans (lead_unit, state);
