-- ksince index, schema version 3: facts imported from an existing data file.

-- Every entry of the imported file, in file order (duplicates included, so
-- that an export of imported facts alone gives the file back).
CREATE TABLE imported (
  id             INTEGER PRIMARY KEY,
  group_name     TEXT NOT NULL,
  name           TEXT NOT NULL,
  version        TEXT NOT NULL,
  commit_oid     TEXT NOT NULL,
  group_position INTEGER NOT NULL,
  position       INTEGER NOT NULL,
  line           INTEGER NOT NULL   -- in the imported file, for messages
);
CREATE INDEX imported_by_name ON imported(group_name, name);
