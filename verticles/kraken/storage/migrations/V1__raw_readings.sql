-- Raw sensor readings, written only when readings.persist=true (otherwise raw payloads stay in memory).
-- One row per reading: the key is what the sensor sent, so a resent reading is stored once (ON CONFLICT DO NOTHING).
CREATE TABLE raw_readings (
  sensor_id      text        NOT NULL,
  reading_id     text        NOT NULL,
  measured_at    timestamptz NOT NULL,  -- the sensor's timestamp
  received_at    timestamptz NOT NULL,  -- when ingest received the batch
  kind           text        NOT NULL,  -- sensorType.type, e.g. SonarActive
  fields         jsonb       NOT NULL,  -- the whole sensorType object, as the bus contract writes it
  payload        bytea       NOT NULL,  -- raw sensor data, possibly empty
  classification text        NOT NULL,
  priority       text        NOT NULL,
  ingest_node    text        NOT NULL,  -- node.id of the ingest node that took it
  PRIMARY KEY (sensor_id, reading_id)
);
