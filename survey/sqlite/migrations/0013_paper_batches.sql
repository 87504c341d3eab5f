-- Paper batches (issue 13): a pile of paper ballots from one workplace, typed in before it
-- counts, once or twice (double entry). The lines are kept only until the batch is
-- committed: then its responses are stored and its lines and typists are deleted, so
-- nothing in the file links a stored response to its place in the pile or to who typed it.
-- A committed batch keeps only its workplace, channel, cover count, day and how many
-- responses it stored, which the responses themselves show anyway.
CREATE TABLE paper_batches (
	id          INTEGER PRIMARY KEY,
	campaign_id INTEGER NOT NULL REFERENCES campaigns (id) ON DELETE CASCADE,
	workplace   TEXT    NOT NULL DEFAULT '',
	channel     TEXT    NOT NULL,
	cover       INTEGER NOT NULL,
	double      INTEGER NOT NULL DEFAULT 0,
	day         TEXT    NOT NULL,
	typist1     INTEGER REFERENCES users (id) ON DELETE SET NULL,
	typist2     INTEGER REFERENCES users (id) ON DELETE SET NULL,
	committed   INTEGER NOT NULL DEFAULT 0,
	stored      INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX paper_batches_campaign ON paper_batches (campaign_id);

CREATE TABLE paper_lines (
	batch_id INTEGER NOT NULL REFERENCES paper_batches (id) ON DELETE CASCADE,
	pass     INTEGER NOT NULL CHECK (pass IN (0, 1)),
	seq      INTEGER NOT NULL,
	line     TEXT    NOT NULL,
	code     TEXT    NOT NULL DEFAULT '',
	PRIMARY KEY (batch_id, pass, seq)
) WITHOUT ROWID;
