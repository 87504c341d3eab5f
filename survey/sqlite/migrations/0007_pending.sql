-- Snapshots without rewriting responses (issue 11). Migration 0006 marked a response
-- counted by updating its row, so every answer was written twice, each time to a random
-- page of the responses table. Pending responses are now listed in their own small table
-- instead: a response is pending while its (campaign_id, id) is here; the writer deletes a
-- campaign's entries in the transaction that brings them to the anonymity threshold k, and
-- saving a campaign that was closed deletes them all. Readers of an open campaign skip the
-- responses listed here. The table never holds more than k − 1 entries per campaign after a
-- commit, and nothing about which responses were counted together.
CREATE TABLE pending (
	campaign_id INTEGER NOT NULL REFERENCES campaigns (id) ON DELETE CASCADE,
	id          TEXT    NOT NULL,
	PRIMARY KEY (campaign_id, id)
) WITHOUT ROWID;

INSERT INTO pending (campaign_id, id) SELECT campaign_id, id FROM responses WHERE counted = 0;
DROP INDEX responses_pending;
ALTER TABLE responses DROP COLUMN counted;
