-- ksince index, schema version 4: the docs site's helpers-functions.yaml
-- (program type / map type -> helpers), imported beside the feature facts.

-- Each group, program type and map type, in file order.
CREATE TABLE imported_helper_lists (
  id         INTEGER PRIMARY KEY,
  section    TEXT NOT NULL CHECK (section IN ('groups', 'programs', 'maps')),
  name       TEXT NOT NULL,
  is_null    INTEGER NOT NULL,  -- written with no value ("BPF_MAP_TYPE_STRUCT_OPS:")
  line       INTEGER NOT NULL
);

-- Their entries, in file order: a helper (name), an included group, or an
-- excluded helper. `fields` holds every other key as written, in order, as
-- JSON [{"key", "style", "items"}], so that nothing of the file is lost; the
-- since columns repeat `since:` for queries.
CREATE TABLE imported_helper_entries (
  id            INTEGER PRIMARY KEY,
  list_id       INTEGER NOT NULL REFERENCES imported_helper_lists(id),
  kind          TEXT NOT NULL CHECK (kind IN ('name', 'group', 'exclude')),
  value         TEXT NOT NULL,
  since_version TEXT,
  since_commit  TEXT,
  fields        TEXT NOT NULL,
  line          INTEGER NOT NULL
);
CREATE INDEX imported_helper_entries_by_value ON imported_helper_entries(value);
