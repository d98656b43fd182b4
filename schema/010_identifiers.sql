-- Every identifier of the tree (docs/identifiers.md). Each blob in the
-- identifier scope is read once for the life of the index: its words and
-- definitions are kept in ident_blobs, so a new tag reads only its new blobs
-- and a changed tag list recomputes the answers without reading any.
--
-- Names, keyed by name: a query is one lookup, a prefix glob one range.
-- Ids are dense, in order of first reading; the blobs' lists refer to them.
CREATE TABLE ident_names (
  name TEXT PRIMARY KEY,
  id   INTEGER NOT NULL
) WITHOUT ROWID;
-- One row per blob read: ascending identifier ids (varint deltas) and the
-- definitions (varints: id delta, kind, line).
-- A blob is read by its path's syntax (C, assembly, Kconfig, device tree,
-- none); the rare blob held under two syntaxes has a row for each.
CREATE TABLE ident_blobs (
  key     INTEGER PRIMARY KEY,  -- blobs.id * 8 + syntax
  reader  INTEGER NOT NULL,     -- the reader's version: a newer one reads the blob again
  words   BLOB NOT NULL,
  defs    BLOB NOT NULL
);
-- The answers, over the tag list of meta 'ident_tags' (oldest first).
-- Presence is a list of runs: varint pairs (first position, length), length
-- 0 meaning "up to the newest tag", so that a new newest tag changes only
-- the rows of identifiers that appear or disappear at it.
CREATE TABLE ident_answers (
  ident_id  INTEGER PRIMARY KEY,
  mentioned BLOB NOT NULL,
  defined   BLOB NOT NULL,
  kinds     INTEGER NOT NULL   -- bit per kind, at the newest tag defining it
);
-- On demand (show --commit): the introducing commit of a definition, for the
-- version and prev it was searched in (a later run may move them).
CREATE TABLE ident_commits (
  ident_id   INTEGER PRIMARY KEY,
  version    TEXT NOT NULL,
  prev       TEXT NOT NULL,
  commit_oid BLOB,              -- NULL: the range holds no commit, or the clone is cut
  exact      INTEGER NOT NULL,
  cut        INTEGER NOT NULL
);
