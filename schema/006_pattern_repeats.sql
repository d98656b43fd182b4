-- ksince index: a pattern listed again, identically, in its group.

-- It is indexed once (one patterns row); the exports list it at every place
-- the patterns file does, as the reference's data file does. Rewritten with
-- the patterns by each index run.
CREATE TABLE IF NOT EXISTS pattern_repeats (
  pattern_id INTEGER NOT NULL REFERENCES patterns(id),
  position   INTEGER NOT NULL   -- as patterns.position: the listing's place in the file
);
