-- ksince index, schema version 2: introducing commits.

-- How the commit was found: exact = 1 when it satisfies the SPEC's
-- definition (present at the commit, absent at every parent); searched = 1
-- once the search ran, whether or not it found a commit.
ALTER TABLE features ADD COLUMN commit_exact INTEGER NOT NULL DEFAULT 0;
ALTER TABLE features ADD COLUMN commit_searched INTEGER NOT NULL DEFAULT 0;

-- What `query` shows of a commit, read once from git.
CREATE TABLE commits (
  oid     TEXT PRIMARY KEY,   -- 40 hex digits, as in the data file
  subject TEXT NOT NULL,
  author  TEXT NOT NULL,
  date    INTEGER NOT NULL    -- committer date, unix seconds
);
