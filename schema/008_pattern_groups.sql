-- ksince index: the groups of the patterns file, in file order, empty ones
-- too. The data file writes a group without features (`features: []`), as
-- the reference does; the patterns table alone cannot show such a group.
-- Rewritten with the patterns by each index run.
CREATE TABLE pattern_groups (
  position INTEGER PRIMARY KEY,   -- as patterns.group_position
  name     TEXT NOT NULL UNIQUE
);

-- An index made before this table: its groups with patterns now; the next
-- index run (made to redo its answers) adds the empty ones.
INSERT INTO pattern_groups(position, name)
  SELECT DISTINCT group_position, group_name FROM patterns WHERE active = 1;
DELETE FROM meta WHERE key = 'last_run_key';
