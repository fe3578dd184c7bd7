-- Several office replicas share the visit index (issue 14): one replica at a time reads the
-- units' feeds and writes here (under the `visit-index` lease); the others follow what it wrote.
-- seq: the order rows were written in, so a follower reads only the rows after the last it saw.
-- Writers hold the lease, so seq order is commit order.
CREATE SEQUENCE visit_index_seq;
ALTER TABLE visit_index ADD COLUMN seq bigint NOT NULL DEFAULT nextval('visit_index_seq');
CREATE INDEX visit_index_by_seq ON visit_index (seq);

-- remaining: changes still waiting in the unit's feed at the last page written (0: caught up).
ALTER TABLE visit_index_cursors ADD COLUMN remaining integer NOT NULL DEFAULT 0;

-- generation: moves when a unit is read again from the start (its feed cursor expired), so a
-- follower drops the unit's rows it holds instead of keeping tasks that are gone.
CREATE TABLE visit_index_generations (
  unit_code  text PRIMARY KEY,
  generation bigint NOT NULL
);
