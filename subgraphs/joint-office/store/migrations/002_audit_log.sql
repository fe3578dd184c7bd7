-- audit_log: every state change of the office's records, written in the same transaction as
-- the change. Append-only: a trigger rejects UPDATE, DELETE and TRUNCATE (SQLSTATE AO001).
--   actor: who (user or service id); action: what (e.g. plan.created, plan.transition);
--   entity / entity_id: which record; before / after: its JSON before and after (null when
--   created / removed).
CREATE TABLE audit_log (
  id        bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  at        timestamptz NOT NULL DEFAULT now(),
  actor     text NOT NULL,
  action    text NOT NULL,
  entity    text NOT NULL,
  entity_id text NOT NULL,
  before    jsonb,
  after     jsonb
);
CREATE INDEX audit_log_entity ON audit_log (entity, entity_id, id);

CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit_log is append-only: % rejected', TG_OP USING ERRCODE = 'AO001';
END
$$;

CREATE TRIGGER audit_log_no_change
  BEFORE UPDATE OR DELETE ON audit_log
  FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();

CREATE TRIGGER audit_log_no_truncate
  BEFORE TRUNCATE ON audit_log
  FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only();
