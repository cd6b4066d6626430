-- The tactical picture's record: every assessment tactical folded that changed the picture, contact snapshots, and
-- the crew's classifications and combat actions (who, what, why, when). Written with persistence.enabled.
-- threat_assessments and contact_snapshots are written by tactical's PictureRecorder; classifications and combat_actions
-- are created here, ready for the REST commands that write them.

-- One row per folded assessment. id is chosen by the writer, so a batch retried after an answer that never came
-- stores each row once (ON CONFLICT DO NOTHING).
CREATE TABLE threat_assessments (
  id               uuid        PRIMARY KEY,
  contact_id       text        NOT NULL,
  threat_level     text        NOT NULL,              -- ThreatLevel name, e.g. Hostile
  confidence       double precision NOT NULL,         -- 0..1
  uncertainty      double precision,                  -- 0..1, null when the scorer does not measure it
  action           text        NOT NULL,              -- RecommendedAction name
  time_to_threat_ms bigint,                           -- null when it cannot be estimated
  evidence         jsonb       NOT NULL,              -- array of sentences
  models           text[]      NOT NULL,              -- model versions (or rules-1) that made it
  degraded         boolean     NOT NULL,
  degraded_reason  text,                              -- null unless degraded
  assessed_at      timestamptz NOT NULL,              -- when inference made it
  recorded_at      timestamptz NOT NULL,              -- when tactical folded it into the picture
  tactical_node    text        NOT NULL               -- node.id of the tactical node that folded it
);
CREATE INDEX threat_assessments_by_contact ON threat_assessments (contact_id, assessed_at);

-- A contact as the picture held it at snapshot_at (the ContactSummary JSON).
CREATE TABLE contact_snapshots (
  contact_id  text        NOT NULL,
  snapshot_at timestamptz NOT NULL,
  summary     jsonb       NOT NULL,
  PRIMARY KEY (contact_id, snapshot_at)
);

-- An operator's classification of a contact: who, what, why, when.
CREATE TABLE classifications (
  id             uuid        PRIMARY KEY,
  contact_id     text        NOT NULL,
  classification text        NOT NULL,              -- what the operator says the contact is
  operator       text        NOT NULL,              -- who
  reason         text        NOT NULL,              -- why
  classified_at  timestamptz NOT NULL               -- when
);
CREATE INDEX classifications_by_contact ON classifications (contact_id, classified_at);

-- A combat action ordered against a contact: who, what, why, when.
CREATE TABLE combat_actions (
  id          uuid        PRIMARY KEY,
  contact_id  text        NOT NULL,
  action      text        NOT NULL,                 -- what
  operator    text        NOT NULL,                 -- who
  reason      text        NOT NULL,                 -- why
  ordered_at  timestamptz NOT NULL                  -- when
);
CREATE INDEX combat_actions_by_contact ON combat_actions (contact_id, ordered_at);
