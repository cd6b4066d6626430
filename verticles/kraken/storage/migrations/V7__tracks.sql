-- Contact tracks: each point a contact's track took in, with the filter's estimate after the fold that brought it.
-- Written by tactical's PictureRecorder with persistence.enabled, in the same batches as threat_assessments.

-- One row per track point. The natural key (contact_id, at) makes a batch retried after an answer that never came
-- store each point once (ON CONFLICT DO NOTHING); it is also the index for a contact's track over time.
CREATE TABLE track_points (
  contact_id  text        NOT NULL,
  at          timestamptz NOT NULL,              -- sensor time of the observation
  lat         double precision,                  -- null for a bearing-only point
  lon         double precision,
  bearing     double precision,                  -- degrees true from own ship to the point
  course      double precision,                  -- the filter's, after the fold; null when unknown (bearing-only, not moving)
  speed_mps   double precision,
  range_m     double precision,                  -- from own ship to the point; null for a bearing-only point
  PRIMARY KEY (contact_id, at)
);
