-- kravlistan:vacuum
-- Responses without arrival order (issue 11). The old table numbered rows in arrival order
-- (seq) across all campaigns, so the database file or a backup could be lined up with a
-- door log. Responses are now kept in a table clustered by campaign and random id
-- (WITHOUT ROWID: no hidden sequence either), so neither the rows nor their pages follow
-- arrival. Ids that are not random (version 4) UUIDs get a new random one, since raw rows
-- are ordered by id. Each response gets a random record key (rkey, 0 to 2^32−1) for the
-- cell key method of the report.
--
-- counted is the snapshot flag. While a campaign is open, readers of what members answered
-- see only counted responses; a new response is pending (0) until the pending responses of
-- its campaign reach the anonymity threshold k, when the writer marks them all counted in
-- the transaction that stores the k-th. So two reads of an open campaign never differ by
-- fewer than k ballots, and which of the counted responses came in which group of k is not
-- kept anywhere. Once the campaign is closed (state or closing time), every response counts.
-- A persisted tally can add responses at the moment they become counted, in the same
-- transaction. The responses here were all visible before: they are counted, so no figure
-- changes. The migration runs VACUUM afterwards, so the old table's pages (in arrival order)
-- do not survive in the file's free pages.
CREATE TABLE responses_v6 (
	campaign_id INTEGER NOT NULL REFERENCES campaigns (id) ON DELETE CASCADE,
	id          TEXT    NOT NULL,
	workplace   TEXT    NOT NULL DEFAULT '',
	channel     TEXT    NOT NULL,
	day         TEXT    NOT NULL,
	ranking     TEXT    NOT NULL,
	background  TEXT    NOT NULL DEFAULT '',
	proposal    TEXT    NOT NULL DEFAULT '',
	ratings     TEXT    NOT NULL DEFAULT '',
	rkey        INTEGER NOT NULL,
	counted     INTEGER NOT NULL DEFAULT 0,
	PRIMARY KEY (campaign_id, id)
) WITHOUT ROWID;

INSERT INTO responses_v6 (campaign_id, id, workplace, channel, day, ranking, background, proposal, ratings, rkey, counted)
SELECT campaign_id,
	CASE WHEN substr(id, 15, 1) = '4' AND substr(id, 20, 1) IN ('8', '9', 'a', 'b') THEN id
	ELSE lower(hex(randomblob(4))) || '-' || lower(hex(randomblob(2))) || '-4' || substr(lower(hex(randomblob(2))), 2) || '-' ||
		substr('89ab', 1 + abs(random() % 4), 1) || substr(lower(hex(randomblob(2))), 2) || '-' || lower(hex(randomblob(6)))
	END,
	workplace, channel, day, ranking, background, proposal, ratings, random() & 4294967295, 1
FROM responses;

DROP TABLE responses;
ALTER TABLE responses_v6 RENAME TO responses;
-- Only pending responses (fewer than k per campaign) are in this index.
CREATE INDEX responses_pending ON responses (campaign_id) WHERE counted = 0;
