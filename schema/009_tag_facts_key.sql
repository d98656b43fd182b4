-- What the stored fact_presence and fact_unknowns of a tag were derived
-- from: its tree and the fact step's key (extractors, their versions, the
-- scope). A nightly run re-derives only the tags whose value differs, so
-- the older tags' trees are neither walked nor resolved again. Written in
-- the same transaction as the rows it describes.
ALTER TABLE tags ADD COLUMN facts_key TEXT NOT NULL DEFAULT '';
