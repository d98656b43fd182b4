-- ksince index, schema 005: the docs site's kfuncs.yaml, imported with every key
-- (kfunc_store.cc). A later import of a kfuncs file replaces these rows only.
-- Keys this schema has no column for are kept as JSON [[key, yaml text], ...].

CREATE TABLE imported_kfunc_sets (
  position          INTEGER PRIMARY KEY,  -- file order
  name              TEXT NOT NULL,
  has_funcs         INTEGER NOT NULL,
  has_program_types INTEGER NOT NULL,
  attach_type       TEXT,                 -- JSON list; NULL when the key is absent
  extra             TEXT NOT NULL,
  line              INTEGER NOT NULL
);

CREATE TABLE imported_kfuncs (
  set_position   INTEGER NOT NULL REFERENCES imported_kfunc_sets(position) ON DELETE CASCADE,
  position       INTEGER NOT NULL,
  name           TEXT NOT NULL,
  flags          TEXT,                    -- JSON list in YAML order; NULL when absent
  has_except     INTEGER NOT NULL,
  has_except_list INTEGER NOT NULL,       -- except.program_types present
  except_extra   TEXT NOT NULL,
  extra          TEXT NOT NULL,
  line           INTEGER NOT NULL,
  PRIMARY KEY (set_position, position)
);
CREATE INDEX imported_kfuncs_by_name ON imported_kfuncs(name);

-- A set's program types (func_position -1) and a kfunc's except list.
CREATE TABLE imported_kfunc_program_types (
  set_position   INTEGER NOT NULL REFERENCES imported_kfunc_sets(position) ON DELETE CASCADE,
  func_position  INTEGER NOT NULL,
  position       INTEGER NOT NULL,
  name           TEXT NOT NULL,
  since_version  TEXT, since_commit TEXT, since_extra TEXT,  -- NULL when no since
  until_version  TEXT, until_commit TEXT, until_extra TEXT,  -- NULL when no until
  extra          TEXT NOT NULL,
  line           INTEGER NOT NULL,
  PRIMARY KEY (set_position, func_position, position)
);
