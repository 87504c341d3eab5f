-- Results pages are off until an organiser publishes them after closing.
ALTER TABLE campaigns ADD COLUMN published INTEGER NOT NULL DEFAULT 0;
