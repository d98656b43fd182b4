-- ksince index, schema version 1.
-- Facts flow one way: blobs are scanned once (blob_scans, blob_hits), tags are
-- walked (presence), and versions follow (features). Everything below the
-- blob cache is rewritten by each index run inside one transaction.

CREATE TABLE meta (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
);

-- What a pattern matches, shared by every pattern with the same expression.
-- spec is canonical JSON: {"w":["NAME"]} for a literal, {"E":["RE",...]}.
CREATE TABLE matchers (
  id   INTEGER PRIMARY KEY,
  spec TEXT NOT NULL UNIQUE
);

-- A set of matchers compiled and scanned together; a blob scanned with a set
-- has a hit row for every matcher of the set that it contains.
CREATE TABLE scan_sets (
  id       INTEGER PRIMARY KEY,
  matchers TEXT NOT NULL UNIQUE  -- JSON array of matcher ids, ascending
);

CREATE TABLE blobs (
  id   INTEGER PRIMARY KEY,
  oid  BLOB NOT NULL UNIQUE,      -- 20-byte SHA-1
  size INTEGER NOT NULL
);

CREATE TABLE blob_scans (
  blob_id     INTEGER NOT NULL REFERENCES blobs(id),
  scan_set_id INTEGER NOT NULL REFERENCES scan_sets(id),
  PRIMARY KEY (blob_id, scan_set_id)
) WITHOUT ROWID;

CREATE TABLE blob_hits (
  blob_id    INTEGER NOT NULL REFERENCES blobs(id),
  matcher_id INTEGER NOT NULL REFERENCES matchers(id),
  PRIMARY KEY (blob_id, matcher_id)
) WITHOUT ROWID;

-- The patterns of the last index run (active = 1), in file order.
CREATE TABLE patterns (
  id             INTEGER PRIMARY KEY,
  group_name     TEXT NOT NULL,
  name           TEXT NOT NULL,
  matcher_id     INTEGER NOT NULL REFERENCES matchers(id),
  group_position INTEGER NOT NULL,
  position       INTEGER NOT NULL,
  active         INTEGER NOT NULL DEFAULT 1,
  UNIQUE (group_name, name, matcher_id)
);
CREATE INDEX patterns_by_name ON patterns(name);

-- Every tag ever selected; position orders the last run's selection,
-- 0 = newest, NULL = not selected by the last run.
CREATE TABLE tags (
  id         INTEGER PRIMARY KEY,
  name       TEXT NOT NULL UNIQUE,
  commit_oid BLOB,               -- NULL for a tag of a tree
  tree_oid   BLOB NOT NULL,
  date       INTEGER NOT NULL,
  annotated  INTEGER NOT NULL,
  position   INTEGER
);

-- Matcher m is present at tag t (a row only where present).
CREATE TABLE presence (
  tag_id     INTEGER NOT NULL REFERENCES tags(id),
  matcher_id INTEGER NOT NULL REFERENCES matchers(id),
  PRIMARY KEY (tag_id, matcher_id)
) WITHOUT ROWID;

-- The answer per pattern. Empty strings where there is none, as the data file.
CREATE TABLE features (
  pattern_id INTEGER PRIMARY KEY REFERENCES patterns(id),
  version    TEXT NOT NULL,
  prev       TEXT NOT NULL,
  commit_oid TEXT NOT NULL DEFAULT ''
);

CREATE TABLE runs (
  id          INTEGER PRIMARY KEY,
  started     INTEGER NOT NULL,   -- unix seconds
  seconds     REAL NOT NULL,
  tags        INTEGER NOT NULL,
  patterns    INTEGER NOT NULL,
  blobs_seen  INTEGER NOT NULL,
  blobs_new   INTEGER NOT NULL,
  bytes_new   INTEGER NOT NULL
);
