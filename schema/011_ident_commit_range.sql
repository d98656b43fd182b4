-- What a stored identifier commit was searched for, besides the version and
-- prev names: the commits those tags named (as fact_answers.range keeps
-- them) and the identifier reader whose definitions were the test. A tag
-- re-made on another commit, or a new reader, makes the stored answer a
-- different question's, searched again. Rows from before have range '' and
-- are searched again on their next `show --commit`.
ALTER TABLE ident_commits ADD COLUMN range TEXT NOT NULL DEFAULT '';
ALTER TABLE ident_commits ADD COLUMN reader INTEGER NOT NULL DEFAULT 0;
