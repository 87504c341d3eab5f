-- One-time codes (issue 12; numbered after the issue so that it cannot clash with a
-- migration another branch adds meanwhile). A campaign with access "codes" takes an answer
-- only with an unused code from a printed slip. The code itself is never stored: only an
-- HMAC-SHA-256 of it under a random per-campaign secret (code_keys), truncated to 16 bytes.
-- A code row holds its hash, its batch, its workplace and whether it has been used, and
-- nothing else: no time of use and no reference to a response, and no response refers to a
-- code. The rows are kept in the order of their hashes (WITHOUT ROWID), not in the order
-- they were issued or used. Voiding a batch deletes its unused codes; the batch row keeps
-- how many codes it had.
CREATE TABLE code_keys (
	campaign_id INTEGER PRIMARY KEY REFERENCES campaigns (id) ON DELETE CASCADE,
	secret      BLOB    NOT NULL
);

CREATE TABLE code_batches (
	id          INTEGER PRIMARY KEY,
	campaign_id INTEGER NOT NULL REFERENCES campaigns (id) ON DELETE CASCADE,
	workplace   TEXT    NOT NULL DEFAULT '',
	issued      INTEGER NOT NULL,
	day         TEXT    NOT NULL,
	voided      INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX code_batches_campaign ON code_batches (campaign_id);

CREATE TABLE codes (
	campaign_id INTEGER NOT NULL REFERENCES campaigns (id) ON DELETE CASCADE,
	hash        BLOB    NOT NULL,
	batch_id    INTEGER NOT NULL REFERENCES code_batches (id) ON DELETE CASCADE,
	workplace   TEXT    NOT NULL DEFAULT '',
	used        INTEGER NOT NULL DEFAULT 0,
	PRIMARY KEY (campaign_id, hash)
) WITHOUT ROWID;
CREATE INDEX codes_batch ON codes (batch_id);
