-- A tamper-evident record (issue 11): the audit log, the draws and the task assignments form ONE
-- hash chain. Every row carries
--   chain_seq  its place in the chain (1, 2, 3 … across the three tables, no gaps);
--   chain_at   the database clock when it was chained (taken while holding the chain lock, so it
--              never decreases along the chain); audit_log.at and draws.drawn_at are set to it;
--   chain_prev the chain_hash of the row before (64 zeros for the first);
--   chain_hash SHA-256 of "audit-chain/1|seq|prev|chain_at|table" followed by each field of the
--              row's canonical content as "|<UTF-8 byte length>:<text>" ("|~" for NULL).
-- Canonical content (the text PostgreSQL itself prints; times as YYYY-MM-DDTHH:MI:SS.ffffffZ):
--   audit_log  id, at, actor, action, entity, entity_id, before, after
--   draws      plan_id, seed, candidates_sha256, algorithm, algorithm_version, document_sha256,
--              matching, drawn_at, drawn_by (the document through document_sha256)
--   plan_tasks task_key, plan_id, unit_code, uscc, items, inspector_ids, planned_on: the
--              assignment. Its dispatch bookkeeping (state, platform id, attempts) changes and is
--              covered by the task's audit rows instead.
-- The same text is rebuilt in TypeScript by store/chain.ts (verify-audit), which trusts none of
-- the functions below: a table owner can replace them.
--
-- Appending is serialised by a transaction-scoped advisory lock per schema: the first chained
-- insert of a transaction takes it and holds it until COMMIT/ROLLBACK, so office replicas sharing
-- the database append one transaction after another and never fork the chain. The head is then
-- kept in a transaction-local setting (no row updated per insert; reverted with a savepoint).

