-- ksince index: facts derived from the source (SPEC "Facts derived from the
-- source"). A derived fact is a feature with another test of presence; it
-- has presence per tag, a version (since) and an introducing commit exactly
-- as a name has.

-- What an extractor said about one blob, alone (extract()), cached for the
-- life of the database like the scan hits. version is the extractor's.
CREATE TABLE blob_extracts (
  blob_id   INTEGER NOT NULL REFERENCES blobs(id),
  extractor TEXT NOT NULL,
  version   INTEGER NOT NULL,
  result    TEXT NOT NULL,          -- JSON
  PRIMARY KEY (blob_id, extractor, version)
) WITHOUT ROWID;

-- Every fact ever derived, by identity.
CREATE TABLE derived_facts (
  id   INTEGER PRIMARY KEY,
  kind TEXT NOT NULL,
  key  TEXT NOT NULL,
  UNIQUE (kind, key)
);

-- Fact f is present at tag t, with what that tag's tree says of it.
CREATE TABLE fact_presence (
  tag_id  INTEGER NOT NULL REFERENCES tags(id),
  fact_id INTEGER NOT NULL REFERENCES derived_facts(id),
  attrs   TEXT NOT NULL,            -- JSON object
  file    TEXT NOT NULL,
  line    INTEGER NOT NULL,
  PRIMARY KEY (tag_id, fact_id)
) WITHOUT ROWID;

-- The answer per fact over the last run's tags, as features has per pattern.
CREATE TABLE fact_answers (
  fact_id         INTEGER PRIMARY KEY REFERENCES derived_facts(id),
  version         TEXT NOT NULL,
  prev            TEXT NOT NULL,
  -- The commits of version and prev when the commit was searched: a moved
  -- tag makes the search stale even when the names stay.
  range           TEXT NOT NULL DEFAULT '',
  commit_oid      TEXT NOT NULL DEFAULT '',
  commit_exact    INTEGER NOT NULL DEFAULT 0,
  commit_searched INTEGER NOT NULL DEFAULT 0
);

-- Constructs an extractor could not read, per tag: never guessed, never
-- dropped silently.
CREATE TABLE fact_unknowns (
  tag_id    INTEGER NOT NULL REFERENCES tags(id),
  extractor TEXT NOT NULL,
  file      TEXT NOT NULL,
  line      INTEGER NOT NULL,
  what      TEXT NOT NULL
);
CREATE INDEX fact_unknowns_by_tag ON fact_unknowns(tag_id);

-- A pattern that declares its kind ("helper", "prog_type", ...) takes its
-- answer from the derived fact of that kind and name.
ALTER TABLE patterns ADD COLUMN kind TEXT NOT NULL DEFAULT '';
