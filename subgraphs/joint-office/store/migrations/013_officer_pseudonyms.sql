-- Pseudonymous officers in the published matching (draw/pseudonyms.ts, draw/README.md §7).

-- plan_pseudonym_keys: each plan's secret HMAC-SHA256 key (256 random bits, hex). Created at the
--   seal (whose frozen matching inputs carry its SHA-256, so it cannot change after the seal) or at
--   the first draw of an unsealed plan; never changed. It stays with the office: without it a
--   pseudonym says nothing about the officer, and two plans' pseudonyms cannot be linked.
CREATE TABLE plan_pseudonym_keys (
  plan_id    text PRIMARY KEY REFERENCES joint_plans (id),
  secret     text NOT NULL CHECK (secret ~ '^[0-9a-f]{64}$'),
  created_at timestamptz NOT NULL DEFAULT now()
);

-- officer_pseudonyms: the officer behind each pseudonym of a draw's matching section, per unit
--   (every qualified officer the section lists), written in the draw's transaction. Read by the
--   office (every unit) and by a participating unit (its own officers) only.
CREATE TABLE officer_pseudonyms (
  plan_id    text NOT NULL REFERENCES draws (plan_id),
  unit_code  text NOT NULL,
  pseudonym  text NOT NULL CHECK (pseudonym ~ '^[0-9a-f]{16}$'),
  officer_id text NOT NULL,
  PRIMARY KEY (plan_id, unit_code, pseudonym),
  UNIQUE (plan_id, unit_code, officer_id)
);
