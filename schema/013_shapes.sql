-- Definitions' shapes (docs/identifiers.md, "Shapes"): the blob's record
-- gains the shapes of what it defines and declares (ident_record.h), NULL
-- for a record read without them (`--no-shapes`), which a run with shapes
-- reads again. A shape's text is kept once, by its hash.
ALTER TABLE ident_blobs ADD COLUMN shapes BLOB;
CREATE TABLE ident_shape_texts (
  hash INTEGER PRIMARY KEY,  -- shape_hash(kind, text), as a signed 64-bit integer
  text BLOB NOT NULL
);
-- Where a name's shapes were ever met: the paths `history` looks each tag
-- up at (a superset: a dropped tag's paths stay, and hold nothing then).
CREATE TABLE ident_paths (
  id   INTEGER PRIMARY KEY,
  path TEXT NOT NULL UNIQUE
);
CREATE TABLE ident_shape_paths (
  ident_id INTEGER PRIMARY KEY,
  paths    BLOB NOT NULL  -- ascending ident_paths ids, as ident_blobs.words encodes ids
);
