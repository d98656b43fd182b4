-- Stable series (docs/series.md): the point releases the `series:` regex
-- selects are tags too, with their place. A mainline tag has series NULL;
-- position orders the mainline selection and series_position each series'
-- selected points (both 0 = newest, NULL = not selected by the last run).
-- Their presence rows (presence, fact_presence) are kept as a mainline
-- tag's; the answers per series are read from them with the version rule.
ALTER TABLE tags ADD COLUMN series TEXT;
ALTER TABLE tags ADD COLUMN point INTEGER;
ALTER TABLE tags ADD COLUMN revision TEXT NOT NULL DEFAULT '';
ALTER TABLE tags ADD COLUMN series_position INTEGER;

-- Every series ever selected; ids are stable, for the identifier answers'
-- per-series presence. base: the vX.Y tag the last run found indexed and an
-- ancestor of every point ('' for none); active: selected by the last run.
CREATE TABLE series (
  id     INTEGER PRIMARY KEY,
  name   TEXT NOT NULL UNIQUE,
  base   TEXT NOT NULL DEFAULT '',
  active INTEGER NOT NULL DEFAULT 0
);

-- An identifier's presence per series: for each series where some point
-- mentions or defines it, varints (series id, length of the mentioned runs)
-- then those runs, then (length of the defined runs) and those, the runs over
-- the series' points of meta 'ident_series' (oldest first), as mentioned and
-- defined are over 'ident_tags'.
ALTER TABLE ident_answers ADD COLUMN series BLOB NOT NULL DEFAULT x'';

-- The commit that brought a subject into a series (a backport), found
-- between the two points of its series answer by the commit search:
-- patterns' by `index`, identifiers' on demand (`show --commit`). The row
-- answers one question: version and prev (the points' labels, or the base's
-- tag) and range (their commits, and for identifiers the reader). upstream:
-- the mainline commit the backport's message cites, upstream_release the
-- oldest release (tags:) that contains it.
CREATE TABLE series_commits (
  id               INTEGER PRIMARY KEY,
  subject          TEXT NOT NULL,   -- "pattern GROUP NAME", "identifier NAME"
  series           TEXT NOT NULL,
  version          TEXT NOT NULL,
  prev             TEXT NOT NULL,
  range            TEXT NOT NULL,
  commit_oid       TEXT NOT NULL DEFAULT '',
  exact            INTEGER NOT NULL DEFAULT 0,
  searched         INTEGER NOT NULL DEFAULT 0,
  upstream         TEXT NOT NULL DEFAULT '',
  upstream_release TEXT NOT NULL DEFAULT '',
  UNIQUE (subject, series)
);

-- Every commit of a series' points that cites a mainline commit, at the
-- first point whose history carries it (`query --upstream ID`). Each point's
-- range (its commit, hiding the point before it, or the base, or for the
-- first point of a series without base every release) is walked once:
-- series_walks records it.
CREATE TABLE series_citations (
  series     TEXT NOT NULL,
  point      TEXT NOT NULL,   -- the point's label
  tag_id     INTEGER NOT NULL REFERENCES tags(id),
  commit_oid TEXT NOT NULL,
  upstream   TEXT NOT NULL    -- as cited (12 to 40 hex digits, lower case)
);
CREATE INDEX series_citations_by_upstream ON series_citations(upstream);
CREATE TABLE series_walks (
  tag_id INTEGER PRIMARY KEY REFERENCES tags(id),
  range  TEXT NOT NULL
);
