-- Every decision the active scaler recorded: what it saw (inputs), what each signal asked for (reasons), the signal
-- that drove the count, and how the actuator answered. Written by kraken.storage.ScalingDecisionStore; the recent
-- ones are also in the grid's ring buffer (GET /api/v1/scaling/decisions). V4 and V5 belong to other branches.
CREATE TABLE scaling_decisions (
  id                   uuid        PRIMARY KEY,
  policy               text        NOT NULL,          -- namespace/name of the ThreatScalePolicy
  target               text        NOT NULL,          -- the deployment it scales
  scaler_node          text        NOT NULL,          -- node.id of the active scaler
  current_replicas     integer     NOT NULL,
  recommended_replicas integer     NOT NULL,          -- the strongest signal's ask, clamped, before stabilization
  desired_replicas     integer     NOT NULL,
  signal               text        NOT NULL,          -- threat, load:readings, forecast:readings, stabilization, ...
  reasons              jsonb       NOT NULL,          -- array of sentences, one per signal
  inputs               jsonb       NOT NULL,          -- the observation: threat level, readings/s, queue, p95, CPU
  actuation            text        NOT NULL,          -- none, scaled, observe-only, failed: ...
  decided_at           timestamptz NOT NULL,
  actuated_at          timestamptz                    -- null when the actuator was not called
);
CREATE INDEX scaling_decisions_by_policy ON scaling_decisions (policy, decided_at);
