-- The model store: every model kraken train has written, as the ONNX file itself plus the facts to find it by.
-- A model's role is its name (sonar, satellite, comms, fusion, anomaly, or a CSV's name); its version is derived
-- from the training data's fingerprint, the settings and the seed, so retraining the same thing gives the same
-- (name, version) and storing it again changes nothing. Inference serves the newest version of each role.
-- The ONNX file's own metadata (its ModelCard) is the full description, decision threshold included; the columns
-- below repeat what one needs to list or pick models without opening the bytes.
CREATE TABLE models (
  name             text        NOT NULL,              -- the role the model serves
  version          text        NOT NULL,              -- <name>-<12 hex>, deterministic
  onnx             bytea       NOT NULL,              -- the model file, as written by kraken train
  classes          text[]      NOT NULL,              -- class labels in output order
  features         text[]      NOT NULL,              -- feature names in input order
  members          integer     NOT NULL,              -- ensemble members in the output
  data_fingerprint text        NOT NULL,              -- sha256:<hex> of the training rows as parsed
  metrics          jsonb       NOT NULL,              -- quality measured on held-out rows
  settings         jsonb       NOT NULL,              -- how it was trained (seed, layers, epochs, ...)
  created_at       timestamptz NOT NULL DEFAULT now(), -- when it was first stored
  PRIMARY KEY (name, version)
);

-- latest(name): the newest model of a role
CREATE INDEX models_by_role_newest ON models (name, created_at DESC);
