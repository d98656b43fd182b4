-- `history --commit` (docs/identifiers.md): the commit where one aspect of a
-- name took the shape it has at `version`, searched once between the tags'
-- commits as indexed (`range`) and stored with the question: the reader and
-- the hash of that shape (`target`), so a moved tag, a new reader or another
-- shape asks again.
CREATE TABLE ident_shape_commits (
  name       TEXT NOT NULL,     -- as asked: "class_create", "struct class.devnode"
  aspect     TEXT NOT NULL,     -- "definition", "export", "member", or a file
  arch       TEXT NOT NULL,
  version    TEXT NOT NULL,
  prev       TEXT NOT NULL,
  range      TEXT NOT NULL,
  reader     INTEGER NOT NULL,
  target     INTEGER NOT NULL,
  commit_oid BLOB,              -- NULL: none found (a cut history)
  exact      INTEGER NOT NULL,
  cut        INTEGER NOT NULL,
  PRIMARY KEY (name, aspect, arch, version, prev, range, reader, target)
) WITHOUT ROWID;