CREATE FUNCTION audit_chain_ts(t timestamptz) RETURNS text LANGUAGE sql STABLE AS
$$ SELECT to_char(t AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') $$;

-- PL/pgSQL rather than one SQL statement: called once per chained row, it must stay cheap.
CREATE FUNCTION audit_chain_hash(seq bigint, prev text, at timestamptz, tbl text, fields text[]) RETURNS text
LANGUAGE plpgsql STABLE AS $$
DECLARE
  body text := 'audit-chain/1|' || seq || '|' || prev || '|' || audit_chain_ts(at) || '|' || tbl;
  f text;
BEGIN
  FOREACH f IN ARRAY fields LOOP
    body := body || CASE WHEN f IS NULL THEN '|~' ELSE '|' || octet_length(convert_to(f, 'UTF8')) || ':' || f END;
  END LOOP;
  RETURN encode(sha256(convert_to(body, 'UTF8')), 'hex');
END
$$;

ALTER TABLE audit_log ADD COLUMN chain_seq bigint, ADD COLUMN chain_at timestamptz, ADD COLUMN chain_prev text, ADD COLUMN chain_hash text;
ALTER TABLE draws ADD COLUMN chain_seq bigint, ADD COLUMN chain_at timestamptz, ADD COLUMN chain_prev text, ADD COLUMN chain_hash text;
ALTER TABLE plan_tasks ADD COLUMN chain_seq bigint, ADD COLUMN chain_at timestamptz, ADD COLUMN chain_prev text, ADD COLUMN chain_hash text;

CREATE FUNCTION audit_chain_fields(r audit_log) RETURNS text[] LANGUAGE sql STABLE AS
$$ SELECT ARRAY[r.id::text, audit_chain_ts(r.at), r.actor, r.action, r.entity, r.entity_id, r.before::text, r.after::text] $$;
CREATE FUNCTION audit_chain_fields(r draws) RETURNS text[] LANGUAGE sql STABLE AS
$$ SELECT ARRAY[r.plan_id, r.seed, r.candidates_sha256, r.algorithm, r.algorithm_version, r.document_sha256, r.matching::text, audit_chain_ts(r.drawn_at), r.drawn_by] $$;
CREATE FUNCTION audit_chain_fields(r plan_tasks) RETURNS text[] LANGUAGE sql STABLE AS
$$ SELECT ARRAY[r.task_key, r.plan_id, r.unit_code, r.uscc, r.items::text, r.inspector_ids::text, to_char(r.planned_on, 'YYYY-MM-DD')] $$;

-- The head (last seq and hash), taking the chain lock first; cached for the rest of the transaction.
CREATE FUNCTION audit_chain_head(OUT head_seq bigint, OUT head_sha256 text) LANGUAGE plpgsql AS $$
DECLARE
  cached text := current_setting('joint_office.audit_chain_head', true);
BEGIN
  IF cached IS NOT NULL AND cached <> '' THEN
    head_seq := split_part(cached, ':', 1)::bigint;
    head_sha256 := split_part(cached, ':', 2);
    RETURN;
  END IF;
  PERFORM pg_advisory_xact_lock(hashtextextended(current_schema() || '/audit-chain', 0));
  -- A statement after the lock: its snapshot sees every row the previous holder committed.
  SELECT h.chain_seq, h.chain_hash INTO head_seq, head_sha256 FROM (
      (SELECT chain_seq, chain_hash FROM audit_log WHERE chain_seq IS NOT NULL ORDER BY chain_seq DESC LIMIT 1)
      UNION ALL (SELECT chain_seq, chain_hash FROM draws WHERE chain_seq IS NOT NULL ORDER BY chain_seq DESC LIMIT 1)
      UNION ALL (SELECT chain_seq, chain_hash FROM plan_tasks WHERE chain_seq IS NOT NULL ORDER BY chain_seq DESC LIMIT 1)
    ) h ORDER BY h.chain_seq DESC LIMIT 1;
  IF head_seq IS NULL THEN
    head_seq := 0;
    head_sha256 := repeat('0', 64);
  END IF;
  PERFORM set_config('joint_office.audit_chain_head', head_seq || ':' || head_sha256, true);
END
$$;

CREATE FUNCTION audit_chain_append() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  head text := current_setting('joint_office.audit_chain_head', true);
  chained_at timestamptz;
BEGIN
  IF head IS NULL OR head = '' THEN
    PERFORM audit_chain_head();
    head := current_setting('joint_office.audit_chain_head');
  END IF;
  chained_at := clock_timestamp();
  -- A row's own time is the time it entered the chain: nobody can insert one back-dated.
  IF TG_TABLE_NAME = 'audit_log' THEN
    NEW.at := chained_at;
  ELSIF TG_TABLE_NAME = 'draws' THEN
    NEW.drawn_at := chained_at;
  END IF;
  NEW.chain_seq := split_part(head, ':', 1)::bigint + 1;
  NEW.chain_at := chained_at;
  NEW.chain_prev := split_part(head, ':', 2);
  -- audit_chain_fields(NEW) resolves per table (PL/pgSQL plans a trigger function per table).
  NEW.chain_hash := audit_chain_hash(NEW.chain_seq, NEW.chain_prev, chained_at, TG_TABLE_NAME, audit_chain_fields(NEW));
  PERFORM set_config('joint_office.audit_chain_head', NEW.chain_seq || ':' || NEW.chain_hash, true);
  RETURN NEW;
END
$$;

-- Rows from before this migration are chained here, in one go, in a fixed order: the audit log by
-- id, then the draws by (drawn_at, plan_id), then the tasks by task_key; chain_at is the time of
-- this migration for all of them. The chain vouches for them from now on, not for their past.
ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_change;
DO $$
DECLARE
  r record;
  seq bigint := 0;
  prev text := repeat('0', 64);
  chained_at timestamptz := now();
  hash text;
BEGIN
  FOR r IN SELECT 'audit_log' AS tbl, id::text AS key, audit_chain_fields(a) AS fields FROM audit_log a ORDER BY id LOOP
    seq := seq + 1;
    hash := audit_chain_hash(seq, prev, chained_at, r.tbl, r.fields);
    UPDATE audit_log SET chain_seq = seq, chain_at = chained_at, chain_prev = prev, chain_hash = hash WHERE id = r.key::bigint;
    prev := hash;
  END LOOP;
  FOR r IN SELECT 'draws' AS tbl, plan_id AS key, audit_chain_fields(d) AS fields FROM draws d ORDER BY drawn_at, plan_id LOOP
    seq := seq + 1;
    hash := audit_chain_hash(seq, prev, chained_at, r.tbl, r.fields);
    UPDATE draws SET chain_seq = seq, chain_at = chained_at, chain_prev = prev, chain_hash = hash WHERE plan_id = r.key;
    prev := hash;
  END LOOP;
  FOR r IN SELECT 'plan_tasks' AS tbl, task_key AS key, audit_chain_fields(t) AS fields FROM plan_tasks t ORDER BY task_key LOOP
    seq := seq + 1;
    hash := audit_chain_hash(seq, prev, chained_at, r.tbl, r.fields);
    UPDATE plan_tasks SET chain_seq = seq, chain_at = chained_at, chain_prev = prev, chain_hash = hash WHERE task_key = r.key;
    prev := hash;
  END LOOP;
END
$$;
ALTER TABLE audit_log ENABLE TRIGGER audit_log_no_change;

ALTER TABLE audit_log ALTER COLUMN chain_seq SET NOT NULL, ALTER COLUMN chain_at SET NOT NULL,
  ALTER COLUMN chain_prev SET NOT NULL, ALTER COLUMN chain_hash SET NOT NULL, ADD UNIQUE (chain_seq);
ALTER TABLE draws ALTER COLUMN chain_seq SET NOT NULL, ALTER COLUMN chain_at SET NOT NULL,
  ALTER COLUMN chain_prev SET NOT NULL, ALTER COLUMN chain_hash SET NOT NULL, ADD UNIQUE (chain_seq);
ALTER TABLE plan_tasks ALTER COLUMN chain_seq SET NOT NULL, ALTER COLUMN chain_at SET NOT NULL,
  ALTER COLUMN chain_prev SET NOT NULL, ALTER COLUMN chain_hash SET NOT NULL, ADD UNIQUE (chain_seq);

CREATE TRIGGER audit_log_chain BEFORE INSERT ON audit_log FOR EACH ROW EXECUTE FUNCTION audit_chain_append();
CREATE TRIGGER draws_chain BEFORE INSERT ON draws FOR EACH ROW EXECUTE FUNCTION audit_chain_append();
CREATE TRIGGER plan_tasks_chain BEFORE INSERT ON plan_tasks FOR EACH ROW EXECUTE FUNCTION audit_chain_append();

-- Chained rows are fixed (SQLSTATE AO001, as for the audit log): a draw never changes; a task's
-- dispatch bookkeeping may, its assignment and chain columns may not. The chain is what catches
-- an owner who disables these triggers.
CREATE FUNCTION audit_chain_fixed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  -- Nested: the column list is planned only for plan_tasks (draws has no task_key).
  IF TG_TABLE_NAME = 'plan_tasks' AND TG_OP = 'UPDATE' THEN
    IF (NEW.task_key, NEW.plan_id, NEW.unit_code, NEW.uscc, NEW.items, NEW.inspector_ids, NEW.planned_on,
        NEW.chain_seq, NEW.chain_at, NEW.chain_prev, NEW.chain_hash)
       IS NOT DISTINCT FROM
       (OLD.task_key, OLD.plan_id, OLD.unit_code, OLD.uscc, OLD.items, OLD.inspector_ids, OLD.planned_on,
        OLD.chain_seq, OLD.chain_at, OLD.chain_prev, OLD.chain_hash) THEN
      RETURN NEW;
    END IF;
  END IF;
  RAISE EXCEPTION '% on % rejected: chained rows are fixed', TG_OP, TG_TABLE_NAME USING ERRCODE = 'AO001';
END
$$;
CREATE TRIGGER draws_fixed BEFORE UPDATE OR DELETE ON draws FOR EACH ROW EXECUTE FUNCTION audit_chain_fixed();
CREATE TRIGGER draws_no_truncate BEFORE TRUNCATE ON draws FOR EACH STATEMENT EXECUTE FUNCTION audit_chain_fixed();
CREATE TRIGGER plan_tasks_fixed BEFORE UPDATE OR DELETE ON plan_tasks FOR EACH ROW EXECUTE FUNCTION audit_chain_fixed();
CREATE TRIGGER plan_tasks_no_truncate BEFORE TRUNCATE ON plan_tasks FOR EACH STATEMENT EXECUTE FUNCTION audit_chain_fixed();

-- The first row chained live marks where the chain began (rows before it were chained above);
-- verify-audit applies its time checks from here on.
INSERT INTO audit_log (actor, action, entity, entity_id, before, after)
SELECT 'migration:012', 'chain.started', 'audit_chain', 'audit_chain', NULL,
       jsonb_build_object('rowsChainedByMigration', (SELECT count(*) FROM audit_log) + (SELECT count(*) FROM draws) + (SELECT count(*) FROM plan_tasks));
